package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/edgelint/edgelint/internal/nesting"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/vfs"
)

// variable is a declared input variable.
type variable struct {
	name      string
	nameRange hcl.Range
	ty        cty.Type
	defaults  *typeexpr.Defaults
	// parseHCL: command-line values are HCL expressions (non-primitive
	// types) rather than literal strings.
	parseHCL bool
	def      hcl.Expression
	val      cty.Value
}

// varValue is a value assigned to a variable from a tfvars file or the
// command line, before type conversion.
type varValue struct {
	name string
	val  cty.Value
	raw  *string // command-line text, interpreted once the type is known
	rng  hcl.Range
	// expr is the expression that wrote the value (nil for command-line
	// and environment values); see markOrigins.
	expr hcl.Expression
	// caller is the calling module's loader for a module call argument,
	// whose files rng is in.
	caller *loader
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"}},
}

func (l *loader) addVariable(f *srcFile, b *hcl.Block) {
	name := b.Labels[0]
	if old, dup := l.vars[name]; dup {
		if !f.override {
			l.addErr(model.SevError, l.mrange(b.DefRange), fmt.Sprintf("duplicate variable %q, also declared at %s", name, l.mrange(old.nameRange)))
			return
		}
	}
	v := &variable{name: name, nameRange: b.DefRange, ty: cty.DynamicPseudoType}
	if old := l.vars[name]; old != nil {
		// An override replaces the attributes it sets.
		*v = *old
	}
	content, _, diags := b.Body.PartialContent(variableSchema)
	l.addDiags(diags, f.name)
	if a := content.Attributes["type"]; a != nil {
		v.ty, v.defaults, v.parseHCL = l.variableType(a.Expr)
	}
	if a := content.Attributes["default"]; a != nil {
		v.def = a.Expr
	}
	l.vars[name] = v
}

// variableType decodes a type constraint, accepting the legacy forms
// ("string", list, map) older configurations still use.
func (l *loader) variableType(expr hcl.Expression) (cty.Type, *typeexpr.Defaults, bool) {
	kw := hcl.ExprAsKeyword(expr)
	if kw == "" {
		if v, diags := expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			kw = v.AsString()
		}
	}
	switch kw {
	case "string":
		return cty.String, nil, false
	case "list":
		return cty.List(cty.DynamicPseudoType), nil, true
	case "map":
		return cty.Map(cty.DynamicPseudoType), nil, true
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(expr)
	if diags.HasErrors() {
		l.addDiags(diags, expr.Range().Filename)
		return cty.DynamicPseudoType, nil, true
	}
	return ty, defaults, !ty.IsPrimitiveType()
}

// readVarFile reads a tfvars file (HCL, or JSON for .json names).
func (l *loader) readVarFile(path string) { l.readVarFileFrom(l.opts.FS, path) }

// readUserVarFile reads a variables file the user named on the command
// line: it is read wherever it is, but only when it is a regular file.
func (l *loader) readUserVarFile(path string) {
	fsys := l.opts.FS
	if !fsys.Overlaid(path) {
		fsys = nil
	}
	l.readVarFileFrom(fsys, path)
}

func (l *loader) readVarFileFrom(fsys *vfs.FS, path string) {
	defer func() {
		if r := recover(); r != nil {
			l.addErr(model.SevError, model.Range{File: path}, fmt.Sprintf("internal error while reading the file: %v", r))
		}
	}()
	if st, err := fsys.Stat(path); err == nil && !st.Mode().IsRegular() {
		l.addErr(model.SevError, model.Range{File: path}, "cannot read variables file: not a regular file")
		return
	}
	src, err := fsys.ReadFile(path)
	if err != nil {
		l.addErr(model.SevError, model.Range{File: path}, "cannot read variables file: "+err.Error())
		return
	}
	l.src[path] = src
	l.addFile(path)
	var f *hcl.File
	var diags hcl.Diagnostics
	if diags = nestingDiags(path, src, nestingKind(path)); diags != nil {
		l.addDiags(diags, path)
		return
	}
	if strings.HasSuffix(path, ".json") {
		f, diags = l.parser.ParseJSON(src, path)
	} else {
		f, diags = l.parser.ParseHCL(src, path)
		diags = dropEncodingEchoes(path, src, diags)
	}
	l.addDiags(diags, path)
	if f == nil || f.Body == nil {
		return
	}
	attrs, diags := f.Body.JustAttributes()
	l.addDiags(diags, path)
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a := attrs[name]
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			l.addDiags(diags, path)
			continue
		}
		l.varValues = append(l.varValues, varValue{name: name, val: v, rng: a.Expr.Range(), expr: a.Expr})
	}
}

