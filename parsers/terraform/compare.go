package terraform

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/edgelint/edgelint/model"
)

// Comparisons over tokens. HCL evaluates == and != itself and gives the
// result the marks of both operands, so a comparison with a token is
// never known even where its outcome is certain: the ID of a resource
// that will exist is never "", and "https://<id>" never equals "x". The
// parsed configuration therefore has its == and != operations, and the
// comparisons of a length() with a number, replaced by calls of the
// functions below (named so that no configuration can call them), which
// decide what the tokens allow and leave the rest unknown.

// Names of the comparison functions, which are no identifiers.
const (
	fnEqual    = "=="
	fnNotEqual = "!="
	// fnLength compares length(args[1]) with args[2] by the operator
	// args[0].
	fnLength = "length()"
)

// rewriteComparisons replaces, in the syntax tree below n, the operations
// the comparison functions decide. It changes the tree, so it runs once,
// right after parsing.
func rewriteComparisons(n hclsyntax.Node) {
	walkUnordered(n, func(n hclsyntax.Node) { rewriteChildren(n, rewriteComparison) })
}

// rewriteChildren replaces the expressions directly below n by what rw
// returns for them.
func rewriteChildren(n hclsyntax.Node, rw func(hclsyntax.Expression) hclsyntax.Expression) {
	switch x := n.(type) {
	case *hclsyntax.Attribute:
		x.Expr = rw(x.Expr)
	case *hclsyntax.RelativeTraversalExpr:
		x.Source = rw(x.Source)
	case *hclsyntax.FunctionCallExpr:
		for i := range x.Args {
			x.Args[i] = rw(x.Args[i])
		}
	case *hclsyntax.ConditionalExpr:
		x.Condition, x.TrueResult, x.FalseResult = rw(x.Condition), rw(x.TrueResult), rw(x.FalseResult)
	case *hclsyntax.IndexExpr:
		x.Collection, x.Key = rw(x.Collection), rw(x.Key)
	case *hclsyntax.TupleConsExpr:
		for i := range x.Exprs {
			x.Exprs[i] = rw(x.Exprs[i])
		}
	case *hclsyntax.ObjectConsExpr:
		for i := range x.Items {
			x.Items[i].ValueExpr = rw(x.Items[i].ValueExpr)
		}
	case *hclsyntax.ForExpr:
		x.CollExpr, x.ValExpr = rw(x.CollExpr), rw(x.ValExpr)
		if x.KeyExpr != nil {
			x.KeyExpr = rw(x.KeyExpr)
		}
		if x.CondExpr != nil {
			x.CondExpr = rw(x.CondExpr)
		}
	case *hclsyntax.SplatExpr:
		x.Source, x.Each = rw(x.Source), rw(x.Each)
	case *hclsyntax.BinaryOpExpr:
		x.LHS, x.RHS = rw(x.LHS), rw(x.RHS)
	case *hclsyntax.UnaryOpExpr:
		x.Val = rw(x.Val)
	case *hclsyntax.TemplateExpr:
		for i := range x.Parts {
			x.Parts[i] = rw(x.Parts[i])
		}
	case *hclsyntax.TemplateWrapExpr:
		x.Wrapped = rw(x.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		x.Expression = rw(x.Expression)
	}
}

// comparisonOps maps the operations rewritten to their names as the
// length comparison takes them, and mirrored maps an operator to the one
// with its operands swapped.
var (
	comparisonOps = map[*hclsyntax.Operation]string{
		hclsyntax.OpEqual:              "==",
		hclsyntax.OpNotEqual:           "!=",
		hclsyntax.OpGreaterThan:        ">",
		hclsyntax.OpGreaterThanOrEqual: ">=",
		hclsyntax.OpLessThan:           "<",
		hclsyntax.OpLessThanOrEqual:    "<=",
	}
	mirrored = map[string]string{"==": "==", "!=": "!=", ">": "<", ">=": "<=", "<": ">", "<=": ">="}
)

// rewriteComparison returns the call replacing e, or e.
func rewriteComparison(e hclsyntax.Expression) hclsyntax.Expression {
	x, ok := e.(*hclsyntax.BinaryOpExpr)
	if !ok {
		return e
	}
	op, ok := comparisonOps[x.Op]
	if !ok {
		return e
	}
	call := func(name string, args ...hclsyntax.Expression) hclsyntax.Expression {
		start := hcl.Range{Filename: x.SrcRange.Filename, Start: x.SrcRange.Start, End: x.SrcRange.Start}
		end := hcl.Range{Filename: x.SrcRange.Filename, Start: x.SrcRange.End, End: x.SrcRange.End}
		return &hclsyntax.FunctionCallExpr{Name: name, Args: args, NameRange: start, OpenParenRange: start, CloseParenRange: end}
	}
	opLit := func(op string) hclsyntax.Expression {
		return &hclsyntax.LiteralValueExpr{Val: cty.StringVal(op), SrcRange: x.SrcRange}
	}
	if arg, ok := lengthArg(x.LHS); ok {
		return call(fnLength, opLit(op), arg, x.RHS)
	}
	if arg, ok := lengthArg(x.RHS); ok {
		return call(fnLength, opLit(mirrored[op]), arg, x.LHS)
	}
	switch op {
	case "==":
		return call(fnEqual, x.LHS, x.RHS)
	case "!=":
		return call(fnNotEqual, x.LHS, x.RHS)
	}
	return e
}

// lengthArg returns the argument of a call length(x).
func lengthArg(e hclsyntax.Expression) (hclsyntax.Expression, bool) {
	c, ok := e.(*hclsyntax.FunctionCallExpr)
	if !ok || (c.Name != "length" && c.Name != "core::length") || len(c.Args) != 1 || c.ExpandFinal {
		return nil, false
	}
	return c.Args[0], true
}

// markedParam takes any value, marks included.
func markedParam(name string) function.Parameter {
	return function.Parameter{Name: name, Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}
}

// comparisonFuncs returns the comparison functions of a load, and its
// coalesce and compact, which skip empty strings: they know the tokens
// of the scan.
func (l *loader) comparisonFuncs() map[string]function.Function {
	eq := func(negate bool) function.Function {
		return function.New(&function.Spec{
			Params: []function.Parameter{markedParam("a"), markedParam("b")},
			Type:   function.StaticReturnType(cty.Bool),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, err := l.tokenEqual(args[0], args[1])
				if err != nil || !negate {
					return v, err
				}
				uv, marks := v.Unmark()
				return uv.Not().WithMarks(marks), nil
			},
		})
	}
	coalesce, compact := l.coalesceFunc(), l.compactFunc()
	return map[string]function.Function{
		"coalesce":       coalesce,
		"core::coalesce": coalesce,
		"compact":        compact,
		"core::compact":  compact,
		fnEqual:          eq(false),
		fnNotEqual:       eq(true),
		fnLength: function.New(&function.Spec{
			Params: []function.Parameter{markedParam("op"), markedParam("value"), markedParam("n")},
			Type:   function.StaticReturnType(cty.Bool),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return l.lengthCompare(args[0], args[1], args[2])
			},
		}),
	}
}

