package password

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// djangoVectors are hashes the real Django 3.2 made
// (testdata/django_hashes.py says how).
type djangoVectors struct {
	Source  string `json:"source"`
	Vectors []struct {
		Note     string `json:"note"`
		Password string `json:"password"`
		Encoded  string `json:"encoded"`
	} `json:"vectors"`
	Unusable string `json:"unusable"`
}

func loadDjangoVectors(t testing.TB) djangoVectors {
	t.Helper()
	b, err := os.ReadFile("testdata/django-hashes.json")
	if err != nil {
		t.Fatal(err)
	}
	var v djangoVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Vectors) == 0 {
		t.Fatal("testdata/django-hashes.json has no vectors")
	}
	return v
}

func TestVerifyDjangoHashes(t *testing.T) {
	v := loadDjangoVectors(t)
	seen := map[string]bool{}
	for _, tc := range v.Vectors {
		scheme := Scheme(tc.Encoded)
		seen[scheme] = true
		t.Run(tc.Note+" "+tc.Password[:min(len(tc.Password), 8)], func(t *testing.T) {
			if err := CheckFormat(tc.Encoded); err != nil {
				t.Errorf("CheckFormat(%q) = %v; want nil", tc.Encoded, err)
			}
			if !NeedsRehash(tc.Encoded) {
				t.Errorf("NeedsRehash(%q) = false; want true", tc.Encoded)
			}
			// Django's default costs: one check of the right password
			// shows the format; the cheap vectors try the wrong ones.
			defaultCost := strings.HasPrefix(tc.Note, "make_password")
			if defaultCost && scheme == SchemeBcryptSHA256 && raceEnabled {
				t.Skip("12 bcrypt rounds take about 12 s under -race; the 4-round vectors check the same format")
			}
			if err := Verify(tc.Encoded, tc.Password); err != nil {
				t.Errorf("Verify(%q, %q) = %v; want nil", tc.Encoded, tc.Password, err)
			}
			if defaultCost {
				return
			}
			for _, wrong := range []string{tc.Password + "x", strings.ToUpper(tc.Password), ""} {
				if err := Verify(tc.Encoded, wrong); !errors.Is(err, ErrMismatch) {
					t.Errorf("Verify(%q, %q) = %v; want ErrMismatch", tc.Encoded, wrong, err)
				}
			}
		})
	}
	for _, s := range []string{SchemePBKDF2SHA256, SchemePBKDF2SHA1, SchemeArgon2, SchemeBcryptSHA256} {
		if !seen[s] {
			t.Errorf("no %s vector in testdata/django-hashes.json", s)
		}
	}
}

func TestUnusableNeverMatches(t *testing.T) {
	v := loadDjangoVectors(t)
	for _, stored := range []string{v.Unusable, "!", "!" + v.Vectors[0].Encoded} {
		if Usable(stored) || Scheme(stored) != SchemeUnusable || NeedsRehash(stored) {
			t.Errorf("%q: Usable %t, Scheme %q, NeedsRehash %t; want false, unusable, false",
				stored, Usable(stored), Scheme(stored), NeedsRehash(stored))
		}
		if err := CheckFormat(stored); err != nil {
			t.Errorf("CheckFormat(%q) = %v; want nil (importable)", stored, err)
		}
		for _, pw := range []string{"", v.Vectors[0].Password, stored, strings.TrimPrefix(stored, "!")} {
			if err := Verify(stored, pw); !errors.Is(err, ErrUnusable) {
				t.Errorf("Verify(%q, %q) = %v; want ErrUnusable", stored, pw, err)
			}
		}
	}
}

