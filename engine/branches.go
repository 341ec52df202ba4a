package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// maxBranchConditions bounds the undecided conditions of one template
// whose branches are checked: the template is read once per combination
// of their values (2^n).
const maxBranchConditions = 3

// branches checks each branch of the CloudFormation conditions a template
// cannot decide (a parameter without a default, a pseudo parameter such as
// AWS::Region, an import): the template, with the templates linked to it,
// is read again once per combination of condition values, and what the
// rules find there, and not in the reading where those values are unknown,
// is reported with the conditions it depends on.
type branches struct {
	// ctx is the run's: no branch is checked once it is done.
	ctx     context.Context
	units   []Unit
	read    []parsed // the first pass's reading of each unit
	opts    Options
	fsys    *vfs.FS
	imports map[string]model.Str
	root    string
	syms    *model.Symbols
	// paths are the component's unit paths, where an internal error of a
	// branch's check is reported.
	paths []string
}

// check returns the findings of unit i's branches that base, the
// findings of its component comp, lacks, and the internal errors of their
// checks (checkModel), each once.
func (b *branches) check(comp []int, i int, conds []string, base []rules.Finding) (out []rules.Finding, errs []model.Diagnostic) {
	if len(conds) > maxBranchConditions {
		conds = conds[:maxBranchConditions]
	}
	known := map[string]bool{}
	for _, f := range base {
		known[findingKey(f)] = true
	}
	sel := make([]bool, len(b.units))
	for _, j := range comp {
		sel[j] = true
	}

	type seen struct {
		f        rules.Finding
		branches []int
	}
	var order []string
	found := map[string]*seen{}
	failed := map[string]bool{}
	n := 1 << len(conds)
	for a := 0; a < n && b.ctx.Err() == nil; a++ {
		assume := map[string]bool{}
		for k, c := range conds {
			assume[c] = a&(1<<k) != 0
		}
		cfg := model.NewConfig(b.syms)
		for j := range b.units {
			if !sel[j] {
				continue
			}
			var as map[string]bool
			if j == i {
				as = assume
			}
			if p := parseUnit(b.units[j], b.read[j], b.opts, b.fsys, b.imports, b.root, b.syms, as, nil); p.cfg != nil {
				cfg.Merge(p.cfg)
			}
		}
		checked, fails, assembled := checkModel(cfg, b.paths, b.opts.Config.Enabled)
		for _, e := range fails {
			if k := e.Range.File + "\x00" + e.Message; !failed[k] {
				failed[k] = true
				errs = append(errs, e)
			}
		}
		if !assembled {
			continue
		}
		for _, f := range b.opts.Config.ApplyRules(checked) {
			k := findingKey(f)
			if known[k] {
				continue
			}
			if found[k] == nil {
				found[k] = &seen{f: f}
				order = append(order, k)
			}
			found[k].branches = append(found[k].branches, a)
		}
	}
	for _, k := range order {
		s := found[k]
		f := s.f
		f.Message += " (" + branchText(conds, s.branches, n) + ")"
		f.Notes = append(f.Notes, "the value depends on "+condWord(len(conds))+" "+strings.Join(conds, ", ")+
			", which edgelint cannot decide (a parameter without a default, a pseudo parameter or an import): each branch is checked; --parameter decides a parameter")
		out = append(out, f)
	}
	return out, errs
}

func findingKey(f rules.Finding) string {
	return fmt.Sprintf("%s\x00%s\x00%d\x00%d", f.Rule, f.Range.File, f.Range.Start.Line, f.Range.Start.Column)
}

func condWord(n int) string {
	if n == 1 {
		return "condition"
	}
	return "conditions"
}

// branchText says under which combinations of conds a finding holds,
// naming only the conditions it depends on: a condition whose value can
// flip in every combination without losing the finding is left out.
func branchText(conds []string, combos []int, n int) string {
	in := map[int]bool{}
	for _, a := range combos {
		in[a] = true
	}
	var rel []int
	for k := range conds {
		for _, a := range combos {
			if !in[a^(1<<k)] {
				rel = append(rel, k)
				break
			}
		}
	}
	if len(combos) == n || len(rel) == 0 {
		return "in every branch of " + condWord(len(conds)) + " " + strings.Join(conds, " and ")
	}
	var clauses []string
	dup := map[string]bool{}
	for _, a := range combos {
		parts := make([]string, len(rel))
		for i, k := range rel {
			parts[i] = fmt.Sprintf("%s is %t", conds[k], a&(1<<k) != 0)
		}
		c := strings.Join(parts, " and ")
		if !dup[c] {
			dup[c] = true
			clauses = append(clauses, c)
		}
	}
	prefix := "when "
	if len(rel) == 1 {
		prefix = "when condition "
	}
	return prefix + strings.Join(clauses, ", or ")
}
