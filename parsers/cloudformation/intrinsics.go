package cloudformation

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// vkind classifies an evaluated value.
type vkind uint8

const (
	vUnknown vkind = iota // cannot be known before deploy
	vStr                  // a string, possibly holding symbolic tokens
	vList                 // a list of values
	vMap                  // a plain mapping (not an intrinsic function); n holds it
	vNoValue              // AWS::NoValue or absent: the property is removed
	vNull                 // an explicit null
)

// value is the result of evaluating a template node: intrinsic functions
// are applied symbolically, deploy-time values are tokens, and whatever
// cannot be known is vUnknown.
type value struct {
	k    vkind
	s    string
	list []value
	n    *Node
	r    model.Range
}

func unknownAt(r model.Range) value { return value{k: vUnknown, r: r} }
func strAt(s string, r model.Range) value {
	return value{k: vStr, s: s, r: r}
}

// Evaluation bounds: nesting depth (deeply nested or self-referencing
// expressions evaluate as unknown), total work per template (YAML aliases
// can make a small file describe an exponentially large expression) and
// the length of computed strings.
const (
	maxEvalDepth  = 64
	maxEvalSteps  = 4 << 20
	maxStringSize = 1 << 20
)

// eval evaluates n.
func (t *template) eval(n *Node) value {
	if n == nil {
		return value{k: vNoValue}
	}
	t.depth++
	defer func() { t.depth-- }()
	t.work.steps++
	if t.depth > maxEvalDepth {
		return unknownAt(n.Rng)
	}
	if t.work.steps > maxEvalSteps {
		t.note("eval-budget", n.Rng, "the template's expressions are too large to evaluate; the remaining values are unknown")
		return unknownAt(n.Rng)
	}
	switch n.Kind {
	case KNull:
		return value{k: vNull, r: n.Rng}
	case KString, KNumber, KBool:
		return strAt(n.Str, n.Rng)
	case KSeq:
		out := value{k: vList, n: n, r: n.Rng, list: make([]value, 0, len(n.Items))}
		for _, it := range n.Items {
			v := t.eval(it)
			if v.k == vNoValue {
				continue
			}
			out.list = append(out.list, v)
		}
		return out
	case KMap:
		if name, arg, ok := n.intrinsic(); ok {
			v := t.fn(name, arg, n)
			if v.r.IsZero() {
				v.r = n.Rng
			}
			return v
		}
		return value{k: vMap, n: n, r: n.Rng}
	}
	return unknownAt(n.Rng)
}

// evalString evaluates n and returns its string when it is one.
func (t *template) evalString(n *Node) (string, bool) {
	v := t.eval(n)
	if v.k == vStr {
		return v.s, true
	}
	return "", false
}

// literalString returns the string when n evaluates to one free of tokens.
func (t *template) literalString(n *Node) (string, bool) {
	s, ok := t.evalString(n)
	if !ok || model.HasToken(s) {
		return "", false
	}
	return s, true
}

// fn applies the intrinsic function name to arg; whole is the function node.
func (t *template) fn(name string, arg, whole *Node) value {
	r := whole.Rng
	switch name {
	case "Ref":
		if arg == nil || !arg.IsScalar() {
			return unknownAt(r)
		}
		v := t.ref(arg.Str)
		v.r = r
		return v
	case "Fn::GetAtt":
		logical, attr, ok := t.getAttArgs(arg)
		if !ok {
			return unknownAt(r)
		}
		v := t.getAtt(logical, attr)
		v.r = r
		return v
	case "Fn::Sub":
		return t.sub(arg, r)
	case "Fn::Join":
		return t.join(arg, r)
	case "Fn::Select":
		return t.selectFn(arg, r)
	case "Fn::Split":
		return t.split(arg, r)
	case "Fn::If":
		return t.ifFn(arg, r)
	case "Fn::FindInMap":
		return t.findInMap(arg, r)
	case "Fn::Base64":
		s, ok := t.literalString(arg)
		if !ok {
			return unknownAt(r)
		}
		return strAt(base64.StdEncoding.EncodeToString([]byte(s)), r)
	case "Fn::Length":
		v := t.eval(arg)
		if v.k != vList {
			return unknownAt(r)
		}
		return strAt(strconv.Itoa(len(v.list)), r)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		switch t.cond(whole) {
		case triTrue:
			return strAt("true", r)
		case triFalse:
			return strAt("false", r)
		}
		return unknownAt(r)
	case "Fn::ImportValue":
		return t.importValue(arg, r)
	case "Fn::Transform":
		t.note("fn:"+name, r, "Fn::Transform (a macro such as AWS::Include) is not expanded; the value is unknown")
	case "Fn::GetAZs", "Fn::Cidr":
		// Deploy-time lists that no rule needs: unknown, silently.
	default:
		t.note("fn:"+name, r, name+" is not supported; the value is unknown")
	}
	return unknownAt(r)
}

