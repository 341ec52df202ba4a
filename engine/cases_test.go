package engine_test

import (
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
)

// TestRuleCases runs every case directory under testdata/rules through the
// engine (internal/ruletest describes the annotations).
func TestRuleCases(t *testing.T) {
	ruletest.RunCases(t, ruletest.Dir(t), engine.Options{})
}

// TestRuleCasesTogether scans every case in one run: units must not leak
// into each other (the same resource names, domain names and logical IDs
// recur across cases), so the findings are exactly the union.
func TestRuleCasesTogether(t *testing.T) {
	ruletest.Run(t, ruletest.Dir(t), engine.Options{})
}