// withoutTok returns marks less the token mark.
func withoutTok(marks ...cty.ValueMarks) cty.ValueMarks {
	out := cty.ValueMarks{}
	for _, ms := range marks {
		for m := range ms {
			if m != tokMark {
				out[m] = struct{}{}
			}
		}
	}
	return out
}

// tokenEqual is a == b: as HCL computes it, except that a comparison of
// token-bearing strings the tokens decide is known (without the token
// mark).
func (l *loader) tokenEqual(a, b cty.Value) (cty.Value, error) {
	ua, ma := a.Unmark()
	ub, mb := b.Unmark()
	res, err := stdlib.Equal(ua, ub)
	if err != nil {
		return cty.UnknownVal(cty.Bool), err
	}
	// HCL gives the result the marks of the operands, and the comparison
	// the marks of their elements.
	res = res.WithMarks(ma, mb)
	da, dma := ua.UnmarkDeep()
	db, dmb := ub.UnmarkDeep()
	ta, tb := hasTokMark(ma) || hasTokMark(dma), hasTokMark(mb) || hasTokMark(dmb)
	if !ta && !tb {
		return res, nil
	}
	if d, ok := l.decideEqual(da, db, ta, tb); ok {
		return cty.BoolVal(d).WithMarks(withoutTok(ma, mb)), nil
	}
	return cty.UnknownVal(cty.Bool).WithMarks(ma, mb, cty.NewValueMarks(tokMark)), nil
}

