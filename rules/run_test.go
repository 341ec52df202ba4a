package rules

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestDisabledRulesDoNotRun: a rule that is not enabled is not called, and
// the shared analysis is computed once per run, and not at all when no
// enabled rule requires it.
func TestDisabledRulesDoNotRun(t *testing.T) {
	c := seed(t, "", "/posts")
	runs := 0
	orig := Origins.run
	Origins.run = func(c *model.Config, enabled func(string) bool) any {
		runs++
		return orig(c, enabled)
	}
	r := EL004
	saved := r.Run
	r.Run = func(*Pass) []Finding {
		t.Error("EL004 ran although disabled")
		return nil
	}
	defer func() { Origins.run, r.Run = orig, saved }()

	RunEnabled(c, func(code string) bool { return code != "EL004" })
	if runs != 1 {
		t.Errorf("the origins analysis ran %d times in one run, want once", runs)
	}
	runs = 0
	RunEnabled(c, func(string) bool { return false })
	if runs != 0 {
		t.Errorf("the origins analysis ran %d times with no rule enabled", runs)
	}
}

// TestDisabledRootCauseHandsOver: an origin without a stage is EL001's
// fault, and EL004 says nothing more about it; with EL001 disabled the
// fault does not vanish: EL004 reports the path that reaches no resource.
// An origin path that names no stage is EL002's, likewise.
func TestDisabledRootCauseHandsOver(t *testing.T) {
	tests := []struct {
		originPath, disabled, want string
	}{
		{"", "", "EL001@04"},
		{"", "EL001", "EL004@10"},
		{"/Prod", "", "EL002@04"},
		{"/Prod", "EL002", "EL004@09 EL004@10"},
		{"/Prod", "EL004", "EL002@04"},
	}
	for _, tc := range tests {
		enabled := func(code string) bool { return code != tc.disabled }
		got := strings.Join(codesAt(RunEnabled(seed(t, tc.originPath, "/posts"), enabled)), " ")
		if got != tc.want {
			t.Errorf("origin path %q without %s: got %q, want %q", tc.originPath, tc.disabled, got, tc.want)
		}
	}
}

// TestRulesRequireWhatTheyRead: a rule reading the origins analysis
// without requiring it fails loudly rather than computing it behind the
// run's back.
func TestRulesRequireWhatTheyRead(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("reading an analysis that was not required did not panic")
		}
	}()
	origins(&Pass{Config: seed(t, "/prod", "/posts"), ResultOf: map[*Analysis]any{}, rule: EL004})
}
