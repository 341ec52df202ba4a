package suppress

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
)

// lines maps between byte offsets and line/column positions of one source.
// Columns count code points, as model.Pos does.
type lines struct {
	src   []byte
	start []int // byte offset of each line's first byte; start[0] == 0
}

func newLines(src []byte) *lines {
	l := &lines{src: src, start: []int{0}}
	for i, b := range src {
		if b == '\n' {
			l.start = append(l.start, i+1)
		}
	}
	return l
}

// count is the number of lines (a final newline does not start one).
func (l *lines) count() int {
	n := len(l.start)
	if n > 1 && l.start[n-1] == len(l.src) {
		n--
	}
	return n
}

// text returns line n (1-based) without its line break.
func (l *lines) text(n int) []byte {
	if n < 1 || n > len(l.start) {
		return nil
	}
	end := len(l.src)
	if n < len(l.start) {
		end = l.start[n] - 1
	}
	t := l.src[l.start[n-1]:end]
	return bytes.TrimSuffix(t, []byte("\r"))
}

// pos returns the position of byte offset off.
func (l *lines) pos(off int) model.Pos {
	off = max(0, min(off, len(l.src)))
	i := sort.Search(len(l.start), func(i int) bool { return l.start[i] > off }) - 1
	return model.Pos{Line: i + 1, Column: utf8.RuneCount(l.src[l.start[i]:off]) + 1, Byte: off}
}

// at returns the position of line and column (1-based, code points),
// with its byte offset; a column past the end of the line stops there.
func (l *lines) at(line, col int) model.Pos {
	if line > len(l.start) {
		return l.end()
	}
	line = max(line, 1)
	off := l.start[line-1]
	t := l.text(line)
	c := 1
	for i := 0; c < col && i < len(t); c++ {
		_, w := utf8.DecodeRune(t[i:])
		i += w
		off += w
	}
	return model.Pos{Line: line, Column: c, Byte: off}
}

// lineStart is the position of the first column of line.
func (l *lines) lineStart(line int) model.Pos {
	if line > len(l.start) {
		return l.end()
	}
	return model.Pos{Line: line, Column: 1, Byte: l.start[line-1]}
}

// end is the position just past the source.
func (l *lines) end() model.Pos {
	// After a final line break, the start of the line that would follow;
	// else the end of the last line.
	return l.pos(len(l.src))
}

// blank reports whether line n holds only white space.
func (l *lines) blank(n int) bool {
	return len(bytes.TrimSpace(l.text(n))) == 0
}

// indentOnly reports whether the text of line before column col is white
// space and, with seqDash, YAML sequence dashes.
func (l *lines) indentOnly(line, col int, seqDash bool) bool {
	t := l.text(line)
	c := 1
	for i := 0; i < len(t) && c < col; c++ {
		r, w := utf8.DecodeRune(t[i:])
		i += w
		if r != ' ' && r != '\t' && (!seqDash || r != '-') {
			return false
		}
	}
	return true
}