// decideEqual decides a == b, where a (ta) or b (tb) derives from a
// token, for strings and null as far as the tokens allow. A string
// derived from a token without holding one says nothing.
func (l *loader) decideEqual(a, b cty.Value, ta, tb bool) (equal, ok bool) {
	if !a.IsKnown() || !b.IsKnown() {
		return false, false
	}
	if a.IsNull() && b.IsNull() {
		return true, true
	}
	if a.IsNull() || b.IsNull() {
		s := a
		if a.IsNull() {
			s = b
		}
		if s.Type() != cty.String {
			return false, false
		}
		// A string is no null, unless it is made of tokens that may
		// stand for anything, null included.
		if str := s.AsString(); !model.HasToken(str) || l.minLength(str) > 0 {
			return false, true
		}
		return false, false
	}
	if a.Type() != cty.String || b.Type() != cty.String {
		return false, false
	}
	sa, sb := a.AsString(), b.AsString()
	if !tokensIntact(sa) || !tokensIntact(sb) {
		return false, false
	}
	ha, hb := model.HasToken(sa), model.HasToken(sb)
	switch {
	case (ta && !ha) || (tb && !hb):
		return false, false
	case ha && hb:
		if sa == sb {
			// The same tokens in the same text: the same value.
			return true, true
		}
		return false, false
	case ha:
		return false, !l.mayMatch(model.Pieces(sa), sb)
	case hb:
		return false, !l.mayMatch(model.Pieces(sb), sa)
	}
	return false, false
}

// nonEmpty reports whether the token numbered n never stands for "":
// the computed ID or ARN of a resource of the scan that will exist, or a
// deploy-time pseudo value (region, URL suffix, account, partition).
func (l *loader) nonEmpty(n int) bool {
	sym, ok := l.syms.Get(n)
	if !ok {
		return false
	}
	switch sym.Kind {
	case model.SymPseudo:
		return true
	case model.SymAttr:
		return l.nonEmptyTokens[tokenText(n)]
	}
	return false
}

// minLength is the least number of characters a token-bearing string
// may have: its text and one for each token never empty.
func (l *loader) minLength(s string) int {
	n := 0
	for _, p := range model.Pieces(s) {
		switch {
		case p.Sym < 0:
			n += utf8.RuneCountInString(p.Text)
		case l.nonEmpty(p.Sym):
			n++
		}
	}
	return n
}

// maxMatchWork bounds the work of mayMatch; beyond it a match is
// assumed possible (and the comparison left unknown).
const maxMatchWork = 1 << 24

// mayMatch reports whether the pieces of a token-bearing string may
// spell s: its text where it stands, each token any string (a non-empty
// one when the token is never empty). It fills, piece by piece, the set
// of positions of s the pieces so far may end at.
func (l *loader) mayMatch(pieces []model.Piece, s string) bool {
	work := len(pieces) + 1
	for _, p := range pieces {
		work += len(p.Text)
	}
	if work > maxMatchWork/(len(s)+1) {
		return true
	}
	at, next := make([]bool, len(s)+1), make([]bool, len(s)+1)
	at[0] = true
	for _, p := range pieces {
		clear(next)
		reach := false
		if p.Sym < 0 {
			for i, ok := range at {
				if ok && strings.HasPrefix(s[i:], p.Text) {
					next[i+len(p.Text)], reach = true, true
				}
			}
		} else {
			// A token ends anywhere after its start (after one more
			// character when never empty), at a character boundary.
			from := -1
			for i, ok := range at {
				if ok {
					from = i
					break
				}
			}
			if from >= 0 {
				if l.nonEmpty(p.Sym) {
					if from == len(s) {
						return false
					}
					_, n := utf8.DecodeRuneInString(s[from:])
					from += n
				}
				for i := from; i <= len(s); i++ {
					if i == len(s) || utf8.RuneStart(s[i]) {
						next[i], reach = true, true
					}
				}
			}
		}
		if !reach {
			return false
		}
		at, next = next, at
	}
	return at[len(s)]
}

// lengthCompare is length(v) <op> n: known where v's length is, and for
// a token-bearing string where its least length decides it.
func (l *loader) lengthCompare(opv, v, n cty.Value) (cty.Value, error) {
	op := opv.AsString()
	length, err := lengthFunc.Call([]cty.Value{v})
	if err != nil {
		return cty.UnknownVal(cty.Bool), err
	}
	un, mn := n.UnmarkDeep()
	cn := un
	if op != "==" && op != "!=" {
		// Ordering converts its operands to numbers; equality does not.
		if cn, err = convert.Convert(un, cty.Number); err != nil {
			return cty.UnknownVal(cty.Bool), err
		}
	}
	ul, ml := length.Unmark()
	if !hasTokMark(ml) || hasTokMark(mn) || !cn.IsKnown() || cn.IsNull() || cn.Type() != cty.Number {
		return compareNumbers(op, ul, cn, ml, mn)
	}
	uv, _ := v.UnmarkDeep()
	if !uv.IsKnown() || uv.Type() != cty.String || !model.HasToken(uv.AsString()) || !tokensIntact(uv.AsString()) {
		// Not a string, or text a token decided without holding one.
		return cty.UnknownVal(cty.Bool).WithMarks(ml, mn), nil
	}
	// The length is at least min, and any greater value may be.
	lo := new(big.Float).SetInt64(int64(l.minLength(uv.AsString())))
	c := lo.Cmp(cn.AsBigFloat()) // the least length against n
	decided, known := false, false
	switch op {
	case ">":
		decided, known = true, c > 0
	case ">=":
		decided, known = true, c >= 0
	case "<":
		decided, known = false, c >= 0
	case "<=":
		decided, known = false, c > 0
	case "==":
		decided, known = false, c > 0
	case "!=":
		decided, known = true, c > 0
	}
	if !known {
		return cty.UnknownVal(cty.Bool).WithMarks(ml, mn), nil
	}
	return cty.BoolVal(decided).WithMarks(withoutTok(ml, mn)), nil
}

