package terraform

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// walkSyntax calls f on n and on every node below it, parents first, as
// hclsyntax.VisitAll does but for the containers that are not syntax of
// their own (a body's Attributes and Blocks, a for expression's
// ChildScope), and without a closure per node: the prewalk visits every
// node of every file. A node type this walk does not know is walked by
// hclsyntax.VisitAll.
func walkSyntax(n hclsyntax.Node, f func(hclsyntax.Node)) {
	switch x := n.(type) {
	case nil:
	case *hclsyntax.Body:
		f(x)
		for _, a := range inSourceOrder(x.Attributes) {
			walkSyntax(a, f)
		}
		for _, b := range x.Blocks {
			walkSyntax(b, f)
		}
	case *hclsyntax.Attribute:
		f(x)
		walkSyntax(x.Expr, f)
	case *hclsyntax.Block:
		f(x)
		walkSyntax(x.Body, f)
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr, *hclsyntax.AnonSymbolExpr, *hclsyntax.ExprSyntaxError:
		f(x)
	case *hclsyntax.RelativeTraversalExpr:
		f(x)
		walkSyntax(x.Source, f)
	case *hclsyntax.FunctionCallExpr:
		f(x)
		for _, a := range x.Args {
			walkSyntax(a, f)
		}
	case *hclsyntax.ConditionalExpr:
		f(x)
		walkSyntax(x.Condition, f)
		walkSyntax(x.TrueResult, f)
		walkSyntax(x.FalseResult, f)
	case *hclsyntax.IndexExpr:
		f(x)
		walkSyntax(x.Collection, f)
		walkSyntax(x.Key, f)
	case *hclsyntax.TupleConsExpr:
		f(x)
		for _, e := range x.Exprs {
			walkSyntax(e, f)
		}
	case *hclsyntax.ObjectConsExpr:
		f(x)
		for _, item := range x.Items {
			walkSyntax(item.KeyExpr, f)
			walkSyntax(item.ValueExpr, f)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		f(x)
		// A bare name is the key itself, not a reference.
		if hcl.ExprAsKeyword(x.Wrapped) == "" {
			walkSyntax(x.Wrapped, f)
		}
	case *hclsyntax.ForExpr:
		f(x)
		walkSyntax(x.CollExpr, f)
		walkSyntax(x.KeyExpr, f)
		walkSyntax(x.ValExpr, f)
		walkSyntax(x.CondExpr, f)
	case *hclsyntax.SplatExpr:
		f(x)
		walkSyntax(x.Source, f)
		walkSyntax(x.Each, f)
	case *hclsyntax.BinaryOpExpr:
		f(x)
		walkSyntax(x.LHS, f)
		walkSyntax(x.RHS, f)
	case *hclsyntax.UnaryOpExpr:
		f(x)
		walkSyntax(x.Val, f)
	case *hclsyntax.TemplateExpr:
		f(x)
		for _, p := range x.Parts {
			walkSyntax(p, f)
		}
	case *hclsyntax.TemplateJoinExpr:
		f(x)
		walkSyntax(x.Tuple, f)
	case *hclsyntax.TemplateWrapExpr:
		f(x)
		walkSyntax(x.Wrapped, f)
	case *hclsyntax.ParenthesesExpr:
		f(x)
		walkSyntax(x.Expression, f)
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

// inSourceOrder returns the attributes of a body in the order written:
// hclsyntax keeps them in a map, and what a walk reports once (the first
// call of a function edgelint lacks) must not depend on the map's order.
func inSourceOrder(attrs hclsyntax.Attributes) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}
