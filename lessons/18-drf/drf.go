package drf

import (
	"embed"
	"strings"
)

// files holds the Django peer's settings fragments, copied from
// bench/peers/django (testdata/README.md says how they are kept equal),
// and a password hash Django made.
//
//go:embed testdata/*.py testdata/django-argon2.txt
var files embed.FS

// Fragment returns the copy of a shipped Django setting, e.g.
// "settings_tuned-conn" for peer/settings_tuned.py's CONN_MAX_AGE lines.
func Fragment(name string) (string, error) {
	b, err := files.ReadFile("testdata/" + name + ".py")
	return string(b), err
}

// DjangoHash is testdata/django-argon2.txt: Django's hash of the demo
// password.
func DjangoHash() (string, error) {
	b, err := files.ReadFile("testdata/django-argon2.txt")
	return strings.TrimSpace(string(b)), err
}
