// Package lessons lists jwtlab's lessons and walks through them one step at
// a time.
//
// Every lesson is a package of its own (lessons/01-segments, ...). Its
// doc.go holds the prose, split into sections by "# Heading" lines; its
// example_test.go holds one Example per section, whose "// Output:" go test
// checks. This package puts the three together for the terminal: the prose
// and the code are read from the embedded sources, so they cannot drift from
// what go doc and go test see, and the output is produced by running the
// step (lessons_test.go checks that it equals the Example's Output).
package lessons

import (
	"embed"
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io"
	"path"
	"strconv"
	"strings"
)

// sources holds every lesson's Go files. The test files are included on
// purpose: the Examples in them are the code each step shows.
//
//go:embed */*.go
var sources embed.FS

// Lesson is one lesson package, ready to print.
type Lesson struct {
	Number  int
	Slug    string // the folder, e.g. "01-segments"
	Title   string
	Summary string // one line for the list
	Intro   string // the package comment before its first heading
	Steps   []Step
}

// Step is one section of a lesson's doc.go. Steps with an Example show its
// code and run it; the closing "Try it" section has neither.
type Step struct {
	Title   string
	Prose   string
	Example string // the Example function in example_test.go, or ""
	Code    string // that function's source, without its Output comment
	Decls   string // the code under study that the Example calls
	Output  string // the Example's "// Output:" text, as go test checks it
	Run     func(io.Writer) error
}

// ErrNoLesson reports a lesson number or name that is not in the list.
var ErrNoLesson = errors.New("no such lesson")

// spec is what each steps_NN.go file declares: the lesson's place in the
// list, and for each section heading the Example that goes with it and a
// Run function that calls what the Example calls.
type spec struct {
	number  int
	slug    string
	title   string
	summary string
	steps   []stepSpec
}

type stepSpec struct {
	section string   // heading in doc.go
	example string   // Example function name
	decls   []string // names in <topic>.go to show ("Split", "Claims.Valid")
	run     func(io.Writer) error
}

// specs is filled by the steps_NN.go files, in lesson order.
var specs = []spec{
	lesson01, lesson02, lesson03, lesson04, lesson05, lesson06, lesson07,
	lesson08, lesson09, lesson10, lesson11, lesson12, lesson13, lesson14,
}

