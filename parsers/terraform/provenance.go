package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
)

// Value provenance. A value an input variable receives from outside its
// module (a module call argument, a tfvars entry) has each primitive leaf
// marked with an originMark naming the
// expression that wrote the leaf: the item of an object or tuple literal
// when the value is written out, else the whole expression. Marks follow
// the leaf through every operation, so when an attribute's final value
// carries exactly one origin and is that leaf unchanged, the model value
// is located at the origin instead of at the attribute. Values composed
// from a leaf ("/${var.stage}") keep the attribute's range.
//
// Variable defaults are not marked: a default is written in the module
// that uses it, where the attribute already points.

// originMark marks a primitive value written by the expression at rng;
// val is the leaf's value as a string (see primString), to tell a value
// passed through unchanged from one derived from it.
type originMark struct {
	rng model.Range
	val string
}

// primString is a known, non-null primitive value as text, the way model
// strings spell it.
func primString(v cty.Value) (string, bool) {
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// origins returns the origin marks among marks.
func origins(marks cty.ValueMarks) []originMark {
	var out []originMark
	for m := range marks {
		if om, ok := m.(originMark); ok {
			out = append(out, om)
		}
	}
	return out
}

// passthroughOrigin returns the range a value with the given text and
// marks comes from unchanged: the one origin whose leaf had the same text.
// A value may carry other origins too — a for expression keyed by one
// field marks the whole object with the key's origin — but when two
// origins wrote the same text the value's source is ambiguous.
func passthroughOrigin(s string, marks cty.ValueMarks) (model.Range, bool) {
	var found []originMark
	for _, om := range origins(marks) {
		if om.val == s {
			found = append(found, om)
		}
	}
	if len(found) != 1 {
		return model.Range{}, false
	}
	return found[0].rng, true
}

// markOrigins marks the primitive leaves of v (a variable's value, after
// type conversion) with the expression that wrote them. expr is the
// expression the value was read from (nil: only whole-value ranges are
// known, given by whole); mrange converts ranges in expr's file. A leaf
// that already carries a single origin it passes through unchanged keeps
// it: the value was written further up (a tfvars entry handed down by a
// module call) and that is where it is located.
func markOrigins(v cty.Value, expr hcl.Expression, whole model.Range, mrange func(hcl.Range) model.Range) cty.Value {
	uv, marks := v.Unmark()
	ty := uv.Type()
	if !uv.IsKnown() || uv.IsNull() {
		return v
	}
	rng := whole
	if expr != nil {
		rng = mrange(expr.Range())
	}
	if strings.HasPrefix(rng.File, "<") {
		// --var and TF_VAR_ values have no file to point at: findings
		// stay on the attribute (or the module argument passing it).
		return v
	}
	switch {
	case ty.IsPrimitiveType():
		s, ok := primString(uv)
		if !ok {
			return v
		}
		if _, keep := passthroughOrigin(s, marks); keep {
			return v
		}
		out := cty.ValueMarks{}
		for m := range marks {
			if _, isOrigin := m.(originMark); !isOrigin {
				out[m] = struct{}{}
			}
		}
		out[originMark{rng: rng, val: s}] = struct{}{}
		return uv.WithMarks(out)
	case ty.IsListType() || ty.IsTupleType():
		if uv.LengthInt() == 0 {
			return v
		}
		items, literal := tupleItems(expr)
		if literal && len(items) != uv.LengthInt() {
			return v
		}
		elems := make([]cty.Value, 0, uv.LengthInt())
		i := 0
		for it := uv.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			var sub hcl.Expression
			if literal {
				sub = items[i]
			}
			elems = append(elems, markOrigins(e, sub, rng, mrange))
		}
		if ty.IsListType() {
			return cty.ListVal(elems).WithMarks(marks)
		}
		return cty.TupleVal(elems).WithMarks(marks)
	case ty.IsMapType() || ty.IsObjectType():
		if uv.LengthInt() == 0 {
			return v
		}
		items, literal := objectItems(expr)
		m := make(map[string]cty.Value, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			name := k.AsString()
			if !literal {
				m[name] = markOrigins(e, nil, rng, mrange)
				continue
			}
			sub, ok := items[name]
			if !ok {
				// Not written by the caller: an optional attribute's
				// default.
				m[name] = e
				continue
			}
			m[name] = markOrigins(e, sub, rng, mrange)
		}
		if ty.IsMapType() {
			return cty.MapVal(m).WithMarks(marks)
		}
		return cty.ObjectVal(m).WithMarks(marks)
	}
	// Sets hoist their elements' marks onto the whole set: left unmarked.
	return v
}

// unwrapExpr strips parentheses.
func unwrapExpr(expr hcl.Expression) hcl.Expression {
	for {
		p, ok := expr.(*hclsyntax.ParenthesesExpr)
		if !ok {
			return expr
		}
		expr = p.Expression
	}
}

// tupleItems returns the items of a tuple literal; literal is false for
// any other expression.
func tupleItems(expr hcl.Expression) ([]hclsyntax.Expression, bool) {
	if expr == nil {
		return nil, false
	}
	t, ok := unwrapExpr(expr).(*hclsyntax.TupleConsExpr)
	if !ok {
		return nil, false
	}
	return t.Exprs, true
}

// objectItems returns the values of an object literal by key; literal is
// false for any other expression, or one whose keys are not all
// constant.
func objectItems(expr hcl.Expression) (map[string]hcl.Expression, bool) {
	if expr == nil {
		return nil, false
	}
	o, ok := unwrapExpr(expr).(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, false
	}
	out := make(map[string]hcl.Expression, len(o.Items))
	for _, it := range o.Items {
		k, diags := it.KeyExpr.Value(nil)
		if diags.HasErrors() || !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
			return nil, false
		}
		out[k.AsString()] = it.ValueExpr
	}
	return out, true
}
