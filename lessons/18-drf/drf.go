package drf

import (
	"embed"
	"strings"
)

// files holds a password hash Django made.
//
//go:embed testdata/django-argon2.txt
var files embed.FS

// DjangoHash is testdata/django-argon2.txt: Django's hash of the demo
// password.
func DjangoHash() (string, error) {
	b, err := files.ReadFile("testdata/django-argon2.txt")
	return strings.TrimSpace(string(b)), err
}
