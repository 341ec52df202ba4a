package cloudformation

import (
	"math"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// obj is a mapping of the template as the deployed resource sees it: an
// intrinsic function that selects it (Fn::If) is applied, and its fields
// are read through the evaluator.
type obj struct {
	t *template
	n *Node // the mapping; nil when absent or unknown
	// rng is the range of the mapping, or of the enclosing block when the
	// mapping is absent.
	rng model.Range
	// unknown marks a mapping that is an expression edgelint cannot
	// evaluate: every field is unknown.
	unknown bool
}

// object resolves n (which may be absent) as a mapping; enclosing is the
// range to use when it is absent.
func (t *template) object(n *Node, enclosing model.Range) obj {
	if n == nil {
		return obj{t: t, rng: enclosing}
	}
	v := t.eval(n)
	switch v.k {
	case vMap:
		return obj{t: t, n: v.n, rng: v.n.Rng}
	case vNoValue, vNull:
		return obj{t: t, rng: enclosing}
	}
	return obj{t: t, rng: n.Rng, unknown: true}
}

// present reports whether the mapping exists (or may exist).
func (o obj) present() bool { return o.n != nil || o.unknown }

// node returns the raw node of a field.
func (o obj) node(key string) *Node { return o.n.Get(key) }

// has reports whether a field is present and not removed by AWS::NoValue.
func (o obj) has(key string) bool {
	if o.unknown {
		return true
	}
	n := o.n.Get(key)
	if n == nil || n.Kind == KNull {
		return false
	}
	v := o.t.eval(n)
	return v.k != vNoValue && v.k != vNull
}

// field evaluates a field; the node is nil when the field is absent.
func (o obj) field(key string) (value, *Node) {
	if o.unknown {
		return unknownAt(o.rng), nil
	}
	n := o.n.Get(key)
	if n == nil {
		return value{k: vNoValue}, nil
	}
	return o.t.eval(n), n
}

// obj returns a nested mapping.
func (o obj) obj(key string) obj {
	if o.unknown {
		return obj{t: o.t, rng: o.rng, unknown: true}
	}
	return o.t.object(o.n.Get(key), o.rng)
}

// str reads a string field. An absent field is unset and unknown with the
// range of this mapping; see strDef for fields with a service default.
func (o obj) str(key string) model.Str {
	v, n := o.field(key)
	return strOf(v, n, o.rng)
}

// strDef reads a string field that takes the service default def when
// absent.
func (o obj) strDef(key, def string) model.Str {
	s := o.str(key)
	if !s.Set && !o.unknown {
		return model.DefaultStr(def, o.rng)
	}
	return s
}

// strOf turns an evaluated value into a model string.
func strOf(v value, n *Node, enclosing model.Range) model.Str {
	rng := enclosing
	if n != nil {
		rng = n.Rng
		// A value chosen by Fn::If is located at the branch chosen.
		if n.Kind == KMap && len(n.Keys) == 1 && n.Keys[0].Str == "Fn::If" && v.r.File != "" {
			rng = v.r
		}
	}
	switch v.k {
	case vStr:
		return model.KnownStr(v.s, rng)
	case vNoValue, vNull:
		return model.Str{Range: enclosing}
	}
	return model.UnknownStr(rng)
}

// boolean reads a boolean field ("true"/"false" in any case, as
// CloudFormation accepts), with the default def when absent.
func (o obj) boolean(key string, def bool) model.Bool {
	v, n := o.field(key)
	switch v.k {
	case vNoValue, vNull:
		if o.unknown {
			return model.Bool{Set: true, Range: o.rng}
		}
		return model.DefaultBool(def, o.rng)
	case vStr:
		switch strings.ToLower(strings.TrimSpace(v.s)) {
		case "true":
			return model.KnownBool(true, n.Rng)
		case "false":
			return model.KnownBool(false, n.Rng)
		}
	}
	rng := o.rng
	if n != nil {
		rng = n.Rng
	}
	return model.Bool{Set: true, Range: rng}
}

// integer reads an integer field; absent is unset and unknown.
func (o obj) integer(key string) model.Int {
	v, n := o.field(key)
	switch v.k {
	case vNoValue, vNull:
		return model.Int{Range: o.rng, Set: o.unknown}
	case vStr:
		s := strings.TrimSpace(v.s)
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return model.Int{V: i, Known: true, Set: true, Range: n.Rng}
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<62 {
			return model.Int{V: int64(f), Known: true, Set: true, Range: n.Rng}
		}
	}
	rng := o.rng
	if n != nil {
		rng = n.Rng
	}
	return model.Int{Set: true, Range: rng}
}

// list reads a list of strings. An absent list is unset, known and empty.
func (o obj) list(key string) model.List {
	v, n := o.field(key)
	return listOf(v, n, o.rng)
}

// listOf turns an evaluated value into a model list. A single string is a
// one-item list.
func listOf(v value, n *Node, enclosing model.Range) model.List {
	rng := enclosing
	if n != nil {
		rng = n.Rng
		// A value chosen by Fn::If is located at the branch chosen.
		if n.Kind == KMap && len(n.Keys) == 1 && n.Keys[0].Str == "Fn::If" && v.r.File != "" {
			rng = v.r
		}
	}
	switch v.k {
	case vNoValue, vNull:
		return model.List{Known: true, Range: enclosing}
	case vStr:
		return model.List{Items: []model.Str{model.KnownStr(v.s, rng)}, Known: true, Set: true, Range: rng}
	case vList:
		out := model.List{Known: true, Set: true, Range: rng, Items: make([]model.Str, 0, len(v.list))}
		for _, it := range v.list {
			r := it.r
			if r.IsZero() {
				r = rng
			}
			if it.k == vStr {
				out.Items = append(out.Items, model.KnownStr(it.s, r))
			} else {
				out.Items = append(out.Items, model.UnknownStr(r))
			}
		}
		return out
	}
	return model.List{Set: true, Range: rng}
}

// objs reads a list of mappings. known is false when the list itself, or
// one of its items, cannot be evaluated.
func (o obj) objs(key string) (out []obj, known bool) {
	v, _ := o.field(key)
	switch v.k {
	case vNoValue, vNull:
		return nil, true
	case vList:
		known = true
		for _, it := range v.list {
			if it.k != vMap {
				known = false
				continue
			}
			out = append(out, obj{t: o.t, n: it.n, rng: it.n.Rng})
		}
		return out, known
	}
	return nil, false
}