// All returns every lesson, in order, built from the embedded sources.
func All() ([]Lesson, error) {
	out := make([]Lesson, 0, len(specs))
	for _, s := range specs {
		l, err := build(s)
		if err != nil {
			return nil, fmt.Errorf("lesson %s: %w", s.slug, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// Find returns the lesson named by a number ("3", "03"), a folder name
// ("03-header") or a topic ("header").
func Find(name string) (Lesson, error) {
	all, err := All()
	if err != nil {
		return Lesson{}, err
	}
	n, numErr := strconv.Atoi(name)
	for _, l := range all {
		_, topic, _ := strings.Cut(l.Slug, "-")
		if (numErr == nil && n == l.Number) || name == l.Slug || name == topic {
			return l, nil
		}
	}
	return Lesson{}, fmt.Errorf("%w: %q (run jwtlab learn for the list)", ErrNoLesson, name)
}

func build(s spec) (Lesson, error) {
	fset := token.NewFileSet()
	docSrc, err := sources.ReadFile(path.Join(s.slug, "doc.go"))
	if err != nil {
		return Lesson{}, err
	}
	docFile, err := parser.ParseFile(fset, "doc.go", docSrc, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return Lesson{}, err
	}
	intro, sections := splitSections(docFile.Doc.Text())

	exSrc, err := sources.ReadFile(path.Join(s.slug, "example_test.go"))
	if err != nil {
		return Lesson{}, err
	}
	exFile, err := parser.ParseFile(fset, "example_test.go", exSrc, parser.ParseComments)
	if err != nil {
		return Lesson{}, err
	}
	examples := map[string]*doc.Example{}
	for _, ex := range doc.Examples(exFile) {
		examples["Example"+ex.Name] = ex
	}
	decls, err := topicDecls(fset, s.slug)
	if err != nil {
		return Lesson{}, err
	}

	l := Lesson{Number: s.number, Slug: s.slug, Title: s.title, Summary: s.summary, Intro: intro}
	bySection := map[string]stepSpec{}
	for _, st := range s.steps {
		bySection[st.section] = st
	}
	for _, sec := range sections {
		step := Step{Title: sec.title, Prose: sec.body}
		st, ok := bySection[sec.title]
		if ok {
			delete(bySection, sec.title)
			ex := examples[st.example]
			if ex == nil {
				return Lesson{}, fmt.Errorf("section %q: no %s in example_test.go", sec.title, st.example)
			}
			step.Example, step.Output, step.Run = st.example, ex.Output, st.run
			step.Code = exampleCode(fset, exSrc, exFile, st.example)
			var parts []string
			for _, name := range st.decls {
				d, ok := decls[name]
				if !ok {
					return Lesson{}, fmt.Errorf("section %q: no declaration %s in the lesson's code", sec.title, name)
				}
				parts = append(parts, d)
			}
			step.Decls = strings.Join(parts, "\n\n")
		}
		l.Steps = append(l.Steps, step)
	}
	for title := range bySection {
		return Lesson{}, fmt.Errorf("step %q has no section in doc.go", title)
	}
	return l, nil
}

type section struct{ title, body string }

// splitSections cuts a package comment at its "# Heading" lines (go doc's
// heading syntax).
func splitSections(text string) (intro string, secs []section) {
	var cur *section
	var b strings.Builder
	flush := func() {
		body := strings.TrimSpace(b.String())
		b.Reset()
		if cur == nil {
			intro = body
			return
		}
		cur.body = body
		secs = append(secs, *cur)
	}
	for line := range strings.Lines(text) {
		if title, ok := strings.CutPrefix(line, "# "); ok {
			flush()
			cur = &section{title: strings.TrimSpace(title)}
			continue
		}
		b.WriteString(line)
	}
	flush()
	return intro, secs
}

// exampleCode returns the Example function's source up to its Output
// comment, closed with a brace: what the learner would type.
func exampleCode(fset *token.FileSet, src []byte, f *ast.File, name string) string {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name {
			continue
		}
		start, end := fset.Position(fd.Pos()).Offset, fset.Position(fd.End()).Offset
		code := string(src[start:end])
		if i := strings.Index(code, "// Output:"); i >= 0 {
			code = strings.TrimRight(code[:i], " \t\n") + "\n}"
		} else if i := strings.Index(code, "// Unordered output:"); i >= 0 {
			code = strings.TrimRight(code[:i], " \t\n") + "\n}"
		}
		return code
	}
	return ""
}

// topicDecls maps the names declared in a lesson's non-test files to their
// source, doc comment included: "Split", "Claims", "Claims.Valid".
func topicDecls(fset *token.FileSet, slug string) (map[string]string, error) {
	entries, err := sources.ReadDir(slug)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_test.go") || name == "doc.go" {
			continue
		}
		src, err := sources.ReadFile(path.Join(slug, name))
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		text := func(doc *ast.CommentGroup, n ast.Node) string {
			var from token.Pos = n.Pos()
			if doc != nil {
				from = doc.Pos()
			}
			return string(src[fset.Position(from).Offset:fset.Position(n.End()).Offset])
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				key := d.Name.Name
				if d.Recv != nil && len(d.Recv.List) == 1 {
					key = recvName(d.Recv.List[0].Type) + "." + key
				}
				out[key] = text(d.Doc, d)
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					var names []string
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						names = []string{sp.Name.Name}
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							names = append(names, n.Name)
						}
					}
					// A name declared in a block shows the whole block:
					// it reads best with its neighbours.
					for _, n := range names {
						out[n] = text(d.Doc, d)
					}
				}
			}
		}
	}
	return out, nil
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}
