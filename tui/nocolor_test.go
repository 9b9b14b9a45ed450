package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"jwtlab/internal/jose/josetest"
)

// runToQuit runs the whole program on a token with "q" as its input and
// returns what it drew.
func runToQuit(t *testing.T, noColor bool) string {
	t.Helper()
	token, _ := josetest.Token("ACCESS")
	// A terminal that could show colour: only NoColor may take it away.
	lipgloss.SetColorProfile(termenv.TrueColor)
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := Run(ctx, Config{Token: token, NoColor: noColor, Now: func() time.Time { return issued },
		In: strings.NewReader("q"), Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestNoColor: with NO_COLOR the whole session draws no colour, though
// the terminal could show it; without it, the token is in colour.
func TestNoColor(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	const fg = "\x1b[38;2;" // a 24-bit foreground colour
	if colour := runToQuit(t, false); !strings.Contains(colour, fg) {
		t.Fatalf("without NO_COLOR no colour was drawn; the test cannot tell the difference")
	}
	if plain := runToQuit(t, true); strings.Contains(plain, fg) || strings.Contains(plain, "\x1b[38;5;") {
		t.Errorf("with NO_COLOR the inspector drew colour codes")
	}
}
