package rules

import (
	"fmt"
	"slices"
	"sort"

	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
)

// Run runs every rule over an assembled config and returns the findings
// sorted by file, position and rule, one per rule and source location. A
// rule that panics panics Run; Check recovers.
func Run(c *model.Config) []Finding {
	out, _ := run(c, All(), false)
	return out
}

// Failure is a rule that panicked on a config: an edgelint bug, which
// must not take the other rules' findings (or the process) with it.
type Failure struct {
	Rule  *Rule
	Value any // what the rule panicked with
}

// Error describes the failure for people: the rule and the panic value.
func (f Failure) Error() string {
	return fmt.Sprintf("rule %s (%s) failed: %v", f.Rule.Code, f.Rule.Name, f.Value)
}

// Check runs rs over an assembled config like Run, recovering from a rule
// that panics: its findings are dropped, it is returned as a Failure, and
// the other rules still run.
func Check(c *model.Config, rs []*Rule) ([]Finding, []Failure) {
	return run(c, rs, true)
}

func run(c *model.Config, rs []*Rule, recovering bool) ([]Finding, []Failure) {
	p := &Pass{Config: c}
	var out []Finding
	var failures []Failure
	seen := map[string]bool{}
	for _, r := range rs {
		var found []Finding
		if recovering {
			var failed *Failure
			found, failed = runRecovering(r, p)
			if failed != nil {
				failures = append(failures, *failed)
				continue
			}
		} else {
			found = r.Run(p)
		}
		for _, f := range found {
			f = escaped(f)
			f.Rule, f.Name = r.Code, r.Name
			if f.Severity == "" {
				f.Severity = r.Severity
			}
			key := fmt.Sprintf("%s\x00%s\x00%d:%d", f.Rule, f.Range, f.Range.End.Line, f.Range.End.Column)
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, f)
		}
	}
	SortFindings(out)
	return out, failures
}

// escaped returns f with the control characters of its texts escaped
// (safetext.Escape): messages are built from the input's values (names,
// paths, hosts), and they are shown on one line by every output, in
// terminals and CI logs, where a raw line break or escape sequence from
// the input could forge a line or a workflow command. Values that rules
// quote with %q are escaped already; this covers the others.
func escaped(f Finding) Finding {
	f.Message, f.Entity = safetext.Escape(f.Message), safetext.Escape(f.Entity)
	if slices.ContainsFunc(f.Notes, unsafe) {
		notes := make([]string, len(f.Notes))
		for i, n := range f.Notes {
			notes[i] = safetext.Escape(n)
		}
		f.Notes = notes
	}
	if slices.ContainsFunc(f.Related, func(r Related) bool { return unsafe(r.Message) }) {
		rel := slices.Clone(f.Related)
		for i := range rel {
			rel[i].Message = safetext.Escape(rel[i].Message)
		}
		f.Related = rel
	}
	if f.Fix != nil && unsafe(f.Fix.Description) {
		fx := *f.Fix
		fx.Description = safetext.Escape(fx.Description)
		f.Fix = &fx
	}
	return f
}

func unsafe(s string) bool { return !safetext.Safe(s) }

// runRecovering runs one rule, turning a panic into a Failure.
func runRecovering(r *Rule, p *Pass) (found []Finding, failed *Failure) {
	defer func() {
		if v := recover(); v != nil {
			found, failed = nil, &Failure{Rule: r, Value: v}
		}
	}()
	return r.Run(p), nil
}

// SortFindings orders findings by file, line, column and rule.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Range, fs[j].Range
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		if a.Start.Column != b.Start.Column {
			return a.Start.Column < b.Start.Column
		}
		return fs[i].Rule < fs[j].Rule
	})
}
