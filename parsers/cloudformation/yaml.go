package cloudformation

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/internal/yamlesc"
	"github.com/edgelint/edgelint/model"
)

// readYAML parses src into a node tree. yaml.v3 gives start positions; end
// positions are computed from the source text. Every YAML 1.2 escape is
// accepted (yamlesc). Duplicate mapping keys do not
// stop the parse: the last value wins and each duplicate is reported.
func readYAML(t *posTable) (root *Node, notes []model.Diagnostic, perr *model.Diagnostic) {
	doc, err := yamlesc.Parse(t.src)
	if err != nil {
		return nil, nil, yamlError(t, err)
	}
	if doc.Kind == 0 || (doc.Kind == yaml.DocumentNode && len(doc.Content) == 0) {
		return nil, nil, nil
	}
	r := &yamlReader{t: t, memo: map[*yaml.Node]*Node{}, busy: map[*yaml.Node]bool{}}
	root = r.node(doc, -1, false)
	return root, r.notes, r.err
}

var yamlLineRE = lazyre.New(`^yaml: line (\d+): (.*)$`)

// yamlParserErrors are the yaml.v3 parser (not scanner) errors: their line
// is the 0-based line of the construct being parsed, where scanner errors
// give a 1-based line.
var yamlParserErrors = map[string]bool{
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
}

