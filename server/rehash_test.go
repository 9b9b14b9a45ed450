package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/server/password"
	"jwtlab/server/store"
)

// Hashes of "demo-password-123" made by Django 3.2's own hashers, at low
// work factors (server/password/testdata/django_hashes.py made them).
var djangoHashes = map[string]string{
	"pbkdf2_sha256": "pbkdf2_sha256$1000$CPvEBB7EJbPp64G1XkljrF$WYR43sDHS4JbQiinizkCvs9SB5esL5s/RfheoTFLSjk=",
	"pbkdf2_sha1":   "pbkdf2_sha1$1000$lAdh9ubd9FAOdafBZAVbTl$Jq7KNaz5Nu0h4bI0L0X8SPoWzXs=",
	"argon2":        "argon2$argon2id$v=19$m=512,t=2,p=2$cHVsQ2t0TllENUJkUnMxbDE5dnpsbg$6TZogUXXDMDbaPjcL0AHzw",
	"argon2i":       "argon2$argon2i$v=19$m=512,t=2,p=2$UUpTY3NXZk05OVJFakdVNGI2eE5WOQ$wdnhmGpX2Cg5qy+tFxbv9g",
	"bcrypt_sha256": "bcrypt_sha256$$2b$04$/8dT1n/p4FPkI6QBzTaPAOgXLqRaCaCA8gtrYdlOdffxw74FkOq6W",
	"unusable":      "!8djClOjxrOIqPQdzRMCYa0c1poCZBzSVplNzKAzB",
}

const djangoPassword = "demo-password-123"

