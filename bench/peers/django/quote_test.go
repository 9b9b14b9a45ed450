package django

import (
	"errors"
	"testing"
)

func TestQuote(t *testing.T) {
	got, err := Quote("gunicorn.conf.py", "# gunicorn's access log is off", "accesslog =")
	if want := "# gunicorn's access log is off: nginx keeps one, buffered.\naccesslog = None\n"; err != nil || got != want {
		t.Errorf("Quote(accesslog) = %q, %v; want %q, nil", got, err, want)
	}
	for _, tc := range []struct{ name, file, first, last string }{
		{"a first line that is not there", "gunicorn.conf.py", "# no such comment", "accesslog ="},
		{"a last line that is not after the first", "gunicorn.conf.py", "accesslog =", "import os"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := Quote(tc.file, tc.first, tc.last); !errors.Is(err, ErrNoQuote) {
				t.Errorf("Quote(%q, %q, %q) = %q, %v; want ErrNoQuote", tc.file, tc.first, tc.last, got, err)
			}
		})
	}
	if _, err := Quote("peer/settings.py", "", ""); err == nil {
		t.Error("Quote of a file that is not embedded: no error")
	}
}
