package engine_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/rules"
)

// notPlannable are the Terraform rule cases a plan cannot express as the
// module's evaluation does, and why (a substring of the generator's
// reason).
var notPlannable = map[string]string{
	// A plan holds what a data source read, not the lookup.
	"tf-data-source-lookup": "looks an API up",
	// A plan has every instance expanded.
	"tf-routes-unknown-api-ref":        "known only at deploy time",
	"tf-routes-unknown-instances":      "known only at deploy time",
	"tf-routes-unknown-instances-good": "known only at deploy time",
	"tf-authorizer-id-condition-good":  "known only at deploy time",
	"tf-module-unknown-instances":      "known only at deploy time",
	// The count of a data source the evaluation cannot know (Terraform
	// would read it while planning).
	"tf-tam-cloudfront-module": "known only at deploy time",
	// A plan holds the resources of every module; these are not read.
	"tf-module-not-installed":       "is not read",
	"tf-tam-apigateway-v2-module":   "is not read",
	"tf-tam-cloudfront-module-good": "is not read",
}

// TestPlanParity: every Terraform rule case, turned into the plan
// `terraform show -json` gives for creating it, has the findings of its
// module when it is read beside the .tf files, as users run it. Read alone,
// the plan knows less (what it knows only after apply stays unknown, no
// expression can rebuild it): its findings must be findings of the module,
// at the place the module writes the value found (positions in the plan
// mapped back), and it may miss some.
func TestPlanParity(t *testing.T) {
	root := filepath.Join(testutil.RepoRoot(t), "testdata", "rules")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || !terraformCase(t, filepath.Join(root, e.Name())) {
			continue
		}
		name := e.Name()
		n++
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), name)
			copyCase(t, filepath.Join(root, name), dir)
			// One plan for each root module of the case.
			var mods []string
			var plans []*terraform.GeneratedPlan
			var genErr error
			for _, m := range moduleDirs(t, dir) {
				gen, err := terraform.PlanJSON(m, terraform.Options{Root: dir})
				if err != nil {
					genErr = err
					break
				}
				mods, plans = append(mods, m), append(plans, gen)
			}
			reason, listed := notPlannable[name]
			switch {
			case genErr != nil && listed:
				if !strings.Contains(genErr.Error(), reason) {
					t.Fatalf("not plannable for another reason: %v (listed: %s)", genErr, reason)
				}
				return
			case genErr != nil:
				t.Fatalf("no plan: %v", genErr)
			case listed:
				t.Fatalf("listed as not plannable (%s) but a plan was written", reason)
			}
			want := runFindings(t, dir)

			var beside, alone []string
			origins := map[string]map[int]model.Range{}
			for i, gen := range plans {
				p := filepath.Join(mods[i], "plan.json")
				if err := os.WriteFile(p, gen.JSON, 0o600); err != nil {
					t.Fatal(err)
				}
				beside = append(beside, p)
				p = filepath.Join(t.TempDir(), "plan.json")
				if err := os.WriteFile(p, gen.JSON, 0o600); err != nil {
					t.Fatal(err)
				}
				alone = append(alone, p)
				origins[p] = gen.Origins
			}
			compareFindings(t, "plan beside the source", want, runFindings(t, beside...), nil)
			compareFindings(t, "plan alone", want, runFindings(t, alone...), origins)
		})
	}
	if n < 40 {
		t.Fatalf("only %d Terraform rule cases found", n)
	}
}

// terraformCase reports a case of .tf files only (a plan of its own aside).
func terraformCase(t *testing.T, dir string) bool {
	t.Helper()
	tf := false
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch ext := filepath.Ext(p); {
		case ext == ".tf":
			tf = true
		case ext == ".yaml" || ext == ".yml" || ext == ".template" || (ext == ".json" && !isPlan(t, p) && !strings.HasSuffix(p, ".tfvars.json")):
			tf = false
			return filepath.SkipAll
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tf
}

func isPlan(t *testing.T, p string) bool {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), `"planned_values"`)
}

// copyCase copies a case without its own plans.
func copyCase(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if filepath.Ext(p) == ".json" && isPlan(t, p) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// moduleDirs are the directories of a case holding .tf files.
func moduleDirs(t *testing.T, dir string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".tf" && !seen[filepath.Dir(p)] {
			seen[filepath.Dir(p)] = true
			out = append(out, filepath.Dir(p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func runFindings(t *testing.T, paths ...string) []rules.Finding {
	t.Helper()
	res, err := engine.Run(paths, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		if e.IsError() {
			t.Errorf("input error: %s", e.Error())
		}
	}
	return res.Findings
}

// findingAt is a finding's rule and where it starts.
func findingAt(rule string, r model.Range) string {
	return fmt.Sprintf("%s %s:%d:%d", rule, r.File, r.Start.Line, r.Start.Column)
}

// compareFindings requires the same findings (rule, file, line, column).
// With origins, the positions of got are offsets in the plan, mapped to
// where the module writes the value found there, and got need only be a
// part of want.
func compareFindings(t *testing.T, what string, want, got []rules.Finding, origins map[string]map[int]model.Range) {
	t.Helper()
	var w, g []string
	for _, f := range want {
		w = append(w, findingAt(f.Rule, f.Range))
	}
	for _, f := range got {
		r := f.Range
		if origins != nil {
			o, ok := origins[r.File][r.Start.Byte]
			if !ok {
				g = append(g, findingAt(f.Rule, r)+" (no origin in the plan)")
				continue
			}
			r = o
		}
		g = append(g, findingAt(f.Rule, r))
	}
	sort.Strings(w)
	sort.Strings(g)
	if origins != nil {
		// Plans of several root modules (a case's root and the modules
		// it calls, each planned as a root) may each hold one entity the
		// module reports once: a finding is extra when the module has
		// none at its place.
		has := map[string]bool{}
		for _, s := range w {
			has[s] = true
		}
		var extra []string
		for _, s := range g {
			if !has[s] {
				extra = append(extra, s)
			}
		}
		if len(extra) > 0 {
			t.Errorf("%s: findings the module does not have:\n\t%s\nmodule:\n\t%s", what, strings.Join(extra, "\n\t"), strings.Join(w, "\n\t"))
		}
		if len(g) < len(w) {
			t.Logf("%s: %d of %d findings", what, len(g), len(w))
		}
		return
	}
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Errorf("%s: findings differ\nmodule:\n\t%s\nplan:\n\t%s", what, strings.Join(w, "\n\t"), strings.Join(g, "\n\t"))
	}
}