// compareNumbers is a <op> b as HCL computes it, with the marks given.
func compareNumbers(op string, a, b cty.Value, ma, mb cty.ValueMarks) (cty.Value, error) {
	var f function.Function
	switch op {
	case "==":
		f = stdlib.EqualFunc
	case "!=":
		f = stdlib.NotEqualFunc
	case ">":
		f = stdlib.GreaterThanFunc
	case ">=":
		f = stdlib.GreaterThanOrEqualToFunc
	case "<":
		f = stdlib.LessThanFunc
	default:
		f = stdlib.LessThanOrEqualToFunc
	}
	res, err := f.Call([]cty.Value{a, b})
	if err != nil {
		return cty.UnknownVal(cty.Bool), err
	}
	return res.WithMarks(ma, mb), nil
}

// tokenText is the text of the token numbered n.
func tokenText(n int) string {
	return string(model.TokenOpen) + strconv.Itoa(n) + string(model.TokenClose)
}

// mayBeEmpty reports whether a string may stand for "": it is empty, or
// made of tokens only, none of them never empty.
func (l *loader) mayBeEmpty(s string) bool {
	return l.minLength(s) == 0
}

// coalesceFunc is Terraform's coalesce: the first argument neither null
// nor "", all converted to one type. An argument that is known not to be
// empty only by its tokens counts as not empty when they never are, and
// makes the result unknown when they may be.
func (l *loader) coalesceFunc() function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
		Type: func(args []cty.Value) (cty.Type, error) {
			types := make([]cty.Type, len(args))
			for i, a := range args {
				types[i] = a.Type()
			}
			ty, _ := convert.UnifyUnsafe(types)
			if ty == cty.NilType {
				return cty.NilType, errors.New("all arguments must have the same type")
			}
			return ty, nil
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			for _, a := range args {
				a, err := convert.Convert(a, ret)
				if err != nil {
					return cty.UnknownVal(ret), err
				}
				if !a.IsKnown() {
					return cty.UnknownVal(ret), nil
				}
				if a.IsNull() {
					continue
				}
				if a.Type() == cty.String {
					if s := a.AsString(); s == "" {
						continue
					} else if model.HasToken(s) && l.mayBeEmpty(s) {
						return cty.UnknownVal(ret), nil
					}
				}
				return a, nil
			}
			return cty.NilVal, errors.New("no non-null, non-empty-string arguments")
		},
	})
}

// compactFunc is Terraform's compact: the list without its null and ""
// elements; unknown when an element may stand for "".
func (l *loader) compactFunc() function.Function {
	return function.New(&function.Spec{
		// The elements keep their own marks: the length of the result
		// is known where the elements' emptiness is.
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.String), AllowMarked: true}},
		Type:   function.StaticReturnType(cty.List(cty.String)),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			list, marks := args[0].Unmark()
			if !list.IsKnown() {
				return cty.UnknownVal(ret).WithMarks(marks), nil
			}
			var out []cty.Value
			for it := list.ElementIterator(); it.Next(); {
				_, e := it.Element()
				ue, em := e.Unmark()
				if !ue.IsKnown() {
					return cty.UnknownVal(ret).WithMarks(marks, em), nil
				}
				if ue.IsNull() || ue.AsString() == "" {
					continue
				}
				if s := ue.AsString(); model.HasToken(s) && l.mayBeEmpty(s) {
					return cty.UnknownVal(ret).WithMarks(marks, em), nil
				}
				out = append(out, e)
			}
			if len(out) == 0 {
				return cty.ListValEmpty(cty.String).WithMarks(marks), nil
			}
			return cty.ListVal(out).WithMarks(marks), nil
		},
	})
}
