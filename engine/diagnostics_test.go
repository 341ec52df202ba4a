package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

// Every diagnostic that leaves the engine has one of the three
// severities: none is empty, which a front end would have to guess.
func TestDiagnosticSeverities(t *testing.T) {
	var dirs []string
	for _, glob := range []string{"../testdata/rules/*", "../testdata/errors/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	dirs = append(dirs, filepath.Join(testutil.SharedCorpus(t), "robustness"))
	seen := map[model.Severity]int{}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		res, err := engine.Run([]string{dir}, engine.Options{})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, e := range res.Errors {
			if !e.Severity.Valid() {
				t.Errorf("%s: diagnostic with severity %q: %s", dir, e.Severity, e.Error())
			}
			seen[e.Severity]++
		}
		if res.HasErrors() != res.Errors.HasErrors() {
			t.Errorf("%s: Result.HasErrors disagrees with its diagnostics", dir)
		}
	}
	for _, s := range []model.Severity{model.SevError, model.SevWarning, model.SevInfo} {
		if seen[s] == 0 {
			t.Errorf("no diagnostic of severity %s in the cases: the test reads nothing", s)
		}
	}
}
