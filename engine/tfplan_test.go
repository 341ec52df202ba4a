package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/rules"
)

func findingsOf(t *testing.T, code string, paths ...string) []rules.Finding {
	t.Helper()
	res, err := engine.Run(paths, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	var out []rules.Finding
	for _, f := range res.Findings {
		if f.Rule == code {
			out = append(out, f)
		}
	}
	return out
}

// TestPlanJSON: a plan JSON gives the same finding, at the same line of the
// .tf source beside it, as the source itself.
func TestPlanJSON(t *testing.T) {
	dir := filepath.Join(testutil.RepoRoot(t), "parsers", "tfplan", "testdata", "seed")
	fromPlan := findingsOf(t, "EL004", filepath.Join(dir, "plan.json"))
	fromSource := findingsOf(t, "EL004", filepath.Join(dir, "cdn.tf"))
	if len(fromPlan) != 1 || len(fromSource) != 1 {
		t.Fatalf("EL004 findings: %d from the plan, %d from the source", len(fromPlan), len(fromSource))
	}
	p, s := fromPlan[0].Range, fromSource[0].Range
	if p.File != s.File || p.Start != s.Start || filepath.Base(p.File) != "cdn.tf" || p.Start.Line != 27 {
		t.Errorf("plan finding at %v, source finding at %v", p, s)
	}
	if fromPlan[0].Message != fromSource[0].Message {
		t.Errorf("messages differ:\nplan:   %s\nsource: %s", fromPlan[0].Message, fromSource[0].Message)
	}
}

// TestPlanByContent: a plan is recognised by content, whatever its name.
func TestPlanByContent(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "parsers", "tfplan", "testdata", "seed", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "infra-snapshot.json")
	if err := os.WriteFile(p, src, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Config.APIs) != 1 || len(res.Config.Distributions) != 1 {
		t.Fatalf("plan not read: %d APIs, %d distributions, errors %v", len(res.Config.APIs), len(res.Config.Distributions), res.Errors)
	}
}
