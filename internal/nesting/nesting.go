// Package nesting measures how deeply the expressions of an HCL or JSON
// source nest, from its bytes, before it is handed to a parser.
//
// The HCL parsers (hclsyntax, hcl/json) and the evaluators after them are
// recursive: a file of 80,000 nested parentheses (160 KB) makes them run
// out of Go stack, which is fatal, not a panic that can be recovered. Scan
// is a single pass without recursion that bounds what they will meet: it
// counts the open parentheses, brackets and braces outside strings and
// comments, the quoted strings, heredocs and template interpolations
// (${…}, %{…}) they contain, the template directives (%{if}, %{for}) open
// at each level, and, at each level, the operators and indexes met since
// the level's last separator (a comma, or a new line in a body or an
// object): a chain of operators (a+b+c…, !!!!x, a ? b : c ? …) and of
// indexes (f()[0][0]…) makes a syntax tree as deep as it is long, though
// the parser reads some of it in a loop. The result is an upper bound of
// the depth of the syntax tree, far above what real configurations write
// (about 20).
package nesting

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting accepted. Terraform configurations
// nest about 20 levels; the parsers and evaluators use a few KB of stack
// per level, so 512 levels stay within a few MB.
const MaxDepth = 512

// Kind is what a source holds.
type Kind int

const (
	// Config is a native syntax configuration file (.tf, .tfvars).
	Config Kind = iota
	// Expression is one native syntax expression (a --var value).
	Expression
	// Template is a string template (templatefile, templatestring).
	Template
	// JSON is a JSON document; its strings are read as templates, as
	// in Terraform's JSON syntax (.tf.json, .tfvars.json).
	JSON
	// PlainJSON is a JSON document whose strings are only text
	// (jsondecode).
	PlainJSON
)

// Pos is a position in a source: 1-based line and column (in characters),
// 0-based byte offset.
type Pos struct{ Line, Column, Byte int }

// Error says where a source nests deeper than MaxDepth.
type Error struct {
	// At is where the nesting passed the limit.
	At Pos
	// Start is where the item holding it starts: the attribute or
	// element of the innermost body, object or list it is part of, or
	// the start of the source.
	Start Pos
}

func (e *Error) Error() string {
	return "nested more than " + strconv.Itoa(MaxDepth) + " levels deep"
}

type frameKind uint8

const (
	fTop     frameKind = iota // the source's top level (a body)
	fParen                    // ( )
	fBracket                  // [ ]
	fBrace                    // { }
	fInterp                   // ${ } or %{ } in a template
	fString                   // "…"
	fHeredoc                  // <<EOT … EOT
	fJSONStr                  // a JSON string (scanned apart)
)

type frame struct {
	kind   frameKind
	ops    int    // operators and indexes since the last separator
	dirs   int    // template directives open (fString, fHeredoc, fTop of a template)
	marker []byte // heredoc end marker
	start  Pos    // where the current item of the level starts
	fresh  bool   // no item started yet since the last separator
}

// scanner reads src once. It keeps only byte offsets: the line and column
// of a position are counted from the source when an error reports it.
type scanner struct {
	src   []byte
	i     int
	stack []frame
	depth int // len(stack) - 1 + sum of ops and dirs
	err   *Error
	max   int // the deepest depth reached
	// operand says the last token ended an operand: an opening
	// parenthesis or bracket after it is a call or an index.
	operand bool
}

// Scan reports where src nests deeper than MaxDepth, or nil.
func Scan(src []byte, kind Kind) *Error {
	if bound(src) <= MaxDepth {
		return nil
	}
	_, err := scanAt(src, kind, 0)
	return err
}

