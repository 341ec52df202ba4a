// Package rules holds edgelint's checks. Each rule is a small value with a
// stable code (EL001), a kebab-case name, a default severity, a one-line
// summary and an embedded Markdown document; it reads only the assembled
// model, and the shared analyses it declares, and reports Findings.
package rules

import "github.com/edgelint/edgelint/model"

// Rule is one check.
type Rule struct {
	Code     string
	Name     string
	Severity Severity
	Summary  string
	// Doc is the Markdown documentation shown by `edgelint explain`.
	Doc string
	// Requires lists the shared analyses the rule reads through
	// Pass.ResultOf, as an analyzer's Requires in go/analysis: a run
	// computes each one once, and only when an enabled rule requires it.
	Requires []*Analysis
	// Run reports the rule's findings on an assembled config. Every
	// finding sets Subject, from which Run derives its identity.
	Run func(p *Pass) []Finding
}

// DocURL is where a rule's documentation lives online.
func (r *Rule) DocURL() string {
	return "https://github.com/edgelint/edgelint/blob/main/rules/docs/" + r.Code + ".md"
}

// Analysis is a computation several rules share, run once per run before
// the first rule that requires it.
type Analysis struct {
	Name string
	Doc  string
	// run computes the result from the config and the set of enabled
	// rules (which decides what root causes silence; see rootCause).
	run func(c *model.Config, enabled func(code string) bool) any
}

// Pass is what one rule's run sees.
type Pass struct {
	Config *model.Config
	// Enabled reports whether a rule runs in this run.
	Enabled func(code string) bool
	// ResultOf holds the results of the analyses the rule requires, and
	// of no other.
	ResultOf map[*Analysis]any
	rule     *Rule
}
