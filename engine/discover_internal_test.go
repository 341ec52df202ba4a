package engine

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
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
// with tabs, quotes and newlines included, and a damaged file is ignored.
func TestModuleCallsFile(t *testing.T) {
	dir := t.TempDir()
	h := func(c byte) string { return strings.Repeat(string(c), 40) }
	want := map[string][]string{
		h('a'):               {},
		h('b'):               {"./modules/api", "../x"},
		h('c'):               {"./tab\there", `./"quoted"`, "./new\nline", "", `.\back`},
		h('c') + factsSuffix: {"!EN"},
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
	for _, damaged := range []string{string(b[:len(b)-3]), "something else\n" + string(b), strings.Replace(string(b), h('b'), "short", 1)} {
		if err := os.WriteFile(filepath.Join(dir, moduleCallsName), []byte(damaged), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := loadModuleCalls(dir).m; len(got) != 0 {
			t.Errorf("a damaged file was read: %q", got)
		}
	}
}
