package terraform

import (
	"cmp"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// walkSyntax calls f on n and on every node below it, parents first, as
// hclsyntax.VisitAll does but for the containers that are not syntax of
// their own (a body's Attributes and Blocks, a for expression's
// ChildScope), and without a closure per node: the prewalk visits every
// node of every file. A node type this walk does not know is walked by
// hclsyntax.VisitAll.
func walkSyntax(n hclsyntax.Node, f func(hclsyntax.Node)) { walkNodes(n, f, true) }

// walkUnordered is walkSyntax for a walk whose result does not depend on
// the order in which a body's attributes are visited (a rewrite of each
// node in place): it visits them in the map's order, without sorting.
func walkUnordered(n hclsyntax.Node, f func(hclsyntax.Node)) { walkNodes(n, f, false) }

func walkNodes(n hclsyntax.Node, f func(hclsyntax.Node), ordered bool) {
	switch x := n.(type) {
	case nil:
	case *hclsyntax.Body:
		f(x)
		if ordered && len(x.Attributes) > 1 {
			// Most bodies have a few attributes: sorted on the stack.
			var buf [16]*hclsyntax.Attribute
			for _, a := range inSourceOrder(buf[:0], x.Attributes) {
				walkNodes(a, f, ordered)
			}
		} else {
			for _, a := range x.Attributes {
				walkNodes(a, f, ordered)
			}
		}
		for _, b := range x.Blocks {
			walkNodes(b, f, ordered)
		}
	case *hclsyntax.Attribute:
		f(x)
		walkNodes(x.Expr, f, ordered)
	case *hclsyntax.Block:
		f(x)
		walkNodes(x.Body, f, ordered)
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr, *hclsyntax.AnonSymbolExpr, *hclsyntax.ExprSyntaxError:
		f(x)
	case *hclsyntax.RelativeTraversalExpr:
		f(x)
		walkNodes(x.Source, f, ordered)
	case *hclsyntax.FunctionCallExpr:
		f(x)
		for _, a := range x.Args {
			walkNodes(a, f, ordered)
		}
	case *hclsyntax.ConditionalExpr:
		f(x)
		walkNodes(x.Condition, f, ordered)
		walkNodes(x.TrueResult, f, ordered)
		walkNodes(x.FalseResult, f, ordered)
	case *hclsyntax.IndexExpr:
		f(x)
		walkNodes(x.Collection, f, ordered)
		walkNodes(x.Key, f, ordered)
	case *hclsyntax.TupleConsExpr:
		f(x)
		for _, e := range x.Exprs {
			walkNodes(e, f, ordered)
		}
	case *hclsyntax.ObjectConsExpr:
		f(x)
		for _, item := range x.Items {
			walkNodes(item.KeyExpr, f, ordered)
			walkNodes(item.ValueExpr, f, ordered)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		f(x)
		// A bare name is the key itself, not a reference.
		if hcl.ExprAsKeyword(x.Wrapped) == "" {
			walkNodes(x.Wrapped, f, ordered)
		}
	case *hclsyntax.ForExpr:
		f(x)
		walkNodes(x.CollExpr, f, ordered)
		walkNodes(x.KeyExpr, f, ordered)
		walkNodes(x.ValExpr, f, ordered)
		walkNodes(x.CondExpr, f, ordered)
	case *hclsyntax.SplatExpr:
		f(x)
		walkNodes(x.Source, f, ordered)
		walkNodes(x.Each, f, ordered)
	case *hclsyntax.BinaryOpExpr:
		f(x)
		walkNodes(x.LHS, f, ordered)
		walkNodes(x.RHS, f, ordered)
	case *hclsyntax.UnaryOpExpr:
		f(x)
		walkNodes(x.Val, f, ordered)
	case *hclsyntax.TemplateExpr:
		f(x)
		for _, p := range x.Parts {
			walkNodes(p, f, ordered)
		}
	case *hclsyntax.TemplateJoinExpr:
		f(x)
		walkNodes(x.Tuple, f, ordered)
	case *hclsyntax.TemplateWrapExpr:
		f(x)
		walkNodes(x.Wrapped, f, ordered)
	case *hclsyntax.ParenthesesExpr:
		f(x)
		walkNodes(x.Expression, f, ordered)
	default:
		_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
			switch n.(type) {
			case hclsyntax.Attributes, hclsyntax.Blocks, hclsyntax.ChildScope:
			default:
				f(n)
			}
			return nil
		})
	}
}

// inSourceOrder appends to dst the attributes of a body in the order
// written: hclsyntax keeps them in a map, and what a walk reports once
// (the first call of a function edgelint lacks) must not depend on the
// map's order.
func inSourceOrder(dst []*hclsyntax.Attribute, attrs hclsyntax.Attributes) []*hclsyntax.Attribute {
	out := slices.Grow(dst, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	if len(out) > 1 {
		slices.SortFunc(out, func(a, b *hclsyntax.Attribute) int { return cmp.Compare(a.SrcRange.Start.Byte, b.SrcRange.Start.Byte) })
	}
	return out
}
