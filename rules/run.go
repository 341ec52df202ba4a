package rules

import (
	"fmt"
	"sort"

	"github.com/edgelint/edgelint/model"
)

// Run runs every rule over an assembled config and returns the findings
// sorted by file, position and rule, one per rule and source location.
func Run(c *model.Config) []Finding { return RunEnabled(c, nil) }

// RunEnabled runs the rules enabled reports true for (every rule when
// enabled is nil) over an assembled config, as Run does. A rule that is
// not enabled does not run, and an analysis no enabled rule requires is
// not computed. Rules that defer to another rule's finding (one fault, one
// finding) defer only to an enabled one: a fault a disabled rule would
// own is reported by the next enabled rule that sees it.
func RunEnabled(c *model.Config, enabled func(code string) bool) []Finding {
	if enabled == nil {
		enabled = func(string) bool { return true }
	}
	results := map[*Analysis]any{}
	var out []Finding
	seen := map[string]bool{}
	for _, r := range All() {
		if !enabled(r.Code) {
			continue
		}
		p := &Pass{Config: c, Enabled: enabled, ResultOf: map[*Analysis]any{}, rule: r}
		for _, a := range r.Requires {
			res, ok := results[a]
			if !ok {
				res = a.run(c, enabled)
				results[a] = res
			}
			p.ResultOf[a] = res
		}
		for _, f := range r.Run(p) {
			f.Rule, f.Name = r.Code, r.Name
			if f.Severity == "" {
				f.Severity = r.Severity
			}
			f.Entity, f.FormerEntities = f.Subject.entity(), f.Subject.formerEntities()
			f.Subject = Subject{}
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
	return out
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
