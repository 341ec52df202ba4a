// Package safetext makes text that comes from edgelint's inputs (values,
// names, paths, source lines) safe to print: in a terminal, in a CI log
// that runs workflow commands, in an editor. Every input-derived string
// that an output format echoes goes through Escape (one line) or Lines
// (line breaks kept), or, for JSON documents, JSON.
//
// Unsafe runes are the C0 control characters (tab and line breaks
// included), DEL, the C1 control characters, the bidirectional controls
// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and
// paragraph separators U+2028 and U+2029: they can move the cursor,
// restyle or clear a terminal, set a hyperlink or a window title, start a
// new line where a log reader runs commands, or make text read in another
// order than it is (Trojan Source). Bytes that are not UTF-8 are escaped
// too: a terminal may read a lone 0x9B as a C1 control.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unsafe reports whether r must not be printed raw (see the package
// documentation).
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}

// Safe reports whether s holds no unsafe rune and is valid UTF-8.
func Safe(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, Unsafe)
}

// Escape returns s on one line with every unsafe rune written as an
// escape: \xHH below U+0080 and for a byte that is not UTF-8, \uHHHH
// above. s is returned as it is when it holds none.
func Escape(s string) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case Unsafe(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Lines is Escape applied to each line of s: the line feeds (and CR LF
// pairs, which become line feeds) that separate lines are kept, for the
// formats whose records span lines.
func Lines(s string) string {
	if Safe(strings.ReplaceAll(s, "\n", "")) {
		return s
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = Escape(l)
	}
	return strings.Join(lines, "\n")
}

// JSON returns the JSON text doc with every unsafe rune that encoding/json
// writes raw (DEL, C1 controls, bidirectional controls) written as a \u
// escape instead: the document decodes to the same values, and no raw
// control reaches a terminal that shows it. doc must be valid UTF-8 JSON,
// as encoding/json writes it (it escapes the C0 controls, U+2028 and
// U+2029 itself, and replaces invalid bytes): outside strings JSON holds
// only ASCII printable characters and white space, which are safe, so
// only strings change.
func JSON(doc []byte) []byte {
	unsafe := false
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if r >= 0x7f && Unsafe(r) {
			unsafe = true
			break
		}
		i += n
	}
	if !unsafe {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if r >= 0x7f && Unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, doc[i:i+n]...)
		}
		i += n
	}
	return out
}
