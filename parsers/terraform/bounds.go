package terraform

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/edgelint/edgelint/internal/nesting"
)

// nestingDiags is the error of a source that nests deeper than
// nesting.MaxDepth, which is then not parsed: the parser and the
// evaluators are recursive, and running out of Go stack ends the process.
// nil when the source may be parsed.
func nestingDiags(name string, src []byte, kind nesting.Kind) hcl.Diagnostics {
	e := nesting.Scan(src, kind)
	if e == nil {
		return nil
	}
	start := hcl.Pos{Line: e.Start.Line, Column: e.Start.Column, Byte: e.Start.Byte}
	end := start
	end.Column++
	end.Byte++
	what := "the file is not analyzed"
	if kind == nesting.Expression || kind == nesting.Template {
		what = "it is not evaluated"
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Nesting too deep",
		Detail: fmt.Sprintf("this expression nests more than %d levels deep (at %d:%d; parentheses, brackets, braces, strings, template interpolations and directives, chained operators and indexes each count): %s",
			nesting.MaxDepth, e.At.Line, e.At.Column, what),
		Subject: &hcl.Range{Filename: name, Start: start, End: end},
	}}
}

// nestingKind is how a configuration or variables file is scanned, by its
// name.
func nestingKind(path string) nesting.Kind {
	if strings.HasSuffix(path, ".json") {
		return nesting.JSON
	}
	return nesting.Config
}

// Bounds of evaluation. Terraform's evaluator has none; these are far above
// what real configurations compute, and stop inputs made to exhaust
// memory or time (a 1 KB file can ask replace() for a terabyte). Past a
// bound the value is unknown, never a guess, and an input error names the
// expression and the bound (docs/RELIABILITY.md).
const (
	// maxStringLen bounds the length in bytes of any string a function
	// or a template builds.
	maxStringLen = 16 << 20
	// maxElements bounds the elements of any collection a function builds.
	maxElements = 1 << 20
	// maxSteps bounds, per unit (a root module and the modules it
	// calls), the steps of evaluation: each function call, each element
	// of a collection a function returns and each element a for
	// expression iterates over. A step costs about 1–2.5 µs, so a unit
	// evaluates for a few seconds at most.
	maxSteps = 1 << 20
	// maxBytes bounds, per unit, the bytes of the strings templates build.
	maxBytes = 1 << 30
	// maxRefDepth bounds how deeply the evaluation of a value waits on
	// the values it refers to (local.a refers to local.b which …).
	maxRefDepth = 256
	// maxNumberExp bounds the binary exponent of a number turned into
	// text (about 1e±4900): its digits grow with it, and formatting
	// 1e100000000 takes minutes.
	maxNumberExp = 1 << 14
)

// limitError is a bound of evaluation passed: the value is unknown and
// the evaluation reports it as an input error.
type limitError struct {
	msg string
	at  *hcl.Range // where it was passed, when not at the call failing with it
}

func (e *limitError) Error() string { return e.msg }

func limitf(format string, args ...any) error {
	return &limitError{msg: fmt.Sprintf(format, args...)}
}

// limitOf finds a bound passed among the diagnostics of an evaluation.
func limitOf(d *hcl.Diagnostic) (*limitError, bool) {
	x, ok := d.Extra.(hclsyntax.FunctionCallDiagExtra)
	if !ok {
		return nil, false
	}
	var le *limitError
	if errors.As(x.FunctionCallError(), &le) {
		return le, true
	}
	return nil, false
}

// byteSize is n bytes for messages.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

func stringTooLong(fn string, n int64) error {
	return limitf("%s would build a string of %s, more than the limit of 16 MiB", fn, byteSize(n))
}

func tooManyElements(fn string, n int64) error {
	return limitf("%s would build %d elements, more than the limit of %d", fn, n, maxElements)
}