func TestSchemeOfOurHash(t *testing.T) {
	h, err := Hash("x", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if Scheme(h) != SchemeArgon2id || NeedsRehash(h) || !Usable(h) || CheckFormat(h) != nil {
		t.Errorf("%q: Scheme %q, NeedsRehash %t, Usable %t, CheckFormat %v; want argon2id, false, true, nil",
			h, Scheme(h), NeedsRehash(h), Usable(h), CheckFormat(h))
	}
	if err := Verify(h, "x"); err != nil {
		t.Errorf("Verify(our hash, right password) = %v; want nil", err)
	}
	if err := Verify(h, "y"); !errors.Is(err, ErrMismatch) {
		t.Errorf("Verify(our hash, wrong password) = %v; want ErrMismatch", err)
	}
}

// TestUsable: the login handler checks against the dummy hash whenever
// Usable is false, as Django's check_password runs its fake_runtime.
func TestUsable(t *testing.T) {
	for stored, want := range map[string]bool{
		"":  false,
		"!": false,
		"md5$salt$0123456789abcdef0123456789abcdef":                      false,
		"sha1$$0123456789abcdef0123456789abcdef01234567":                 false,
		"pbkdf2_sha256$1000$s$AAAA":                                      true, // malformed, but a scheme Verify checks
		"bcrypt_sha256$$2b$04$x":                                         true,
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAA": true,
	} {
		if got := Usable(stored); got != want {
			t.Errorf("Usable(%q) = %t; want %t", stored, got, want)
		}
	}
}

// TestWorkFactor: hashes Django made with the same parameters share a
// work factor whatever their salts; other parameters or another
// variety make another; salt and key are never part of it.
func TestWorkFactor(t *testing.T) {
	v := loadDjangoVectors(t)
	byNote := map[string]string{} // the vectors' notes name their parameters
	for _, tc := range v.Vectors {
		wf := WorkFactor(tc.Encoded)
		tail := tc.Encoded[strings.LastIndex(tc.Encoded, "$"):]
		if wf == "" || !strings.HasPrefix(tc.Encoded, wf+"$") || strings.Contains(wf, tail) {
			t.Errorf("WorkFactor(%q) = %q; want a prefix of it without the salt and key", tc.Encoded, wf)
		}
		if prev, ok := byNote[tc.Note]; ok && prev != wf {
			t.Errorf("%s: WorkFactor %q and %q differ; want one per parameter set", tc.Note, prev, wf)
		}
		byNote[tc.Note] = wf
	}
	seen := map[string]string{}
	for note, wf := range byNote {
		if other, ok := seen[wf]; ok {
			t.Errorf("%q and %q share the work factor %q; want one each", note, other, wf)
		}
		seen[wf] = note
	}

	a, _ := Hash("x", cheap)
	b, _ := Hash("y", cheap)
	c, _ := Hash("x", Params{MemoryKiB: cheap.MemoryKiB * 2, Time: cheap.Time, Threads: cheap.Threads})
	if WorkFactor(a) == "" || WorkFactor(a) != WorkFactor(b) || WorkFactor(a) == WorkFactor(c) {
		t.Errorf("our hashes: WorkFactor %q, %q (same parameters), %q (twice the memory); want the first two equal, the third not",
			WorkFactor(a), WorkFactor(b), WorkFactor(c))
	}
	for _, stored := range []string{"", v.Unusable, "md5$salt$0123456789abcdef0123456789abcdef", "pbkdf2_sha256$1000$s$AAAA"} {
		if wf := WorkFactor(stored); wf != "" {
			t.Errorf("WorkFactor(%q) = %q; want \"\" (Verify does not check it)", stored, wf)
		}
	}
}

func TestDjangoFormatRejects(t *testing.T) {
	const (
		pbkdf2OK = "pbkdf2_sha256$1000$aD6VaxCfsbEr8p9RU9obb6$EUfLd5niwCwf4PXv+EqQ4acgX8obiZM+JTx3WqWwDPw="
		argon2OK = "argon2$argon2id$v=19$m=512,t=2,p=2$Z0N6Qm1HSGZnaGp4Sk5SQ2h4eExsRQ$aj163rqINHFalZRTB5dL8Q"
		bcryptOK = "bcrypt_sha256$$2b$04$aYGLWjGK5Ron27hZQcpmEOqeTzCUeBLtjMbai8GMeoYZb4/Shniim"
	)
	for _, tc := range []struct {
		name, stored string
		want         error
	}{
		{"Django's md5 hasher", "md5$salt$0123456789abcdef0123456789abcdef", ErrUnsupported},
		{"Django's plain bcrypt hasher", strings.Replace(bcryptOK, "bcrypt_sha256", "bcrypt", 1), ErrUnsupported},
		{"an empty string", "", ErrUnsupported},
		{"argon2d", strings.Replace(argon2OK, "argon2id", "argon2d", 1), ErrUnsupported},
		{"pbkdf2 with three fields", "pbkdf2_sha256$1000$salt", ErrFormat},
		{"pbkdf2 with zero iterations", strings.Replace(pbkdf2OK, "$1000$", "$0$", 1), ErrFormat},
		{"pbkdf2 with a leading zero, which Django never matches", strings.Replace(pbkdf2OK, "$1000$", "$01000$", 1), ErrFormat},
		{"pbkdf2 with a billion iterations", strings.Replace(pbkdf2OK, "$1000$", "$1000000000$", 1), ErrFormat},
		{"pbkdf2 with an empty salt", "pbkdf2_sha256$1000$$EUfLd5niwCwf4PXv+EqQ4acgX8obiZM+JTx3WqWwDPw=", ErrFormat},
		{"pbkdf2 with unpadded base64", strings.TrimSuffix(pbkdf2OK, "="), ErrFormat},
		{"pbkdf2_sha1 with a sha256-sized key", strings.Replace(pbkdf2OK, "pbkdf2_sha256", "pbkdf2_sha1", 1), ErrFormat},
		{"argon2 with 2 GiB of memory", strings.Replace(argon2OK, "m=512", "m=2097152", 1), ErrFormat},
		{"argon2 without a version", strings.Replace(argon2OK, "$v=19", "", 1), ErrFormat},
		{"bcrypt_sha256 at cost 31", strings.Replace(bcryptOK, "$04$", "$31$", 1), ErrFormat},
		{"a truncated bcrypt_sha256", bcryptOK[:40], ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := CheckFormat(tc.stored); !errors.Is(err, tc.want) {
				t.Errorf("CheckFormat(%q) = %v; want %v", tc.stored, err, tc.want)
			}
			if err := Verify(tc.stored, "demo-password-123"); !errors.Is(err, tc.want) {
				t.Errorf("Verify(%q) = %v; want %v", tc.stored, err, tc.want)
			}
		})
	}
}

