// Package suppress reads the suppressions written in the analyzed files and
// removes the findings they cover.
//
// # Comments
//
// In Terraform (.tf, .tfvars) and YAML files a comment
//
//	# edgelint:ignore EL003,behavior-matches-no-resource the API is private
//
// (also "// edgelint:ignore …" in Terraform) names the rules to suppress,
// by code or name, separated by commas, followed by the reason. At the end
// of a line it suppresses the findings of those rules that start on that
// line. On a line of its own it applies to the next line that is not a
// comment (a blank line ends its reach): to that line and, when the line
// opens a Terraform block, an attribute or object/tuple item, a YAML
// mapping entry or a list item, to all of it. JSON has no comments.
//
// # CloudFormation Metadata
//
// In a CloudFormation or SAM template (YAML or JSON) a resource's
//
//	Metadata:
//	  edgelint:
//	    ignore: [EL003]          # codes or names; a string may list them with commas
//	    reason: the API is private
//
// suppresses those rules' findings anywhere in that resource's definition,
// its logical ID included.
//
// A finding is suppressed only when its primary range starts in a
// directive's scope; related locations do not count.
//
// # Problems
//
// An unknown rule in a directive, a directive that names no rule, a
// malformed Metadata entry, a rule a directive names that suppressed
// nothing in this run, and a comment that looks like a directive but is
// not one ("#edgelint: ignore EL001", "# edgelint-ignore EL001",
// "# EdgeLint:Ignore", "# edgelint:disable=EL001", a directive in a /* */
// comment) are reported as warnings (model.Diagnostic with
// Severity "warning" and Suppression set), positioned on the directive:
// they are mistakes in edgelint's own markup, not faults of the
// infrastructure nor limits of the analysis, and cannot themselves be
// suppressed, like golangci-lint's nolintlint reports; the command counts
// them as warnings, so --fail-on warning fails on them. A rule that did not run (disabled in
// the configuration) is not reported unused. A missing reason is accepted
// unless Options.RequireReason is set, as nolintlint's require-explanation.
package suppress

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Kind is how a directive was written.
type Kind int

// Directive kinds.
const (
	// EndOfLine is a comment after code: its scope is its line.
	EndOfLine Kind = iota
	// OwnLine is a comment on a line of its own: its scope is the next
	// non-comment line and the block or entry that line opens.
	OwnLine
	// Metadata is a CloudFormation resource's Metadata.edgelint.ignore:
	// its scope is the resource's definition.
	Metadata
)

func (k Kind) String() string {
	switch k {
	case EndOfLine:
		return "end-of-line comment"
	case OwnLine:
		return "comment"
	}
	return "Metadata"
}

// Directive is one suppression.
type Directive struct {
	Kind Kind
	// Range is the comment, or the Metadata "edgelint" key.
	Range model.Range
	// Rules are the rules named, in the order written.
	Rules []RuleRef
	// Reason is the free text after the codes, or Metadata's reason.
	Reason string
	// Scope is the half-open region whose findings are suppressed. It is
	// empty (Start == End) when the directive reaches nothing.
	Scope model.Range
}

// RuleRef is one rule named by a directive.
type RuleRef struct {
	// Code is the rule's code; empty when no rule has that code or name.
	Code string
	// Text is the code or name as written.
	Text  string
	Range model.Range
}

// Covers reports whether p lies in the directive's scope.
func (d *Directive) Covers(p model.Pos) bool {
	if p.Column < 1 {
		p.Column = 1
	}
	return d.Scope.Contains(p)
}

// Set is the suppressions of one file.
type Set struct {
	File       string
	Directives []*Directive
}

// Match returns the directive that suppresses f and the index of the rule
// in it, or nil. When several do, the one with the smallest scope wins, so
// an outer directive that only repeats an inner one is reported unused.
func (s *Set) Match(f rules.Finding) (*Directive, int) {
	if s == nil || f.Rule == "" || f.Range.Start.Line < 1 {
		return nil, -1
	}
	var best *Directive
	bestIdx := -1
	for _, d := range s.Directives {
		if !d.Covers(f.Range.Start) {
			continue
		}
		for i, r := range d.Rules {
			if r.Code != f.Rule {
				continue
			}
			if best == nil || smaller(d.Scope, best.Scope) {
				best, bestIdx = d, i
			}
			break
		}
	}
	return best, bestIdx
}

// smaller reports whether scope a is smaller than b.
func smaller(a, b model.Range) bool {
	la, lb := a.End.Line-a.Start.Line, b.End.Line-b.Start.Line
	if la != lb {
		return la < lb
	}
	return a.End.Byte-a.Start.Byte < b.End.Byte-b.Start.Byte
}

// Parse reads the directives of one file; path decides how it is read
// (.tf, .tfvars and .hcl as Terraform's native syntax; .tf.json and
// .tfvars.json have none; anything else as YAML or JSON) and names it in
// ranges. The problems are warnings about the directives themselves.
// A file that does not parse has no directives; its parser reports why.
func Parse(path string, src []byte) (*Set, []model.Diagnostic) {
	s := &Set{File: path}
	kind := kindOf(path)
	hold := model.MayHoldSuppression
	if kind == kindHCL {
		hold = model.MayHoldHCLSuppression
	}
	if !hold(src) {
		return s, nil
	}
	l := newLines(src)
	var problems []model.Diagnostic
	switch kind {
	case kindHCL:
		s.Directives = parseHCL(path, src, l, &problems)
	case kindYAML:
		s.Directives = parseYAML(path, src, l, &problems)
	}
	for _, d := range s.Directives {
		if len(d.Rules) == 0 {
			msg := Marker + " names no rule; write the codes or names to suppress, then the reason: " + Marker + " EL003 reason"
			if d.Kind == Metadata {
				msg = "Metadata.edgelint names no rule; write ignore: [EL003] and reason: why"
			}
			problems = append(problems, warning(d.Range, msg))
		}
	}
	sortErrors(problems)
	return s, problems
}

