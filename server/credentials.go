package server

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"jwtlab/internal/python"
)

// The login's bounds on its fields, in characters after trimming, as
// DRF's CharField(max_length=N) counts them.
//
// MaxUsernameChars: 150, the max_length of Django's AbstractUser.username
// (3.2), so no username that could exist is refused. simplejwt 5.2.2's
// TokenObtainSerializer itself declares a bare CharField and would
// answer a longer one 401: this 400 is a deliberate difference, which
// keeps a megabyte username out of the per-username throttle's memory.
//
// MaxPasswordChars: 4096, the limit Django 1.4.8 and 1.5.4 set against
// denial of service through huge passwords (reverted in 1.4.9/1.5.5 once
// PBKDF2 no longer rehashed the key each round; Django 3.2 has none). No
// password manager generates longer; it keeps the bytes a login feeds
// the hash independent of what a client sends.
const (
	MaxUsernameChars = 150
	MaxPasswordChars = 4096
)

// loginFields bounds the login's fields, with DRF's max_length message.
var loginFields = map[string]int{"username": MaxUsernameChars, "password": MaxPasswordChars}

// CheckUsername says why a user stored under username could never log
// in, or returns nil when a login can name it. The login reads both
// fields as simplejwt 5.2.2 does: DRF CharFields (trim_whitespace on,
// blank refused) bounded by loginFields, with DRF's validators (no NUL,
// no lone surrogate), so a name that is blank, too long, holds such a
// character, or begins or ends with white space (Python's str.strip) can
// never match. username is the name as stored: users add stores it
// NFKC-normalized (store.NormalizeUsername), which can add white space
// or length, so check the normalized name.
func CheckUsername(username string) error { return checkCredential("username", username) }

// CheckPassword is CheckUsername for a password: one that is empty, too
// long, holds a NUL, or begins or ends with white space could never log
// in, since the login refuses it or strips it before the hash sees it.
func CheckPassword(password string) error { return checkCredential("password", password) }

// checkCredential is the login's reading of a field (charField, then
// boundedCharFields' max_length) turned round: it refuses exactly the
// values that reading would change or refuse.
func checkCredential(field, v string) error {
	stripped := python.Strip(v)
	switch {
	case v == "":
		return fmt.Errorf("the %s is empty", field)
	case !utf8.ValidString(v):
		// A JSON body cannot carry such bytes (DRF answers a parse
		// error), and Django decodes a form's as U+FFFD.
		return fmt.Errorf("the %s is not UTF-8 text, which a login cannot send", field)
	case stripped == "":
		return fmt.Errorf("the %s is only white space, which login refuses as blank", field)
	case stripped != v:
		return fmt.Errorf("the %s begins or ends with white space, which login strips as DRF does, so it could never log in", field)
	}
	if n, max := python.Len(v), loginFields[field]; n > max {
		return fmt.Errorf("the %s is %d characters; login takes at most %d", field, n, max)
	}
	if msgs := validateChars(v, 0); msgs != nil {
		return fmt.Errorf("login would refuse the %s: %s", field, strings.Join(msgs, " "))
	}
	return nil
}
