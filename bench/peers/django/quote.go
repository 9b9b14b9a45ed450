package django

import (
	"embed"
	"errors"
	"fmt"
	"strings"
)

// shipped holds the tuned peer's settings as run-tuned.sh runs them, so
// that lesson 18 prints them as they are rather than copies that could
// drift.
//
//go:embed peer/settings_tuned.py gunicorn.conf.py
var shipped embed.FS

// ErrNoQuote reports a quote whose first or last line is not in the file.
var ErrNoQuote = errors.New("no such lines")

// Quote returns the lines of a shipped file (peer/settings_tuned.py or
// gunicorn.conf.py) from the first that starts with first through the
// next that starts with last, each with its newline.
func Quote(file, first, last string) (string, error) {
	b, err := shipped.ReadFile(file)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for line := range strings.Lines(string(b)) {
		if out.Len() == 0 && !strings.HasPrefix(line, first) {
			continue
		}
		out.WriteString(line)
		if strings.HasPrefix(line, last) {
			return out.String(), nil
		}
	}
	return "", fmt.Errorf("%s from %q to %q: %w", file, first, last, ErrNoQuote)
}
