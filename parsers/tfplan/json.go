package tfplan

import (
	"encoding/json"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
)

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 1000

// kind is the JSON type of a node.
type kind byte

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

// node is a JSON value with the byte offsets of its source text.
type node struct {
	kind       kind
	str        string // string contents, or number text
	b          bool
	elems      []*node // array elements
	keys       []string
	vals       []*node // object values, parallel to keys
	start, end int
}

// get returns the value of an object member, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// path follows object keys.
func (n *node) path(keys ...string) *node {
	for _, k := range keys {
		n = n.get(k)
	}
	return n
}

// at returns an array element, or nil.
func (n *node) at(i int) *node {
	if n == nil || n.kind != kArray || i < 0 || i >= len(n.elems) {
		return nil
	}
	return n.elems[i]
}

// isTrue reports a JSON true.
func (n *node) isTrue() bool { return n != nil && n.kind == kBool && n.b }

// isNull reports an absent or null value.
func (n *node) isNull() bool { return n == nil || n.kind == kNull }

// text returns a string node's contents.
func (n *node) text() (string, bool) {
	if n == nil || n.kind != kString {
		return "", false
	}
	return n.str, true
}

// scalar renders a string, number or bool as a string.
func (n *node) scalar() (string, bool) {
	if n == nil {
		return "", false
	}
	switch n.kind {
	case kString, kNumber:
		return n.str, true
	case kBool:
		if n.b {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// lines converts byte offsets of one file into positions.
type lines struct {
	file   string
	src    []byte
	starts []int
}

func newLines(file string, src []byte) *lines {
	l := &lines{file: file, src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

func (l *lines) pos(off int) model.Pos {
	off = max(0, min(off, len(l.src)))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return model.Pos{Line: i + 1, Column: utf8.RuneCount(l.src[l.starts[i]:off]) + 1, Byte: off}
}

func (l *lines) rng(start, end int) model.Range {
	return model.Range{File: l.file, Start: l.pos(start), End: l.pos(end)}
}

// nodeRange is the source range of n.
func (l *lines) nodeRange(n *node) model.Range { return l.rng(n.start, n.end) }

// decode parses src as one JSON value, keeping offsets.
func decode(src []byte) (*node, error) {
	p := &jparser{src: src}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		p.i = 3
	}
	p.ws()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i < len(p.src) {
		return nil, p.errorf("unexpected content after the JSON value")
	}
	return n, nil
}

type jparser struct {
	src []byte
	i   int
}

// syntaxError is a JSON syntax error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func (p *jparser) errorf(format string, args ...any) error {
	if p.i >= len(p.src) {
		// Whatever was expected, the document stops before it ends.
		return &syntaxError{off: p.i, msg: "unexpected end of file: the document is cut short"}
	}
	return &syntaxError{off: p.i, msg: fmt.Sprintf(format, args...)}
}

func (p *jparser) ws() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jparser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.i >= len(p.src) {
		return nil, p.errorf("unexpected end of file")
	}
	start := p.i
	switch c := p.src[p.i]; {
	case c == '{':
		n := &node{kind: kObject, start: start}
		p.i++
		p.ws()
		if p.i < len(p.src) && p.src[p.i] == '}' {
			p.i++
			n.end = p.i
			return n, nil
		}
		for {
			p.ws()
			if p.i >= len(p.src) || p.src[p.i] != '"' {
				return nil, p.errorf("expected an object key")
			}
			k, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.src) || p.src[p.i] != ':' {
				return nil, p.errorf("expected ':' after an object key")
			}
			p.i++
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.str)
			n.vals = append(n.vals, v)
			p.ws()
			if p.i < len(p.src) && p.src[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.src) && p.src[p.i] == '}' {
				p.i++
				n.end = p.i
				return n, nil
			}
			return nil, p.errorf("expected ',' or '}' in an object")
		}
	case c == '[':
		n := &node{kind: kArray, start: start}
		p.i++
		p.ws()
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.i++
			n.end = p.i
			return n, nil
		}
		for {
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, v)
			p.ws()
			if p.i < len(p.src) && p.src[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.src) && p.src[p.i] == ']' {
				p.i++
				n.end = p.i
				return n, nil
			}
			return nil, p.errorf("expected ',' or ']' in an array")
		}
	case c == '"':
		p.i++
		for p.i < len(p.src) && p.src[p.i] != '"' {
			if p.src[p.i] == '\\' {
				p.i++
			}
			p.i++
		}
		if p.i >= len(p.src) {
			p.i = start
			return nil, p.errorf("unterminated string")
		}
		p.i++
		var s string
		if err := json.Unmarshal(p.src[start:p.i], &s); err != nil {
			p.i = start
			return nil, p.errorf("invalid string: %v", err)
		}
		return &node{kind: kString, str: s, start: start, end: p.i}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		for p.i < len(p.src) && isNumberByte(p.src[p.i]) {
			p.i++
		}
		text := string(p.src[start:p.i])
		if !json.Valid([]byte(text)) {
			p.i = start
			return nil, p.errorf("invalid number %q", text)
		}
		return &node{kind: kNumber, str: text, start: start, end: p.i}, nil
	default:
		for _, lit := range []struct {
			word string
			n    node
		}{{"true", node{kind: kBool, b: true}}, {"false", node{kind: kBool}}, {"null", node{kind: kNull}}} {
			if len(p.src)-p.i >= len(lit.word) && string(p.src[p.i:p.i+len(lit.word)]) == lit.word {
				n := lit.n
				n.start, p.i = start, p.i+len(lit.word)
				n.end = p.i
				return &n, nil
			}
		}
		return nil, p.errorf("unexpected character %q", rune(c))
	}
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
