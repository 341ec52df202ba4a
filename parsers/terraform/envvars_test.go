package terraform

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestEnvVars: TF_VAR_ values beat defaults but lose to tfvars files and
// --var; undeclared ones are ignored.
func TestEnvVars(t *testing.T) {
	dir := filepath.Join("testdata", "envvars")
	load := func(opts Options) (stage, name string) {
		cfg, errs := LoadModule(dir, opts, model.NewSymbols())
		for _, e := range errs {
			if e.Severity == model.SevError {
				t.Fatalf("unexpected error: %s", e.Error())
			}
		}
		if len(cfg.Stages) != 1 || len(cfg.APIs) != 1 {
			t.Fatalf("want one stage and one API, got %d and %d", len(cfg.Stages), len(cfg.APIs))
		}
		return cfg.Stages[0].Name.V, cfg.APIs[0].Name.V
	}
	if s, n := load(Options{}); s != "default" || n != "api-eu-west-1" {
		t.Errorf("no env: stage %q, name %q", s, n)
	}
	env := map[string]string{"stage": "from-env", "region": "ap-south-1", "undeclared": "x"}
	if s, n := load(Options{EnvVars: env}); s != "from-env" || n != "api-eu-west-1" {
		t.Errorf("env: stage %q (want from-env), name %q (tfvars must win)", s, n)
	}
	if s, _ := load(Options{EnvVars: env, Vars: map[string]string{"stage": "from-cli"}}); s != "from-cli" {
		t.Errorf("--var must beat the environment, got %q", s)
	}
}
