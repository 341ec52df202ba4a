package terraform

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestWorkspace: terraform.workspace is TF_WORKSPACE, else the workspace
// recorded in .terraform/environment, else "default".
func TestWorkspace(t *testing.T) {
	stage := func(dir string, opts Options) string {
		cfg, _ := LoadModule(dir, opts, model.NewSymbols())
		if len(cfg.Stages) != 1 {
			t.Fatalf("%s: want one stage, got %d", dir, len(cfg.Stages))
		}
		return cfg.Stages[0].Name.V
	}
	dir := filepath.Join("testdata", "workspace")
	if got := stage(dir, Options{}); got != "staging" {
		t.Errorf(".terraform/environment: workspace %q, want staging", got)
	}
	if got := stage(dir, Options{Workspace: "prod"}); got != "prod" {
		t.Errorf("TF_WORKSPACE: workspace %q, want prod", got)
	}
	if got := stage(filepath.Join("testdata", "workspace-none"), Options{}); got != "default" {
		t.Errorf("no workspace selected: %q, want default", got)
	}
}