// bigNumber reports a known number whose text would pass maxNumberExp.
func bigNumber(v cty.Value) bool {
	if v.Type() != cty.Number || !v.IsKnown() || v.IsNull() {
		return false
	}
	v, _ = v.Unmark()
	f := v.AsBigFloat()
	if f.IsInf() {
		return false
	}
	e := f.MantExp(nil)
	return e > maxNumberExp || e < -maxNumberExp
}

func numberTooLarge(fn string) error {
	return limitf("%s would write a number of more than about 4,900 digits, more than the limit", fn)
}

// evalBudget is the work a unit may still do.
type evalBudget struct {
	mu       sync.Mutex
	steps    int64
	bytes    int64
	reported bool // the budget was reported spent
}

// take spends steps and bytes; false when the budget is spent.
func (b *evalBudget) take(steps, bytes int64) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.steps += steps
	b.bytes += bytes
	return b.steps <= maxSteps && b.bytes <= maxBytes
}

// reportLimits reports the bounds an evaluation passed; the budget spent
// is reported once per unit, where it was first found spent.
func (l *loader) reportLimits(diags hcl.Diagnostics) {
	for _, d := range diags {
		le, ok := limitOf(d)
		if !ok || d.Subject == nil {
			continue
		}
		r := *d.Subject
		if le.at != nil {
			r = *le.at
		}
		if le == errBudgetSpent {
			b := l.top().budget
			if b.reported {
				continue
			}
			b.reported = true
		}
		l.limitErr(r, le.msg)
	}
}

func (l *loader) limitErr(r hcl.Range, msg string) {
	key := fmt.Sprintf("limit\x00%s:%d:%d\x00%s", r.Filename, r.Start.Line, r.Start.Column, msg)
	if l.top().noted[key] {
		return
	}
	l.top().noted[key] = true
	if !strings.Contains(msg, "unknown") {
		msg += "; the value is unknown"
	}
	l.addErr("error", l.mrange(r), msg)
}

// Names of the functions the bounds rewrite calls; not identifiers, so no
// configuration can call them.
const (
	fnIterate  = "for()"
	fnTemplate = "template()"
	fnNumber   = "number()"
	fnJoin     = "template for()"
	fnGo       = "for if()"
)

// rewriteBounds replaces, in the syntax tree below n, the operations whose
// cost the bounds check by calls of the loader's functions: the collection
// of a for expression (fnIterate counts its elements), a template of
// several parts (fnTemplate builds it, its length known before), a number
// literal too large to write and the results of multiplications and
// divisions (fnNumber). It changes the tree, so it runs once, right after
// parsing.
func rewriteBounds(n hclsyntax.Node) {
	walkUnordered(n, func(n hclsyntax.Node) {
		if x, ok := n.(*hclsyntax.FunctionCallExpr); ok && (x.Name == fnNumber || x.Name == fnIterate || x.Name == fnGo) {
			// Its argument is what it wraps, rewritten already.
			return
		}
		rewriteChildren(n, rewriteBound)
		if x, ok := n.(*hclsyntax.ForExpr); ok {
			x.CollExpr = boundCall(fnIterate, x.CollExpr.Range(), x.CollExpr)
			// Past the budget, the condition is unknown: the for goes
			// through its remaining elements without evaluating them.
			if x.CondExpr == nil {
				x.CondExpr = boundCall(fnGo, x.ValExpr.Range())
			} else {
				x.CondExpr = boundCall(fnGo, x.CondExpr.Range(), x.CondExpr)
			}
		}
	})
}

func rewriteBound(e hclsyntax.Expression) hclsyntax.Expression {
	switch x := e.(type) {
	case *hclsyntax.TemplateExpr:
		if len(x.Parts) > 1 && !static(x) {
			return boundCall(fnTemplate, x.SrcRange, x.Parts...)
		}
	case *hclsyntax.TemplateJoinExpr:
		return boundCall(fnJoin, x.Range(), x.Tuple)
	case *hclsyntax.LiteralValueExpr:
		if bigNumber(x.Val) {
			return boundCall(fnNumber, x.SrcRange, x)
		}
	case *hclsyntax.BinaryOpExpr:
		if (x.Op == hclsyntax.OpMultiply || x.Op == hclsyntax.OpDivide) && !static(x) {
			return boundCall(fnNumber, x.SrcRange, x)
		}
	}
	return e
}