// applyRawVars queues raw variable values given outside files (--var,
// TF_VAR_ environment variables), in name order; how names the source in
// positions. With declaredOnly, values for undeclared variables are
// ignored, as Terraform ignores undeclared environment variables.
func (l *loader) applyRawVars(vals map[string]string, how string, declaredOnly bool) {
	names := make([]string, 0, len(vals))
	for name := range vals {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, declared := l.vars[name]; declaredOnly && !declared {
			continue
		}
		raw := vals[name]
		l.varValues = append(l.varValues, varValue{
			name: name,
			raw:  &raw,
			rng:  hcl.Range{Filename: "<" + how + name + ">", Start: hcl.InitialPos, End: hcl.InitialPos},
		})
	}
}

// finishVariables gives every variable its final value: the last assigned
// value, else the default, else an unknown that keeps the variable's
// identity.
func (l *loader) finishVariables() {
	assigned := map[string]varValue{}
	for _, vv := range l.varValues {
		assigned[vv.name] = vv
	}
	obj := make(map[string]cty.Value, len(l.vars))
	for name, v := range l.vars {
		obj[name] = l.finishVariable(v, assigned)
	}
	l.varObj = cty.ObjectVal(obj)
}

// finishVariable computes one variable's value.
func (l *loader) finishVariable(v *variable, assigned map[string]varValue) (out cty.Value) {
	defer func() {
		if r := recover(); r != nil {
			l.addErr(model.SevError, l.mrange(v.nameRange), fmt.Sprintf("internal error while reading var.%s: %v", v.name, r))
			v.val = l.unknownVar(v)
			out = v.val
		}
	}()
	val := cty.NilVal
	rng := v.nameRange
	at := l
	vv, passed := assigned[v.name]
	if passed {
		rng, val = vv.rng, vv.val
		if vv.raw != nil {
			val = l.cliValue(v, *vv.raw, rng)
		}
		if vv.caller != nil {
			at = vv.caller
		}
	} else if v.def != nil {
		rng = v.def.Range()
		d, diags := v.def.Value(nil)
		if diags.HasErrors() {
			l.addDiags(diags, rng.Filename)
		} else {
			val = d
		}
	}
	if val == cty.NilVal {
		v.val = l.unknownVar(v)
		return v.val
	}
	// A whole resource passed where an object type is declared has the
	// attributes edgelint does not model as unknown values.
	val = completePartial(val, v.ty)
	// Module call arguments may carry tokens: convert without the marks,
	// then put them back.
	val, pvm := val.UnmarkDeepWithPaths()
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	conv, err := convert.Convert(val, v.ty)
	if err != nil {
		at.addErr(model.SevError, at.mrange(rng), fmt.Sprintf("invalid value for var.%s: %s", v.name, err))
		conv = l.unknownVar(v)
	} else {
		if len(pvm) > 0 {
			conv = conv.MarkWithPaths(pvm)
		}
		if passed {
			// A value from outside the module: mark where each part of
			// it was written.
			conv = markOrigins(conv, vv.expr, at.mrange(rng), at.mrange)
		}
	}
	v.val = conv
	return v.val
}

