package engine_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// TestNestedTemplatesAreReadOnce: a template another scanned template
// includes as a local nested stack is read only as that stack's child;
// scanned alone, it is analyzed on its own.
func TestNestedTemplatesAreReadOnce(t *testing.T) {
	dir := filepath.Join(testutil.RepoRoot(t), "testdata", "rules", "cfn-nested-stack")
	child := filepath.Join(dir, "api", "api.yaml")
	res, err := engine.Run([]string{dir}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	for _, s := range res.Config.Stages {
		stages = append(stages, s.ID+"="+s.Name.V)
	}
	want := filepath.Join(dir, "parent.yaml") + "#ApiStack/Stage=prod"
	if strings.Join(stages, ",") != want {
		t.Errorf("stages [%s], want [%s]", strings.Join(stages, ","), want)
	}

	res, err = engine.Run([]string{child}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Config.Stages) != 1 || res.Config.Stages[0].ID != child+"#Stage" || res.Config.Stages[0].Name.IsLiteral() {
		t.Errorf("alone, the child's stage is its own, with an unknown name: %+v", res.Config.Stages)
	}
}
