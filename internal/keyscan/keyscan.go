// Package keyscan finds keys in the raw text of JSON and YAML documents
// without parsing them: the content sniffers' test of whether a file can be
// a CloudFormation template or a Terraform plan, run on every candidate
// file of a scan. Each function is a few substring searches (bytes.Index)
// and checks of the bytes around each match; its tests hold the regular
// expressions they replace and check that both agree.
package keyscan

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// isSpace is JSON's (and RE2's \s) white space: tab, line feed, form feed,
// carriage return and space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func isQuote(c byte) bool { return c == '"' || c == '\'' }

// SkipSpace returns b without its leading white space (isSpace).
func SkipSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// SkipBlanks returns b without its leading spaces and tabs.
func SkipBlanks(b []byte) []byte {
	for len(b) > 0 && isBlank(b[0]) {
		b = b[1:]
	}
	return b
}

// JSONKey reports whether src holds the quoted key followed by optional
// white space, a colon and optional white space, where then (given the
// text after that) reports true: the regular expression
// "key"\s*:\s*<then>.
func JSONKey(src []byte, key string, then func(rest []byte) bool) bool {
	q := make([]byte, 0, len(key)+2)
	q = append(append(append(q, '"'), key...), '"')
	for off := 0; ; {
		i := bytes.Index(src[off:], q)
		if i < 0 {
			return false
		}
		rest := SkipSpace(src[off+i+len(q):])
		if len(rest) > 0 && rest[0] == ':' && then(SkipSpace(rest[1:])) {
			return true
		}
		off += i + 1
	}
}

// Indent is what may precede a YAML key on its line.
type Indent int

const (
	// AnyIndent allows spaces and tabs, or nothing.
	AnyIndent Indent = iota
	// Indented asks for at least one space or tab.
	Indented
	// Column0 allows nothing: the key starts its line.
	Column0
)

// YAMLKey reports whether src holds a line that starts with the key
// (indented as indent says, optionally in single or double quotes, either
// quote on either side) followed by optional spaces or tabs and a colon,
// where then (given the text after the colon) reports true: in multi-line
// mode, the regular expression ^[ \t]*["']?key["']?[ \t]*:<then> (with
// [ \t]+ for Indented and nothing for Column0).
func YAMLKey(src []byte, key string, indent Indent, then func(rest []byte) bool) bool {
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(key))
		if i < 0 {
			return false
		}
		at := off + i
		if lineStart(src[:at], indent) {
			rest := src[at+len(key):]
			if len(rest) > 0 && isQuote(rest[0]) {
				rest = rest[1:]
			}
			rest = SkipBlanks(rest)
			if len(rest) > 0 && rest[0] == ':' && then(rest[1:]) {
				return true
			}
		}
		off = at + 1
	}
}

// lineStart reports whether before (the text up to a key) ends with the
// start of a line, the indentation indent allows and an optional quote.
func lineStart(before []byte, indent Indent) bool {
	if n := len(before); n > 0 && isQuote(before[n-1]) {
		before = before[:n-1]
	}
	blanks := 0
	for n := len(before); n > 0 && isBlank(before[n-1]); n-- {
		blanks++
	}
	before = before[:len(before)-blanks]
	if len(before) > 0 && before[len(before)-1] != '\n' {
		return false
	}
	switch indent {
	case Indented:
		return blanks > 0
	case Column0:
		return blanks == 0
	}
	return true
}

// LineEnd reports whether b starts with the end of a line: optional
// spaces and tabs, then an optional comment (# to the end of the line),
// then an optional carriage return and a line feed or the end of b: the
// regular expression [ \t]*(?:#.*)?\r?$ in multi-line mode.
func LineEnd(b []byte) bool {
	b = SkipBlanks(b)
	if len(b) == 0 || b[0] == '\n' || b[0] == '#' {
		return true
	}
	return b[0] == '\r' && (len(b) == 1 || b[1] == '\n')
}

// HasPrefixAny reports whether b starts with one of the prefixes.
func HasPrefixAny(b []byte, prefixes ...string) bool {
	for _, p := range prefixes {
		if bytes.HasPrefix(b, []byte(p)) {
			return true
		}
	}
	return false
}

// UTF16 returns src decoded to UTF-8 when it is UTF-16 text that starts
// with a byte order mark (FF FE little-endian, FE FF big-endian), as
// Windows PowerShell 5 writes redirected output; ok is false otherwise.
// The key scans cannot see keys in UTF-16, whose ASCII characters are
// interleaved with NUL bytes; sniffers scan the decoded text instead, to
// tell such a file apart from binary content. A last odd byte is dropped.
func UTF16(src []byte) (out []byte, ok bool) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return nil, false
	}
	units := make([]uint16, 0, len(src)/2-1)
	for i := 2; i+1 < len(src); i += 2 {
		units = append(units, order.Uint16(src[i:]))
	}
	out = make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, true
}
