package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// opaqueFuncs are the functions whose result changes without any
// resource changing: a file's contents, the clock, randomness. A trigger
// that calls one follows something edgelint cannot tie to the API.
var opaqueFuncs = map[string]bool{
	"file": true, "filebase64": true, "filemd5": true, "filesha1": true, "filesha256": true,
	"filesha512": true, "filebase64sha256": true, "filebase64sha512": true, "fileexists": true,
	"fileset": true, "templatefile": true, "timestamp": true, "plantimestamp": true,
	"uuid": true, "bcrypt": true,
}

// References implements tfadapter.Referrer: what the expression of an
// attribute reads, locals followed to their expressions.
func (o *hclObject) References(name string) (reads tfadapter.Reads, ok bool) {
	a := o.c.Attributes[name]
	if a == nil {
		return tfadapter.Reads{}, false
	}
	reads.Range = o.rd.l.mrange(a.Expr.Range())
	switch e := a.Expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		if len(e.Items) == 0 {
			reads.Empty = true
			return reads, true
		}
	case *hclsyntax.LiteralValueExpr:
		if e.Val.IsNull() {
			reads.Empty = true
			return reads, true
		}
	}
	var refs []string
	opaque := false
	l := o.rd.l
	seen := map[string]bool{}
	locals := map[string]bool{}
	prefix := model.StripInstanceKeys(l.prefix)
	var walk func(e hcl.Expression, depth int)
	walk = func(e hcl.Expression, depth int) {
		if depth > 64 {
			opaque = true
			return
		}
		syn, native := e.(hclsyntax.Expression)
		if !native {
			// A JSON expression: its function calls cannot be seen.
			opaque = true
		} else {
			_ = hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
				if call, isCall := n.(*hclsyntax.FunctionCallExpr); isCall && opaqueFuncs[strings.TrimPrefix(call.Name, "core::")] {
					opaque = true
				}
				return nil
			})
		}
		for _, t := range e.Variables() {
			switch root := t.RootName(); root {
			case "each", "count", "path", "terraform", "self":
				// The instance's own key, the module's path, the
				// workspace: they change with no part of the API.
			case "local":
				n, isAttr := stepName(t, 1)
				if !isAttr {
					opaque = true
					continue
				}
				lv := l.locals[n]
				if lv == nil {
					opaque = true
					continue
				}
				if !locals[n] {
					locals[n] = true
					walk(lv.expr, depth+1)
				}
			case "var", "module", "data":
				opaque = true
			default:
				n, isAttr := stepName(t, 1)
				if !isAttr {
					opaque = true
					continue
				}
				addr := prefix + root + "." + n
				// An attribute read after an optional instance key.
				i := 2
				if i < len(t) {
					if _, isIndex := t[i].(hcl.TraverseIndex); isIndex {
						i++
					}
				}
				if attr, isAttr := stepName(t, i); isAttr {
					addr += "." + attr
				}
				seen[addr] = true
			}
		}
	}
	walk(a.Expr, 0)
	for r := range seen {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	reads.Refs, reads.Opaque = refs, opaque
	return reads, true
}

// DependsOn implements tfadapter.Referrer: the addresses the resource's
// depends_on names.
func (o *hclObject) DependsOn() (addrs []string, ok bool) {
	r := o.rd.in.res
	content, _, diags := r.block.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "depends_on"}}})
	if diags.HasErrors() {
		return nil, false
	}
	a := content.Attributes["depends_on"]
	if a == nil {
		return nil, true
	}
	exprs, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		return nil, false
	}
	prefix := model.StripInstanceKeys(o.rd.l.prefix)
	for _, e := range exprs {
		t, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() || len(t) < 2 {
			return nil, false
		}
		root := t.RootName()
		n, isAttr := stepName(t, 1)
		if !isAttr {
			return nil, false
		}
		addrs = append(addrs, prefix+root+"."+n)
	}
	return addrs, true
}
