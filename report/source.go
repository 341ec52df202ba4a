package report

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/vfs"
)

const (
	// tabWidth is the distance between tab stops when tabs are expanded.
	tabWidth = 4
	// maxSnippetWidth bounds the cells of one snippet line; longer lines
	// (minified JSON templates) are shown as a window around the range.
	maxSnippetWidth = 160
	// snippetLead is how many cells of context a window keeps before the
	// start of the range.
	snippetLead = 40
)

// sources reads each source file at most once per report.
type sources struct {
	files map[string][]string // nil entry: unreadable
}

func newSources() *sources { return &sources{files: map[string][]string{}} }

// line returns the 1-based line n of file, without its line terminator.
func (s *sources) line(file string, n int) (string, bool) {
	lines, ok := s.files[file]
	if !ok {
		lines = readLines(file)
		s.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return lines[n-1], true
}

func readLines(file string) []string {
	if file == "" {
		return nil
	}
	// Only a regular file, within the size cap: a report never opens a
	// pipe or a device. The file is one the analysis read, through its
	// boundary.
	b, err := (*vfs.FS)(nil).ReadFile(file)
	if err != nil {
		return nil
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// cellLine is a source line prepared for a fixed-width terminal: text is
// what to print, and off[i] is the cell at which the i-th rune (0-based)
// of the original line starts; off[len(runes)] is the line's width.
type cellLine struct {
	text []string // rendered form of each rune
	off  []int
}

func layout(line string) cellLine {
	var cl cellLine
	col := 0
	for _, r := range line {
		cl.off = append(cl.off, col)
		s, w := renderRune(r, col)
		cl.text = append(cl.text, s)
		col += w
	}
	cl.off = append(cl.off, col)
	return cl
}

// renderRune returns how r is shown at cell col and how many cells it
// takes. Tabs go to the next tab stop; control and bidirectional-control
// characters and line separators (safetext.Unsafe), which could
// rearrange or restyle the terminal, show as "?".
func renderRune(r rune, col int) (string, int) {
	switch {
	case r == '\t':
		n := tabWidth - col%tabWidth
		return strings.Repeat(" ", n), n
	case r == '\uFEFF' || r == '\u200B':
		return "", 0
	case safetext.Unsafe(r) || r == utf8.RuneError:
		return "?", 1
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		return string(r), 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return string(r), 2
	}
	return string(r), 1
}

// cellAt returns the cell of 1-based column c, clamped to the end of the
// line.
func (cl cellLine) cellAt(c int) int {
	i := c - 1
	if i < 0 {
		i = 0
	}
	if i >= len(cl.off) {
		i = len(cl.off) - 1
	}
	return cl.off[i]
}

func (cl cellLine) width() int { return cl.off[len(cl.off)-1] }

// slice renders the cells [from, to) of the line; runes straddling an
// edge are left out.
func (cl cellLine) slice(from, to int) string {
	var b strings.Builder
	for i, s := range cl.text {
		if cl.off[i] >= from && cl.off[i+1] <= to {
			b.WriteString(s)
		}
	}
	return b.String()
}

// snippet is a rendered source excerpt: the gutter number, the source text
// and the underline line.
type snippet struct {
	line      int
	text      string
	caretPad  int    // cells before the first caret
	carets    int    // number of carets
	continues string // continuation marker after the carets, if any
}

// makeSnippet prepares the excerpt of r, or reports false when the file or
// the line cannot be read.
func (s *sources) makeSnippet(r model.Range) (snippet, bool) {
	if r.File == "" || r.Start.Line < 1 {
		return snippet{}, false
	}
	src, ok := s.line(r.File, r.Start.Line)
	if !ok {
		return snippet{}, false
	}
	cl := layout(src)
	sn := snippet{line: r.Start.Line}
	start := cl.cellAt(r.Start.Column)
	end := start
	multi := false
	switch {
	case r.Start.Column < 1:
		// A line without a column: show the line, underline nothing.
		return sn.window(cl, 0, 0), true
	case r.End.Line == r.Start.Line && r.End.Column > r.Start.Column:
		end = cl.cellAt(r.End.Column)
	case r.End.Line == r.Start.Line+1 && r.End.Column <= 1:
		// Half-open range ending at the start of the next line.
		end = cl.width()
	case r.End.Line > r.Start.Line:
		end = cl.width()
		multi = true
	}
	if end <= start {
		end = start + 1
	}
	sn = sn.window(cl, start, end)
	if multi {
		sn.continues = "(through line " + strconv.Itoa(r.End.Line) + ")"
	}
	return sn, true
}

// window fills text and the caret span, cutting long lines to a window
// around [start, end).
func (sn snippet) window(cl cellLine, start, end int) snippet {
	total := cl.width()
	from, to := 0, total
	prefix, suffix := "", ""
	if total > maxSnippetWidth {
		from = max(0, start-snippetLead)
		to = min(total, from+maxSnippetWidth)
		if from > 0 {
			prefix = "…"
		}
		if to < total {
			suffix = "…"
		}
	}
	sn.text = strings.TrimRight(prefix+cl.slice(from, to)+suffix, " ")
	if end > start {
		pad := len([]rune(prefix))
		sn.caretPad = pad + start - from
		sn.carets = max(1, min(end, to+1)-start)
	}
	return sn
}

// gutterWidth is the width of the line-number column for line n.
func gutterWidth(n int) int {
	return max(4, len(strconv.Itoa(n)))
}

// clean makes a message safe for one line of any output: control
// characters (line breaks and tabs included), bidirectional controls and
// line separators are escaped (safetext.Escape).
func clean(s string) string { return safetext.Escape(s) }