// yamlError turns a yaml.v3 error into a positioned ParseError: yaml.v3
// gives a line only, and the position is the first non-blank character of
// that line, or the bad escape of a double-quoted scalar starting there.
func yamlError(t *posTable, err error) *model.Diagnostic {
	msg := err.Error()
	line := 1
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		msg = m[2]
		if n, e := strconv.Atoi(m[1]); e == nil {
			line = n
			if yamlParserErrors[msg] {
				line++
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	line = max(1, min(line, len(t.lines)))
	if yamlesc.IsEscapeError(msg) {
		if off, what, ok := yamlesc.BadEscape(t.src, t.lines[line-1]); ok {
			return &model.Diagnostic{
				Range:    t.rng(off, off),
				Message:  "invalid YAML: " + what + " in a double-quoted scalar",
				Severity: model.SevError,
			}
		}
	}
	if tabErrors[msg] {
		// yaml.v3 says what it could not read, not why, or names the
		// line where the scalar holding the tab starts: the tab is the
		// first one in the indentation of that line or, for a tab
		// error, of a later line (YAML 1.2 §6.1: "tab characters must
		// not be used in indentation").
		last := line
		if strings.Contains(msg, "tab character") {
			last = len(t.lines)
		}
		for n := line; n <= last; n++ {
			if off, ok := indentTab(t, n); ok {
				return &model.Diagnostic{
					Range:    t.rng(off, off+1),
					Message:  "invalid YAML: tab characters are not allowed in YAML indentation; indent with spaces",
					Severity: model.SevError,
				}
			}
		}
	}
	off := t.lines[line-1]
	for off < len(t.src) && isSpace(t.src[off]) {
		off++
	}
	return &model.Diagnostic{
		Range:    t.rng(off, off),
		Message:  "invalid YAML: " + msg,
		Severity: model.SevError,
	}
}

// indentTab returns the offset of the first tab in the indentation of
// line n (1-based) of t.
func indentTab(t *posTable, n int) (int, bool) {
	for off := t.lines[n-1]; off < len(t.src) && isSpace(t.src[off]); off++ {
		if t.src[off] == '\t' {
			return off, true
		}
	}
	return 0, false
}

// tabErrors are the yaml.v3 scanner errors a tab in a line's indentation
// causes.
var tabErrors = map[string]bool{
	"found character that cannot start any token":                  true,
	"found a tab character that violates indentation":              true,
	"found a tab character where an indentation space is expected": true,
}

type yamlReader struct {
	t     *posTable
	memo  map[*yaml.Node]*Node // converted anchors, shared by their aliases
	busy  map[*yaml.Node]bool
	notes []model.Diagnostic
	err   *model.Diagnostic
	nodes []Node // the current block of alloc
}

// shortForms maps YAML short-form tags to long-form intrinsic keys.
func shortForm(tag string) (string, bool) {
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") || len(tag) < 2 {
		return "", false
	}
	name := tag[1:]
	switch name {
	case "Ref", "Condition":
		return name, true
	}
	return "Fn::" + name, true
}

// alloc returns a new node holding n. Nodes are allocated in blocks:
// they live as long as the tree, and a template has thousands.
func (r *yamlReader) alloc(n Node) *Node {
	if len(r.nodes) == cap(r.nodes) {
		// Blocks double from 16 nodes to 256: small templates do not
		// hold a large block mostly empty.
		r.nodes = make([]Node, 0, min(max(2*cap(r.nodes), 16), 256))
	}
	r.nodes = append(r.nodes, n)
	return &r.nodes[len(r.nodes)-1]
}

// node converts y. indent is the 0-based column of the enclosing block
// construct (for block scalar content), flow whether y sits in a flow
// collection.
func (r *yamlReader) node(y *yaml.Node, indent int, flow bool) *Node {
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return r.node(y.Content[0], -1, false)
	case yaml.AliasNode:
		if y.Alias == nil || r.busy[y.Alias] {
			r.fail(y, "recursive or unknown alias *"+y.Value)
			return r.null(y)
		}
		if n, ok := r.memo[y.Alias]; ok {
			return n
		}
		return r.node(y.Alias, indent, flow)
	}
	if y.Anchor != "" {
		if r.busy[y] {
			r.fail(y, "recursive anchor &"+y.Anchor)
			return r.null(y)
		}
		r.busy[y] = true
		defer delete(r.busy, y)
	}

	start := r.t.offset(y.Line, y.Column)
	valStart := r.skipProps(start)
	var n *Node
	switch y.Kind {
	case yaml.ScalarNode:
		if y.Value == "" && y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			// An empty value (possibly tagged): zero width on its own line.
			valStart = r.skipPropsLine(start)
			n = r.alloc(Node{Kind: scalarKind(y), Rng: r.t.rng(valStart, valStart)})
			break
		}
		end := r.scalarEnd(y, valStart, indent, flow)
		n = r.alloc(Node{Kind: scalarKind(y), Str: y.Value, Rng: r.t.rng(valStart, end)})
	case yaml.MappingNode:
		n = r.mapping(y, valStart, indent, flow)
	case yaml.SequenceNode:
		n = r.sequence(y, valStart, indent, flow)
	default:
		n = r.null(y)
	}

	if key, ok := shortForm(y.Tag); ok {
		if n.Kind == KNumber || n.Kind == KBool || n.Kind == KNull {
			n.Kind = KString
		}
		tagEnd := start
		for tagEnd < len(r.t.src) && !isSpace(r.t.src[tagEnd]) && r.t.src[tagEnd] != '\n' {
			tagEnd++
		}
		k := r.alloc(Node{Kind: KString, Str: key, Rng: r.t.rng(start, tagEnd)})
		whole := n.Rng
		whole.Start = r.t.pos(start)
		if whole.End.Byte < tagEnd {
			whole.End = r.t.pos(tagEnd)
		}
		n = r.alloc(Node{Kind: KMap, Keys: []*Node{k}, Vals: []*Node{n}, Rng: whole})
	} else if y.Anchor != "" || strings.HasPrefix(y.Tag, "!") && y.Style&yaml.TaggedStyle != 0 {
		n.Rng.Start = r.t.pos(start)
	}
	if y.Anchor != "" {
		r.memo[y] = n
	}
	return n
}

func (r *yamlReader) fail(y *yaml.Node, msg string) {
	if r.err != nil {
		return
	}
	off := r.t.offset(y.Line, y.Column)
	r.err = &model.Diagnostic{Range: r.t.rng(off, off), Message: "invalid YAML: " + msg, Severity: model.SevError}
}

func (r *yamlReader) null(y *yaml.Node) *Node {
	off := r.t.offset(y.Line, y.Column)
	return r.alloc(Node{Kind: KNull, Rng: r.t.rng(off, off)})
}

func scalarKind(y *yaml.Node) Kind {
	if y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return KString
	}
	switch y.Tag {
	case "!!int", "!!float":
		return KNumber
	case "!!bool":
		return KBool
	case "!!null":
		return KNull
	}
	return KString
}

