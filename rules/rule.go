// Package rules holds edgelint's checks. Each rule is a small value with a
// stable code (EL001), a kebab-case name, a default severity, a one-line
// summary and an embedded Markdown document; it reads only the assembled
// model and reports Findings.
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
	// Run reports the rule's findings on an assembled config.
	Run func(p *Pass) []Finding
}

// DocURL is where a rule's documentation lives online.
func (r *Rule) DocURL() string {
	return "https://github.com/edgelint/edgelint/blob/main/rules/docs/" + r.Code + ".md"
}

// Pass is what a rule run sees.
type Pass struct {
	Config *model.Config
	an     *analysis
}
