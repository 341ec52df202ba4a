package cloudformation

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
)

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 2000

// readJSON parses src as one JSON value into a node tree, in linear time.
// Duplicate object keys do not stop the parse: the last value wins and each
// duplicate is reported.
func readJSON(t *posTable) (*Node, []model.Diagnostic, *model.Diagnostic) {
	p := &jsonParser{t: t, src: t.src}
	if len(p.src) >= 3 && p.src[0] == 0xEF && p.src[1] == 0xBB && p.src[2] == 0xBF {
		p.i = 3
	}
	p.ws()
	n := p.value(0)
	if p.err == nil {
		p.ws()
		if p.i < len(p.src) {
			p.fail("unexpected %s after the JSON value", p.describe())
		}
	}
	if p.err != nil {
		return nil, nil, p.err
	}
	return n, p.notes, nil
}

type jsonParser struct {
	t     *posTable
	src   []byte
	i     int
	err   *model.Diagnostic
	notes []model.Diagnostic
}

func (p *jsonParser) fail(format string, args ...any) {
	if p.err != nil {
		return
	}
	p.err = &model.Diagnostic{
		Range:    p.t.rng(p.i, p.i),
		Message:  "invalid JSON: " + fmt.Sprintf(format, args...),
		Severity: model.SevError,
	}
}

func (p *jsonParser) describe() string {
	if p.i >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) ws() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) *Node {
	if depth > maxJSONDepth {
		p.fail("nesting deeper than %d levels", maxJSONDepth)
		return nil
	}
	if p.i >= len(p.src) {
		p.fail("unexpected end of file, expected a value")
		return nil
	}
	start := p.i
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return &Node{Kind: KString, Str: s, Rng: p.t.rng(start, p.i)}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", KBool)
	case c == 'f':
		return p.literal("false", KBool)
	case c == 'n':
		return p.literal("null", KNull)
	}
	p.fail("unexpected %s, expected a value", p.describe())
	return nil
}

func (p *jsonParser) literal(word string, k Kind) *Node {
	start := p.i
	if len(p.src)-p.i < len(word) || string(p.src[p.i:p.i+len(word)]) != word {
		p.fail("unexpected %s, expected a value", p.describe())
		return nil
	}
	p.i += len(word)
	s := word
	if k == KNull {
		s = ""
	}
	return &Node{Kind: k, Str: s, Rng: p.t.rng(start, p.i)}
}

func (p *jsonParser) number() *Node {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.src[p.i] == '-' {
		p.i++
	}
	if digits() == 0 {
		p.fail("invalid number")
		return nil
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		if digits() == 0 {
			p.fail("invalid number")
			return nil
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.fail("invalid number")
			return nil
		}
	}
	return &Node{Kind: KNumber, Str: string(p.src[start:p.i]), Rng: p.t.rng(start, p.i)}
}

// str reads a string literal starting at the opening quote.
func (p *jsonParser) str() (string, bool) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == '"' {
			s := string(p.src[start:p.i])
			p.i++
			return s, true
		}
		if c == '\\' || c == '\n' {
			break
		}
		p.i++
	}
	buf := append([]byte(nil), p.src[start:p.i]...)
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch c {
		case '"':
			p.i++
			return string(buf), true
		case '\n':
			p.fail("unterminated string")
			return "", false
		case '\\':
			if p.i+1 >= len(p.src) {
				p.i++
				p.fail("unterminated string")
				return "", false
			}
			e := p.src[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(r) {
					if p.i+1 < len(p.src) && p.src[p.i] == '\\' && p.src[p.i+1] == 'u' {
						save := p.i
						p.i += 2
						r2, ok := p.hex4()
						if !ok {
							return "", false
						}
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r = d
						} else {
							p.i = save
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				p.i -= 2
				p.fail("invalid escape sequence \\%c in string", e)
				return "", false
			}
		default:
			buf = append(buf, c)
			p.i++
		}
	}
	p.fail("unterminated string")
	return "", false
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.src)-p.i < 4 {
		p.fail("invalid \\u escape in string")
		return 0, false
	}
	var v rune
	for _, c := range p.src[p.i : p.i+4] {
		d := hexDigit(c)
		if d < 0 {
			p.fail("invalid \\u escape in string")
			return 0, false
		}
		v = v<<4 | d
	}
	p.i += 4
	return v, true
}

func (p *jsonParser) object(depth int) *Node {
	start := p.i
	p.i++ // {
	b := newMapBuilder(model.Range{})
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		b.n.Rng = p.t.rng(start, p.i)
		return b.n
	}
	for {
		p.ws()
		if p.i >= len(p.src) || p.src[p.i] != '"' {
			p.fail("unexpected %s, expected a string key", p.describe())
			return nil
		}
		ks := p.i
		key, ok := p.str()
		if !ok {
			return nil
		}
		k := &Node{Kind: KString, Str: key, Rng: p.t.rng(ks, p.i)}
		p.ws()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			p.fail("unexpected %s, expected ':' after object key", p.describe())
			return nil
		}
		p.i++
		p.ws()
		v := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		if f, dup := b.add(k, v); dup {
			p.notes = append(p.notes, model.Diagnostic{
				Range: k.Rng,
				Message: fmt.Sprintf("duplicate object key %q (first at line %d); the last value is used",
					key, f.Rng.Start.Line),
				Severity: model.SevWarning,
			})
		}
		p.ws()
		if p.i >= len(p.src) {
			p.fail("unexpected end of file, expected ',' or '}'")
			return nil
		}
		switch p.src[p.i] {
		case ',':
			p.i++
			continue
		case '}':
			p.i++
			b.n.Rng = p.t.rng(start, p.i)
			return b.n
		}
		p.fail("unexpected %s, expected ',' or '}'", p.describe())
		return nil
	}
}

func (p *jsonParser) array(depth int) *Node {
	start := p.i
	p.i++ // [
	n := &Node{Kind: KSeq}
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		n.Rng = p.t.rng(start, p.i)
		return n
	}
	for {
		p.ws()
		v := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		n.Items = append(n.Items, v)
		p.ws()
		if p.i >= len(p.src) {
			p.fail("unexpected end of file, expected ',' or ']'")
			return nil
		}
		switch p.src[p.i] {
		case ',':
			p.i++
			continue
		case ']':
			p.i++
			n.Rng = p.t.rng(start, p.i)
			return n
		}
		p.fail("unexpected %s, expected ',' or ']'", p.describe())
		return nil
	}
}

// hexDigit returns the value of a hexadecimal digit, or -1.
func hexDigit(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}
