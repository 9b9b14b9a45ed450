package simplejwt

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	clock "jwtlab/lessons/05-time"
)

// recordedCases is what the capture tool recorded from the Django peer,
// the file the server's own replay tests read.
const recordedCases = "../../server/testdata/simplejwt-cases.json"

type recording struct {
	Tokens map[string]string `json:"tokens"`
	Cases  []struct {
		Name, Server, Path string
		BodyTemplate       string   `json:"body_template"`
		HeadersTemplate    []string `json:"headers_template"`
		Status             int
		Response           json.RawMessage `json:"response_json_or_text"`
	} `json:"cases"`
}

func readRecording(t *testing.T) recording {
	t.Helper()
	b, err := os.ReadFile(recordedCases)
	if err != nil {
		t.Fatal(err)
	}
	var rec recording
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatalf("%s: %v", recordedCases, err)
	}
	return rec
}

// TestCraftedAgreesWithDjango: each crafted token, checked as the step
// checks it, gets the message Django answered on the endpoint that expects
// that type: /api/token/refresh/'s detail for a refresh token, /api/me/'s
// per-class message for an access token. The tokens are the recorded ones.
func TestCraftedAgreesWithDjango(t *testing.T) {
	rec := readRecording(t)
	path := map[string]string{"refresh": "/api/token/refresh/", "access": "/api/me/"}
	for _, c := range crafted {
		t.Run(c.name, func(t *testing.T) {
			if rec.Tokens[c.name] != Recorded(c.name) {
				t.Fatalf("testdata/tokens.json's %s is not the recorded token", c.name)
			}
			_, err := Verify(Key(), Recorded(c.name), c.tokenType, clock.Now)
			for _, cs := range rec.Cases {
				uses := strings.Contains(cs.BodyTemplate+strings.Join(cs.HeadersTemplate, " "), "{{"+c.name+"}}")
				if cs.Server != "dev" || cs.Path != path[c.tokenType] || !uses {
					continue
				}
				var answer struct {
					Detail   string
					Messages []struct{ Message string }
				}
				json.Unmarshal(cs.Response, &answer)
				want := answer.Detail
				if len(answer.Messages) > 0 {
					want = answer.Messages[0].Message
				}
				if err == nil || err.Error() != want {
					t.Errorf("Verify(%s as %s) = %v; Django answered %s with %q (%s)", c.name, c.tokenType, err, cs.Path, want, cs.Name)
				}
				return
			}
			t.Errorf("no recorded dev case sends %s to %s", c.name, path[c.tokenType])
		})
	}
}

// TestNoJTIRefreshCrashesDjango: the doc's 500 is the recorded answer of
// both of the peer's stacks to a signed refresh token without a jti.
func TestNoJTIRefreshCrashesDjango(t *testing.T) {
	rec := readRecording(t)
	want := map[string]bool{"refresh_crafted_no_jti": true, "prod_crafted_no_jti_refresh": true}
	for _, cs := range rec.Cases {
		if !want[cs.Name] {
			continue
		}
		delete(want, cs.Name)
		if cs.Status != 500 || !strings.Contains(cs.BodyTemplate, "{{NO_JTI_REFRESH}}") {
			t.Errorf("case %s: %d with body %s; want 500 to NO_JTI_REFRESH", cs.Name, cs.Status, cs.BodyTemplate)
		}
	}
	for name := range want {
		t.Errorf("no recorded case %s", name)
	}
}
