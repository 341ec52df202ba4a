package rules_test

import (
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
)

// TestRuleCases runs every rule case of testdata/rules (internal/ruletest
// describes the annotations), so that the rules' own tests cover them.
func TestRuleCases(t *testing.T) {
	ruletest.RunCases(t, ruletest.Dir(t), engine.Options{})
}
