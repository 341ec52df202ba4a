package serverless

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
)

// Nodes of the template the service compiles to. Each carries the range
// of the text in the service file (or an included file) it comes from, so
// that a finding on it lands there.

func strNode(s string, rng model.Range) *cf.Node {
	return &cf.Node{Kind: cf.KString, Str: s, Rng: rng}
}

func boolNode(b bool, rng model.Range) *cf.Node {
	return &cf.Node{Kind: cf.KBool, Str: strconv.FormatBool(b), Rng: rng}
}

// scalarNode is a literal of a variable's fallback.
func scalarNode(s string, rng model.Range) *cf.Node {
	switch s {
	case "true", "false":
		return &cf.Node{Kind: cf.KBool, Str: s, Rng: rng}
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && s != "" && !strings.ContainsAny(s, "'\"") {
		return &cf.Node{Kind: cf.KNumber, Str: s, Rng: rng}
	}
	return strNode(s, rng)
}

// mapNode builds a mapping from key, value pairs (a nil value leaves its
// key out).
func mapNode(rng model.Range, kv ...any) *cf.Node {
	n := &cf.Node{Kind: cf.KMap, Rng: rng}
	for i := 0; i+1 < len(kv); i += 2 {
		v, _ := kv[i+1].(*cf.Node)
		if v == nil {
			continue
		}
		n.Keys = append(n.Keys, strNode(kv[i].(string), rng))
		n.Vals = append(n.Vals, v)
	}
	return n
}

func seqNode(rng model.Range, items ...*cf.Node) *cf.Node {
	return &cf.Node{Kind: cf.KSeq, Items: items, Rng: rng}
}

func refNode(name string, rng model.Range) *cf.Node {
	return mapNode(rng, "Ref", strNode(name, rng))
}

func getAttNode(logical, attr string, rng model.Range) *cf.Node {
	return mapNode(rng, "Fn::GetAtt", seqNode(rng, strNode(logical, rng), strNode(attr, rng)))
}

// entries is a mapping being built: keys in order, the last value of a
// key kept at the place of its first.
type entries struct {
	keys []*cf.Node
	vals []*cf.Node
	at   map[string]int
}

func newEntries() *entries { return &entries{at: map[string]int{}} }

func (e *entries) has(key string) bool {
	_, ok := e.at[key]
	return ok
}

func (e *entries) get(key string) *cf.Node {
	if i, ok := e.at[key]; ok {
		return e.vals[i]
	}
	return nil
}

func (e *entries) set(key, v *cf.Node) {
	if i, ok := e.at[key.Str]; ok {
		e.vals[i] = v
		return
	}
	e.at[key.Str] = len(e.keys)
	e.keys = append(e.keys, key)
	e.vals = append(e.vals, v)
}

func (e *entries) node(rng model.Range) *cf.Node {
	return &cf.Node{Kind: cf.KMap, Keys: e.keys, Vals: e.vals, Rng: rng}
}

// merge merges b into a as the framework does (lodash's merge): mappings
// key by key, lists item by item, any other value of b replacing a's. It
// builds new nodes; a and b are left as they are.
func merge(a, b *cf.Node, depth int) *cf.Node {
	switch {
	case a == nil:
		return b
	case b == nil || b.Kind == cf.KNull:
		return a
	case depth > 64:
		return b
	case a.Kind == cf.KMap && b.Kind == cf.KMap:
		e := newEntries()
		for i, k := range a.Keys {
			e.set(k, a.Vals[i])
		}
		for i, k := range b.Keys {
			e.set(k, merge(e.get(k.Str), b.Vals[i], depth+1))
		}
		return e.node(b.Rng)
	case a.Kind == cf.KSeq && b.Kind == cf.KSeq:
		out := &cf.Node{Kind: cf.KSeq, Rng: b.Rng}
		for i := 0; i < len(a.Items) || i < len(b.Items); i++ {
			switch {
			case i >= len(b.Items):
				out.Items = append(out.Items, a.Items[i])
			case i >= len(a.Items):
				out.Items = append(out.Items, b.Items[i])
			default:
				out.Items = append(out.Items, merge(a.Items[i], b.Items[i], depth+1))
			}
		}
		return out
	}
	return b
}

// lit returns the text of a known scalar.
func lit(n *cf.Node) (string, bool) {
	if n.IsScalar() {
		return n.Str, true
	}
	return "", false
}

// truthy reports whether a known scalar is true ("true" written as a
// string too, as the framework's schema coerces it).
func truthy(n *cf.Node) bool {
	s, ok := lit(n)
	return ok && strings.EqualFold(strings.TrimSpace(s), "true")
}

// rangeOf is n's range, or def when n is nil.
func rangeOf(n *cf.Node, def model.Range) model.Range {
	if n == nil || n.Rng.File == "" {
		return def
	}
	return n.Rng
}
