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
func Run(c *model.Config) []Finding { return RunEnabled(c, nil) }

// RunEnabled runs the rules enabled reports true for (every rule when
// enabled is nil) over an assembled config, as Run does. A rule that is
// not enabled does not run, and an analysis no enabled rule requires is
// not computed. Rules that defer to another rule's finding (one fault, one
// finding) defer only to an enabled one: a fault a disabled rule would
// own is reported by the next enabled rule that sees it.
func RunEnabled(c *model.Config, enabled func(code string) bool) []Finding {
	out, _ := run(c, All(), enabled, false)
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

// Check runs the rules of rs that enabled reports true for (all of them
// when enabled is nil) over an assembled config like RunEnabled,
// recovering from a rule that panics (or whose required analysis does):
// its findings are dropped, it is returned as a Failure, and the other
// rules still run.
func Check(c *model.Config, rs []*Rule, enabled func(code string) bool) ([]Finding, []Failure) {
	return run(c, rs, enabled, true)
}

func run(c *model.Config, rs []*Rule, enabled func(code string) bool, recovering bool) ([]Finding, []Failure) {
	if enabled == nil {
		enabled = func(string) bool { return true }
	}
	results := map[*Analysis]any{}
	var out []Finding
	var failures []Failure
	seen := map[string]bool{}
	for _, r := range rs {
		if !enabled(r.Code) {
			continue
		}
		p := &Pass{Config: c, Enabled: enabled, ResultOf: map[*Analysis]any{}, rule: r}
		var found []Finding
		if recovering {
			var failed *Failure
			found, failed = runRecovering(r, p, results)
			if failed != nil {
				failures = append(failures, *failed)
				continue
			}
		} else {
			found = runRule(r, p, results)
		}
		for _, f := range found {
			f.Rule, f.Name = r.Code, r.Name
			if f.Severity == "" {
				f.Severity = r.Severity
			}
			f.Entity, f.FormerEntities = f.Subject.entity(), f.Subject.formerEntities()
			f.Subject = Subject{}
			f = escaped(f)
			if messageHook != nil {
				reword(&f)
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
	if slices.ContainsFunc(f.FormerEntities, unsafe) {
		former := make([]string, len(f.FormerEntities))
		for i, e := range f.FormerEntities {
			former[i] = safetext.Escape(e)
		}
		f.FormerEntities = former
	}
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

// runRule computes the analyses r requires that results does not hold
// yet, gives them to p and runs r.
func runRule(r *Rule, p *Pass, results map[*Analysis]any) []Finding {
	for _, a := range r.Requires {
		res, ok := results[a]
		if !ok {
			res = a.run(p.Config, p.Enabled)
			results[a] = res
		}
		p.ResultOf[a] = res
	}
	return r.Run(p)
}

// runRecovering runs one rule as runRule does, turning a panic into a
// Failure.
func runRecovering(r *Rule, p *Pass, results map[*Analysis]any) (found []Finding, failed *Failure) {
	defer func() {
		if v := recover(); v != nil {
			found, failed = nil, &Failure{Rule: r, Value: v}
		}
	}()
	return runRule(r, p, results), nil
}

// messageHook, set by tests only, rewrites every text of every finding:
// identities must not change with it.
var messageHook func(string) string

func reword(f *Finding) {
	f.Message = messageHook(f.Message)
	notes := make([]string, len(f.Notes))
	for i, n := range f.Notes {
		notes[i] = messageHook(n)
	}
	f.Notes = notes
	rel := make([]Related, len(f.Related))
	for i, r := range f.Related {
		r.Message = messageHook(r.Message)
		rel[i] = r
	}
	f.Related = rel
	if f.Fix != nil {
		fix := *f.Fix
		fix.Description = messageHook(fix.Description)
		f.Fix = &fix
	}
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
