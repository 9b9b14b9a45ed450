package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"jwtlab/internal/testenv"
	"jwtlab/server/servertest"
)

// TestReadmeQuickTour runs README's curl tour as a shell would, from the
// login on, against a dev server with the demo user, and holds each
// command's output to the comment beside it (or on the line below).
func TestReadmeQuickTour(t *testing.T) {
	curl := testenv.Program(t, "curl")
	_, tour, _ := strings.Cut(readmeSection(t, "A quick tour with curl"), "```sh\n")
	tour, _, _ = strings.Cut(tour, "```")
	_, tour, ok := strings.Cut(tour, "\nTOKENS=")
	if !ok {
		t.Fatal("the quick tour no longer logs in with TOKENS=...")
	}
	cmds, wants := tourCommands("TOKENS=" + tour)
	if len(cmds) < 8 {
		t.Fatalf("found %d commands in the tour; want the login and seven more", len(cmds))
	}

	srv := servertest.Start(t)
	var script strings.Builder
	for _, c := range cmds {
		// Every command's output ends with a marker line, so the outputs
		// can be told apart (curl -s prints no newline of its own).
		script.WriteString(strings.ReplaceAll(c, "http://127.0.0.1:8000", srv.URL) + "\necho; echo @@\n")
	}
	sh := exec.Command("sh", "-e", "-c", script.String())
	sh.Env = append(os.Environ(), "PATH="+strings.TrimSuffix(curl, "/curl")+":"+os.Getenv("PATH"))
	out, err := sh.CombinedOutput()
	if err != nil {
		t.Fatalf("the tour failed: %v\n%s", err, out)
	}
	outputs := strings.Split(strings.TrimSuffix(string(out), "@@\n"), "@@\n")
	if len(outputs) != len(cmds) {
		t.Fatalf("%d outputs for %d commands:\n%s", len(outputs), len(cmds), out)
	}
	for i, want := range wants {
		got := strings.TrimSpace(outputs[i])
		if want == "" {
			if got != "" {
				t.Errorf("%s\nprinted %q; the README shows nothing", cmds[i], got)
			}
			continue
		}
		if !shownAs(want).MatchString(got) {
			t.Errorf("%s\nprinted %s\nREADME shows %s", cmds[i], got, want)
		}
	}
}

// tourCommands splits a shell block into commands (joining lines that end
// in a backslash) and the output each one's comment shows: "# ..." after
// two spaces, or a comment line of its own right below.
func tourCommands(block string) (cmds, wants []string) {
	comment := regexp.MustCompile(`\s{2,}# (.*)$`)
	var cur string
	for line := range strings.Lines(block) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.TrimSpace(line) == "":
			continue
		case strings.HasPrefix(line, "# ") && len(cmds) > 0:
			wants[len(wants)-1] = strings.TrimPrefix(line, "# ")
			continue
		}
		if strings.HasSuffix(line, `\`) {
			cur += strings.TrimSuffix(line, `\`)
			continue
		}
		line = cur + line
		cur = ""
		want := ""
		if m := comment.FindStringSubmatchIndex(line); m != nil {
			want = line[m[2]:m[3]]
			line = line[:m[0]]
		}
		cmds, wants = append(cmds, line), append(wants, want)
	}
	return cmds, wants
}

// shownAs turns what README shows into a pattern: "eyJ..." stands for a
// token, and a note in parentheses after the JSON is not output.
func shownAs(shown string) *regexp.Regexp {
	if i := strings.Index(shown, " ("); i > 0 && strings.HasSuffix(shown, ")") {
		shown = shown[:i]
	}
	quoted := regexp.QuoteMeta(shown)
	quoted = strings.ReplaceAll(quoted, regexp.QuoteMeta("eyJ..."), `eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	return regexp.MustCompile("^" + quoted + "$")
}
