package rules

import "github.com/edgelint/edgelint/model"

// Severity of a finding.
type Severity string

// Severities, most severe first.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities: error 3, warning 2, info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Finding is one fault a rule found, anchored at the exact source range to
// change.
type Finding struct {
	Rule     string   `json:"rule"` // EL004
	Name     string   `json:"name"` // behavior-matches-no-resource
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Range    model.Range
	// Notes are extra lines for people: what exists, what to change, why.
	Notes   []string  `json:"notes,omitempty"`
	Related []Related `json:"related,omitempty"`
	Fix     *Fix      `json:"fix,omitempty"`
	// Entity identifies what the finding is about independently of line
	// numbers and wording (e.g. "aws_cloudfront_distribution.cdn/behavior[/api/*]"):
	// Run builds it from Subject (see Subject.entity); baselines and
	// SARIF fingerprints key findings by it.
	Entity string `json:"entity,omitempty"`
	// FormerEntities are the identities the finding had in version 1
	// baselines, where they differ from Entity.
	FormerEntities []string `json:"-"`
	// Subject is what a rule says the finding is about; Run turns it
	// into Entity and clears it, so that findings hold no model.
	Subject Subject `json:"-"`
}

// Related is a secondary location (the API resource, the stage, …).
type Related struct {
	Message string      `json:"message"`
	Range   model.Range `json:"range"`
}

// Fix is a certain, mechanical correction. Rules propose it in model
// terms (Values, Insert); the engine turns a proposal into text Edits after
// checking the source holds exactly the value the rule read, and drops the
// fix when it cannot be certain (a value built from variables, an escape it
// cannot reproduce, a layout it does not know).
type Fix struct {
	Description string     `json:"description"`
	Edits       []TextEdit `json:"edits"`
	// Values are values to change where they are written.
	Values []ValueEdit `json:"-"`
	// Insert is an attribute to add beside another one.
	Insert *Insert `json:"-"`

	// List is a list of strings to replace where it is written.
	List *ListEdit `json:"-"`
}

// ListEdit replaces the list of strings written at Range, which must read
// exactly Old, by New.
type ListEdit struct {
	Range    model.Range
	Old, New []string
}

// ValueEdit changes the string value written at Range from Old to New.
type ValueEdit struct {
	Range    model.Range
	Old, New string
}

// Insert adds the attribute Key with the string Value on the line after
// the one-line attribute at After, named AfterKey, with its indentation.
type Insert struct {
	After         model.Range
	AfterKey, Key string
	Value         string
	Format        model.Format
}

// TextEdit replaces the text at Range with NewText.
type TextEdit struct {
	Range   model.Range `json:"range"`
	NewText string      `json:"new_text"`
}
