package engine

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/gitindex"
)

func TestInSkipDir(t *testing.T) {
	sep := string(filepath.Separator)
	for rel, want := range map[string]bool{
		"main.tf":                               false,
		"node_modules":                          false, // a file of that name
		"a" + sep + "main.tf":                   false,
		".terraform" + sep + "main.tf":          true,
		"a" + sep + ".git" + sep + "x.yaml":     true,
		"a" + sep + "node_modules2" + sep + "x": false,
		"a" + sep + "b" + sep + "node_modules" + sep + "c" + sep + "t.json": true,
	} {
		if got := inSkipDir(rel); got != want {
			t.Errorf("inSkipDir(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestModuleCallsFile: the cache file reads back what was saved, sources
// with tabs, quotes and newlines included; a damaged entry is dropped and
// the others kept, a file without the header is ignored, and the entries
// of another build are not trusted.
func TestModuleCallsFile(t *testing.T) {
	dir := t.TempDir()
	h := func(c byte) string { return strings.Repeat(string(c), 40) }
	want := map[string][]string{
		h('a'):               {},
		h('b'):               {"./modules/api", "../x"},
		h('c'):               {"./tab\there", `./"quoted"`, "./new\nline", "", `.\back`},
		h('c') + factsSuffix: {"!EN"},
		h('c') + jsonSuffix:  {"./json"},
	}
	c := loadModuleCalls(dir)
	c.m, c.dirty = want, true
	c.save()
	got := loadModuleCalls(dir).m
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, moduleCallsName))
	if err != nil {
		t.Fatal(err)
	}
	without := func(keys ...string) map[string][]string {
		out := map[string][]string{}
		for k, v := range want {
			if !slices.Contains(keys, k) {
				out[k] = v
			}
		}
		return out
	}
	for _, d := range []struct {
		name    string
		damaged string
		want    map[string][]string
	}{
		{"cut short", string(b[:len(b)-3]), without(h('c') + factsSuffix)},
		{"no header", "something else\n" + string(b), map[string][]string{}},
		{"short key", strings.Replace(string(b), h('b'), "short", 1), without(h('b'))},
		{"other key", strings.Replace(string(b), h('b'), h('d'), 1), without(h('b'))},
		{"flipped source", strings.Replace(string(b), "./modules/api", "./modules/apj", 1), without(h('b'))},
		{"flipped fact", strings.Replace(string(b), "!EN", "!EM", 1), without(h('c') + factsSuffix)},
		{"garbage line", strings.Replace(string(b), "\n", "\n\x00\xff garbage\t\n", 2), want},
	} {
		if err := os.WriteFile(filepath.Join(dir, moduleCallsName), []byte(d.damaged), 0o600); err != nil {
			t.Fatal(err)
		}
		c := loadModuleCalls(dir)
		if !reflect.DeepEqual(c.m, d.want) {
			t.Errorf("%s: read %q, want %q", d.name, c.m, d.want)
		}
		if d.name != "no header" && !c.dirty {
			t.Errorf("%s: the damaged file would not be written again", d.name)
		}
	}
	// Another build's entries.
	c = readModuleCalls(dir, "another build")
	c.m, c.dirty = want, true
	c.save()
	if got := loadModuleCalls(dir).m; len(got) != 0 {
		t.Errorf("the entries of another build were read: %q", got)
	}
	if got := readModuleCalls(dir, "another build").m; !reflect.DeepEqual(got, want) {
		t.Errorf("the same build read back %q, want %q", got, want)
	}
}

// TestModuleCallsSyntax: the module sources of the same content are kept
// apart for Terraform JSON files and native syntax files, which read it
// differently.
func TestModuleCallsSyntax(t *testing.T) {
	dir := t.TempDir()
	src := []byte(`{"module": {"api": {"source": "./api"}}}` + "\n")
	var entries []gitindex.Entry
	for _, name := range []string{"a.tf.json", "b.tf"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		mt := info.ModTime()
		entries = append(entries, gitindex.Entry{Path: name, Size: uint32(len(src)), MtimeSec: uint32(mt.Unix()), MtimeNsec: uint32(mt.Nanosecond()), Hash: blobHash(src)})
	}
	// An index written after the files: their entries are not racy.
	index := filepath.Join(dir, ".git", "index")
	if err := os.MkdirAll(filepath.Dir(index), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(index, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(index, later, later); err != nil {
		t.Fatal(err)
	}
	c := loadModuleCalls(t.TempDir())
	c.use(dir, dir+string(filepath.Separator), entries)
	for _, name := range []string{"a.tf.json", "b.tf", "a.tf.json"} {
		got, ok := c.sources(filepath.Join(dir, name))
		want := []string{}
		if name == "a.tf.json" {
			want = []string{"./api"}
		}
		if !ok || !slices.Equal(got, want) {
			t.Errorf("sources(%s) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// TestModuleCallsEntry: a run's path finds its index entry under the
// root's prefix, whether git's order was kept or not, and no other path
// does.
func TestModuleCallsEntry(t *testing.T) {
	sep := string(filepath.Separator)
	sorted := []gitindex.Entry{{Path: "a.tf", Size: 1}, {Path: "m" + sep + "main.tf", Size: 2}, {Path: "z.yaml", Size: 3}}
	shuffled := []gitindex.Entry{sorted[2], sorted[0], sorted[1]}
	for _, entries := range [][]gitindex.Entry{sorted, shuffled} {
		c := &moduleCalls{}
		c.use(t.TempDir(), "repo"+sep, entries)
		for _, e := range sorted {
			if got, ok := c.entry("repo" + sep + e.Path); !ok || got.Size != e.Size {
				t.Errorf("entry(%s) = %v, %v", e.Path, got, ok)
			}
		}
		for _, p := range []string{"a.tf", "repo" + sep + "b.tf", "other" + sep + "a.tf", "repo" + sep + "m"} {
			if _, ok := c.entry(p); ok {
				t.Errorf("entry(%s) found", p)
			}
		}
		if !c.indexed() {
			t.Error("not indexed after use")
		}
	}
	if (*moduleCalls)(nil).indexed() {
		t.Error("a nil cache is indexed")
	}
}

// TestSelectUnits: the units of the files given (their directories, or the
// files themselves), and the units whose module calls reach them, are
// selected whether files and units are named relative to the working
// directory or absolute.
func TestSelectUnits(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string { return filepath.Join(cwd, p) }
	d := &discovery{
		units: []Unit{
			{Kind: "terraform", Path: filepath.Join("live", "api")},
			{Kind: "terraform", Path: abs(filepath.Join("live", "cdn"))},
			{Kind: "terraform", Path: filepath.Join("live", "other")},
			{Kind: "file", Path: filepath.Join("stacks", "t.yaml")},
			{Kind: "file", Path: abs(filepath.Join("stacks", "u.yaml"))},
		},
		callers: map[string][]string{
			filepath.Join("modules", "api"):      {filepath.Join("live", "api")},
			abs(filepath.Join("modules", "cdn")): {abs(filepath.Join("live", "cdn"))},
			filepath.Join("modules", "x"):        {filepath.Join("live", "other")},
		},
	}
	for _, c := range []struct {
		files []string
		want  []bool
	}{
		{[]string{filepath.Join("modules", "api", "main.tf")}, []bool{true, false, false, false, false}},
		{[]string{abs(filepath.Join("modules", "api", "main.tf"))}, []bool{true, false, false, false, false}},
		{[]string{filepath.Join("modules", "cdn", "main.tf")}, []bool{false, true, false, false, false}},
		{[]string{filepath.Join("live", "cdn", "x.tf"), abs(filepath.Join("stacks", "t.yaml"))}, []bool{false, true, false, true, false}},
		{[]string{filepath.Join("stacks", "u.yaml")}, []bool{false, false, false, false, true}},
		{[]string{filepath.Join("elsewhere", "a.tf")}, []bool{false, false, false, false, false}},
	} {
		if got := selectUnits(d, c.files); !reflect.DeepEqual(got, c.want) {
			t.Errorf("selectUnits(%q) = %v, want %v", c.files, got, c.want)
		}
	}
}

// The variables files of a Terraform module, JSON ones included, are read
// with the module, not as templates of their own; other JSON files are
// still template candidates.
func TestDiscoverVarsFilesNotTemplates(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"main.tf":               `variable "x" {}`,
		"terraform.tfvars.json": `{"x": "a"}`,
		".auto.tfvars.json":     `{"x": "b"}`,
		"prod.auto.tfvars.json": `{"x": "c"}`,
		"template.json":         `{"Resources": {}}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	units, _, err := Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range units {
		got = append(got, u.Kind+" "+filepath.Base(u.Path))
	}
	want := []string{"terraform " + filepath.Base(dir), "file template.json"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units = %q, want %q", got, want)
	}
}