// getAttArgs reads the arguments of Fn::GetAtt: "Logical.Attr" or
// [Logical, Attr] (the attribute name may be a Ref).
func (t *template) getAttArgs(arg *Node) (string, string, bool) {
	switch {
	case arg == nil:
		return "", "", false
	case arg.IsScalar():
		l, a, ok := strings.Cut(arg.Str, ".")
		return l, a, ok && l != "" && a != ""
	case arg.Kind == KSeq && len(arg.Items) == 2:
		if !arg.Items[0].IsScalar() {
			return "", "", false
		}
		attr, ok := t.literalString(arg.Items[1])
		if !ok {
			return "", "", false
		}
		return arg.Items[0].Str, attr, true
	}
	return "", "", false
}

// args returns the items of a function argument list of at least n items.
func args(arg *Node, n int) ([]*Node, bool) {
	if arg == nil || arg.Kind != KSeq || len(arg.Items) < n {
		return nil, false
	}
	return arg.Items, true
}

func (t *template) sub(arg *Node, r model.Range) value {
	var tmplNode, vars *Node
	if arg != nil && arg.Kind == KSeq {
		if len(arg.Items) == 0 {
			return unknownAt(r)
		}
		tmplNode = arg.Items[0]
		if len(arg.Items) > 1 {
			vars = arg.Items[1]
			if vars.Kind != KMap {
				vv := t.eval(vars)
				if vv.k != vMap {
					return unknownAt(r)
				}
				vars = vv.n
			}
		}
	} else {
		tmplNode = arg
	}
	s, ok := t.evalString(tmplNode)
	if !ok {
		return unknownAt(r)
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		if strings.HasPrefix(s[i:], "${!") {
			b.WriteString("${")
			s = s[i+3:]
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		name := strings.TrimSpace(s[i+2 : i+j])
		s = s[i+j+1:]
		var v value
		if vn := vars.Get(name); vn != nil {
			v = t.eval(vn)
		} else if logical, attr, dotted := strings.Cut(name, "."); dotted && !strings.Contains(name, "::") {
			v = t.getAtt(logical, attr)
		} else {
			v = t.ref(name)
		}
		if v.k != vStr {
			return unknownAt(r)
		}
		b.WriteString(v.s)
		if b.Len() > maxStringSize {
			return unknownAt(r)
		}
	}
	return strAt(b.String(), r)
}

func (t *template) join(arg *Node, r model.Range) value {
	a, ok := args(arg, 2)
	if !ok {
		return unknownAt(r)
	}
	delim, ok := t.evalString(a[0])
	if !ok {
		return unknownAt(r)
	}
	l := t.eval(a[1])
	if l.k != vList {
		return unknownAt(r)
	}
	parts := make([]string, 0, len(l.list))
	size := 0
	for _, it := range l.list {
		if it.k != vStr {
			return unknownAt(r)
		}
		if size += len(it.s) + len(delim); size > maxStringSize {
			return unknownAt(r)
		}
		parts = append(parts, it.s)
	}
	return strAt(strings.Join(parts, delim), r)
}

func (t *template) selectFn(arg *Node, r model.Range) value {
	a, ok := args(arg, 2)
	if !ok {
		return unknownAt(r)
	}
	is, ok := t.literalString(a[0])
	if !ok {
		return unknownAt(r)
	}
	i, err := strconv.Atoi(strings.TrimSpace(is))
	if err != nil {
		return unknownAt(r)
	}
	l := t.eval(a[1])
	if l.k != vList || i < 0 || i >= len(l.list) {
		return unknownAt(r)
	}
	return l.list[i]
}

func (t *template) split(arg *Node, r model.Range) value {
	a, ok := args(arg, 2)
	if !ok {
		return unknownAt(r)
	}
	delim, ok := t.evalString(a[0])
	if !ok || delim == "" {
		return unknownAt(r)
	}
	s, ok := t.evalString(a[1])
	if !ok {
		return unknownAt(r)
	}
	// Splitting must not cut a token apart.
	if model.HasToken(s) && strings.ContainsAny(delim, "0123456789"+string(model.TokenOpen)+string(model.TokenClose)) {
		return unknownAt(r)
	}
	parts := strings.Split(s, delim)
	out := value{k: vList, r: r, list: make([]value, len(parts))}
	for i, p := range parts {
		out.list[i] = strAt(p, r)
	}
	return out
}

func (t *template) ifFn(arg *Node, r model.Range) value {
	a, ok := args(arg, 3)
	if !ok || !a[0].IsScalar() {
		return unknownAt(r)
	}
	switch t.condition(a[0].Str) {
	case triTrue:
		return t.eval(a[1])
	case triFalse:
		return t.eval(a[2])
	}
	x, y := t.eval(a[1]), t.eval(a[2])
	switch {
	case x.k == vStr && y.k == vStr && x.s == y.s:
		x.r = r
		return x
	case x.k == vNoValue && y.k == vNoValue:
		return x
	}
	t.undecided[a[0].Str] = true
	return unknownAt(r)
}

// dropped reports whether a resource with Condition cond is left out of
// the stack: cond is false. An undecided condition keeps the resource and
// is recorded.
func (t *template) dropped(cond string) bool {
	if cond == "" {
		return false
	}
	v := t.condition(cond)
	if v == triUnknown {
		if _, ok := t.conds[cond]; ok {
			t.undecided[cond] = true
		}
	}
	return v == triFalse
}

func (t *template) findInMap(arg *Node, r model.Range) value {
	a, ok := args(arg, 3)
	if !ok {
		return unknownAt(r)
	}
	fallback := func() value {
		if len(a) > 3 {
			if d := a[3].Get("DefaultValue"); d != nil {
				return t.eval(d)
			}
		}
		return unknownAt(r)
	}
	node := t.mappings
	for _, k := range a[:3] {
		key, ok := t.literalString(k)
		if !ok {
			return unknownAt(r)
		}
		if node == nil || node.Kind != KMap {
			return fallback()
		}
		node = node.Get(key)
	}
	if node == nil {
		return fallback()
	}
	return t.eval(node)
}

// ---- conditions -------------------------------------------------------------

// tri is a three-valued truth.
type tri int8

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// condition evaluates the named condition of the Conditions section.
func (t *template) condition(name string) tri {
	if v, ok := t.opts.Assume[name]; ok {
		return triOf(v)
	}
	if v, ok := t.condMemo[name]; ok {
		return v
	}
	n, ok := t.conds[name]
	if !ok || t.condBusy[name] {
		return triUnknown
	}
	t.condBusy[name] = true
	v := t.cond(n)
	delete(t.condBusy, name)
	t.condMemo[name] = v
	return v
}

// cond evaluates a condition expression.
func (t *template) cond(n *Node) tri {
	if n == nil {
		return triUnknown
	}
	if n.Kind == KMap && len(n.Keys) == 1 {
		arg := n.Vals[0]
		switch n.Keys[0].Str {
		case "Condition":
			if arg.IsScalar() {
				return t.condition(arg.Str)
			}
			return triUnknown
		case "Fn::Equals":
			a, ok := args(arg, 2)
			if !ok {
				return triUnknown
			}
			return equals(t.eval(a[0]), t.eval(a[1]))
		case "Fn::Not":
			var c *Node
			if a, ok := args(arg, 1); ok {
				c = a[0]
			} else if arg != nil && arg.Kind == KMap {
				c = arg
			}
			switch t.cond(c) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
			return triUnknown
		case "Fn::And", "Fn::Or":
			a, ok := args(arg, 1)
			if !ok {
				return triUnknown
			}
			and := n.Keys[0].Str == "Fn::And"
			res := triOf(and)
			for _, c := range a {
				switch t.cond(c) {
				case triUnknown:
					res = triUnknown
				case triTrue:
					if !and {
						return triTrue
					}
				case triFalse:
					if and {
						return triFalse
					}
				}
			}
			return res
		}
	}
	if s, ok := t.literalString(n); ok {
		switch strings.ToLower(s) {
		case "true":
			return triTrue
		case "false":
			return triFalse
		}
	}
	return triUnknown
}

// equals compares two values as Fn::Equals does. Identical strings are
// equal even when they hold tokens (same token, same value); strings that
// differ in literal text around their tokens are different.
func equals(a, b value) tri {
	if a.k != vStr || b.k != vStr {
		return triUnknown
	}
	if a.s == b.s {
		return triTrue
	}
	if !model.HasToken(a.s) && !model.HasToken(b.s) {
		return triFalse
	}
	pa, pb := literalPrefix(a.s), literalPrefix(b.s)
	if !strings.HasPrefix(pa, pb) && !strings.HasPrefix(pb, pa) {
		return triFalse
	}
	sa, sb := literalSuffix(a.s), literalSuffix(b.s)
	if !strings.HasSuffix(sa, sb) && !strings.HasSuffix(sb, sa) {
		return triFalse
	}
	return triUnknown
}

func literalPrefix(s string) string {
	if i := strings.IndexRune(s, model.TokenOpen); i >= 0 {
		return s[:i]
	}
	return s
}

func literalSuffix(s string) string {
	if i := strings.LastIndex(s, string(model.TokenClose)); i >= 0 {
		return s[i+len(string(model.TokenClose)):]
	}
	return s
}
