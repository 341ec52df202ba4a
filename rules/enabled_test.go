package rules_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/config"
	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/rules"
)

func position(f rules.Finding) string {
	return fmt.Sprintf("%s %s:%d:%d", f.Rule, f.Range.File, f.Range.Start.Line, f.Range.Start.Column)
}

// TestDisablingKeepsOtherFindings disables each rule in turn over every
// rule case: the disabled rule reports nothing, and no finding of another
// rule vanishes (a fault the disabled rule would own is reported by the
// next rule that sees it, never silenced by a rule that did not run).
func TestDisablingKeepsOtherFindings(t *testing.T) {
	dir := ruletest.Dir(t)
	all, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.All() {
		cfg, err := config.Parse(filepath.Join(dir, ".edgelint.yaml"), []byte("rules:\n  "+r.Code+":\n    enabled: false\n"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := engine.Run([]string{dir}, engine.Options{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range res.Findings {
			if f.Rule == r.Code {
				t.Errorf("%s disabled reported %s", r.Code, position(f))
			}
			got[position(f)] = true
		}
		for _, f := range all.Findings {
			if f.Rule != r.Code && !got[position(f)] {
				t.Errorf("disabling %s removed %s: %s", r.Code, position(f), f.Message)
			}
		}
	}
}

// TestDisabledOwnerHandsOver checks, on real cases, what reports a fault
// whose owning rule is disabled.
func TestDisabledOwnerHandsOver(t *testing.T) {
	dir := ruletest.Dir(t)
	tests := []struct {
		name, disabled string
		want           []string
	}{
		// Origins without a stage: EL004 names the paths that reach
		// no resource.
		{"tf-deployment-invoke-url", "EL001", []string{"EL010 tf-deployment-invoke-url/api.tf:26:1", "EL004 tf-deployment-invoke-url/cdn.tf:40:30", "EL004 tf-deployment-invoke-url/cdn.tf:49:30", "EL012 tf-deployment-invoke-url/cdn.tf:49:30"}},
		// An origin path naming no stage: the default behavior's
		// requests reach no resource.
		{"tf-el002-stage-case", "EL002", []string{"EL004 tf-el002-stage-case/cdn.tf:16:3"}},
		// An invoke URL as the origin domain: its stage is not in the
		// origin path.
		{"tf-el005-invoke-url", "EL005", []string{"EL001 tf-el005-invoke-url/cdn.tf:7:19"}},
		// A behavior that forwards Host with a cache policy keyed on
		// Host alone: Authorization is not delivered either.
		{"tf-el007-host-header", "EL007", []string{"EL003 tf-el007-host-header/api.tf:51:19"}},
		// Origin paths ending with "/": requests reach "/prod//…".
		{"tf-origin-path-trailing-slash", "EL002", []string{"EL004 tf-origin-path-trailing-slash/main.tf:62:30", "EL004 tf-origin-path-trailing-slash/main.tf:70:3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name+" without "+tc.disabled, func(t *testing.T) {
			cfg, err := config.Parse(filepath.Join(dir, ".edgelint.yaml"), []byte("rules:\n  "+tc.disabled+":\n    enabled: false\n"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := engine.Run([]string{filepath.Join(dir, tc.name)}, engine.Options{Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				rel, _ := filepath.Rel(dir, f.Range.File)
				got = append(got, fmt.Sprintf("%s %s:%d:%d", f.Rule, filepath.ToSlash(rel), f.Range.Start.Line, f.Range.Start.Column))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
