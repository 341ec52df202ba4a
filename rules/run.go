package rules

import (
	"fmt"
	"sort"

	"github.com/edgelint/edgelint/model"
)

// Run runs every rule over an assembled config and returns the findings
// sorted by file, position and rule, one per rule and source location.
func Run(c *model.Config) []Finding {
	p := &Pass{Config: c}
	var out []Finding
	seen := map[string]bool{}
	for _, r := range All() {
		for _, f := range r.Run(p) {
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
	return out
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
