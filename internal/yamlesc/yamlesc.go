// Package yamlesc parses YAML with yaml.v3, accepting every escape YAML 1.2
// defines in double-quoted scalars, and locates invalid escapes.
//
// yaml.v3 implements the escapes of YAML 1.2 (section 5.7) but "\/", which
// JSON-minded authors write in patterns ("^$|^\/$") and URLs; it rejects the
// whole document. Before parsing, each "\/" that may be an escape is masked
// as "\_", an escape yaml.v3 knows, of the same length, so every position
// yaml.v3 reports holds for the original text. After parsing, each
// double-quoted scalar that holds a masked escape is decoded again from its
// original text with "\/" written as "\x2f". A masked "\/" found outside
// every double-quoted scalar (a plain or block scalar, a comment, where it
// is no escape) makes the parse run again without it: masking changes no
// token there, so the second parse has the same structure.
package yamlesc

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Parse parses src into a document node, as yaml.Unmarshal into a
// yaml.Node does, accepting "\/" escapes. Node positions are those of src.
func Parse(src []byte) (*yaml.Node, error) {
	offs := slashEscapes(src)
	for {
		text := src
		if len(offs) > 0 {
			text = mask(src, offs)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(text, &doc); err != nil {
			return nil, err
		}
		if len(offs) == 0 {
			return &doc, nil
		}
		u := &unmasker{src: src, lines: lineStarts(src), offs: offs, used: make([]bool, len(offs)), seen: map[*yaml.Node]bool{}}
		if err := u.walk(&doc); err != nil {
			return nil, err
		}
		kept := offs[:0:0]
		for i, o := range offs {
			if u.used[i] {
				kept = append(kept, o)
			}
		}
		if len(kept) == len(offs) {
			return &doc, nil
		}
		offs = kept
	}
}

// slashEscapes returns the offsets of the backslashes of "\/" sequences
// that are escapes if they sit in a double-quoted scalar: those that end a
// run of an odd number of backslashes ("\\/" is an escaped backslash and a
// slash). A double-quoted scalar never starts right after a backslash, so a
// run inside one starts inside it.
func slashEscapes(src []byte) []int {
	var out []int
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		j := i
		for j < len(src) && src[j] == '\\' {
			j++
		}
		if (j-i)%2 == 1 && j < len(src) && src[j] == '/' {
			out = append(out, j-1)
		}
		i = j - 1
	}
	return out
}

// mask returns a copy of src with the "\/" at each offset written as "\_".
func mask(src []byte, offs []int) []byte {
	out := append([]byte(nil), src...)
	for _, o := range offs {
		out[o+1] = '_'
	}
	return out
}

