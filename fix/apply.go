package fix

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Plan is the certain fixes of a run, by file, ready to be applied
// together: the edits of every fix that conflicts with no other.
type Plan struct {
	// Files are the edits to make, by file name as the findings name it,
	// each file's sorted by position.
	Files map[string][]rules.TextEdit
	// Fixed are the indexes of the findings whose fix the plan makes.
	Fixed []int
	// Conflicts are the indexes of the findings whose fix overlaps
	// another's edits in a way both cannot be made: none of them is
	// made.
	Conflicts []int
}

// Names are the files of the plan, sorted.
func (p *Plan) Names() []string {
	names := make([]string, 0, len(p.Files))
	for n := range p.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// planned is one edit of the plan and the finding it fixes.
type planned struct {
	e       rules.TextEdit
	finding int
}

// NewPlan gathers the edits of every finding's certain fix (one with text
// edits). Two fixes whose edits overlap (one changes characters another
// changes too, or both add text at one place) conflict, and neither is
// made, unless they make the very same edit, which is then made once. A
// fix is made whole or not at all.
func NewPlan(findings []rules.Finding) *Plan {
	byFile := map[string][]planned{}
	for i, f := range findings {
		if f.Fix == nil || len(f.Fix.Edits) == 0 {
			continue
		}
		for _, e := range f.Fix.Edits {
			byFile[e.Range.File] = append(byFile[e.Range.File], planned{e, i})
		}
	}
	bad := map[int]bool{}
	for _, es := range byFile {
		sort.SliceStable(es, func(i, j int) bool { return before(es[i].e.Range.Start, es[j].e.Range.Start) })
		for i := range es {
			for j := i + 1; j < len(es); j++ {
				a, b := es[i], es[j]
				if !overlaps(a.e.Range, b.e.Range) {
					if !before(b.e.Range.Start, a.e.Range.End) {
						break // sorted: no later edit starts before a ends
					}
					continue
				}
				same := a.e.Range == b.e.Range && a.e.NewText == b.e.NewText
				if a.finding == b.finding || same {
					if !same {
						bad[a.finding] = true // a fix at odds with itself
					}
					continue
				}
				bad[a.finding], bad[b.finding] = true, true
			}
		}
	}
	p := &Plan{Files: map[string][]rules.TextEdit{}}
	made := map[int]bool{}
	for name, es := range byFile {
		var out []rules.TextEdit
		for _, pe := range es {
			if bad[pe.finding] {
				continue
			}
			made[pe.finding] = true
			if n := len(out); n > 0 && out[n-1].Range == pe.e.Range && out[n-1].NewText == pe.e.NewText {
				continue // the same edit for two findings
			}
			out = append(out, pe.e)
		}
		if len(out) > 0 {
			p.Files[name] = out
		}
	}
	for i := range findings {
		switch {
		case bad[i]:
			p.Conflicts = append(p.Conflicts, i)
		case made[i]:
			p.Fixed = append(p.Fixed, i)
		}
	}
	return p
}

// before reports whether position a comes before b.
func before(a, b model.Pos) bool {
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Column < b.Column
}

// overlaps reports whether two edit ranges cannot both be made: they
// share characters, or both insert at the same place, or one inserts
// inside the other's replaced characters.
func overlaps(a, b model.Range) bool {
	if a.Start == a.End && b.Start == b.End {
		return samePos(a.Start, b.Start)
	}
	// Half-open ranges: [a.Start, a.End) and [b.Start, b.End); an empty
	// one overlaps when strictly inside the other.
	if a.Start == a.End {
		return before(b.Start, a.Start) && before(a.Start, b.End)
	}
	if b.Start == b.End {
		return before(a.Start, b.Start) && before(b.Start, a.End)
	}
	return before(a.Start, b.End) && before(b.Start, a.End)
}

func samePos(a, b model.Pos) bool { return a.Line == b.Line && a.Column == b.Column }

// StaleError is an edit whose position the source no longer holds: the
// file changed since it was analyzed.
type StaleError struct {
	File string
	At   model.Pos
}

func (e *StaleError) Error() string {
	return "no position " + strconv.Itoa(e.At.Line) + ":" + strconv.Itoa(e.At.Column) + " as the edit was made for"
}

// ApplyEdits returns src with edits made. Each edit's start and end are
// taken from their line and column (code points, as model.Pos counts
// them) and must agree with their byte offsets; edits must not overlap
// (NewPlan's) and are made from the end so that earlier positions hold.
func ApplyEdits(file string, src []byte, edits []rules.TextEdit) ([]byte, error) {
	type span struct {
		from, to int
		text     string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		from, ok := offset(src, e.Range.Start)
		if !ok {
			return nil, &StaleError{File: file, At: e.Range.Start}
		}
		to, ok := offset(src, e.Range.End)
		if !ok || to < from {
			return nil, &StaleError{File: file, At: e.Range.End}
		}
		spans = append(spans, span{from, to, e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for i := 1; i < len(spans); i++ {
		if spans[i].from < spans[i-1].to {
			return nil, fmt.Errorf("%s: overlapping edits", file)
		}
	}
	var out bytes.Buffer
	out.Grow(len(src))
	last := 0
	for _, s := range spans {
		out.Write(src[last:s.from])
		out.WriteString(s.text)
		last = s.to
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// offset is the byte offset of p in src, found from its line and column;
// ok is false when src has no such position or p's byte offset, when
// set, is another.
func offset(src []byte, p model.Pos) (int, bool) {
	if p.Line < 1 || p.Column < 1 {
		return 0, false
	}
	off := 0
	for line := 1; line < p.Line; line++ {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			return 0, false
		}
		off += nl + 1
	}
	for c := 1; c < p.Column; c++ {
		if off >= len(src) || src[off] == '\n' {
			return 0, false
		}
		_, w := utf8.DecodeRune(src[off:])
		off += w
	}
	if p.Byte != 0 && p.Byte != off {
		return 0, false
	}
	return off, true
}

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// UnifiedDiff is the unified diff (as diff -u and git diff write it) that
// turns before into after, with the headers "--- a/NAME" and "+++ b/NAME";
// empty when they are equal. name is written with forward slashes.
func UnifiedDiff(name string, before, after []byte) string {
	if bytes.Equal(before, after) {
		return ""
	}
	a, b := splitLines(before), splitLines(after)
	// The changed region: the common prefix and suffix of lines stay.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := lineOps(a[pre:len(a)-suf], b[pre:len(b)-suf])
	// Whole script: equal prefix, the middle, equal suffix.
	var script []op
	for i := 0; i < pre; i++ {
		script = append(script, op{' ', a[i]})
	}
	script = append(script, ops...)
	for i := len(a) - suf; i < len(a); i++ {
		script = append(script, op{' ', a[i]})
	}

	var sb strings.Builder
	sb.WriteString("--- a/" + name + "\n+++ b/" + name + "\n")
	// Hunks: runs of changes with up to diffContext equal lines around
	// them, merged when the equal lines between them are few.
	i := 0
	aLine, bLine := 1, 1 // line numbers of script[i]
	for i < len(script) {
		if script[i].kind == ' ' {
			i++
			aLine++
			bLine++
			continue
		}
		start := max(0, i-diffContext)
		// Find the end: the change runs, joined while the gap between
		// them is at most 2*diffContext equal lines.
		end := i
		for end < len(script) {
			if script[end].kind != ' ' {
				end++
				continue
			}
			gap := end
			for gap < len(script) && script[gap].kind == ' ' {
				gap++
			}
			if gap == len(script) || gap-end > 2*diffContext {
				break
			}
			end = gap
		}
		stop := min(len(script), end+diffContext)
		ctx := i - start
		as, bs := aLine-ctx, bLine-ctx
		var an, bn int
		var body strings.Builder
		for _, o := range script[start:stop] {
			switch o.kind {
			case ' ':
				an++
				bn++
			case '-':
				an++
			case '+':
				bn++
			}
			body.WriteByte(o.kind)
			body.WriteString(o.text)
			if !strings.HasSuffix(o.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		sb.WriteString("@@ -" + hunkRange(as, an) + " +" + hunkRange(bs, bn) + " @@\n")
		sb.WriteString(body.String())
		for _, o := range script[i:stop] {
			if o.kind != '+' {
				aLine++
			}
			if o.kind != '-' {
				bLine++
			}
		}
		i = stop
	}
	return sb.String()
}

// hunkRange is a hunk header's "start,count"; an empty side starts at the
// line before it, as diff writes it.
func hunkRange(start, n int) string {
	if n == 0 {
		start--
	}
	if n == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(n)
}

// op is one line of an edit script: ' ' kept, '-' removed, '+' added.
type op struct {
	kind byte
	text string
}

// splitLines splits src after each line break; the last line may lack
// one.
func splitLines(src []byte) []string {
	var out []string
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			out = append(out, string(src))
			break
		}
		out = append(out, string(src[:i+1]))
		src = src[i+1:]
	}
	return out
}

// maxLCSCells bounds the table of lineOps; a larger changed region is
// shown as its lines removed, then added.
const maxLCSCells = 1 << 22

// lineOps is an edit script from a to b: the longest common subsequence
// of lines is kept. Fixes change few lines, so the regions are small.
func lineOps(a, b []string) []op {
	if (len(a)+1)*(len(b)+1) > maxLCSCells {
		ops := make([]op, 0, len(a)+len(b))
		for _, s := range a {
			ops = append(ops, op{'-', s})
		}
		for _, s := range b {
			ops = append(ops, op{'+', s})
		}
		return ops
	}
	// lcs[i][j] is the length of the LCS of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			// Removals come before additions within a change.
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	return ops
}
