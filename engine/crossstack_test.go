package engine_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// TestCrossStackRelated: a distribution stack importing an API's ID from
// another template is analyzed with it, and its finding names the API
// stack's resource as a related location; the same holds through a stack
// that imports the value and exports it again.
func TestCrossStackRelated(t *testing.T) {
	for _, c := range []struct{ dir, api string }{
		{"cfn-cross-stack", "api.yaml"},
		{"cfn-cross-stack-chain", "api.yaml"},
	} {
		t.Run(c.dir, func(t *testing.T) {
			dir := filepath.Join(testutil.RepoRoot(t), "testdata", "rules", c.dir)
			res, err := engine.Run([]string{dir}, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 {
				t.Fatalf("%d findings, want 1", len(res.Findings))
			}
			f := res.Findings[0]
			if filepath.Base(f.Range.File) != "cdn.yaml" {
				t.Fatalf("finding in %s, want the distribution stack", f.Range.File)
			}
			found := false
			for _, r := range f.Related {
				if filepath.Base(r.Range.File) == c.api && strings.Contains(r.Message, "API") && r.Range.Start.Line > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("related locations %+v lack the API resource in %s", f.Related, c.api)
			}
		})
	}
}
