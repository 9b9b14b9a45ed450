package django

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLessonFragmentsMatch keeps lesson 18's copies of these settings
// (lessons/18-drf/testdata) equal to the files shipped here: a lesson
// cannot read this folder when it runs, so it prints copies, and a copy
// that no longer appears verbatim in its file fails here.
func TestLessonFragmentsMatch(t *testing.T) {
	frags, err := filepath.Glob("../../../lessons/18-drf/testdata/*-*.py")
	if err != nil {
		t.Fatal(err)
	}
	if len(frags) == 0 {
		t.Fatal("no fragments in lessons/18-drf/testdata")
	}
	shipped := map[string]string{
		"settings_tuned": "peer/settings_tuned.py",
		"gunicorn.conf":  "gunicorn.conf.py",
	}
	for _, f := range frags {
		name, _, _ := strings.Cut(filepath.Base(f), "-")
		file, ok := shipped[name]
		if !ok {
			t.Errorf("%s: no shipped file %q here", f, name)
			continue
		}
		frag, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), string(frag)) {
			t.Errorf("%s is no longer a verbatim part of %s: copy it again and update the lesson's Output", f, file)
		}
	}
}
