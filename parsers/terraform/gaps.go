package terraform

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
)

// Route gaps. The instances of a resource declaring API resources, methods
// or routes whose count or for_each is not known, and a module call whose
// instances are not analyzed, may declare resources or routes edgelint does
// not see: the APIs they may belong to have an incomplete route set, and
// rules that need the whole set (no route matching a behavior) say nothing
// about them. Which APIs those are is told by the values the declarations
// read: the tokens the API reference (or a module's arguments) evaluates
// to with each and count unknown, or, where that value is not wholly
// known, the tokens of every value it reads (each and count standing for
// the for_each or count expression). When one of those values is itself
// not wholly known, the gap may belong to any API of the configuration (of
// the kinds the declaration can belong to): never a guessed narrower set.
// A module's arguments are not all API IDs: there, an unknown variable of
// the root module, which comes from outside and carries no token, does not
// make the gap belong to every API (see carriedTokens).

// routeTypes are the resource types that declare an API's resources,
// methods or routes, with the attribute naming their API and the kinds of
// API they belong to.
var routeTypes = map[string]struct {
	ref   string
	kinds []model.APIKind
}{
	"aws_api_gateway_resource": {"rest_api_id", []model.APIKind{model.REST}},
	"aws_api_gateway_method":   {"rest_api_id", []model.APIKind{model.REST}},
	"aws_apigatewayv2_route":   {"api_id", []model.APIKind{model.HTTP, model.WebSocket}},
}

// pendingGap is a gap that may belong to any API of the kinds: its
// references are filled in when the whole configuration is emitted.
type pendingGap struct {
	gap   *model.RouteGap
	kinds []model.APIKind
}

// resourceGap records the gap of resource r, whose instances are unknown,
// when it declares resources, methods or routes.
func (l *loader) resourceGap(r *resource, rng hcl.Range) {
	rt, ok := routeTypes[r.typ]
	if r.data || !ok {
		return
	}
	var exprs []hcl.Expression
	if a := r.attrs[rt.ref]; a != nil {
		exprs = append(exprs, a.Expr)
	}
	iter := r.forEach
	if r.count != nil {
		iter = r.count
	}
	refs, anyAPI := l.carriedTokens(exprs, iter, false)
	if len(exprs) == 0 {
		anyAPI = true
	}
	l.addGap(refs, anyAPI, rt.kinds, fmt.Sprintf("the instances of %s%s depend on values known only at deploy time", l.prefix, r.addr), rng)
}

// moduleMayDeclareRoutes tells, from the text of the module's files,
// whether it may declare API resources, methods or routes: it names a type
// that does, or calls a module. An unreadable directory may.
var moduleRouteText = regexp.MustCompile(`aws_api_gateway_resource|aws_api_gateway_method|aws_apigatewayv2_route|(^|[^.\w])module\s*"|"module"\s*:`)

func (l *loader) moduleMayDeclareRoutes(dir string) bool {
	if dir == "" {
		return true
	}
	entries, err := l.opts.FS.ReadDir(dir)
	if err != nil {
		return true
	}
	for _, e := range entries {
		name := e.Name()
		if isIgnoredFile(name) || (!strings.HasSuffix(name, ".tf") && !strings.HasSuffix(name, ".tf.json")) {
			continue
		}
		path := filepath.Join(dir, name)
		if regularFile(l.opts.FS, path, e) != nil {
			continue
		}
		src, err := l.opts.FS.ReadFile(path)
		if err != nil || moduleRouteText.Match(src) {
			return true
		}
	}
	return false
}

// moduleGap records the gap of a module call that is not analyzed (why
// says why), when its module may declare resources or routes (a module
// whose files cannot be read, dir "", may): the APIs whose attributes its
// arguments carry.
func (l *loader) moduleGap(mc *moduleCall, dir, why string) {
	if !l.moduleMayDeclareRoutes(dir) {
		return
	}
	exprs := make([]hcl.Expression, 0, len(mc.args))
	for _, a := range mc.args {
		exprs = append(exprs, a.Expr)
	}
	iter := mc.forEach
	if mc.count != nil {
		iter = mc.count
	}
	refs, anyAPI := l.carriedTokens(exprs, iter, true)
	l.addGap(refs, anyAPI, nil, fmt.Sprintf("module.%s is not analyzed (%s) and is handed the API's attributes", mc.name, why), mc.block.DefRange)
}

