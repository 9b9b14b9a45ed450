package golangjwt

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	asym "jwtlab/lessons/07-asym"
)

// Case is one Wycheproof JWS vector with the key of its group.
type Case struct {
	ID      int
	Comment string
	JWS     string
	Valid   bool
	Key     asym.JWK
}

// WycheproofCases reads testdata/wycheproof/json_web_signature_test.json.
// A group's public key is used when it has one; symmetric groups have only
// the secret key.
func WycheproofCases() ([]Case, error) {
	b, err := testdata.ReadFile("testdata/wycheproof/json_web_signature_test.json")
	if err != nil {
		return nil, err
	}
	var file struct {
		TestGroups []struct {
			Public, Private *asym.JWK
			Tests           []struct {
				TcID    int
				Comment string
				JWS     string
				Result  string
			}
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		return nil, fmt.Errorf("wycheproof: %w", err)
	}
	var out []Case
	for _, g := range file.TestGroups {
		key := g.Public
		if key == nil {
			key = g.Private
		}
		for _, t := range g.Tests {
			out = append(out, Case{ID: t.TcID, Comment: t.Comment, JWS: t.JWS, Valid: t.Result == "valid", Key: *key})
		}
	}
	return out, nil
}

// Skips lists the vectors where VerifyJWS's answer differs from
// Wycheproof's, each with the reason. TestWycheproof fails if a listed
// vector starts to agree, so the list cannot go stale.
var Skips = map[int]string{
	281: pssSalt, 282: pssSalt, 283: pssSalt, 284: pssSalt, 285: pssSalt, 286: pssSalt,
	346: "the key says alg PS256 but RFC 7520 figure 20 signs with PS384; VerifyJWS lets the key's alg decide, so it refuses",
	350: "the key says alg PS256 but RFC 7520 figure 20 signs with PS384; VerifyJWS lets the key's alg decide, so it refuses",
	347: `the key says alg "ES521", which no registry defines (ES512 is meant); VerifyJWS does not guess`,
	351: `the key says alg "ES521", which no registry defines (ES512 is meant); VerifyJWS does not guess`,
	367: "marked invalid, yet byte-identical to vector 357, which is marked valid; the vector file contradicts itself",
	370: "marked invalid, yet byte-identical to vector 357, which is marked valid; the vector file contradicts itself",
	372: `marked valid, yet a segment holds "?", which is not base64url; no strict decoder accepts it`,
	373: `marked valid, yet a segment holds "?", which is not base64url; no strict decoder accepts it`,
}

// pssSalt is why golang-jwt accepts the PS256 "SaltLenChanged" vectors.
const pssSalt = "golang-jwt verifies PS256/384/512 with rsa.PSSSaltLengthAuto (its VerifyOptions, for interoperability), " +
	"so it accepts salt lengths other than the hash size that RFC 7518 section 3.5 asks for"

// Report sums up a run over every vector.
type Report struct {
	Cases, Verified, Rejected int
	Skipped                   []int // in file order
	Disagree                  []int // differ from Wycheproof and not in Skips
	Stale                     []int // in Skips but now agree
}

// RunWycheproof checks every vector with VerifyJWS.
func RunWycheproof() (Report, error) {
	cases, err := WycheproofCases()
	if err != nil {
		return Report{}, err
	}
	r := Report{Cases: len(cases)}
	for _, c := range cases {
		ok := VerifyJWS(c.Key, c.JWS) == nil
		_, skipped := Skips[c.ID]
		switch {
		case ok != c.Valid && skipped:
			r.Skipped = append(r.Skipped, c.ID)
		case ok != c.Valid:
			r.Disagree = append(r.Disagree, c.ID)
		case skipped:
			r.Stale = append(r.Stale, c.ID)
		case ok:
			r.Verified++
		default:
			r.Rejected++
		}
	}
	return r, nil
}

// SkipRow is one reason in Skips with the vectors it covers.
type SkipRow struct {
	IDs    []int
	Reason string
}

// SkipTable groups Skips by reason, ordered by vector number.
func SkipTable() []SkipRow {
	ids := slices.Sorted(maps.Keys(Skips))
	var rows []SkipRow
	at := map[string]int{}
	for _, id := range ids {
		reason := Skips[id]
		i, ok := at[reason]
		if !ok {
			i = len(rows)
			at[reason] = i
			rows = append(rows, SkipRow{Reason: reason})
		}
		rows[i].IDs = append(rows[i].IDs, id)
	}
	return rows
}