// static reports an expression that refers to nothing and calls nothing:
// it is evaluated without a context (a variable's default), where no
// function is defined, and its size follows its text. (Its number
// literals are still bounded.)
func static(e hclsyntax.Expression) bool {
	ok := true
	walkUnordered(e, func(n hclsyntax.Node) {
		switch n.(type) {
		case *hclsyntax.ScopeTraversalExpr, *hclsyntax.RelativeTraversalExpr, *hclsyntax.FunctionCallExpr,
			*hclsyntax.ForExpr, *hclsyntax.SplatExpr, *hclsyntax.AnonSymbolExpr:
			ok = false
		}
	})
	return ok
}

func boundCall(name string, r hcl.Range, args ...hclsyntax.Expression) hclsyntax.Expression {
	start := hcl.Range{Filename: r.Filename, Start: r.Start, End: r.Start}
	end := hcl.Range{Filename: r.Filename, Start: r.End, End: r.End}
	return &hclsyntax.FunctionCallExpr{Name: name, Args: args, NameRange: start, OpenParenRange: start, CloseParenRange: end}
}

// boundFuncs are the functions rewriteBounds calls, spending the unit's
// budget.
func (l *loader) boundFuncs() map[string]function.Function {
	return map[string]function.Function{
		fnIterate: function.New(&function.Spec{
			Params: []function.Parameter{markedParam("collection")},
			Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, _ := args[0].Unmark()
				if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
					return args[0], nil
				}
				if !l.top().budget.take(int64(v.LengthInt()), 0) {
					return cty.NilVal, errBudgetSpent
				}
				return args[0], nil
			},
		}),
		fnTemplate: function.New(&function.Spec{
			VarParam: &function.Parameter{Name: "parts", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
			Type:     function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return l.buildTemplate(args)
			},
		}),
		fnGo: function.New(&function.Spec{
			VarParam: &function.Parameter{Name: "condition", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
			Type: func(args []cty.Value) (cty.Type, error) {
				if len(args) == 0 {
					return cty.Bool, nil
				}
				return args[0].Type(), nil
			},
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				if l.top().budget.isSpent() {
					return cty.UnknownVal(ret), nil
				}
				if len(args) == 0 {
					return cty.True, nil
				}
				return args[0], nil
			},
		}),
		fnJoin: function.New(&function.Spec{
			Params: []function.Parameter{markedParam("tuple")},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				t, marks := args[0].Unmark()
				if !t.IsKnown() || t.IsNull() || !t.CanIterateElements() {
					return cty.UnknownVal(cty.String).WithMarks(marks), nil
				}
				v, err := l.buildTemplate(t.AsValueSlice())
				if err != nil {
					return cty.NilVal, err
				}
				return v.WithMarks(marks), nil
			},
		}),
		fnNumber: function.New(&function.Spec{
			Params: []function.Parameter{markedParam("number")},
			Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				if v, _ := args[0].Unmark(); bigNumber(v) {
					return cty.NilVal, limitf("this number has more than about 4,900 digits, more than the limit")
				}
				return args[0], nil
			},
		}),
	}
}

var errBudgetSpent = &limitError{msg: fmt.Sprintf("the evaluation of the module and the modules it calls passed its budget here (%d steps: function calls, the elements they return and those for expressions iterate over; or 1 GiB of strings built by templates and functions); this and the values evaluated after it are unknown", maxSteps)}