type fileKind int

const (
	kindNone fileKind = iota
	kindHCL
	kindYAML
)

func kindOf(path string) fileKind {
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".tf.json"), strings.HasSuffix(name, ".tfvars.json"):
		return kindNone
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tfvars"), strings.HasSuffix(name, ".hcl"):
		return kindHCL
	}
	return kindYAML
}

// Options configure Apply.
type Options struct {
	// Files are every file the run read. Directives are looked for in
	// these and in the files findings point into, so that an unused
	// directive in a file without findings is reported too.
	Files []string
	// Read returns a file's content; nil means os.ReadFile. A front end
	// with unsaved buffers passes their content here. A file that cannot
	// be read has no directives.
	Read func(path string) ([]byte, error)
	// Active reports whether a rule ran in this run; directives naming a
	// rule that did not run are not reported unused. Nil means every rule
	// ran.
	Active func(code string) bool
	// Partial reports whether a file was analyzed only in part (it had
	// errors, so findings may be missing); its unused directives are not
	// reported. Nil means every file was analyzed whole.
	Partial func(path string) bool
	// RequireReason reports directives without a reason.
	RequireReason bool
}

// Result is what Apply decided.
type Result struct {
	// Kept are the findings no directive covers, in their original order.
	Kept []rules.Finding
	// Suppressed are the findings a directive covers, with it (for
	// reports that list suppressed results, such as SARIF's
	// "suppressions" with the reason as justification).
	Suppressed []Suppressed
	// Problems are warnings about the directives: unknown rules, unused
	// directives, missing reasons when required. Sorted by position.
	Problems []model.Diagnostic
}

// Suppressed is a finding and the directive that suppressed it.
type Suppressed struct {
	Finding rules.Finding
	By      *Directive
}

// Apply removes the findings that a directive in their file covers and
// reports the directives' problems, unused ones included. Each file is
// read and parsed once.
func Apply(findings []rules.Finding, opts Options) Result {
	read := opts.Read
	if read == nil {
		read = os.ReadFile
	}
	files := map[string]bool{}
	for _, f := range opts.Files {
		files[f] = true
	}
	for _, f := range findings {
		if f.Range.File != "" {
			files[f.Range.File] = true
		}
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)

	var res Result
	sets := map[string]*Set{}
	// Two spellings of one path (a/./b.tf, a/b.tf) share one parse.
	byClean := map[string]*Set{}
	for _, name := range names {
		clean := filepath.Clean(name)
		if s, ok := byClean[clean]; ok {
			sets[name] = s
			continue
		}
		if kindOf(name) == kindNone {
			byClean[clean] = nil
			continue
		}
		src, err := read(name)
		if err != nil {
			byClean[clean] = nil
			continue
		}
		s, problems := Parse(name, src)
		res.Problems = append(res.Problems, problems...)
		sets[name], byClean[clean] = s, s
	}

	type use struct {
		d *Directive
		i int
	}
	used := map[use]bool{}
	for _, f := range findings {
		d, i := sets[f.Range.File].Match(f)
		if d == nil {
			res.Kept = append(res.Kept, f)
			continue
		}
		used[use{d, i}] = true
		res.Suppressed = append(res.Suppressed, Suppressed{Finding: f, By: d})
	}

	seen := map[*Set]bool{}
	for _, name := range names {
		s := sets[name]
		if s == nil || seen[s] {
			continue
		}
		seen[s] = true
		partial := opts.Partial != nil && opts.Partial(name)
		for _, d := range s.Directives {
			if opts.RequireReason && d.Reason == "" && len(d.Rules) > 0 {
				res.Problems = append(res.Problems, warning(d.Range, missingReason(d)))
			}
			for i, r := range d.Rules {
				if r.Code == "" || partial || used[use{d, i}] || (opts.Active != nil && !opts.Active(r.Code)) {
					continue
				}
				res.Problems = append(res.Problems, warning(r.Range, unused(d, r)))
			}
		}
	}
	sortErrors(res.Problems)
	return res
}

func missingReason(d *Directive) string {
	if d.Kind == Metadata {
		return "Metadata.edgelint gives no reason; add reason: why the finding does not apply"
	}
	return Marker + " gives no reason; write why after the rule codes"
}

func unused(d *Directive, r RuleRef) string {
	name := r.Code
	if rule := rules.Lookup(r.Code); rule != nil {
		name += " " + rule.Name
	}
	switch d.Kind {
	case Metadata:
		return "unused suppression: no " + name + " finding in this resource; remove " + r.Text + " from Metadata.edgelint.ignore"
	case EndOfLine:
		return "unused suppression: no " + name + " finding on this line; remove " + r.Text + " from the " + Marker + " comment"
	}
	if d.Scope.Start == d.Scope.End {
		return "unused suppression: the " + Marker + " comment is followed by no line to apply to; put it right above the line or block"
	}
	return "unused suppression: no " + name + " finding on the next line or in the block it opens; remove " + r.Text + " from the " + Marker + " comment"
}

func sortErrors(errs []model.Diagnostic) {
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].Range, errs[j].Range
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
}