// rise is, for each byte, the most the depth Scan measures can rise while
// the scanner is at that byte: 1 for a quote, an opening brace, and each
// byte that begins an operator, a heredoc or an interpolation; 2 for an
// opening parenthesis or bracket (an index or a call after an operand
// counts as an operator too), for '%' (a template directive opens a
// level as well as its interpolation) and for '\' (in a JSON string an
// escape stands for one character, at most such a '%'); 0 for every
// other byte, none of which opens anything.
var rise = func() (t [256]uint8) {
	for _, c := range []byte(`"{<=&|!>+-*/?$`) {
		t[c] = 1
	}
	for _, c := range []byte(`([%\`) {
		t[c] = 2
	}
	return t
}()

// bound is an upper bound of the depth Scan measures on src, of any kind:
// the sum of the rises of its bytes, or, once that passes MaxDepth, a
// partial sum past it. Most files stay below MaxDepth by it, and are not
// scanned.
func bound(src []byte) int {
	n := 0
	for len(src) > 0 && n <= MaxDepth {
		chunk := src[:min(len(src), 256)]
		src = src[len(chunk):]
		for _, c := range chunk {
			n += int(rise[c])
		}
	}
	return n
}

// Depth is the deepest nesting of src as Scan measures it, up to just past
// MaxDepth.
func Depth(src []byte, kind Kind) int {
	d, _ := scanAt(src, kind, 0)
	return d
}

func scanAt(src []byte, kind Kind, base int) (int, *Error) {
	s := &scanner{src: src, depth: base}
	top := frame{kind: fTop, fresh: true, start: s.pos()}
	s.stack = append(s.stack, top)
	switch kind {
	case Config, Expression:
		s.code()
	case Template:
		s.stack[0].kind = fHeredoc
		s.code()
	case JSON, PlainJSON:
		s.json(kind == JSON)
	}
	return s.max, s.err
}

// pos is the current position, as a byte offset (see at).
func (s *scanner) pos() Pos { return Pos{Byte: s.i} }

// at completes a position that holds only its byte offset with its line
// and column (in characters), counted from the source's start.
func (s *scanner) at(p Pos) Pos {
	b := min(p.Byte, len(s.src))
	lineStart := bytes.LastIndexByte(s.src[:b], '\n') + 1
	p.Line = 1 + bytes.Count(s.src[:lineStart], []byte{'\n'})
	p.Column = 1
	for _, c := range s.src[lineStart:b] {
		if c&0xC0 != 0x80 {
			p.Column++
		}
	}
	return p
}

// fail records the error at position at, in the item starting at start.
func (s *scanner) fail(at, start Pos) {
	s.err = &Error{At: s.at(at), Start: s.at(start)}
}

// adv moves past n bytes.
func (s *scanner) adv(n int) {
	s.i = min(s.i+max(n, 0), len(s.src))
}

func (s *scanner) newline() {
	s.i++
}

func (s *scanner) top() *frame { return &s.stack[len(s.stack)-1] }

// itemStart notes the start of an item at the current level.
func (s *scanner) itemStart() {
	if t := s.top(); t.fresh {
		t.fresh = false
		t.start = s.pos()
	}
}

// deeper adds n to the depth and records the error past the limit.
func (s *scanner) deeper(n int) bool {
	s.depth += n
	if s.depth > s.max {
		s.max = s.depth
	}
	if s.depth > MaxDepth && s.err == nil {
		start := s.stack[0].start
		// The item of the innermost body or object names the expression
		// (an attribute, a key).
		for k := len(s.stack) - 1; k >= 0; k-- {
			if f := s.stack[k]; (f.kind == fTop || f.kind == fBrace) && !f.fresh {
				start = f.start
				break
			}
		}
		s.fail(s.pos(), start)
	}
	return s.err == nil
}

func (s *scanner) push(k frameKind) bool {
	s.stack = append(s.stack, frame{kind: k, fresh: true, start: s.pos()})
	return s.deeper(1)
}

func (s *scanner) pop() {
	if len(s.stack) <= 1 {
		return
	}
	f := s.stack[len(s.stack)-1]
	s.depth -= 1 + f.ops + f.dirs
	s.stack = s.stack[:len(s.stack)-1]
}

// op counts an operator or an index at the current level.
func (s *scanner) op() bool {
	s.top().ops++
	return s.deeper(1)
}

// separate ends the current item of the level.
func (s *scanner) separate() {
	t := s.top()
	s.depth -= t.ops
	t.ops = 0
	t.fresh = true
}

func (s *scanner) peek(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

// code scans native syntax until the source ends or the error.
func (s *scanner) code() {
	for s.i < len(s.src) && s.err == nil {
		t := s.top()
		if t.kind == fString || t.kind == fHeredoc {
			s.template()
			continue
		}
		c := s.src[s.i]
		switch {
		case c == '\n':
			if t.kind == fTop || t.kind == fBrace {
				s.separate()
			}
			s.newline()
			continue
		case c == ' ' || c == '\t' || c == '\r':
			j := s.i + 1
			for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t' || s.src[j] == '\r') {
				j++
			}
			s.i = j
			continue
		case c == '#' || (c == '/' && s.peek(1) == '/'):
			// The comment runs to the line's end, which sets the column
			// again; no level opens or closes in it.
			if k := bytes.IndexByte(s.src[s.i:], '\n'); k >= 0 {
				s.i += k
			} else {
				s.adv(len(s.src) - s.i)
			}
			continue
		case c == '/' && s.peek(1) == '*':
			s.adv(2)
			for s.i < len(s.src) && (s.src[s.i] != '*' || s.peek(1) != '/') {
				if s.src[s.i] == '\n' {
					s.newline()
				} else {
					s.adv(1)
				}
			}
			s.adv(2)
			continue
		}
		s.itemStart()
		operand := s.operand
		s.operand = false
		switch c {
		case '"':
			s.adv(1)
			s.push(fString)
			s.operand = true
		case '(', '[', '{':
			// An opening after an operand is also a call or an index,
			// which the tree nests however many follow.
			if c != '{' && operand && !s.op() {
				return
			}
			s.adv(1)
			switch c {
			case '(':
				s.push(fParen)
			case '[':
				s.push(fBracket)
			default:
				s.push(fBrace)
			}
		case ')', ']', '}':
			s.adv(1)
			if t.kind != fTop {
				s.pop()
			}
			s.operand = true
		case ',':
			s.adv(1)
			s.separate()
		case '<':
			if s.peek(1) == '<' && s.heredoc() {
				continue
			}
			s.adv(1)
			if s.peek(0) == '=' {
				s.adv(1)
			}
			s.op()
		case '=':
			s.adv(1)
			switch s.peek(0) {
			case '=':
				s.adv(1)
				s.op()
			case '>':
				s.adv(1)
			}
		case '&', '|':
			s.adv(1)
			if s.peek(0) == c {
				s.adv(1)
			}
			s.op()
		case '!', '>':
			s.adv(1)
			if s.peek(0) == '=' {
				s.adv(1)
			}
			s.op()
		case '+', '-', '*', '/', '%', '?':
			s.adv(1)
			s.op()
		default:
			// A name, a number or a dot: the run of such bytes is one
			// operand, and none of them opens or closes a level.
			s.plainRun()
			s.operand = true
		}
	}
}

// plain marks the bytes that neither open, close nor separate anything in
// native syntax: letters, digits, '_', '.', ':' and the bytes of
// multi-byte characters.
var plain = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c == '_' || c == '.' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
	}
	return t
}()

// plainRun advances over at least one byte and the plain bytes after it.
func (s *scanner) plainRun() {
	j := s.i + 1
	for j < len(s.src) && plain[s.src[j]] {
		j++
	}
	s.advTo(j)
}

// advTo advances to byte j.
func (s *scanner) advTo(j int) {
	s.i = j
}

// heredoc starts a heredoc at "<<" when one is written there.
func (s *scanner) heredoc() bool {
	j := s.i + 2
	if j < len(s.src) && s.src[j] == '-' {
		j++
	}
	k := j
	for k < len(s.src) && (isIdent(s.src[k])) {
		k++
	}
	if k == j {
		return false
	}
	marker := s.src[j:k]
	if k < len(s.src) && s.src[k] == '\r' {
		k++
	}
	if k >= len(s.src) || s.src[k] != '\n' {
		return false
	}
	s.adv(k - s.i)
	if !s.push(fHeredoc) {
		return true
	}
	s.top().marker = marker
	s.newline()
	s.heredocEnd()
	return true
}

func isIdent(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// heredocEnd, at the start of a line of a heredoc, ends it when the line
// is its marker.
func (s *scanner) heredocEnd() {
	t := s.top()
	if t.kind != fHeredoc || t.marker == nil {
		return
	}
	j := s.i
	for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t') {
		j++
	}
	k := j
	for k < len(s.src) && s.src[k] != '\n' && s.src[k] != '\r' {
		k++
	}
	line := s.src[j:k]
	for len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t') {
		line = line[:len(line)-1]
	}
	if bytes.Equal(line, t.marker) {
		s.adv(k - s.i)
		s.pop()
	}
}

// template scans the text of a quoted string or heredoc (the top frame)
// until it ends or an interpolation opens.
func (s *scanner) template() {
	for s.i < len(s.src) && s.err == nil {
		t := s.top()
		c := s.src[s.i]
		switch {
		case c == '\n':
			s.newline()
			if t.kind == fString {
				// A quoted string ends at the line's end (a syntax
				// error the parser reports).
				s.pop()
				return
			}
			s.heredocEnd()
			if s.top() != t {
				return
			}
		case c == '\\' && t.kind == fString:
			s.adv(2)
		case c == '"' && t.kind == fString:
			s.adv(1)
			s.pop()
			return
		case (c == '$' || c == '%') && s.peek(1) == c && s.peek(2) == '{':
			s.adv(3)
		case (c == '$' || c == '%') && s.peek(1) == '{':
			s.adv(2)
			if c == '%' {
				s.directive(t)
			}
			s.push(fInterp)
			return
		default:
			// Text up to the next byte that may end the string, escape,
			// open an interpolation or end the line.
			j := s.i + 1
			for j < len(s.src) && !templateStop[s.src[j]] {
				j++
			}
			s.advTo(j)
		}
	}
}

// templateStop marks the bytes at which template text may end or change.
var templateStop = func() (t [256]bool) {
	for _, c := range []byte{'\n', '\\', '"', '$', '%'} {
		t[c] = true
	}
	return t
}()

// directive counts a template directive that opens (if, for) or closes
// (endif, endfor) a level of t.
func (s *scanner) directive(t *frame) {
	j := s.i
	for j < len(s.src) && (s.src[j] == '~' || s.src[j] == ' ' || s.src[j] == '\t') {
		j++
	}
	k := j
	for k < len(s.src) && s.src[k] >= 'a' && s.src[k] <= 'z' {
		k++
	}
	switch string(s.src[j:k]) {
	case "if", "for":
		t.dirs++
		s.deeper(1)
	case "endif", "endfor":
		if t.dirs > 0 {
			t.dirs--
			s.depth--
		}
	}
}

// json scans a JSON document; templates says its strings are templates.
func (s *scanner) json(templates bool) {
	for s.i < len(s.src) && s.err == nil {
		c := s.src[s.i]
		switch c {
		case '\n':
			s.newline()
			continue
		case '[', '{':
			s.itemStart()
			s.adv(1)
			if c == '{' {
				s.push(fBrace)
			} else {
				s.push(fBracket)
			}
			continue
		case ']', '}':
			s.adv(1)
			s.pop()
			continue
		case ',':
			s.adv(1)
			s.top().fresh = true
			continue
		case '"':
		default:
			s.adv(1)
			continue
		}
		s.itemStart()
		start := s.pos()
		j := s.i + 1
		escaped := false
		for j < len(s.src) && s.src[j] != '"' {
			if s.src[j] == '\\' {
				escaped = true
				j++
			}
			j++
		}
		closed := j < len(s.src)
		if !closed {
			j = len(s.src) - 1
		}
		raw := s.src[s.i : j+1]
		if templates {
			// A string the file cuts short has no closing quote.
			text := raw[1:]
			if closed {
				text = raw[1 : len(raw)-1]
			}
			if escaped {
				var str string
				if json.Unmarshal(raw, &str) == nil {
					text = []byte(str)
				}
			}
			d, e := scanAt(text, Template, s.depth+1)
			if d > s.max {
				s.max = d
			}
			if e != nil {
				// Positions inside the string are those of its text; the
				// string itself is where the error is reported.
				s.fail(start, s.itemOf(start))
				return
			}
		}
		s.adv(len(raw))
	}
}

// itemOf is the start of the item holding a position in a JSON document:
// the innermost level's item.
func (s *scanner) itemOf(p Pos) Pos {
	if t := s.top(); !t.fresh {
		return t.start
	}
	return p
}