// spent reports a budget used up.
func (b *evalBudget) isSpent() bool {
	if b == nil {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.steps > maxSteps || b.bytes > maxBytes
}

// library is the function library of the unit: the functions every
// module has, each call charged to the unit's budget (the loads of the
// modules it calls share it). LoadModule takes one from libraries.
func (l *loader) library() *hcl.EvalContext {
	top := l.top()
	if top.lib == nil {
		top.lib = newLibrary(top.budget)
	}
	return top.lib
}

// unitLibrary is a function library and the budget its calls spend.
type unitLibrary struct {
	ctx    *hcl.EvalContext
	budget *evalBudget
}

// libraries holds the libraries of the units not being loaded: making one
// costs some 600 allocations, as much as evaluating a small unit.
var libraries = sync.Pool{New: func() any {
	b := &evalBudget{}
	return &unitLibrary{ctx: newLibrary(b), budget: b}
}}

func newLibrary(b *evalBudget) *hcl.EvalContext {
	m := make(map[string]function.Function, 2*len(builtinFunctions))
	for name, f := range builtinFunctions {
		if name != "try" && name != "can" {
			f = boundedFunc(name, b, f)
		}
		m[name] = f
		m[coreName(name)] = f
	}
	return &hcl.EvalContext{Functions: m}
}

// reset makes a budget whole again.
func (b *evalBudget) reset() {
	b.mu.Lock()
	b.steps, b.bytes, b.reported = 0, 0, false
	b.mu.Unlock()
}

// buildTemplate is hclsyntax.TemplateExpr.Value over the values of the
// parts, with the length of the result known before it is built.
func (l *loader) buildTemplate(parts []cty.Value) (cty.Value, error) {
	marks := make(cty.ValueMarks)
	known := true
	strs := make([]string, len(parts))
	total := int64(0)
	for i, p := range parts {
		if p.IsNull() {
			return cty.NilVal, function.NewArgErrorf(i, "the expression result is null; cannot include a null value in a string template")
		}
		v, pm := p.Unmark()
		for k := range pm {
			marks[k] = struct{}{}
		}
		if !v.IsKnown() {
			known = false
			continue
		}
		if bigNumber(v) {
			return cty.NilVal, function.NewArgError(i, numberTooLarge("this template"))
		}
		sv, err := convert.Convert(v, cty.String)
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(i, "cannot include the given value in a string template: %s", err)
		}
		if known {
			strs[i] = sv.AsString()
			total += int64(len(strs[i]))
		}
	}
	if total > maxStringLen {
		return cty.NilVal, stringTooLong("this template", total)
	}
	if !l.top().budget.take(1, total) {
		return cty.NilVal, errBudgetSpent
	}
	var b strings.Builder
	b.Grow(int(total))
	for _, s := range strs {
		b.WriteString(s)
	}
	var ret cty.Value
	if known {
		ret = cty.StringVal(b.String())
	} else {
		ret = cty.UnknownVal(cty.String)
		// As hclsyntax does: the known prefix, at most 128 bytes.
		if prefix := b.String(); prefix != "" {
			if len(prefix) > 128 {
				prefix = prefix[:128]
			}
			ret = ret.Refine().StringPrefix(prefix).NewValue()
		}
	}
	return ret.RefineNotNull().WithMarks(marks), nil
}

// limitExtra carries a bound passed by a value as a function call's error
// would, for limitOf.
type limitExtra struct{ err error }

func (x limitExtra) CalledFunctionName() string { return "" }
func (x limitExtra) FunctionCallError() error   { return x.err }

// checkValue checks the size of a value an expression evaluated to, at its
// top: what templates and operations build without a function (in the
// JSON syntax, where rewriteBounds does not apply, and numbers the
// arithmetic makes) before it goes on.
func (l *loader) checkValue(v cty.Value) error {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	switch v.Type() {
	case cty.String:
		if n := len(v.AsString()); n > maxStringLen {
			return stringTooLong("this expression", int64(n))
		}
	case cty.Number:
		if bigNumber(v) {
			return numberTooLarge("this expression")
		}
	}
	return nil
}

// boundTemplate applies rewriteBounds to a template parsed on its own
// (templatefile, templatestring), whose root may be rewritten too.
func boundTemplate(expr hclsyntax.Expression) hclsyntax.Expression {
	holder := &hclsyntax.ParenthesesExpr{Expression: expr, SrcRange: expr.Range()}
	rewriteBounds(holder)
	return holder.Expression
}