// importServer is a dev server whose store holds one user per Django
// hash, named after it, with ids from 100 up, as users import-django
// leaves them; "inactive-pbkdf2" is inactive.
func importServer(t *testing.T, cfg Config) (*Server, store.Store, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	st := memoryStore(t)
	ids := map[string]int64{}
	var users []store.ImportUser
	for name, h := range djangoHashes {
		ids[name] = int64(100 + len(users))
		users = append(users, store.ImportUser{ID: ids[name], Username: name, PasswordHash: h, Active: true, Joined: time.Now()})
	}
	ids["inactive-pbkdf2"] = int64(100 + len(users))
	users = append(users, store.ImportUser{ID: ids["inactive-pbkdf2"], Username: "inactive-pbkdf2", PasswordHash: djangoHashes["pbkdf2_sha256"], Joined: time.Now()})
	if _, err := st.Import(ctx, users, nil); err != nil {
		t.Fatal(err)
	}
	keys, err := NewKeys(jose.Secret("jwt-lab-demo-signing-secret-not-for-production"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.AccessLog = "off"
	cfg.AllowedHosts = []string{"127.0.0.1", "example.com"} // httptest's hosts
	return New(cfg, st, keys, nil), st, ids
}

func login(t *testing.T, s *Server, username, pw string) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": pw})
	req := httptest.NewRequest("POST", "/api/token/", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var m map[string]any
	json.Unmarshal(rec.Body.Bytes(), &m)
	return rec.Code, m
}

// userIDClaim reads user_id from a token the server just signed.
func userIDClaim(t *testing.T, token string) int64 {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWS", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		UserID int64 `json:"user_id"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c.UserID
}

// TestLoginWithDjangoHashes: each Django hash logs in once, is then
// replaced by argon2id, and the same password keeps working.
func TestLoginWithDjangoHashes(t *testing.T) {
	s, st, ids := importServer(t, DevConfig())
	ctx := context.Background()
	for _, name := range []string{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "argon2i", "bcrypt_sha256"} {
		t.Run(name, func(t *testing.T) {
			if code, _ := login(t, s, name, djangoPassword+"x"); code != http.StatusUnauthorized {
				t.Errorf("wrong password: %d; want 401", code)
			}
			if u, _ := st.UserByUsername(ctx, name); u.PasswordHash != djangoHashes[name] {
				t.Errorf("a failed login changed the hash to %q", u.PasswordHash)
			}
			code, body := login(t, s, name, djangoPassword)
			if code != http.StatusOK {
				t.Fatalf("right password: %d %v; want 200", code, body)
			}
			access, _ := body["access"].(string)
			if got := userIDClaim(t, access); got != ids[name] {
				t.Errorf("user_id = %d; want the imported id %d", got, ids[name])
			}
			u, err := st.UserByUsername(ctx, name)
			if err != nil || password.Scheme(u.PasswordHash) != password.SchemeArgon2id || password.Verify(u.PasswordHash, djangoPassword) != nil {
				t.Errorf("hash after the first login = %q, %v; want our argon2id of the same password", u.PasswordHash, err)
			}
			if code, _ := login(t, s, name, djangoPassword); code != http.StatusOK {
				t.Errorf("second login (argon2id now): %d; want 200", code)
			}
			if code, _ := login(t, s, name, djangoPassword+"x"); code != http.StatusUnauthorized {
				t.Errorf("wrong password after the upgrade: %d; want 401", code)
			}
		})
	}
}

func TestUnusableAndInactiveDjangoUsers(t *testing.T) {
	s, st, _ := importServer(t, DevConfig())
	ctx := context.Background()
	for _, pw := range []string{djangoPassword, strings.TrimPrefix(djangoHashes["unusable"], "!"), djangoHashes["unusable"]} {
		if code, body := login(t, s, "unusable", pw); code != http.StatusUnauthorized {
			t.Errorf("unusable password, login with %q: %d %v; want 401", pw, code, body)
		}
	}
	code, body := login(t, s, "inactive-pbkdf2", djangoPassword)
	if code != http.StatusUnauthorized || body["detail"] != "No active account found with the given credentials" {
		t.Errorf("inactive user, right password: %d %v; want simplejwt's 401", code, body)
	}
	if u, _ := st.UserByUsername(ctx, "inactive-pbkdf2"); u.PasswordHash != djangoHashes["pbkdf2_sha256"] {
		t.Errorf("an inactive user's refused login upgraded the hash to %q", u.PasswordHash)
	}
}

// TestDjangoCheckTakesAHashSlot: a Django check runs in the same hash
// slots as argon2id, so with every slot taken and no queue it is shed.
func TestDjangoCheckTakesAHashSlot(t *testing.T) {
	cfg := DevConfig()
	cfg.HashSlots, cfg.HashQueue = 1, 0
	s, _, _ := importServer(t, cfg)
	s.hashes.slots <- struct{}{} // another login's hash is running
	if code, _ := login(t, s, "pbkdf2_sha256", djangoPassword); code != http.StatusServiceUnavailable {
		t.Errorf("login with every hash slot taken: %d; want 503", code)
	}
	<-s.hashes.slots
	if code, _ := login(t, s, "pbkdf2_sha256", djangoPassword); code != http.StatusOK {
		t.Errorf("login with a free slot: %d; want 200", code)
	}
}

// TestUpgradeWithZeroHashParams: Config.HashParams' zero value means
// OWASP's, for the replacement hash as for the dummy.
func TestUpgradeWithZeroHashParams(t *testing.T) {
	cfg := DevConfig()
	cfg.HashParams = password.Params{}
	s, st, _ := importServer(t, cfg)
	if code, body := login(t, s, "pbkdf2_sha1", djangoPassword); code != http.StatusOK {
		t.Fatalf("login: %d %v; want 200", code, body)
	}
	u, err := st.UserByUsername(context.Background(), "pbkdf2_sha1")
	if err != nil {
		t.Fatal(err)
	}
	if p, _, _, err := password.Parse(u.PasswordHash); err != nil || p != password.OWASP() {
		t.Errorf("hash after the upgrade %q (%+v, %v); want OWASP's parameters", u.PasswordHash, p, err)
	}
}
