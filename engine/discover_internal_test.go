package engine

import (
	"path/filepath"
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