func (r *yamlReader) mapping(y *yaml.Node, start, indent int, flow bool) *Node {
	isFlow := flow || y.Style&yaml.FlowStyle != 0
	b := newMapBuilder(model.Range{})
	var merges []*Node
	end := start
	for i := 0; i+1 < len(y.Content); i += 2 {
		ky, vy := y.Content[i], y.Content[i+1]
		keyIndent := ky.Column - 1
		k := r.node(ky, indent, isFlow)
		if k.Kind == KMap || k.Kind == KSeq {
			// Complex keys do not occur in templates; keep the text.
			k = r.alloc(Node{Kind: KString, Str: r.text(k), Rng: k.Rng})
		}
		if k.Kind != KString {
			k.Kind = KString
		}
		v := r.node(vy, keyIndent, isFlow)
		if v.Kind == KNull && v.Rng.Start.Byte == v.Rng.End.Byte {
			// An empty value: yaml.v3 may place it at the next token;
			// it is where the key's colon ends.
			off := k.Rng.End.Byte
			for off < len(r.t.src) && isSpace(r.t.src[off]) {
				off++
			}
			if off < len(r.t.src) && r.t.src[off] == ':' {
				off++
			}
			v = r.alloc(Node{Kind: KNull, Rng: r.t.rng(off, off)})
		}
		if ky.Tag == "!!merge" && ky.Value == "<<" {
			merges = append(merges, v)
		} else {
			if f, dup := b.add(k, v); dup {
				r.notes = append(r.notes, model.Diagnostic{
					Range: k.Rng,
					Message: fmt.Sprintf("duplicate mapping key %q (first at line %d); the last value is used",
						k.Str, f.Rng.Start.Line),
					Severity: model.SevWarning,
				})
			}
		}
		if e := k.Rng.End.Byte; e > end {
			end = e
		}
		if e := v.Rng.End.Byte; e > end {
			end = e
		}
	}
	for _, m := range merges {
		srcs := []*Node{m}
		if m.Kind == KSeq {
			srcs = m.Items
		}
		for _, s := range srcs {
			if s.Kind != KMap {
				continue
			}
			for j, k := range s.Keys {
				if _, ok := b.has(k.Str); !ok {
					b.add(k, s.Vals[j])
				}
			}
		}
	}
	if y.Style&yaml.FlowStyle != 0 {
		end = r.closeFlow(start, end, len(y.Content) == 0, '{')
	}
	b.n.Rng = r.t.rng(start, end)
	return b.n
}

func (r *yamlReader) sequence(y *yaml.Node, start, indent int, flow bool) *Node {
	isFlow := flow || y.Style&yaml.FlowStyle != 0
	n := r.alloc(Node{Kind: KSeq})
	end := start
	seqIndent := y.Column - 1
	if y.Style&yaml.FlowStyle != 0 {
		seqIndent = indent
	}
	for _, c := range y.Content {
		v := r.node(c, seqIndent, isFlow)
		n.Items = append(n.Items, v)
		if e := v.Rng.End.Byte; e > end {
			end = e
		}
	}
	if y.Style&yaml.FlowStyle != 0 {
		end = r.closeFlow(start, end, len(y.Content) == 0, '[')
	}
	n.Rng = r.t.rng(start, end)
	return n
}

