package lsp

import (
	"math"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
)

// text is a document's content indexed by line, for converting between
// edgelint's positions (line and code-point column, byte offset) and LSP
// positions in the negotiated encoding.
type text struct {
	src []byte
	// starts are the byte offsets where lines begin. A line ends at "\n";
	// a "\r" before it is not part of the line's content.
	starts []int
}

func newText(src []byte) *text {
	t := &text{src: src, starts: []int{0}}
	for i, b := range src {
		if b == '\n' {
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

// lineContent returns the byte range [start, end) of line i (0-based)
// without its line terminator; i is clamped to the existing lines.
func (t *text) lineContent(i int) (start, end int) {
	if i < 0 {
		i = 0
	}
	if i >= len(t.starts) {
		i = len(t.starts) - 1
	}
	start = t.starts[i]
	end = len(t.src)
	if i+1 < len(t.starts) {
		end = t.starts[i+1] - 1 // the "\n"
		if end > start && t.src[end-1] == '\r' {
			end--
		}
	}
	return start, end
}

// lineOf returns the 0-based line holding byte offset off.
func (t *text) lineOf(off int) int {
	lo, hi := 0, len(t.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// offset returns the byte offset of p, an edgelint position. The byte
// offset is used when it lies on p's line; otherwise p's line and
// code-point column are counted out. Out-of-range positions are clamped
// to the text.
func (t *text) offset(p model.Pos) int {
	if p.Line < 1 {
		return 0
	}
	if p.Line > len(t.starts) {
		return len(t.src)
	}
	start, end := t.lineContent(p.Line - 1)
	if p.Byte >= start && p.Byte <= end && (p.Byte > 0 || p.Line == 1) {
		// Byte offsets are exact; columns are checked against them only
		// to tell a set offset from an unset one.
		if utf8.RuneCount(t.src[start:p.Byte]) == p.Column-1 || p.Column < 1 {
			return p.Byte
		}
	}
	off := start
	for n := 1; n < p.Column && off < end; n++ {
		_, size := utf8.DecodeRune(t.src[off:end])
		off += size
	}
	return off
}

// position converts byte offset off to an LSP position in enc.
func (t *text) position(off int, enc PositionEncodingKind) Position {
	if off < 0 {
		off = 0
	}
	if off > len(t.src) {
		off = len(t.src)
	}
	line := t.lineOf(off)
	start, end := t.lineContent(line)
	if off > end {
		off = end
	}
	return Position{Line: u32(line), Character: u32(units(t.src[start:off], enc))}
}

// byteOffset converts an LSP position in enc to a byte offset, clamping a
// line past the end to the end of the text and a character past the end of
// its line to the line's end.
func (t *text) byteOffset(p Position, enc PositionEncodingKind) int {
	if int(p.Line) >= len(t.starts) {
		return len(t.src)
	}
	start, end := t.lineContent(int(p.Line))
	off, n, want := start, 0, int(p.Character)
	for off < end && n < want {
		r, size := utf8.DecodeRune(t.src[off:end])
		n += runeUnits(r, size, enc)
		if n > want {
			break // inside a surrogate pair or a multi-byte sequence
		}
		off += size
	}
	return off
}

// lspRange converts an edgelint range (in this text) to an LSP range.
func (t *text) lspRange(r model.Range, enc PositionEncodingKind) Range {
	start := t.offset(r.Start)
	end := start
	if r.End.Line > 0 {
		end = t.offset(r.End)
	}
	if end < start {
		end = start
	}
	return Range{Start: t.position(start, enc), End: t.position(end, enc)}
}

// u32 converts a line or character count to a protocol integer (uinteger
// in LSP, at most 2^31-1).
func u32(n int) uint32 {
	if n < 0 {
		return 0
	}
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return uint32(n)
}

// units counts b in the code units of enc.
func units(b []byte, enc PositionEncodingKind) int {
	if enc == PositionEncodingUTF8 {
		return len(b)
	}
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += runeUnits(r, size, enc)
		b = b[size:]
	}
	return n
}

// runeUnits is the length of one decoded rune in the code units of enc.
// An invalid byte counts as one unit (U+FFFD).
func runeUnits(r rune, size int, enc PositionEncodingKind) int {
	switch enc {
	case PositionEncodingUTF8:
		return size
	case PositionEncodingUTF32:
		return 1
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// applyChange applies one content change to src: the whole text when its
// range is nil.
func applyChange(src []byte, c TextDocumentContentChangeEvent, enc PositionEncodingKind) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	t := newText(src)
	start, end := t.byteOffset(c.Range.Start, enc), t.byteOffset(c.Range.End, enc)
	if end < start {
		start, end = end, start
	}
	out := make([]byte, 0, len(src)-(end-start)+len(c.Text))
	out = append(out, src[:start]...)
	out = append(out, c.Text...)
	return append(out, src[end:]...)
}

// before reports whether a comes before b.
func before(a, b Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether ranges a and b share a position, an empty
// range counting as the position it is at.
func overlaps(a, b Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// contains reports whether p lies in r (its end included, so that a
// cursor just after the range still counts).
func contains(r Range, p Position) bool {
	return !before(p, r.Start) && !before(r.End, p)
}
