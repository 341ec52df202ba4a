package suppress

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/model"
)

// yamlDoc is a YAML (or JSON) file read for its directives.
type yamlDoc struct {
	path string
	l    *lines
	docs []*yaml.Node
	// entries are the mapping entries and sequence items in document
	// order, outer before inner, with their extents.
	entries []extent
	// keyExtent is the extent of the mapping entry of each key node.
	keyExtent map[*yaml.Node]extent
}

// extent is a node and the region it occupies: from its start to the
// start of the next sibling (the start of its line when only indentation
// and sequence dashes precede it) or, for the last child, the end of its
// parent's extent. Trailing comments and blank lines thus belong to the
// entry before them, which never matters: no finding starts there.
type extent struct {
	node       *yaml.Node
	start, end model.Pos
}

// parseYAML finds the directives of a YAML or JSON file: comments (YAML
// only) and CloudFormation resources' Metadata.edgelint.
func parseYAML(path string, src []byte, l *lines, problems *[]model.Diagnostic) []*Directive {
	y := &yamlDoc{path: path, l: l, keyExtent: map[*yaml.Node]extent{}}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil
		}
		y.docs = append(y.docs, &n)
	}
	for i, d := range y.docs {
		end := l.end()
		if i+1 < len(y.docs) {
			end = y.start(y.docs[i+1], false)
		}
		y.walk(d, end)
	}
	out := y.comments(problems)
	return append(out, y.metadata(problems)...)
}

// pos is where node n starts.
func (y *yamlDoc) pos(n *yaml.Node) model.Pos {
	return y.l.at(n.Line, n.Column)
}

// start is where a sibling starting at n ends the extent before it.
func (y *yamlDoc) start(n *yaml.Node, seqItem bool) model.Pos {
	if y.l.indentOnly(n.Line, n.Column, seqItem) {
		return y.l.lineStart(n.Line)
	}
	return y.pos(n)
}

func (y *yamlDoc) walk(n *yaml.Node, end model.Pos) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			y.walk(c, end)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			e := end
			if i+2 < len(n.Content) {
				e = y.start(n.Content[i+2], false)
			}
			x := extent{node: k, start: y.pos(k), end: e}
			y.entries = append(y.entries, x)
			y.keyExtent[k] = x
			y.walk(v, e)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			e := end
			if i+1 < len(n.Content) {
				e = y.start(n.Content[i+1], n.Style&yaml.FlowStyle == 0)
			}
			y.entries = append(y.entries, extent{node: item, start: y.pos(item), end: e})
			y.walk(item, e)
		}
	}
}

// comments finds the directives in comments. A "#" starts a comment where
// yaml.v3 saw one: its text, to the end of the line, must be one of the
// comments of the node tree, which tells it apart from a "#" inside a
// quoted or block scalar.
func (y *yamlDoc) comments(problems *[]model.Diagnostic) []*Directive {
	known := map[string]bool{}
	var collect func(n *yaml.Node)
	collect = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					known[line] = true
				}
			}
		}
		for _, c := range n.Content {
			collect(c)
		}
	}
	for _, d := range y.docs {
		collect(d)
	}
	if len(known) == 0 {
		return nil
	}
	// commentAt returns the byte offset in line n where a comment starts,
	// or -1.
	commentAt := func(n int) int {
		t := y.l.text(n)
		for i := 0; i < len(t); i++ {
			if t[i] != '#' || (i > 0 && t[i-1] != ' ' && t[i-1] != '\t') {
				continue
			}
			if known[strings.TrimSpace(string(t[i:]))] {
				return i
			}
		}
		return -1
	}
	commentLine := func(n int) bool {
		t := y.l.text(n)
		i := commentAt(n)
		return i >= 0 && len(bytes.TrimSpace(t[:i])) == 0
	}
	var out []*Directive
	for n := 1; n <= y.l.count(); n++ {
		t := y.l.text(n)
		if !model.MayHoldSuppression(t) {
			continue
		}
		i := commentAt(n)
		if i < 0 {
			continue
		}
		lineStart := y.l.lineStart(n).Byte
		text := strings.TrimRight(string(t[i+1:]), " \t")
		words, reason, ok := parseComment(text, lineStart+i+1)
		if !ok {
			if meant, ok := nearMiss(text); ok {
				r := model.Range{File: y.path, Start: y.l.pos(lineStart + i), End: y.l.pos(lineStart + i + 1 + len(text))}
				*problems = append(*problems, nearMissWarning(r, "#", meant))
			}
			continue
		}
		d := &Directive{
			Range:  model.Range{File: y.path, Start: y.l.pos(lineStart + i), End: y.l.pos(lineStart + i + 1 + len(text))},
			Rules:  resolve(y.path, y.l, words, problems),
			Reason: reason,
		}
		if len(bytes.TrimSpace(t[:i])) == 0 {
			d.Kind = OwnLine
			d.Scope = ownLineScope(y.path, y.l, n, commentLine, func(line int) (model.Pos, bool) {
				// Entries are in document order, outer first: the first
				// one starting on line is the outermost.
				for _, e := range y.entries {
					if e.node.Line == line {
						return e.end, true
					}
				}
				return model.Pos{}, false
			})
		} else {
			d.Kind = EndOfLine
			d.Scope = lineScope(y.path, y.l, n)
		}
		out = append(out, d)
	}
	return out
}

