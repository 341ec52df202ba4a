package engine_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// TestCalledModulesAreNotUnits: a directory another scanned module calls
// as a local module is read only as that module's child.
func TestCalledModulesAreNotUnits(t *testing.T) {
	base := filepath.Join(testutil.RepoRoot(t), "parsers", "terraform", "testdata", "modules")
	units, _, err := engine.Discover([]string{base})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range units {
		rel, _ := filepath.Rel(base, u.Path)
		got = append(got, u.Kind+" "+filepath.ToSlash(rel))
	}
	// cycle and cycle/sub call each other: the first by path is kept.
	if want := "terraform cycle,terraform root"; strings.Join(got, ",") != want {
		t.Errorf("units [%s], want [%s]", strings.Join(got, ","), want)
	}

	// Called alone, a module directory is a unit.
	api := filepath.Join(base, "root", "modules", "api")
	units, _, err = engine.Discover([]string{api})
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 1 || units[0].Path != api {
		t.Errorf("units %+v, want %s alone", units, api)
	}

	res, err := engine.Run([]string{filepath.Join(base, "root")}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Config.APIs {
		if !strings.Contains(a.ID, ":module.") {
			t.Errorf("API %s analyzed outside its caller", a.ID)
		}
	}
	if len(res.Config.APIs) != 5 || len(res.Config.Distributions) != 1 {
		t.Errorf("got %d APIs and %d distributions, want 5 and 1", len(res.Config.APIs), len(res.Config.Distributions))
	}
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s at %s: %s", f.Rule, f.Range, f.Message)
	}
}