// The benchmarks compare one login's hash in each scheme: an imported
// user's first login costs one Django check (then one argon2id Hash to
// upgrade), every later login one argon2id check, as BenchmarkHashOWASP
// measures.
func benchmarkDjango(b *testing.B, scheme string) {
	for _, tc := range loadDjangoVectors(b).Vectors {
		if Scheme(tc.Encoded) == scheme && strings.HasPrefix(tc.Note, "make_password") {
			b.ReportAllocs()
			for b.Loop() {
				if err := Verify(tc.Encoded, tc.Password); err != nil {
					b.Fatal(err)
				}
			}
			return
		}
	}
	b.Fatalf("no make_password %s vector", scheme)
}

func BenchmarkVerifyPBKDF2SHA256(b *testing.B) { benchmarkDjango(b, SchemePBKDF2SHA256) }
func BenchmarkVerifyPBKDF2SHA1(b *testing.B)   { benchmarkDjango(b, SchemePBKDF2SHA1) }
func BenchmarkVerifyDjangoArgon2(b *testing.B) { benchmarkDjango(b, SchemeArgon2) }
func BenchmarkVerifyBcryptSHA256(b *testing.B) { benchmarkDjango(b, SchemeBcryptSHA256) }

func FuzzVerify(f *testing.F) {
	for _, s := range []string{
		"pbkdf2_sha256$1$s$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
		"bcrypt_sha256$$2b$04$aYGLWjGK5Ron27hZQcpmEOqeTzCUeBLtjMbai8GMeoYZb4/Shniim",
		"!x", "",
	} {
		f.Add(s, "pw")
	}
	f.Fuzz(func(t *testing.T, stored, pw string) {
		// Keep each run cheap: the bounds allow hashes that take
		// seconds, and a fuzzer finds large parameters quickly.
		if p, err := parsePBKDF2(stored); err == nil && p.iterations > 1000 {
			t.Skip()
		}
		if s := Scheme(stored); s == SchemeArgon2 || s == SchemeBcryptSHA256 {
			if CheckFormat(stored) == nil {
				t.Skip()
			}
		}
		err := Verify(stored, pw)
		if err == nil && (CheckFormat(stored) != nil || !Usable(stored)) {
			t.Errorf("Verify(%q) matched a hash CheckFormat refuses", stored)
		}
		if Scheme(stored) == SchemeUnusable && !errors.Is(err, ErrUnusable) {
			t.Errorf("Verify(%q) = %v on an unusable password", stored, err)
		}
	})
}
