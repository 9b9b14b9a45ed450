package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
	"github.com/tsenart/vegeta/v12/lib/plot"
)

func TestAttackWritesResultsVegetaCanRead(t *testing.T) {
	srv := httptest.NewServer(FloorHandler())
	defer srv.Close()
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(out, "results"), 0o755); err != nil {
		t.Fatal(err)
	}
	at := &attacker{out: out, plots: map[string]*plot.Plot{}}
	specs := []attackSpec{
		{target: "floor", scenario: "me", mode: "max", workers: 2, duration: 300 * time.Millisecond,
			targeter: meTargeter(srv.URL, testTokens(t).access)},
		{target: "floor", scenario: "me", mode: "rate", workers: 2, rate: 40, duration: 500 * time.Millisecond,
			targeter: meTargeter(srv.URL, testTokens(t).access)},
	}
	for _, spec := range specs {
		t.Run(spec.mode, func(t *testing.T) {
			res, err := at.run(context.Background(), []attackSpec{spec}, os.Getpid())
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.Requests == 0 || r.Success != 1 || r.StatusCodes["200"] != int(r.Requests) {
				t.Fatalf("result = %+v; want only 200s", r)
			}
			if r.PeakRSSMiB <= 0 {
				t.Errorf("peak RSS of this process = %v MiB; want > 0", r.PeakRSSMiB)
			}
			if spec.rate > 0 && (r.Rate != spec.rate || r.Requests > uint64(spec.rate)) {
				t.Errorf("open loop at %d/s for 0.5 s sent %d requests (rate %d); want at most %d", spec.rate, r.Requests, r.Rate, spec.rate)
			}
			f, err := os.Open(filepath.Join(out, r.ResultsFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			// DecoderFor is what `vegeta report` and `vegeta plot` use.
			dec := vegeta.DecoderFor(f)
			if dec == nil {
				t.Fatal("vegeta.DecoderFor(results file) = nil; want a decoder")
			}
			var n uint64
			for {
				var vr vegeta.Result
				if err := dec.Decode(&vr); err != nil {
					break
				}
				if len(vr.Body) != 0 {
					t.Fatalf("result %d kept a %d-byte body; want none (MaxBody 0)", vr.Seq, len(vr.Body))
				}
				n++
			}
			if n != r.Requests {
				t.Errorf("results file holds %d results; want %d", n, r.Requests)
			}
		})
	}
	if err := at.writePlots(); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(out, "plot-me.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "floor/me") {
		t.Error("plot-me.html does not name the attack floor/me")
	}
}

func TestPreflightReportsRefusal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"detail":"Given token not valid for any token type"}`))
	}))
	defer srv.Close()
	spec := attackSpec{targeter: meTargeter(srv.URL, testTokens(t).access)}
	err := preflight(context.Background(), []attackSpec{spec})
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "not valid") {
		t.Errorf("preflight(401 server) = %v; want an error with the status and body", err)
	}
}

func TestFileNamesAreSafe(t *testing.T) {
	spec := attackSpec{target: "dev+hash_slots=2", scenario: "flood/me", mode: "rate", rate: 500}
	if got, want := spec.fileName(), "dev+hash_slots=2.flood-me.rate.500.bin"; got != want {
		t.Errorf("fileName() = %q; want %q", got, want)
	}
	spec = attackSpec{target: "a b/c", scenario: "me", mode: "max"}
	if got, want := spec.fileName(), "a_b_c.me.max.bin"; got != want {
		t.Errorf("fileName() = %q; want %q", got, want)
	}
}
