package engine

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// panicCases are two inputs with findings: a Terraform module and a
// template, analyzed as two components.
func panicCases(t *testing.T) (tf, cfn string) {
	root := testutil.RepoRoot(t)
	return filepath.Join(root, "testdata", "rules", "tf-seed-api-prefix"),
		filepath.Join(root, "testdata", "rules", "cfn-seed-api-prefix", "template.yaml")
}

func rulesFound(fs []rules.Finding, file string) []string {
	var out []string
	for _, f := range fs {
		if strings.HasPrefix(f.Range.File, file) {
			out = append(out, f.Rule)
		}
	}
	return out
}

// internalErrorsOf returns the messages of the input errors of severity
// error that report an internal error on file.
func internalErrorsOf(res *Result, file string) []string {
	var out []string
	for _, e := range res.Errors {
		if e.Range.File == file && e.Severity == model.SevError && strings.Contains(e.Message, "internal error") {
			out = append(out, e.Message)
		}
	}
	return out
}

// TestRulePanicRecovered: a rule that panics is reported as an internal
// error naming it on each component's files; the other rules' findings and
// the other components are still reported, and the run has errors (exit 2).
func TestRulePanicRecovered(t *testing.T) {
	tf, cfn := panicCases(t)
	clean, err := Run([]string{tf, cfn}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if clean.HasErrors() || len(rulesFound(clean.Findings, tf)) == 0 || len(rulesFound(clean.Findings, cfn)) == 0 {
		t.Fatalf("the inputs should have findings and no error: %+v %+v", clean.Findings, clean.Errors)
	}

	boom := &rules.Rule{Code: "EL999", Name: "always-panics", Severity: rules.Error,
		Run: func(*rules.Pass) []rules.Finding { panic("index out of range [3] with length 3") }}
	saved := ruleSet
	// The panicking rule runs between the others.
	ruleSet = func() []*rules.Rule {
		all := rules.All()
		return slices.Insert(all, len(all)/2, boom)
	}
	defer func() { ruleSet = saved }()

	res, err := Run([]string{tf, cfn}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasErrors() {
		t.Fatal("a panicking rule must make the run fail with an input error")
	}
	for _, file := range []string{tf, cfn} {
		msgs := internalErrorsOf(res, file)
		if len(msgs) != 1 || !strings.Contains(msgs[0], "EL999 (always-panics)") || !strings.Contains(msgs[0], "index out of range") {
			t.Errorf("%s: internal errors %q, want one naming rule EL999 and the panic", file, msgs)
		}
		if got, want := rulesFound(res.Findings, file), rulesFound(clean.Findings, file); !slices.Equal(got, want) {
			t.Errorf("%s: findings %v, want the other rules' %v", file, got, want)
		}
	}
}

// TestAssemblyPanicRecovered: a component whose assembly panics reports an
// internal error on its file and no finding; the other component is
// analyzed as usual.
func TestAssemblyPanicRecovered(t *testing.T) {
	tf, cfn := panicCases(t)
	saved := assemble
	assemble = func(cfg *model.Config) {
		if slices.Contains(cfg.Files, cfn) {
			xs := make([]int, len(cfg.Files))
			_ = xs[len(cfg.Files)] // a real runtime panic: index out of range
		}
		model.Assemble(cfg)
	}
	defer func() { assemble = saved }()

	res, err := Run([]string{tf, cfn}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if msgs := internalErrorsOf(res, cfn); len(msgs) != 1 || !strings.Contains(msgs[0], "assembly of the model") || !strings.Contains(msgs[0], "index out of range") {
		t.Errorf("internal errors on the template %q, want one for the assembly", msgs)
	}
	if got := rulesFound(res.Findings, cfn); len(got) != 0 {
		t.Errorf("the template whose assembly failed reports %v, want nothing", got)
	}
	if got := rulesFound(res.Findings, tf); len(got) == 0 {
		t.Error("the other component's findings are lost")
	}
	if msgs := internalErrorsOf(res, tf); len(msgs) != 0 {
		t.Errorf("the other component reports %q", msgs)
	}
	if !res.HasErrors() {
		t.Error("the run must fail with an input error")
	}
}
