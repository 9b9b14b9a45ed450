package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// layoutLine is one line of README's Layout block: a folder, then what it holds.
var layoutLine = regexp.MustCompile(`^(\.?[a-z0-9_/-]+/) +\S`)

// TestReadmeLayout: README's Layout section names every top-level folder
// and every internal/ package, one line each, and nothing that is gone.
func TestReadmeLayout(t *testing.T) {
	section := readmeSection(t, "Layout")
	var listed []string
	for line := range strings.Lines(section) {
		if m := layoutLine.FindStringSubmatch(line); m != nil {
			listed = append(listed, m[1])
		}
	}

	var want []string
	for _, dir := range []string{".", "internal"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			// .git is the repository, not the project; bench-out/ is
			// what jwtlab bench writes (.gitignore).
			if !e.IsDir() || e.Name() == ".git" || e.Name() == "bench-out" {
				continue
			}
			want = append(want, filepath.ToSlash(filepath.Join(dir, e.Name()))+"/")
		}
	}
	if len(want) < 5 {
		t.Fatalf("found only %v; the test is not running at the module root", want)
	}
	for _, w := range want {
		n := 0
		for _, l := range listed {
			if l == w {
				n++
			}
		}
		if n != 1 {
			t.Errorf("README's Layout lists %s %d times; want once", w, n)
		}
	}
	for _, l := range listed {
		if !slices.Contains(want, l) {
			t.Errorf("README's Layout lists %s, which is not a folder here", l)
		}
	}
}

// readmeSection returns the text of README.md's "## heading" section, up
// to the next "## ".
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## "+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no ## %s section", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}
