package cloudformation

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/openapi"
)

// maxDefinitionNodes bounds the generic tree built from one API definition
// (aliases can make a small YAML file expand enormously).
const maxDefinitionNodes = 1 << 20

// definition is an API definition (OpenAPI/Swagger) as a generic tree, with
// the source range of each of its nodes by key path.
type definition struct {
	doc       any
	locs      map[string]model.Range
	root      model.Range
	budget    int
	truncated bool
	// unitSpent: it was truncated by the budget of the unit.
	unitSpent bool
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

// child returns a fresh path extending path by k.
func child(path []string, k string) []string {
	out := make([]string, len(path), len(path)+1)
	copy(out, path)
	return append(out, k)
}

// locate is the openapi.Locator of the definition: the range of the node
// at path, or of its nearest ancestor with a known range.
func (d *definition) locate(path ...string) model.Range {
	for i := len(path); i >= 0; i-- {
		if r, ok := d.locs[pathKey(path[:i])]; ok {
			return r
		}
	}
	return d.root
}

// setLoc records the range of the node at path.
func (d *definition) setLoc(r model.Range, path ...string) {
	if !r.IsZero() {
		d.locs[pathKey(path)] = r
	}
}

// newDefinition converts n to a generic tree. With eval, intrinsic
// functions are evaluated: known strings replace them, AWS::NoValue removes
// them, and those that cannot be evaluated are kept as written so the
// OpenAPI reader sees an unresolved function.
func (t *template) newDefinition(n *Node, eval bool) *definition {
	// The nodes of every definition of the unit are counted too: one
	// large file may be the definition of many APIs in many stacks.
	budget := min(maxDefinitionNodes, max(0, maxUnitDefinitionNodes-t.work.defNodes))
	d := &definition{locs: map[string]model.Range{}, root: n.Rng, budget: budget}
	d.doc, _ = d.conv(t, n, nil, eval)
	t.work.defNodes += budget - d.budget
	d.unitSpent = d.truncated && budget < maxDefinitionNodes
	return d
}

func (d *definition) conv(t *template, n *Node, path []string, eval bool) (any, bool) {
	if n == nil {
		return nil, false
	}
	if d.budget <= 0 {
		d.truncated = true
		return nil, true
	}
	d.budget--
	d.setLoc(n.Rng, path...)
	switch n.Kind {
	case KNull:
		return nil, true
	case KString:
		return n.Str, true
	case KNumber:
		if f, err := strconv.ParseFloat(n.Str, 64); err == nil {
			return f, true
		}
		return n.Str, true
	case KBool:
		return strings.EqualFold(n.Str, "true"), true
	case KSeq:
		out := make([]any, 0, len(n.Items))
		for _, it := range n.Items {
			v, keep := d.conv(t, it, child(path, strconv.Itoa(len(out))), eval)
			if keep {
				out = append(out, v)
			}
		}
		return out, true
	}
	if _, _, ok := n.intrinsic(); ok && eval {
		v := t.eval(n)
		switch v.k {
		case vStr:
			return v.s, true
		case vNoValue:
			return nil, false
		case vNull:
			return nil, true
		case vMap:
			return d.conv(t, v.n, path, eval)
		case vList:
			if v.n != nil {
				return d.conv(t, v.n, path, eval)
			}
			out := make([]any, len(v.list))
			for i, it := range v.list {
				if it.k == vStr {
					out[i] = it.s
				}
			}
			return out, true
		}
		return d.conv(t, n, path, false)
	}
	m := make(map[string]any, len(n.Keys))
	for i, k := range n.Keys {
		v, keep := d.conv(t, n.Vals[i], child(path, k.Str), eval)
		if keep {
			m[k.Str] = v
		}
	}
	return m, true
}

// isTransform reports whether n is an Fn::Transform.
func isTransform(n *Node) bool {
	name, _, ok := n.intrinsic()
	return ok && name == "Fn::Transform"
}

// expandIncludes returns n with every Fn::Transform AWS::Include in it
// replaced by the content of the local file its Location names, as
// CloudFormation processes transforms before it evaluates the other
// intrinsic functions; intrinsic functions in the included content are
// evaluated against this template. It returns the reason instead when a
// transform cannot be expanded (another macro, a file in S3, a location
// that is not known statically or not a readable local file).
func (t *template) expandIncludes(n *Node, api string) (*Node, string) {
	x := &includer{t: t, api: api, memo: map[*Node]*Node{}, budget: maxDefinitionNodes}
	out := x.walk(n)
	if x.why != "" {
		return nil, x.why
	}
	return out, ""
}

// includer expands the AWS::Include transforms of one API definition.
type includer struct {
	t      *template
	api    string
	memo   map[*Node]*Node
	budget int
	why    string
}

func (x *includer) walk(n *Node) *Node {
	if n == nil || x.why != "" || x.budget <= 0 {
		return n
	}
	if out, ok := x.memo[n]; ok {
		return out
	}
	x.budget--
	out := n
	switch n.Kind {
	case KMap:
		if name, arg, ok := n.intrinsic(); ok && name == "Fn::Transform" {
			out = x.include(arg)
			break
		}
		if vals, changed := x.walkAll(n.Vals); changed {
			out = &Node{Kind: KMap, Keys: n.Keys, Vals: vals, Rng: n.Rng}
		}
	case KSeq:
		if items, changed := x.walkAll(n.Items); changed {
			out = &Node{Kind: KSeq, Items: items, Rng: n.Rng}
		}
	}
	x.memo[n] = out
	return out
}

// walkAll expands the nodes of a list, copying it only when one changes.
func (x *includer) walkAll(ns []*Node) ([]*Node, bool) {
	var out []*Node
	for i, n := range ns {
		w := x.walk(n)
		if w != n && out == nil {
			out = append(make([]*Node, 0, len(ns)), ns[:i]...)
		}
		if out != nil {
			out = append(out, w)
		}
	}
	return out, out != nil
}

// include returns the content of the file an Fn::Transform names, or nil
// with x.why set.
func (x *includer) include(arg *Node) *Node {
	t := x.t
	name, ok := t.literalString(arg.Get("Name"))
	if !ok || name != "AWS::Include" {
		what := "a macro (Fn::Transform)"
		if ok {
			what = "the macro " + name
		}
		x.why = "the OpenAPI definition of " + x.api + " comes from " + what + ", which edgelint does not expand"
		return nil
	}
	loc, ok := t.evalString(arg.Get("Parameters").Get("Location"))
	if !ok {
		x.why = "the AWS::Include Location of the OpenAPI definition of " + x.api + " is not known statically"
		return nil
	}
	shown := t.syms.Display(loc)
	scheme, rest, hasScheme := strings.Cut(loc, "://")
	switch {
	case hasScheme && !strings.EqualFold(scheme, "file"):
		x.why = "the OpenAPI definition of " + x.api + " is included with AWS::Include from " + shown + ", which edgelint cannot see"
		return nil
	case strings.Contains(loc, "%%"):
		x.why = "the AWS::Include Location of the OpenAPI definition of " + x.api + " (" + shown +
			") holds build placeholders (%%…%%) that are replaced before deployment"
		return nil
	case model.HasToken(loc) || strings.TrimSpace(loc) == "":
		x.why = "the AWS::Include Location of the OpenAPI definition of " + x.api + " (" + shown + ") is not known statically"
		return nil
	}
	if hasScheme {
		loc = rest
	}
	root, why := t.readLocal("the AWS::Include Location of the OpenAPI definition of "+x.api, strings.TrimSpace(loc))
	if why != "" {
		x.why = why
		return nil
	}
	return root
}

// readBody reads an inline API definition (RestApi/Api Body) into a.
func (t *template) readBody(a *model.API, n *Node, basePath model.Str) {
	n, why := t.expandIncludes(n, a.Source.Address)
	if why != "" {
		a.ResourcesUnknown = why
		return
	}
	if a.Kind == model.WebSocket {
		return
	}
	v := t.eval(n)
	if v.k != vMap {
		a.ResourcesUnknown = "the OpenAPI definition of " + a.Source.Address + " cannot be evaluated statically"
		return
	}
	mode := ""
	if basePath.Set {
		if !basePath.Known || model.HasToken(basePath.V) {
			a.ResourcesUnknown = "the basepath import mode of " + a.Source.Address + " is not known statically"
			return
		}
		mode = basePath.V
	}
	t.readDefinition(a, t.newDefinition(v.n, true), mode)
}

// readDefinition runs the OpenAPI reader over d and attaches what it
// declares to a.
func (t *template) readDefinition(a *model.API, d *definition, basePath string) {
	res, err := openapi.Read(d.doc, d.locate, openapi.Options{
		Kind:     a.Kind,
		BasePath: basePath,
		Source:   a.Source,
		Syms:     t.syms,
		APIID:    a.ID,
	})
	a.Resources = append(a.Resources, res.Resources...)
	a.Authorizers = append(a.Authorizers, res.Authorizers...)
	if res.APIKeySource.Set && !a.APIKeySource.Set {
		// ApiKeySourceType, when set, overrides the definition's extension.
		a.APIKeySource = res.APIKeySource
	}
	for _, n := range res.Notes {
		if n.Range.File == "" {
			n.Range.File = t.path
		}
		t.errs = append(t.errs, n)
	}
	switch {
	case a.ResourcesUnknown != "":
	case d.unitSpent:
		a.ResourcesUnknown = "the OpenAPI definition of " + a.Source.Address + " is not analyzed: the definitions of this template and its nested stacks are too large to analyze together"
	case d.truncated:
		a.ResourcesUnknown = "the OpenAPI definition of " + a.Source.Address + " is too large to analyze"
	case err != nil:
		a.ResourcesUnknown = err.Error()
	}
}