// text renders a node for use as a key.
func (r *yamlReader) text(n *Node) string {
	return string(r.t.src[n.Rng.Start.Byte:n.Rng.End.Byte])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// skipProps skips anchors, tags, white space and comments before a value.
func (r *yamlReader) skipProps(off int) int {
	src := r.t.src
	for off < len(src) {
		c := src[off]
		switch {
		case isSpace(c) || c == '\n':
			off++
		case c == '#' && (off == 0 || isSpace(src[off-1]) || src[off-1] == '\n'):
			off = r.t.lineEnd(off)
		case c == '!' || c == '&':
			for off < len(src) && !isSpace(src[off]) && src[off] != '\n' {
				if c == '&' && (src[off] == ',' || src[off] == ']' || src[off] == '}') {
					break
				}
				off++
			}
		default:
			return off
		}
	}
	return off
}

// skipPropsLine skips anchors, tags and white space on the current line.
func (r *yamlReader) skipPropsLine(off int) int {
	src := r.t.src
	for off < len(src) {
		switch c := src[off]; {
		case isSpace(c):
			off++
		case c == '!' || c == '&':
			for off < len(src) && !isSpace(src[off]) && src[off] != '\n' {
				off++
			}
		default:
			return off
		}
	}
	return off
}

// closeFlow finds the end of a flow collection: the closing bracket after
// its last item (or after its opening bracket when empty).
func (r *yamlReader) closeFlow(start, last int, empty bool, openCh byte) int {
	src := r.t.src
	i := last
	if empty {
		i = start
		if i < len(src) && src[i] == openCh {
			i++
		}
	}
	depth := 0
	for i < len(src) {
		switch c := src[i]; {
		case c == '#' && (i == 0 || isSpace(src[i-1]) || src[i-1] == '\n'):
			i = r.t.lineEnd(i)
			continue
		case c == '"' || c == '\'':
			i = yamlesc.QuotedEnd(r.t.src, i)
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth == 0 {
				return i + 1
			}
			depth--
		}
		i++
	}
	return last
}

// scalarEnd returns the end offset of a scalar whose text starts at off.
func (r *yamlReader) scalarEnd(y *yaml.Node, off, indent int, flow bool) int {
	src := r.t.src
	if off >= len(src) {
		return len(src)
	}
	switch {
	case y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		if src[off] == '"' || src[off] == '\'' {
			return yamlesc.QuotedEnd(r.t.src, off)
		}
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		if src[off] == '|' || src[off] == '>' {
			return r.blockEnd(off, indent)
		}
	}
	if y.Value == "" && y.Tag == "!!null" {
		// An empty value: zero width where it would start.
		return off
	}
	return r.plainEnd(off, y.Value, flow)
}

// blockEnd returns the end of a literal or folded block scalar whose header
// starts at off; content lines are indented more than indent.
func (r *yamlReader) blockEnd(off, indent int) int {
	src := r.t.src
	end := r.t.lineEnd(off)
	// Trim a trailing comment on the header line from the range.
	hdr := end
	for hdr > off && isSpace(src[hdr-1]) {
		hdr--
	}
	last := hdr
	content := -1
	line := end + 1
	for line < len(src) {
		le := r.t.lineEnd(line)
		ind := 0
		for line+ind < le && src[line+ind] == ' ' {
			ind++
		}
		blank := strings.TrimSpace(string(src[line+ind:le])) == ""
		if !blank {
			if content < 0 {
				if ind <= indent {
					break
				}
				content = ind
			} else if ind < content {
				break
			}
			e := le
			for e > line && isSpace(src[e-1]) {
				e--
			}
			last = e
		}
		line = le + 1
	}
	return last
}

// plainEnd returns the end of a plain scalar starting at off whose value is
// v; a multi-line plain scalar continues on the following lines.
func (r *yamlReader) plainEnd(off int, v string, flow bool) int {
	src := r.t.src
	lineStop := func(start int) int {
		i := start
		for ; i < len(src); i++ {
			c := src[i]
			if c == '\n' {
				break
			}
			if c == '#' && i > 0 && isSpace(src[i-1]) {
				break
			}
			if flow && (c == ',' || c == ']' || c == '}') {
				break
			}
			if c == ':' && (i+1 >= len(src) || isSpace(src[i+1]) || src[i+1] == '\n' ||
				(flow && strings.IndexByte(",[]{}", src[i+1]) >= 0)) {
				break
			}
		}
		for i > start && isSpace(src[i-1]) {
			i--
		}
		return i
	}
	end := lineStop(off)
	got := end - off
	// Continuation lines are folded into single spaces (blank lines into
	// newlines); follow them until the value's length is covered.
	cur := end
	for got < len(v) && cur < len(src) {
		next := r.t.lineEnd(cur)
		if next >= len(src) {
			break
		}
		i := next + 1
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i >= len(src) {
			break
		}
		if src[i] == '\n' {
			got++
			cur = i
			continue
		}
		e := lineStop(i)
		if e <= i {
			break
		}
		got += 1 + e - i
		end, cur = e, e
	}
	return end
}
