package lessons

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// awaitingRegistration names lesson folders written on a branch that may
// not register lessons (the walk branch: lessons.go was being rewritten);
// the integrator registers them and deletes their entry here.
var awaitingRegistration = map[string]bool{"15-attacklab": true}

// TestEveryFolderIsListed keeps the list and the lessons/ folder in step.
func TestEveryFolderIsListed(t *testing.T) {
	dirs, err := filepath.Glob("[0-9][0-9]-*")
	if err != nil {
		t.Fatal(err)
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for i, l := range all {
		listed[l.Slug] = true
		if want := fmt.Sprintf("%02d-", l.Number); !strings.HasPrefix(l.Slug, want) {
			t.Errorf("lesson %s has number %d; its folder says otherwise", l.Slug, l.Number)
		}
		if i > 0 && l.Number <= all[i-1].Number {
			t.Errorf("lesson %d is listed after lesson %d", l.Number, all[i-1].Number)
		}
	}
	unlisted := 0
	for _, d := range dirs {
		switch {
		case listed[d]:
		case awaitingRegistration[d]:
			unlisted++
			t.Logf("folder %s is not in the lesson list yet (awaiting registration)", d)
		default:
			t.Errorf("folder %s is not in the lesson list", d)
		}
	}
	if len(all) != len(dirs)-unlisted {
		t.Errorf("%d lessons listed, %d folders", len(all), len(dirs))
	}
}

// TestStepsMatchExamples runs every step and checks that its output is the
// Output go test verifies for its Example, so the terminal walk-through and
// the tested Example cannot drift apart. It also checks that every Example
// belongs to a step, and that every lesson closes with "Try it".
func TestStepsMatchExamples(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	exampleFunc := regexp.MustCompile(`(?m)^func (Example\w*)\(\)`)
	tryRun := regexp.MustCompile(`-run '\^(Example\w*)\$'`)
	total := 0
	for _, l := range all {
		t.Run(l.Slug, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(l.Slug, "example_test.go"))
			if err != nil {
				t.Fatal(err)
			}
			shown := map[string]bool{}
			for _, s := range l.Steps {
				if s.Run == nil {
					continue
				}
				shown[s.Example] = true
				var out bytes.Buffer
				if err := s.Run(&out); err != nil {
					t.Errorf("step %q: %v", s.Title, err)
					continue
				}
				if got, want := strings.TrimSpace(out.String()), strings.TrimSpace(s.Output); got != want {
					t.Errorf("step %q output:\n%s\nwant (the Output of %s):\n%s", s.Title, got, s.Example, want)
				}
				if s.Output == "" {
					t.Errorf("step %q: %s has no Output to verify", s.Title, s.Example)
				}
				if !strings.Contains(s.Code, "func "+s.Example+"()") {
					t.Errorf("step %q shows code %q; want the source of %s", s.Title, s.Code, s.Example)
				}
			}
			for _, m := range exampleFunc.FindAllSubmatch(src, -1) {
				total++
				if !shown[string(m[1])] {
					t.Errorf("%s is not a step of the lesson", m[1])
				}
			}
			if n := len(l.Steps); n == 0 || l.Steps[n-1].Title != "Try it" || l.Steps[n-1].Run != nil {
				t.Errorf("the last section is not a prose-only \"Try it\"")
			} else {
				tryIt := l.Steps[n-1].Prose
				if !strings.Contains(tryIt, "go test ./lessons/"+l.Slug+" -run") {
					t.Errorf("Try it has no go test -run line for this lesson")
				}
				for _, m := range tryRun.FindAllStringSubmatch(tryIt, -1) {
					if !shown[m[1]] {
						t.Errorf("Try it runs %s, which is not one of the lesson's Examples", m[1])
					}
				}
			}
			for _, s := range l.Steps[:len(l.Steps)-1] {
				if s.Run == nil {
					t.Errorf("section %q makes a point without an Example to check it", s.Title)
				}
			}
		})
	}
	t.Logf("%d Examples across %d lessons", total, len(all))
}

func TestFind(t *testing.T) {
	for _, name := range []string{"1", "01", "01-segments", "segments"} {
		if l, err := Find(name); err != nil || l.Number != 1 {
			t.Errorf("Find(%q) = lesson %d, %v; want lesson 1", name, l.Number, err)
		}
	}
	for _, name := range []string{"0", "99", "nope", ""} {
		if _, err := Find(name); err == nil {
			t.Errorf("Find(%q) = nil error; want ErrNoLesson", name)
		}
	}
}