// metadata finds the Metadata.edgelint entries of a CloudFormation
// template's resources.
func (y *yamlDoc) metadata(problems *[]model.Diagnostic) []*Directive {
	if len(y.docs) == 0 || len(y.docs[0].Content) == 0 {
		return nil
	}
	resources, _ := get(y.docs[0].Content[0], "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return nil
	}
	var out []*Directive
	for i := 0; i+1 < len(resources.Content); i += 2 {
		k, v := resources.Content[i], resources.Content[i+1]
		md, _ := get(v, "Metadata")
		el, elKey := get(md, "edgelint")
		if elKey == nil {
			continue
		}
		x := y.keyExtent[k]
		d := &Directive{
			Kind:  Metadata,
			Range: y.nodeRange(elKey),
			Scope: model.Range{File: y.path, Start: x.start, End: x.end},
		}
		if el.Kind != yaml.MappingNode {
			*problems = append(*problems, warning(y.nodeRange(el), "Metadata.edgelint: want a mapping with ignore (rule codes or names) and reason"))
			continue
		}
		out = append(out, d)
		for j := 0; j+1 < len(el.Content); j += 2 {
			ek, ev := el.Content[j], el.Content[j+1]
			switch ek.Value {
			case "ignore":
				d.Rules = append(d.Rules, y.metadataRules(ev, problems)...)
			case "reason":
				if ev.Kind == yaml.ScalarNode {
					d.Reason = strings.TrimSpace(ev.Value)
				} else {
					*problems = append(*problems, warning(y.nodeRange(ev), "Metadata.edgelint.reason: want a string"))
				}
			default:
				*problems = append(*problems, warning(y.nodeRange(ek), "Metadata.edgelint: unknown key "+strconv.Quote(ek.Value)+"; want ignore and reason"))
			}
		}
	}
	return out
}

// metadataRules reads Metadata.edgelint.ignore: a list of codes or names,
// or one string of them separated by commas.
func (y *yamlDoc) metadataRules(n *yaml.Node, problems *[]model.Diagnostic) []RuleRef {
	var words []word
	add := func(s *yaml.Node) {
		if s.Kind != yaml.ScalarNode || s.Tag == "!!null" {
			*problems = append(*problems, warning(y.nodeRange(s), "Metadata.edgelint.ignore: want rule codes or names"))
			return
		}
		base := y.pos(s).Byte
		if s.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			base++
		}
		off := 0
		for _, part := range strings.Split(s.Value, ",") {
			trimmed := strings.TrimSpace(part)
			if trimmed != "" {
				words = append(words, word{text: trimmed, off: base + off + strings.Index(part, trimmed)})
			}
			off += len(part) + 1
		}
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			add(item)
		}
	default:
		add(n)
	}
	return resolve(y.path, y.l, words, problems)
}

// nodeRange is the range of a node's first line of text: a scalar's
// text, or the start of anything else.
func (y *yamlDoc) nodeRange(n *yaml.Node) model.Range {
	start := y.pos(n)
	end := start
	if n.Kind == yaml.ScalarNode && !strings.Contains(n.Value, "\n") {
		width := utf8.RuneCountInString(n.Value)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			width += 2
		}
		end = y.l.at(n.Line, n.Column+width)
	}
	return model.Range{File: y.path, Start: start, End: end}
}

// get returns the value and key node of key in mapping n.
func get(n *yaml.Node, key string) (val, k *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i+1], n.Content[i]
		}
	}
	return nil, nil
}
