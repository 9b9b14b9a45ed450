package lessons

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jwtlab/server"
)

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
	for _, d := range dirs {
		if !listed[d] {
			t.Errorf("folder %s is not in the lesson list", d)
		}
	}
	if len(all) != len(dirs) {
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
				step := strings.TrimPrefix(s.Example, "Example")
				if !strings.Contains(s.Code, "func "+step+"(w io.Writer) error") {
					t.Errorf("step %q shows code %q; want the source of %s", s.Title, s.Code, step)
				}
				callsStep := regexp.MustCompile(`^\s*run\(\w+\.` + step + `\)\s*//`)
				if !callsStep.MatchString(exampleBody(t, src, s.Example)) {
					t.Errorf("%s does not call %s: the Example must run the code the step shows", s.Example, step)
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

// exampleBody returns the body of the Example function name in src.
func exampleBody(t *testing.T, src []byte, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(string(src), "func "+name+"() {\n")
	if !ok {
		t.Fatalf("no func %s in example_test.go", name)
	}
	body, _, _ := strings.Cut(rest, "\n}\n")
	return body
}

// TestTryItCommands checks every lesson's Try it block without running
// servers: bash parses it; each ./jwtlab command names a real subcommand
// and real flags (found in the root package's source); each lessons/ path
// exists. Running the blocks needs servers, keys and jq: that is the
// learner's part.
func TestTryItCommands(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	var root strings.Builder
	mains, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range mains {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		root.Write(b)
	}
	// serve's token flags come from the settings table, not the source.
	for _, st := range server.Settings() {
		if st.Flag {
			root.WriteString(` "` + st.FlagName() + `" `)
		}
	}
	source := root.String()
	bash, bashErr := exec.LookPath("bash")
	invocation := regexp.MustCompile(`(?:^|[\s(|;&])(\./jwtlab|jwtlab) ([a-z-]+)((?: +[^|;&)#]*)?)`)
	flag := regexp.MustCompile(`(?:^| )-([a-z][a-z0-9-]*)`)
	path := regexp.MustCompile(`\blessons/[0-9][0-9]-[a-z]+/testdata/[\w./-]+`)
	for _, l := range all {
		t.Run(l.Slug, func(t *testing.T) {
			block := l.Steps[len(l.Steps)-1].Prose
			if bashErr != nil {
				if os.Getenv("JWTLAB_INTEGRATION") == "1" {
					t.Fatal("bash not found; JWTLAB_INTEGRATION=1 needs it")
				}
				t.Log("bash not found: shell syntax not checked")
			} else {
				cmd := exec.Command(bash, "-n")
				cmd.Stdin = strings.NewReader(block)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("bash -n on Try it: %v\n%s", err, out)
				}
			}
			for line := range strings.Lines(block) {
				if !strings.HasPrefix(line, "\t") {
					t.Errorf("Try it line %q is not indented as code", line)
				}
				for _, m := range invocation.FindAllStringSubmatch(line, -1) {
					if m[1] != "./jwtlab" {
						t.Errorf("Try it runs %q; README builds ./jwtlab, so write ./jwtlab", strings.TrimSpace(m[0]))
					}
					if !strings.Contains(source, `{"`+m[2]+`",`) {
						t.Errorf("Try it runs ./jwtlab %s: no such subcommand in main.go", m[2])
					}
					args, _, _ := strings.Cut(m[3], "$(") // a nested command's flags are not ours
					for _, f := range flag.FindAllStringSubmatch(args, -1) {
						if f[1] != "h" && !strings.Contains(source, `"`+f[1]+`"`) {
							t.Errorf("Try it passes -%s to ./jwtlab %s: no flag of that name in the command's source", f[1], m[2])
						}
					}
				}
				for _, p := range path.FindAllString(line, -1) {
					if _, err := os.Stat(strings.TrimPrefix(p, "lessons/")); err != nil {
						t.Errorf("Try it names %s: %v", p, err)
					}
				}
			}
		})
	}
}

// TestTryItKeepsLines: a section that is all code prints as code, one
// command a line, not rewrapped into a paragraph.
func TestTryItKeepsLines(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		last := l.Steps[len(l.Steps)-1]
		want := 0
		for line := range strings.Lines(last.Prose) {
			if strings.TrimSpace(line) != "" {
				want++
			}
		}
		got := 0
		for _, line := range prose(last.Prose, 80) {
			if strings.HasPrefix(line, "    ") {
				got++
			}
		}
		if got < want {
			t.Errorf("lesson %d's Try it: %d code lines printed, %d in the source", l.Number, got, want)
		}
	}
}