func (l *loader) addGap(refs []string, anyAPI bool, kinds []model.APIKind, reason string, rng hcl.Range) {
	if len(refs) == 0 && !anyAPI {
		return
	}
	g := &model.RouteGap{APIRefs: refs, Reason: reason, Source: model.Source{Format: model.FormatTerraform, Range: l.mrange(rng)}}
	l.cfg.RouteGaps = append(l.cfg.RouteGaps, g)
	if anyAPI {
		top := l.top()
		top.pendingGaps = append(top.pendingGaps, pendingGap{gap: g, kinds: kinds})
	}
}

// finishGaps gives the gaps that may belong to any API the references of
// every API of the configuration of their kinds (nil: all), those looked
// up by name included.
func (l *loader) finishGaps() {
	for _, p := range l.pendingGaps {
		ofKind := func(k model.APIKind) bool {
			if p.kinds == nil {
				return true
			}
			for _, pk := range p.kinds {
				if pk == k {
					return true
				}
			}
			return false
		}
		for _, a := range l.cfg.APIs {
			if ofKind(a.Kind) && a.IDToken != "" {
				p.gap.APIRefs = append(p.gap.APIRefs, a.IDToken)
			}
		}
		for _, lk := range l.cfg.APILookups {
			if ofKind(lk.Kind) && lk.IDToken != "" {
				p.gap.APIRefs = append(p.gap.APIRefs, lk.IDToken)
			}
		}
	}
	l.pendingGaps = nil
}

// carriedTokens returns the strings holding tokens that the values of exprs
// may carry, evaluated with each and count unknown; iter is the block's
// for_each or count expression, whose elements each and count stand for.
// anyAPI is true when what a value may carry cannot be told. With inputsOpaque,
// an unknown variable of the root module is taken to carry no token: its
// value comes from outside the configuration, like a literal, which never
// names an API of the scan. It is set for module arguments, which need not
// be API IDs at all; an API reference of a resource is one, and an unknown
// one may name any API.
func (l *loader) carriedTokens(exprs []hcl.Expression, iter hcl.Expression, inputsOpaque bool) (refs []string, anyAPI bool) {
	seen := map[string]bool{}
	add := func(v cty.Value) {
		collectTokens(v, func(s string) {
			if !seen[s] {
				seen[s] = true
				refs = append(refs, s)
			}
		})
	}
	for _, e := range exprs {
		v, _ := l.eval(e, l.iterCtx(e.Variables()))
		add(v)
		if v.IsWhollyKnown() {
			continue
		}
		// The value depends on something unknown: it may carry what any
		// value it reads carries.
		travs := e.Variables()
		for _, t := range e.Variables() {
			if r := t.RootName(); (r == "each" || r == "count") && iter != nil {
				travs = append(travs, iter.Variables()...)
				break
			}
		}
		for _, t := range travs {
			switch t.RootName() {
			case "each", "count", "path", "terraform":
				continue
			}
			tv, _ := l.eval(&hclsyntax.ScopeTraversalExpr{Traversal: t, SrcRange: t.SourceRange()}, l.ctxFor([]hcl.Traversal{t}, nil))
			add(tv)
			if !tv.IsWhollyKnown() && (!inputsOpaque || l.mod != nil || t.RootName() != "var") {
				anyAPI = true
			}
		}
		if len(travs) == 0 {
			anyAPI = true
		}
	}
	return refs, anyAPI
}

// iterCtx is the evaluation context of expressions of a block whose
// instances are unknown: each and count are unknown values.
func (l *loader) iterCtx(travs []hcl.Traversal) *hcl.EvalContext {
	ctx := l.ctxFor(travs, nil)
	if ctx.Variables == nil {
		ctx.Variables = map[string]cty.Value{}
	}
	ctx.Variables["each"] = cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal})
	ctx.Variables["count"] = cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)})
	return ctx
}

// collectTokens calls f with every known string in v that holds a token.
func collectTokens(v cty.Value, f func(string)) {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if s := v.AsString(); model.HasToken(s) {
			f(s)
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			collectTokens(e, f)
		}
	}
}
