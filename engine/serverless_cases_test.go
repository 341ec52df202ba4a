package engine_test

import (
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
)

// TestServerlessRuleCases runs the Serverless Framework service cases of
// testdata/rules-serverless like the other rule cases, once the engine
// reads serverless.yml; until then there is nothing to run them through,
// and they are checked against the framework's packaged output alone
// (TestServerlessParity).
func TestServerlessRuleCases(t *testing.T) {
	if !ruletest.ReadsServerless(t) {
		t.Skip("the engine does not read serverless.yml yet: the cases of testdata/rules-serverless wait for its reader")
	}
	ruletest.RunCases(t, ruletest.ServerlessDir(t), engine.Options{})
}
