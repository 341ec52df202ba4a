package cloudformation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
)

// fixture parses testdata/name and returns the config (not assembled), the
// errors, the symbol table and the source.
type fixture struct {
	path string
	src  []byte
	syms *model.Symbols
	cfg  *model.Config
	errs []model.Diagnostic
}

func parseFixture(t *testing.T, name string, opts Options) *fixture {
	t.Helper()
	path := filepath.Join("testdata", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseSource(t, path, src, opts)
}

func parseSource(t *testing.T, path string, src []byte, opts Options) *fixture {
	t.Helper()
	syms := model.NewSymbols()
	cfg, errs := Parse(path, src, opts, syms)
	return &fixture{path: path, src: src, syms: syms, cfg: cfg, errs: errs}
}

// id is the entity ID of a logical ID.
func (f *fixture) id(logical string) string { return f.path + "#" + logical }

// token is the token of an attribute of the entity of a logical ID.
func (f *fixture) token(logical, attr string) string {
	return f.syms.Attr(f.id(logical), attr, "")
}

func (f *fixture) host(logical string) string {
	return f.token(logical, "id") + ".execute-api." + f.syms.Pseudo(model.PseudoRegion) + "." + f.syms.Pseudo(model.PseudoURLSuffix)
}

// unknownParam is the token of a parameter without a value.
func (f *fixture) unknownParam(name string) string {
	return f.syms.Unknown("cfn:"+f.path+":param:"+name, "")
}

func (f *fixture) api(t *testing.T, logical string) *model.API {
	t.Helper()
	for _, a := range f.cfg.APIs {
		if a.ID == f.id(logical) {
			return a
		}
	}
	t.Fatalf("no API %s", logical)
	return nil
}

func (f *fixture) dist(t *testing.T, logical string) *model.Distribution {
	t.Helper()
	for _, d := range f.cfg.Distributions {
		if d.ID == f.id(logical) {
			return d
		}
	}
	t.Fatalf("no distribution %s", logical)
	return nil
}

func (f *fixture) stage(t *testing.T, id string) *model.Stage {
	t.Helper()
	for _, s := range f.cfg.Stages {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no stage %s", id)
	return nil
}

func (f *fixture) policy(t *testing.T, logical string) *model.Policy {
	t.Helper()
	for _, p := range f.cfg.Policies {
		if p.ID == f.id(logical) {
			return p
		}
	}
	t.Fatalf("no policy %s", logical)
	return nil
}

// noErrors fails on any error- or warning-severity problem except the
// expected substrings.
func (f *fixture) noErrors(t *testing.T, except ...string) {
	t.Helper()
outer:
	for _, e := range f.errs {
		if e.Severity == model.SevInfo {
			continue
		}
		for _, x := range except {
			if strings.Contains(e.Message, x) {
				continue outer
			}
		}
		t.Errorf("unexpected %s: %s", e.Severity, e.Error())
	}
}

// apiResource returns the resource of an API with the given path.
func apiResource(t *testing.T, a *model.API, path string) *model.Resource {
	t.Helper()
	for _, r := range a.Resources {
		if r.Path.Known && r.Path.V == path {
			return r
		}
	}
	var have []string
	for _, r := range a.Resources {
		have = append(have, r.Path.V)
	}
	t.Fatalf("API %s has no resource %s (has %v)", a.ID, path, have)
	return nil
}

// method returns the method of a resource.
func method(t *testing.T, r *model.Resource, m string) *model.Method {
	t.Helper()
	for _, x := range r.Methods {
		if x.HTTPMethod.V == m {
			return x
		}
	}
	t.Fatalf("resource %s has no method %s", r.Path.V, m)
	return nil
}

// span is a source range as 1-based line:column pairs.
type span struct{ line, col, endLine, endCol int }

func spanOf(r model.Range) span {
	return span{r.Start.Line, r.Start.Column, r.End.Line, r.End.Column}
}

// locate finds the nth (0-based) occurrence of needle in src and returns
// its span, with columns counted in characters.
func locate(t *testing.T, src []byte, needle string, nth int) span {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(string(src[off:]), needle)
		if j < 0 {
			t.Fatalf("%q (occurrence %d) not in source", needle, nth)
		}
		if i == nth {
			off += j
			break
		}
		off += j + len(needle)
	}
	pos := func(o int) (int, int) {
		before := string(src[:o])
		line := strings.Count(before, "\n") + 1
		start := strings.LastIndexByte(before, '\n') + 1
		return line, utf8.RuneCountInString(before[start:]) + 1
	}
	l, c := pos(off)
	el, ec := pos(off + len(needle))
	return span{l, c, el, ec}
}

// wantStr checks a known string value and that its range is exactly the
// nth occurrence of text in the source.
func (f *fixture) wantStr(t *testing.T, what string, s model.Str, v, text string, nth int) {
	t.Helper()
	if !s.Known || !s.Set || s.V != v {
		t.Errorf("%s = %q (known %v, set %v), want %q", what, f.syms.Display(s.V), s.Known, s.Set, f.syms.Display(v))
	}
	if text == "" {
		return
	}
	if got, want := spanOf(s.Range), locate(t, f.src, text, nth); got != want {
		t.Errorf("%s range = %v, want %v (%q)", what, got, want, text)
	}
	if s.Range.File != f.path {
		t.Errorf("%s range file = %q, want %q", what, s.Range.File, f.path)
	}
}