// cliValue interprets --var text: an HCL expression for variables of a
// non-primitive type, a literal string otherwise. NilVal when invalid.
func (l *loader) cliValue(v *variable, raw string, rng hcl.Range) cty.Value {
	if !v.parseHCL {
		return cty.StringVal(raw)
	}
	diags := nestingDiags(rng.Filename, []byte(raw), nesting.Expression)
	var expr hclsyntax.Expression
	if diags == nil {
		expr, diags = hclsyntax.ParseExpression([]byte(raw), rng.Filename, hcl.InitialPos)
	}
	var val cty.Value
	if !diags.HasErrors() {
		val, diags = expr.Value(nil)
	}
	if diags.HasErrors() {
		l.addErr(model.SevError, model.Range{File: rng.Filename}, fmt.Sprintf("invalid value for var.%s: %s", v.name, diags.Error()))
		return cty.NilVal
	}
	return val
}

// unknownVar is the value of a variable nobody set: a token with the
// variable's identity for strings (and untyped variables), else an unknown
// value of the variable's type.
func (l *loader) unknownVar(v *variable) cty.Value {
	if v.ty == cty.String || v.ty == cty.DynamicPseudoType {
		return tokStr(l.syms.Unknown("tf:"+l.modKey+":"+l.prefix+"var."+v.name, l.prefix+"var."+v.name))
	}
	return cty.UnknownVal(v.ty)
}

// completePartial gives each object of v that stands for a whole resource
// (marked partialMark) the attributes the object types of ty at its place
// name and it lacks, as unknown values: edgelint models a resource's
// attributes partially, so their absence is no type error. Objects
// written out are left as they are, and Terraform's error about a
// missing attribute stays. Rebuilt collections become tuples and
// objects, which the conversion to ty turns back into lists, sets and
// maps.
func completePartial(v cty.Value, ty cty.Type) cty.Value {
	uv, marks := v.Unmark()
	if ty == cty.DynamicPseudoType || ty.IsPrimitiveType() || !uv.IsKnown() || uv.IsNull() {
		return v
	}
	vty := uv.Type()
	var out cty.Value
	switch {
	case ty.IsObjectType() && vty.IsObjectType():
		m := uv.AsValueMap()
		_, partial := marks[partialMark]
		obj := make(map[string]cty.Value, len(m)+len(ty.AttributeTypes()))
		for name, e := range m {
			obj[name] = e
		}
		for name, aty := range ty.AttributeTypes() {
			if e, ok := m[name]; ok {
				obj[name] = completePartial(e, aty)
			} else if partial {
				obj[name] = cty.UnknownVal(aty)
			}
		}
		out = cty.ObjectVal(obj)
	case ty.IsMapType() && (vty.IsObjectType() || vty.IsMapType()):
		m := uv.AsValueMap()
		if len(m) == 0 {
			return v
		}
		for name, e := range m {
			m[name] = completePartial(e, ty.ElementType())
		}
		out = cty.ObjectVal(m)
	case (ty.IsListType() || ty.IsSetType()) && (vty.IsListType() || vty.IsSetType() || vty.IsTupleType()):
		if uv.LengthInt() == 0 {
			return v
		}
		// A set holds the marks of its elements itself.
		_, hoisted := marks[partialMark]
		hoisted = hoisted && vty.IsSetType()
		elems := make([]cty.Value, 0, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if hoisted {
				e = e.Mark(partialMark)
			}
			elems = append(elems, completePartial(e, ty.ElementType()))
		}
		out = cty.TupleVal(elems)
	case ty.IsTupleType() && vty.IsTupleType() && uv.LengthInt() == len(ty.TupleElementTypes()):
		elems := make([]cty.Value, 0, uv.LengthInt())
		for i, e := range uv.AsValueSlice() {
			elems = append(elems, completePartial(e, ty.TupleElementTypes()[i]))
		}
		out = cty.TupleVal(elems)
	default:
		return v
	}
	return out.WithMarks(marks)
}
