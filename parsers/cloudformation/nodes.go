package cloudformation

import (
	"sort"

	"github.com/edgelint/edgelint/model"
)

// Kind is the shape of a template node.
type Kind uint8

// Node kinds. Scalars keep their text in Node.Str whatever their YAML type.
const (
	KNull Kind = iota
	KString
	KNumber
	KBool
	KMap
	KSeq
)

// Node is one node of a template, YAML or JSON alike, with the exact source
// range it was read from. YAML short-form tags (!Ref, !Sub, …) are turned
// into their long form while reading: a node tagged !Sub becomes a mapping
// {"Fn::Sub": value} whose range covers the tag and the value.
type Node struct {
	Kind  Kind
	Str   string  // scalar text
	Keys  []*Node // KMap: key nodes (KString), in source order, unique
	Vals  []*Node // KMap: values, parallel to Keys
	Items []*Node // KSeq
	Rng   model.Range

	index map[string]int // lazily built key index for large mappings
}

// IsScalar reports whether n is a string, number or boolean.
func (n *Node) IsScalar() bool {
	return n != nil && (n.Kind == KString || n.Kind == KNumber || n.Kind == KBool)
}

// Len is the number of entries of a mapping or items of a sequence.
func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	if n.Kind == KMap {
		return len(n.Keys)
	}
	return len(n.Items)
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	v, _ := n.Entry(key)
	return v
}

// Entry returns the value and key node of key in a mapping.
func (n *Node) Entry(key string) (val, k *Node) {
	if n == nil || n.Kind != KMap {
		return nil, nil
	}
	if len(n.Keys) > 16 {
		if n.index == nil {
			n.index = make(map[string]int, len(n.Keys))
			for i, k := range n.Keys {
				n.index[k.Str] = i
			}
		}
		if i, ok := n.index[key]; ok {
			return n.Vals[i], n.Keys[i]
		}
		return nil, nil
	}
	for i, k := range n.Keys {
		if k.Str == key {
			return n.Vals[i], k
		}
	}
	return nil, nil
}

// intrinsic reports whether n is a single-key mapping naming an intrinsic
// function ("Ref", "Fn::…") and returns the name and argument.
func (n *Node) intrinsic() (string, *Node, bool) {
	if n == nil || n.Kind != KMap || len(n.Keys) != 1 {
		return "", nil, false
	}
	k := n.Keys[0].Str
	if k == "Ref" || (len(k) > 4 && k[:4] == "Fn::") {
		return k, n.Vals[0], true
	}
	return "", nil, false
}

// mapBuilder assembles a mapping, tolerating duplicate keys: the last value
// wins, and add tells each duplicate with the key it repeats.
type mapBuilder struct {
	n *Node
	// seen indexes the keys once there are more than smallMap of them;
	// smaller mappings, the usual ones, are scanned.
	seen map[string]int
	// first holds, by position, the first key of a name written more
	// than once (n.Keys holds the last).
	first map[int]*Node
}

const smallMap = 16

func newMapBuilder(rng model.Range) *mapBuilder {
	return &mapBuilder{n: &Node{Kind: KMap, Rng: rng}}
}

// has returns the index of the key name.
func (b *mapBuilder) has(name string) (int, bool) {
	if b.seen != nil {
		i, ok := b.seen[name]
		return i, ok
	}
	for i, k := range b.n.Keys {
		if k.Str == name {
			return i, true
		}
	}
	return 0, false
}

// add adds the entry k: v. When the mapping has a key of that name
// already, the entry replaces it, and first is the first key of that name.
func (b *mapBuilder) add(k, v *Node) (first *Node, dup bool) {
	if i, ok := b.has(k.Str); ok {
		if first = b.first[i]; first == nil {
			if b.first == nil {
				b.first = map[int]*Node{}
			}
			first = b.n.Keys[i]
			b.first[i] = first
		}
		b.n.Keys[i], b.n.Vals[i] = k, v
		return first, true
	}
	b.n.Keys = append(b.n.Keys, k)
	b.n.Vals = append(b.n.Vals, v)
	switch {
	case b.seen != nil:
		b.seen[k.Str] = len(b.n.Keys) - 1
	case len(b.n.Keys) > smallMap:
		b.seen = make(map[string]int, 2*len(b.n.Keys))
		for i, k := range b.n.Keys {
			b.seen[k.Str] = i
		}
	}
	return nil, false
}

// posTable converts between byte offsets and line/column positions of one
// source file. Columns count Unicode code points (bytes that do not
// continue a UTF-8 sequence).
type posTable struct {
	file  string
	src   []byte
	lines []int // byte offset of each line start
	ascii bool
	// cp[i] counts code points in src[:i*cpStep]; built only for non-ASCII
	// sources.
	cp []int
}

const cpStep = 128

func newPosTable(file string, src []byte) *posTable {
	t := &posTable{file: file, src: src, lines: []int{0}, ascii: true}
	for i, c := range src {
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		} else if c >= 0x80 {
			t.ascii = false
		}
	}
	if !t.ascii {
		t.cp = make([]int, len(src)/cpStep+1)
		n := 0
		for i, c := range src {
			if i%cpStep == 0 {
				t.cp[i/cpStep] = n
			}
			if c&0xC0 != 0x80 {
				n++
			}
		}
	}
	return t
}

// points counts code points in src[:off].
func (t *posTable) points(off int) int {
	if t.ascii {
		return off
	}
	b := off / cpStep
	n := t.cp[b]
	for _, c := range t.src[b*cpStep : off] {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// pos returns the position of byte offset off.
func (t *posTable) pos(off int) model.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(t.src) {
		off = len(t.src)
	}
	line := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	col := t.points(off) - t.points(t.lines[line]) + 1
	return model.Pos{Line: line + 1, Column: col, Byte: off}
}

// offset returns the byte offset of a 1-based line and column.
func (t *posTable) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(t.lines) {
		return len(t.src)
	}
	off := t.lines[line-1]
	if t.ascii {
		off += col - 1
		if end := t.lineEnd(off); off > end {
			off = end
		}
		return off
	}
	for n := 1; n < col && off < len(t.src) && t.src[off] != '\n'; {
		off++
		if off < len(t.src) && t.src[off]&0xC0 != 0x80 {
			n++
		}
	}
	return off
}

// lineEnd returns the offset of the newline ending the line holding off
// (or the end of the source).
func (t *posTable) lineEnd(off int) int {
	for off < len(t.src) && t.src[off] != '\n' {
		off++
	}
	return off
}

// rng returns the range of [start, end).
func (t *posTable) rng(start, end int) model.Range {
	if end < start {
		end = start
	}
	return model.Range{File: t.file, Start: t.pos(start), End: t.pos(end)}
}
