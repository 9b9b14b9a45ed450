package store

import (
	"context"
	"errors"
	"testing"
)

// TestAddUserNormalizes: AddUser stores NFKC, so names that differ only
// in Unicode form are one account, as Django's create_user makes them.
func TestAddUserNormalizes(t *testing.T) {
	eachStore(t, Options{}, "", func(t *testing.T, st Store) {
		ctx := context.Background()
		for _, tc := range []struct{ first, second, stored string }{
			{"ｄｅｍｏ", "demo", "demo"},                 // fullwidth letters
			{"de\u0301mo", "d\u00e9mo", "d\u00e9mo"}, // decomposed, then composed é
		} {
			u, err := st.AddUser(ctx, tc.first, "h")
			if err != nil {
				t.Fatal(err)
			}
			if u.Username != tc.stored {
				t.Errorf("AddUser(%q) stored %q; want %q", tc.first, u.Username, tc.stored)
			}
			if _, err := st.AddUser(ctx, tc.second, "h"); !errors.Is(err, ErrUsernameTaken) {
				t.Errorf("AddUser(%q) after %q = %v; want ErrUsernameTaken", tc.second, tc.first, err)
			}
		}
	})
}
