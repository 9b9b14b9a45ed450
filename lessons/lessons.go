// Package lessons lists jwtlab's lessons and walks through them one step at
// a time.
//
// Every lesson is a package of its own (lessons/01-segments, ...). Its
// doc.go holds the prose, split into sections by "# Heading" lines; its
// steps.go holds one function per section, StepX(w io.Writer) error; its
// example_test.go holds ExampleStepX, which calls StepX and whose
// "// Output:" go test checks. Each step's code therefore exists once: the
// walk shows StepX's source (read from the embedded files), runs StepX, and
// lessons_test.go checks that what it prints is the Example's Output.
//
// A new lesson registers itself with a steps_NN.go file here: a spec naming
// its folder and, for each section heading, the Step function that goes
// with it (and, optionally, declarations to show first).
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
	"reflect"
	"runtime"
	"strconv"
	"strings"
)

// sources holds every lesson's Go files: the Step functions and the code
// they call are shown from here, the Examples' Output is read from here.
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

// Step is one section of a lesson's doc.go. Steps with a Step function show
// its code and run it; the closing "Try it" section has neither.
type Step struct {
	Title   string
	Prose   string
	Example string // the Example function in example_test.go, or ""
	Code    string // the source of the Step function that Example calls
	Decls   string // the code under study and the helpers the step calls
	Output  string // the Example's "// Output:" text, as go test checks it
	Run     func(io.Writer) error
}

// ErrNoLesson reports a lesson number or name that is not in the list.
var ErrNoLesson = errors.New("no such lesson")

// spec is what each steps_NN.go file declares: the lesson's place in the
// list, and for each section heading the Step function that goes with it.
type spec struct {
	number  int
	slug    string
	title   string
	summary string
	steps   []stepSpec
}

type stepSpec struct {
	section string   // heading in doc.go
	decls   []string // names in <topic>.go to show first ("Split", "Claims.Valid")
	// run is a StepX function of the lesson package. Its source is the
	// code shown; ExampleStepX in example_test.go calls it and holds the
	// Output. The lesson's other package-level names it uses are shown
	// too, at their first use in the lesson.
	run func(io.Writer) error
}

// specs is filled by the steps_NN.go files, in lesson order.
var specs = []spec{
	lesson01, lesson02, lesson03, lesson04, lesson05, lesson06, lesson07,
	lesson08, lesson09, lesson10, lesson11, lesson12, lesson13, lesson14, lesson15, lesson16, lesson17, lesson18, lesson19,
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
	shown := map[string]bool{} // declarations shown by an earlier step
	for _, sec := range sections {
		step := Step{Title: sec.title, Prose: sec.body}
		st, ok := bySection[sec.title]
		if ok {
			delete(bySection, sec.title)
			name := funcName(st.run)
			fn, ok := decls[name]
			if !ok || !strings.HasPrefix(name, "Step") {
				return Lesson{}, fmt.Errorf("section %q: run is %s, not a Step function of the lesson", sec.title, name)
			}
			step.Example = "Example" + name
			ex := examples[step.Example]
			if ex == nil {
				return Lesson{}, fmt.Errorf("section %q: no %s in example_test.go", sec.title, step.Example)
			}
			step.Output, step.Run, step.Code = ex.Output, st.run, fn.src
			shown[name] = true
			var parts []string
			for _, d := range st.decls {
				di, ok := decls[d]
				if !ok {
					return Lesson{}, fmt.Errorf("section %q: no declaration %s in the lesson's code", sec.title, d)
				}
				if !shown[d] {
					parts = append(parts, di.src)
				}
				shown[d] = true
			}
			for _, d := range uses(fn, decls, shown) {
				parts = append(parts, decls[d].src)
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

// funcName is the name a top-level function was declared with: for a
// Step function, the name its source is found under.
func funcName(f func(io.Writer) error) string {
	full := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	return full[strings.LastIndex(full, ".")+1:]
}

// uses lists, in order of first use, the lesson's package-level names that
// decl refers to and that no earlier step showed, marking them shown. It
// follows unexported helpers into what they use (a learner must be able
// to run what they read) but stops at exported names: those are the
// lesson's code under study, shown where a step first calls them. Names
// are matched by spelling, so a local variable that shadows a package-level
// name shows that declaration too: more code, never less.
func uses(d decl, decls map[string]decl, shown map[string]bool) []string {
	var out []string
	ast.Inspect(d.node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(n ast.Node) bool { return visitIdent(n, decls, shown, &out) })
			return false // n.Sel is a field or method, not a package-level name
		case *ast.KeyValueExpr:
			if _, ok := n.Key.(*ast.Ident); ok {
				// A struct field name in a literal; a map key that names a
				// package-level constant is missed, which shows less, and
				// the test that every name is shown would catch it.
				ast.Inspect(n.Value, func(n ast.Node) bool { return visitIdent(n, decls, shown, &out) })
				return false
			}
		}
		return visitIdent(n, decls, shown, &out)
	})
	return out
}

func visitIdent(n ast.Node, decls map[string]decl, shown map[string]bool, out *[]string) bool {
	id, ok := n.(*ast.Ident)
	if !ok {
		return true
	}
	d, ok := decls[id.Name]
	if !ok || shown[id.Name] {
		return true
	}
	// A block declares several names; show it once.
	for _, name := range d.names {
		shown[name] = true
	}
	*out = append(*out, id.Name)
	if !ast.IsExported(id.Name) {
		*out = append(*out, uses(d, decls, shown)...)
	}
	return true
}

type section struct{ title, body string }

// splitSections cuts a package comment at its "# Heading" lines (go doc's
// heading syntax).
func splitSections(text string) (intro string, secs []section) {
	var cur *section
	var b strings.Builder
	flush := func() {
		// Trim blank lines, not indentation: a section that opens with a
		// code block (every "Try it") keeps its first line's tab.
		body := strings.TrimRight(strings.TrimLeft(b.String(), "\n"), " \t\n")
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

// decl is one package-level declaration: its source, doc comment
// included, its syntax, and every name it declares.
type decl struct {
	src   string
	node  ast.Node
	names []string
}

// topicDecls maps the names declared in a lesson's non-test files to their
// declarations: "Split", "Claims", "Claims.Valid", "StepSplit".
func topicDecls(fset *token.FileSet, slug string) (map[string]decl, error) {
	entries, err := sources.ReadDir(slug)
	if err != nil {
		return nil, err
	}
	out := map[string]decl{}
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
				out[key] = decl{src: text(d.Doc, d), node: d, names: []string{key}}
			case *ast.GenDecl:
				if d.Tok == token.IMPORT {
					continue
				}
				var names []string
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						names = append(names, sp.Name.Name)
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							names = append(names, n.Name)
						}
					}
				}
				// A name declared in a block shows the whole block:
				// it reads best with its neighbours.
				for _, n := range names {
					out[n] = decl{src: text(d.Doc, d), node: d, names: names}
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
