package engine_test

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// TestModelFollowsJoins checks that the whole model (Options.Model) holds
// the links across components that the analysis follows: an origin on an
// API that a data source in another module looks up by name is linked to
// it, and the findings are those of a run without the model.
func TestModelFollowsJoins(t *testing.T) {
	dir := filepath.Join(testutil.RepoRoot(t), "testdata", "rules", "tf-data-source-lookup")
	withModel, err := engine.Run([]string{dir}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, d := range withModel.Config.Distributions {
		for _, o := range d.Origins {
			if o.Link != nil && o.Link.API != nil {
				linked++
			}
		}
	}
	if linked == 0 {
		t.Error("no origin of the model is linked to the API its data source looks up")
	}
	if len(withModel.Config.APIs) != 1 {
		t.Errorf("%d APIs in the model, want the one API once", len(withModel.Config.APIs))
	}
	if len(withModel.Findings) != len(plain.Findings) || len(plain.Findings) == 0 {
		t.Errorf("%d findings with the model, %d without; want the same, and some", len(withModel.Findings), len(plain.Findings))
	}
}