// lineStarts returns the byte offset of each line's start.
func lineStarts(src []byte) []int {
	out := []int{0}
	for i, c := range src {
		if c == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// unmasker restores the values of the double-quoted scalars that hold
// masked escapes and records which masked offsets were escapes.
type unmasker struct {
	src   []byte
	lines []int
	offs  []int // sorted
	used  []bool
	seen  map[*yaml.Node]bool
}

func (u *unmasker) walk(y *yaml.Node) error {
	if y == nil || u.seen[y] {
		return nil
	}
	u.seen[y] = true
	if y.Kind == yaml.ScalarNode && y.Style&yaml.DoubleQuotedStyle != 0 {
		return u.scalar(y)
	}
	for _, c := range y.Content {
		if err := u.walk(c); err != nil {
			return err
		}
	}
	return nil
}

// offset converts a yaml.v3 position (1-based line, 1-based column in
// characters) into a byte offset.
func (u *unmasker) offset(line, col int) int {
	if line < 1 || line > len(u.lines) {
		return len(u.src)
	}
	off := u.lines[line-1]
	for n := 1; n < col && off < len(u.src) && u.src[off] != '\n'; n++ {
		_, size := utf8.DecodeRune(u.src[off:])
		off += size
	}
	return off
}

// scalar decodes y again from its original text when the text holds
// masked escapes.
func (u *unmasker) scalar(y *yaml.Node) error {
	start := skipProps(u.src, u.offset(y.Line, y.Column))
	if start >= len(u.src) || u.src[start] != '"' {
		return nil
	}
	end := QuotedEnd(u.src, start)
	lo := lowerBound(u.offs, start)
	hi := lowerBound(u.offs, end)
	if lo == hi {
		return nil
	}
	var b bytes.Buffer
	prev := start
	for i := lo; i < hi; i++ {
		u.used[i] = true
		b.Write(u.src[prev:u.offs[i]])
		b.WriteString(`\x2f`)
		prev = u.offs[i] + 2
	}
	b.Write(u.src[prev:end])
	var v yaml.Node
	if err := yaml.Unmarshal(b.Bytes(), &v); err != nil || len(v.Content) != 1 || v.Content[0].Kind != yaml.ScalarNode {
		// The scalar parsed with the mask; it cannot fail without it.
		return fmt.Errorf("cannot decode the double-quoted scalar at line %d", y.Line)
	}
	y.Value = v.Content[0].Value
	return nil
}

// skipProps skips anchors, tags, white space and comments before a value.
func skipProps(src []byte, off int) int {
	for off < len(src) {
		c := src[off]
		switch c {
		case ' ', '\t', '\r', '\n':
			off++
		case '#':
			for off < len(src) && src[off] != '\n' {
				off++
			}
		case '!', '&':
			for off < len(src) && !isBlank(src[off]) {
				off++
			}
		default:
			return off
		}
	}
	return off
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// QuotedEnd returns the offset after the quoted scalar starting at off
// (its opening quote), or len(src) when it is not closed.
func QuotedEnd(src []byte, off int) int {
	q := src[off]
	for i := off + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if q == '"' {
				i++
			}
		case q:
			if q == '\'' && i+1 < len(src) && src[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(src)
}

// lowerBound is the index of the first element of s not less than x.
func lowerBound(s []int, x int) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := (lo + hi) / 2
		if s[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// errors are the yaml.v3 messages about a bad escape in a double-quoted
// scalar; they give the line where the scalar starts.
var errors = map[string]bool{
	"found unknown escape character":              true,
	"did not find expected hexdecimal number":     true,
	"found invalid Unicode character escape code": true,
}

// IsEscapeError reports whether msg, a yaml.v3 error message without its
// "yaml: line N: " prefix, is about a bad escape.
func IsEscapeError(msg string) bool { return errors[msg] }

// BadEscape finds the first invalid escape of a double-quoted scalar that
// starts on the line beginning at offset line: its offset and a
// description. Scalars are found by a light scan of the line (quotes
// opening a token, single-quoted scalars and comments skipped).
func BadEscape(src []byte, line int) (int, string, bool) {
	le := line
	for le < len(src) && src[le] != '\n' {
		le++
	}
	for i := line; i < le; i++ {
		c := src[i]
		tokenStart := i == line || strings.IndexByte(" \t[{,", src[i-1]) >= 0
		switch {
		case c == '#' && tokenStart:
			return 0, "", false
		case c == '\'' && tokenStart:
			i = QuotedEnd(src, i) - 1
		case c == '"' && tokenStart:
			end := QuotedEnd(src, i)
			if off, what, ok := checkEscapes(src[:end], i+1); ok {
				return off, what, true
			}
			if end > le {
				return 0, "", false
			}
			i = end - 1
		}
	}
	return 0, "", false
}

// checkEscapes checks the escapes of src[from:] against YAML 1.2 and
// returns the offset of the first invalid one.
func checkEscapes(src []byte, from int) (int, string, bool) {
	for i := from; i < len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		if i+1 >= len(src) {
			return i, "unterminated escape", true
		}
		c := src[i+1]
		n := 0
		switch c {
		case '0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\', 'N', '_', 'L', 'P', '\n', '\r', '\'':
			// '\'' is no YAML 1.2 escape, but yaml.v3 accepts it.
		case 'x':
			n = 2
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			r, _ := utf8.DecodeRune(src[i+1:])
			return i, fmt.Sprintf("unknown escape \\%c", r), true
		}
		if n > 0 {
			var v rune
			for k := 0; k < n; k++ {
				j := i + 2 + k
				if j >= len(src) || !isHex(src[j]) {
					return i, fmt.Sprintf("escape \\%c needs %d hexadecimal digits", c, n), true
				}
				v = v<<4 | rune(hexVal(src[j]))
			}
			if (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF {
				return i, fmt.Sprintf("escape %s is not a Unicode character", src[i:i+2+n]), true
			}
		}
		i += 1 + n
	}
	return 0, "", false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
