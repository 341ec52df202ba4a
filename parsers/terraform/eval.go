package terraform

import (
	"fmt"
	"math/big"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/edgelint/edgelint/model"
)

// Evaluation is lazy: a value (local, resource attribute, provider region)
// is computed the first time an expression refers to it, with an
// evaluation context holding exactly what that expression refers to.
// Every lazily computed value has a busy state so that a reference cycle
// yields an unknown value instead of endless recursion.
//
// Values with a deploy-time identity are strings holding symbolic tokens
// (see model.Symbols) and carry the tokMark mark. Marks follow a value
// through every operation, so a result that carries the mark but no token
// was decided by a token's placeholder text (a comparison, a hash, a
// length): such results are treated as unknown when they reach the model.

// tokenMark marks values derived from a symbolic token.
type tokenMark struct{}

var tokMark = tokenMark{}

// partialMark marks the object of a whole resource: edgelint offers
// only some of the attributes the provider gives it (see fullValue), so
// an attribute it lacks is unknown, not absent.
type partialObject struct{}

var partialMark = partialObject{}

// tokStr is a token-bearing string value.
func tokStr(s string) cty.Value { return cty.StringVal(s).Mark(tokMark) }

func hasTokMark(marks cty.ValueMarks) bool {
	_, ok := marks[tokMark]
	return ok
}

// State of a lazily computed value.
const (
	stateNew = iota
	stateBusy
	stateDone
)

// maxInstances bounds count and for_each expansion.
const maxInstances = 1024

// localValue is a named local value.
type localValue struct {
	name      string
	expr      hcl.Expression
	nameRange hcl.Range
	state     int
	val       cty.Value
}

// provider is a provider configuration; only the AWS region matters.
type provider struct {
	region hcl.Expression
	state  int
	val    cty.Value
}

type expansion int

const (
	single expansion = iota
	counted
	forEach
)

// resource is a resource or data block.
type resource struct {
	data      bool
	typ, name string
	addr      string // aws_x.y or data.aws_x.y
	file      *srcFile
	block     *hcl.Block
	syntax    *hclsyntax.Body // nil for JSON
	attrs     map[string]*hcl.Attribute
	blocks    map[string]bool // nested block types (native syntax)
	count     hcl.Expression
	forEach   hcl.Expression
	alias     string // provider alias
	refAttrs  map[string]bool

	state     int
	unknown   bool // count/for_each cannot be evaluated
	kind      expansion
	instances []*instance
	travs     []hcl.Traversal
	travsDone bool
}

// instance is one instance of a resource.
type instance struct {
	res   *resource
	key   cty.Value // count index or for_each key; NilVal for single
	each  cty.Value // each.value
	addr  string
	id    string // entity ID: <dir>:<addr>
	attrs map[string]cty.Value
	busy  map[string]bool

	full      cty.Value
	fullState int
	ctx       *hcl.EvalContext
	ctxState  int
}

func (l *loader) addProvider(f *srcFile, b *hcl.Block) {
	if b.Labels[0] != "aws" {
		return
	}
	attrs, _ := b.Body.JustAttributes()
	alias := ""
	if a := attrs["alias"]; a != nil {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			alias = v.AsString()
		}
	}
	if _, dup := l.providers[alias]; dup && !f.override {
		return
	}
	p := &provider{}
	if a := attrs["region"]; a != nil {
		p.region = a.Expr
	}
	l.providers[alias] = p
}

func (l *loader) addResource(f *srcFile, b *hcl.Block) {
	r := &resource{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], file: f, block: b}
	table := l.managed
	r.addr = r.typ + "." + r.name
	if r.data {
		table = l.data
		r.addr = "data." + r.addr
	}
	if old := table[r.typ][r.name]; old != nil {
		if f.override {
			l.noteOnce("override\x00"+f.name, l.mrange(b.DefRange),
				fmt.Sprintf("override files are not merged by edgelint; %s is read as declared in %s", r.addr, old.file.name))
		} else {
			l.addErr(model.SevError, l.mrange(b.DefRange), fmt.Sprintf("duplicate %s %s, also declared in %s", b.Type, r.addr, old.file.name))
		}
		return
	}
	if nb, ok := b.Body.(*hclsyntax.Body); ok {
		r.syntax = nb
		r.attrs = make(map[string]*hcl.Attribute, len(nb.Attributes))
		for name, a := range nb.Attributes {
			r.attrs[name] = a.AsHCLAttribute()
		}
		r.blocks = map[string]bool{}
		for _, blk := range nb.Blocks {
			t := blk.Type
			if t == "dynamic" {
				if len(blk.Labels) == 0 {
					continue
				}
				t = blk.Labels[0]
			}
			if !metaBlocks[t] {
				r.blocks[t] = true
			}
		}
	} else {
		r.attrs, _ = b.Body.JustAttributes()
		if r.attrs == nil {
			r.attrs = map[string]*hcl.Attribute{}
		}
	}
	if a := r.attrs["count"]; a != nil {
		r.count = a.Expr
	}
	if a := r.attrs["for_each"]; a != nil {
		r.forEach = a.Expr
	}
	if a := r.attrs["provider"]; a != nil {
		if t, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(t) == 2 && t.RootName() == "aws" {
			r.alias, _ = stepName(t, 1)
		} else if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			// Terraform 0.11 style: provider = "aws.alias".
			if p, alias, ok := strings.Cut(v.AsString(), "."); ok && p == "aws" {
				r.alias = alias
			}
		}
	}
	for name := range r.attrs {
		if metaAttrs[name] || metaBlocks[name] || name == "dynamic" {
			delete(r.attrs, name)
		}
	}
	if table[r.typ] == nil {
		table[r.typ] = map[string]*resource{}
	}
	table[r.typ][r.name] = r
	l.resources = append(l.resources, r)
}

// eval evaluates an expression. A call to a function edgelint lacks (only
// found at evaluation time in JSON files) stubs the function and retries;
// any other error makes the value unknown.
func (l *loader) eval(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	for try := 0; try < 8; try++ {
		v, diags := expr.Value(ctx)
		if err := l.checkValue(v); err != nil {
			diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value too large", Detail: err.Error(), Subject: expr.Range().Ptr(), Extra: limitExtra{err}})
		}
		l.reportLimits(diags)
		if !diags.HasErrors() {
			return v, diags
		}
		retry := false
		for _, d := range diags {
			if x, ok := d.Extra.(hclsyntax.FunctionCallUnknownDiagExtra); ok && d.Subject != nil {
				name := x.CalledFunctionNamespace() + x.CalledFunctionName()
				if !l.hasFunc(name) {
					l.checkFunc(name, *d.Subject)
					retry = true
				}
			}
		}
		if !retry {
			return cty.DynamicVal, diags
		}
	}
	return cty.DynamicVal, nil
}

// need is what an expression reads from a resource: some attributes, or the
// whole object.
type need struct {
	full  bool
	attrs map[string]bool
}

// pathValue is the path object: path.module relative to the root
// module's directory, path.root ".", path.cwd the root module's directory
// (Terraform's working directory).
func (l *loader) pathValue() cty.Value {
	if l.pathObj == cty.NilVal {
		mod := "."
		if l.mod != nil {
			if rel, err := filepath.Rel(l.sandbox.base(), absPath(l.dir)); err == nil {
				mod = filepath.ToSlash(rel)
			}
		}
		l.pathObj = cty.ObjectVal(map[string]cty.Value{
			"module": cty.StringVal(mod),
			"root":   cty.StringVal("."),
			"cwd":    cty.StringVal(filepath.ToSlash(l.sandbox.base())),
		})
	}
	return l.pathObj
}

// ctxFor builds the evaluation context for expressions making the given
// references, inside resource instance inst (nil outside resources).
func (l *loader) ctxFor(travs []hcl.Traversal, inst *instance) *hcl.EvalContext {
	if len(travs) == 0 {
		return l.fnCtx.NewChild()
	}
	// The values referred to are evaluated here, each waiting on those it
	// refers to: a chain of references is a recursion as deep.
	top := l.top()
	if top.refDepth >= maxRefDepth {
		r := travs[0].SourceRange()
		l.limitErr(r, fmt.Sprintf("this reference is the end of a chain of more than %d values each referring to the next", maxRefDepth))
		return l.fnCtx.NewChild()
	}
	top.refDepth++
	defer func() { top.refDepth-- }()
	vars := make(map[string]cty.Value, 2)
	var locals, mods map[string]bool
	var needs map[*resource]*need
	for _, t := range travs {
		switch root := t.RootName(); root {
		case "var":
			vars["var"] = l.varObj
		case "local":
			if name, ok := stepName(t, 1); ok {
				if locals == nil {
					locals = map[string]bool{}
				}
				locals[name] = true
			}
		case "path":
			vars["path"] = l.pathValue()
		case "terraform":
			vars["terraform"] = l.tfObj
		case "module":
			if name, ok := stepName(t, 1); ok {
				if mods == nil {
					mods = map[string]bool{}
				}
				mods[name] = true
			}
		case "count":
			if inst != nil && inst.res.kind == counted {
				vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": inst.key})
			}
		case "each":
			if inst != nil && inst.res.kind == forEach {
				vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": inst.key, "value": inst.each})
			}
		default:
			r, rest := l.resourceOf(t)
			if r == nil {
				continue
			}
			if needs == nil {
				needs = map[*resource]*need{}
			}
			n := needs[r]
			if n == nil {
				n = &need{attrs: map[string]bool{}}
				needs[r] = n
			}
			if len(rest) > 0 {
				if _, ok := rest[0].(hcl.TraverseIndex); ok {
					rest = rest[1:]
				}
			}
			if name, ok := stepName(rest, 0); ok {
				n.attrs[name] = true
			} else {
				n.full = true
			}
		}
	}
	if locals != nil {
		m := make(map[string]cty.Value, len(locals))
		for name := range locals {
			if v, ok := l.localValue(name); ok {
				m[name] = v
			}
		}
		vars["local"] = cty.ObjectVal(m)
	}
	if mods != nil {
		m := make(map[string]cty.Value, len(mods))
		for name := range mods {
			if l.calls[name] != nil {
				m[name] = l.moduleValue(name)
			}
		}
		vars["module"] = cty.ObjectVal(m)
	}
	if needs != nil {
		managed := map[string]map[string]cty.Value{}
		data := map[string]map[string]cty.Value{}
		for r, n := range needs {
			table := managed
			if r.data {
				table = data
			}
			if table[r.typ] == nil {
				table[r.typ] = map[string]cty.Value{}
			}
			table[r.typ][r.name] = l.resourceValue(r, n)
		}
		for typ, m := range managed {
			vars[typ] = cty.ObjectVal(m)
		}
		if len(data) > 0 {
			m := make(map[string]cty.Value, len(data))
			for typ, byName := range data {
				m[typ] = cty.ObjectVal(byName)
			}
			vars["data"] = cty.ObjectVal(m)
		}
	}
	ctx := l.fnCtx.NewChild()
	ctx.Variables = vars
	return ctx
}

// localValue returns the value of local.name; ok is false for an undeclared
// local.
func (l *loader) localValue(name string) (cty.Value, bool) {
	lv := l.locals[name]
	if lv == nil {
		return cty.NilVal, false
	}
	switch lv.state {
	case stateDone:
		return lv.val, true
	case stateBusy:
		if !l.noted["cycle\x00"+name] {
			l.noted["cycle\x00"+name] = true
			l.addErr(model.SevError, l.mrange(lv.nameRange),
				fmt.Sprintf("local.%s refers to itself through a cycle; its value is unknown", name))
		}
		return cty.DynamicVal, true
	}
	lv.state = stateBusy
	v, _ := l.eval(lv.expr, l.ctxFor(lv.expr.Variables(), nil))
	lv.val, lv.state = v, stateDone
	return v, true
}

// region returns the AWS region of a provider configuration: its region
// when known, else the deploy-time region token.
func (l *loader) region(alias string) cty.Value {
	if l.mod != nil && l.providers[alias] == nil {
		// A child module without its own configuration uses the
		// caller's, as the call's providers argument maps it.
		if to, ok := l.mod.providerMap[alias]; ok {
			return l.mod.parent.region(to)
		}
		return l.mod.parent.region(alias)
	}
	p := l.providers[alias]
	if p == nil {
		p = l.providers[""]
	}
	pseudo := tokStr(l.syms.Pseudo(model.PseudoRegion))
	if p == nil || p.region == nil {
		return pseudo
	}
	switch p.state {
	case stateDone:
		return p.val
	case stateBusy:
		return pseudo
	}
	p.state = stateBusy
	v, _ := l.eval(p.region, l.ctxFor(p.region.Variables(), nil))
	if uv, _ := v.Unmark(); !uv.IsKnown() || uv.IsNull() || uv.Type() != cty.String {
		v = pseudo
	}
	p.val, p.state = v, stateDone
	return v
}

// expand evaluates count/for_each and creates the resource's instances.
func (l *loader) expand(r *resource) {
	switch r.state {
	case stateDone:
		return
	case stateBusy:
		r.unknown = true
		return
	}
	r.state = stateBusy
	defer func() { r.state = stateDone }()
	kind, keys, eachs, ok := l.instanceKeys(r.count, r.forEach, r.addr)
	if !ok {
		r.unknown = true
		return
	}
	r.kind = kind
	for i, k := range keys {
		r.instances = append(r.instances, l.newInstance(r, k, eachs[i]))
	}
}

// instanceKeys evaluates count or for_each (at most one is non-nil) into
// instance keys and each.value values; ok is false when the instances
// cannot be known. addr names the block in messages.
func (l *loader) instanceKeys(count, forEachExpr hcl.Expression, addr string) (kind expansion, keys, eachs []cty.Value, ok bool) {
	switch {
	case count != nil:
		v, _ := l.eval(count, l.ctxFor(count.Variables(), nil))
		v, marks := v.UnmarkDeep()
		if hasTokMark(marks) || !v.IsKnown() || v.IsNull() {
			return single, nil, nil, false
		}
		nv, err := convert.Convert(v, cty.Number)
		if err != nil {
			return single, nil, nil, false
		}
		n, acc := nv.AsBigFloat().Int64()
		if acc != big.Exact || n < 0 || n > maxInstances {
			l.noteOnce("count\x00"+addr, l.mrange(count.Range()),
				fmt.Sprintf("count of %s is not a usable number of instances; its instances are unknown", addr))
			return single, nil, nil, false
		}
		for i := int64(0); i < n; i++ {
			keys = append(keys, cty.NumberIntVal(i))
			eachs = append(eachs, cty.NilVal)
		}
		return counted, keys, eachs, true
	case forEachExpr != nil:
		v, _ := l.eval(forEachExpr, l.ctxFor(forEachExpr.Variables(), nil))
		v, marks := v.Unmark()
		ty := v.Type()
		if hasTokMark(marks) || !v.IsKnown() || v.IsNull() ||
			(!ty.IsMapType() && !ty.IsObjectType() && !ty.IsSetType()) || v.LengthInt() > maxInstances {
			return single, nil, nil, false
		}
		if ty.IsSetType() {
			if !v.IsWhollyKnown() {
				return single, nil, nil, false
			}
			if _, m := v.UnmarkDeep(); hasTokMark(m) {
				return single, nil, nil, false
			}
		}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsSetType() {
				sk, err := convert.Convert(e, cty.String)
				sk, _ = sk.UnmarkDeep()
				if err != nil || sk.IsNull() || !sk.IsKnown() {
					return single, nil, nil, false
				}
				k, e = sk, sk
			}
			keys = append(keys, k)
			eachs = append(eachs, e)
		}
		return forEach, keys, eachs, true
	}
	return single, []cty.Value{cty.NilVal}, []cty.Value{cty.NilVal}, true
}

func (l *loader) newInstance(r *resource, key, each cty.Value) *instance {
	addr := l.prefix + r.addr + instanceSuffix(key)
	return &instance{
		res: r, key: key, each: each, addr: addr, id: l.modKey + ":" + addr,
		attrs: map[string]cty.Value{}, busy: map[string]bool{},
	}
}

// resourceValue is the value of a resource reference: an object, a tuple of
// objects (count) or an object of objects (for_each), each holding what n
// asks for.
func (l *loader) resourceValue(r *resource, n *need) cty.Value {
	l.expand(r)
	if r.unknown {
		return cty.DynamicVal
	}
	obj := func(in *instance) cty.Value {
		if n.full {
			return l.fullValue(in)
		}
		m := make(map[string]cty.Value, len(n.attrs))
		for name := range n.attrs {
			m[name] = l.attr(in, name)
		}
		return cty.ObjectVal(m)
	}
	switch r.kind {
	case counted:
		if len(r.instances) == 0 {
			return cty.EmptyTupleVal
		}
		vals := make([]cty.Value, len(r.instances))
		for i, in := range r.instances {
			vals[i] = obj(in)
		}
		return cty.TupleVal(vals)
	case forEach:
		m := make(map[string]cty.Value, len(r.instances))
		for _, in := range r.instances {
			m[in.key.AsString()] = obj(in)
		}
		return cty.ObjectVal(m)
	}
	return obj(r.instances[0])
}

// instCtx is the context for evaluating anything in an instance's body.
func (l *loader) instCtx(in *instance) *hcl.EvalContext {
	switch in.ctxState {
	case stateDone:
		return in.ctx
	case stateBusy:
		return l.fnCtx.NewChild()
	}
	in.ctxState = stateBusy
	r := in.res
	if !r.travsDone {
		r.travs, r.travsDone = bodyTraversals(r.block.Body, true), true
	}
	in.ctx, in.ctxState = l.ctxFor(r.travs, in), stateDone
	return in.ctx
}

// attr returns one attribute of an instance: its configured value, a
// synthesized value (URLs), or a token tied to the instance.
func (l *loader) attr(in *instance, name string) cty.Value {
	if v, ok := in.attrs[name]; ok {
		return v
	}
	if in.busy[name] {
		return cty.DynamicVal
	}
	in.busy[name] = true
	v := l.computeAttr(in, name)
	in.attrs[name] = v
	delete(in.busy, name)
	return v
}

func (l *loader) computeAttr(in *instance, name string) cty.Value {
	r := in.res
	if !r.data {
		if v, ok := l.synthesized(in, name); ok {
			return v
		}
	}
	if a := r.attrs[name]; a != nil {
		v, _ := l.eval(a.Expr, l.ctxFor(a.Expr.Variables(), in))
		if !v.IsNull() {
			return v
		}
	}
	if r.blocks[name] {
		return l.blockValue(in, name)
	}
	if r.data {
		if v, ok := l.dataAttr(in, name); ok {
			return v
		}
	}
	return l.token(in, name)
}

// token is the symbolic value of a computed attribute.
func (l *loader) token(in *instance, name string) cty.Value {
	t := l.syms.Attr(in.id, name, in.addr+"."+name)
	if name == "id" {
		l.idOwners[t] = in
	}
	if nonEmptyAttrs[name] && !in.res.data {
		// The instance exists: its count and for_each are known.
		l.nonEmptyTokens[t] = true
	}
	return tokStr(t)
}

// nonEmptyAttrs are the computed attributes every resource that exists
// has, never empty: its ID and ARN.
var nonEmptyAttrs = map[string]bool{"id": true, "arn": true}

// tokenString is token without the cty wrapping.
func (l *loader) tokenString(in *instance, name string) string {
	v, _ := l.token(in, name).Unmark()
	return v.AsString()
}

// computedAttrs are the computed attributes a whole-resource reference
// offers besides the configured ones and those the module reads.
var computedAttrs = map[string][]string{
	"aws_api_gateway_rest_api":     {"root_resource_id", "execution_arn", "created_date"},
	"aws_api_gateway_stage":        {"invoke_url", "execution_arn"},
	"aws_api_gateway_resource":     {"path"},
	"aws_api_gateway_deployment":   {"created_date", "invoke_url", "execution_arn"},
	"aws_apigatewayv2_api":         {"api_endpoint", "execution_arn"},
	"aws_apigatewayv2_stage":       {"invoke_url", "execution_arn"},
	"aws_cloudfront_distribution":  {"domain_name", "hosted_zone_id", "etag", "status"},
	"aws_s3_bucket":                {"bucket_domain_name", "bucket_regional_domain_name", "region"},
	"aws_lambda_function":          {"invoke_arn", "qualified_arn", "version"},
	"aws_api_gateway_domain_name":  {"regional_domain_name", "cloudfront_domain_name"},
	"aws_apigatewayv2_domain_name": {"api_mapping_selection_expression"},
}

// fullValue is the object for a reference to a whole instance.
func (l *loader) fullValue(in *instance) cty.Value {
	switch in.fullState {
	case stateDone:
		return in.full
	case stateBusy:
		return cty.DynamicVal
	}
	in.fullState = stateBusy
	r := in.res
	m := map[string]cty.Value{"id": l.attr(in, "id")}
	if !r.data {
		m["arn"] = l.attr(in, "arn")
		for _, name := range computedAttrs[r.typ] {
			m[name] = l.attr(in, name)
		}
	}
	for name := range r.attrs {
		m[name] = l.attr(in, name)
	}
	for name := range r.blocks {
		m[name] = l.attr(in, name)
	}
	for name := range r.refAttrs {
		m[name] = l.attr(in, name)
	}
	in.full, in.fullState = cty.ObjectVal(m).Mark(partialMark), stateDone
	return in.full
}

// blockValue is the value of nested blocks of one type (native syntax): a
// tuple of objects, dynamic blocks expanded.
func (l *loader) blockValue(in *instance, typ string) cty.Value {
	r := in.res
	ctx := l.instCtx(in)
	labels := 0
	for _, b := range r.syntax.Blocks {
		if b.Type == typ {
			labels = len(b.Labels)
			break
		}
	}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ, LabelNames: make([]string, labels)}}}
	for i := range schema.Blocks[0].LabelNames {
		schema.Blocks[0].LabelNames[i] = "label" + strconv.Itoa(i)
	}
	content, _, _ := dynblock.Expand(r.syntax, ctx).PartialContent(schema)
	if content == nil || len(content.Blocks) == 0 {
		return cty.EmptyTupleVal
	}
	raws := rawChildren([]*hclsyntax.Body{r.syntax}, typ)
	extra := nestedComputed[r.typ+"."+typ]
	elems := make([]cty.Value, 0, len(content.Blocks))
	for i, b := range content.Blocks {
		obj := l.bodyObject(b.Body, raws, ctx)
		if len(extra) > 0 {
			m := obj.AsValueMap()
			if m == nil {
				m = map[string]cty.Value{}
			}
			for _, name := range extra {
				if _, ok := m[name]; !ok {
					m[name] = tokStr(l.syms.Attr(in.id, name, fmt.Sprintf("%s.%s[%d].%s", in.addr, typ, i, name)))
				}
			}
			obj = cty.ObjectVal(m)
		}
		elems = append(elems, obj)
	}
	return cty.TupleVal(elems)
}

// nestedComputed are computed attributes of nested blocks that model
// entities refer to by token.
var nestedComputed = map[string][]string{
	"aws_apigatewayv2_domain_name.domain_name_configuration": {"target_domain_name", "hosted_zone_id"},
}

// rawChildren returns the syntax bodies that may produce blocks of type typ
// inside the given bodies: static blocks and dynamic blocks' content.
func rawChildren(bodies []*hclsyntax.Body, typ string) []*hclsyntax.Body {
	var out []*hclsyntax.Body
	for _, b := range bodies {
		for _, blk := range b.Blocks {
			switch {
			case blk.Type == typ:
				out = append(out, blk.Body)
			case blk.Type == "dynamic" && len(blk.Labels) > 0 && blk.Labels[0] == typ:
				for _, c := range blk.Body.Blocks {
					if c.Type == "content" {
						out = append(out, c.Body)
					}
				}
			}
		}
	}
	return out
}

// bodyObject converts a (possibly expanded) block body into an object, using
// the syntax bodies it may come from as its schema.
func (l *loader) bodyObject(body hcl.Body, raws []*hclsyntax.Body, ctx *hcl.EvalContext) cty.Value {
	schema := &hcl.BodySchema{}
	seenA, seenB := map[string]bool{}, map[string]int{}
	var blockTypes []string
	for _, rb := range raws {
		for name := range rb.Attributes {
			if !seenA[name] {
				seenA[name] = true
				schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
			}
		}
		for _, blk := range rb.Blocks {
			t, labels := blk.Type, len(blk.Labels)
			if t == "dynamic" {
				if len(blk.Labels) == 0 {
					continue
				}
				t, labels = blk.Labels[0], 0
			}
			if _, ok := seenB[t]; !ok {
				seenB[t] = labels
				blockTypes = append(blockTypes, t)
			}
		}
	}
	sort.Strings(blockTypes)
	for _, t := range blockTypes {
		ln := make([]string, seenB[t])
		for i := range ln {
			ln[i] = "label" + strconv.Itoa(i)
		}
		schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: t, LabelNames: ln})
	}
	content, _, _ := body.PartialContent(schema)
	m := map[string]cty.Value{}
	if content == nil {
		return cty.EmptyObjectVal
	}
	for name, a := range content.Attributes {
		m[name], _ = l.eval(a.Expr, ctx)
	}
	groups := map[string][]cty.Value{}
	for _, b := range content.Blocks {
		groups[b.Type] = append(groups[b.Type], l.bodyObject(b.Body, rawChildren(raws, b.Type), ctx))
	}
	for _, t := range blockTypes {
		if g := groups[t]; len(g) > 0 {
			m[t] = cty.TupleVal(g)
		} else {
			m[t] = cty.EmptyTupleVal
		}
	}
	return cty.ObjectVal(m)
}

// ---- computed attributes ----------------------------------------------------

// synthesized returns computed attributes edgelint can spell out: invoke
// URLs and API endpoints built from the API's ID token, and the ID of an
// HTTP API stage, which is its name.
func (l *loader) synthesized(in *instance, name string) (cty.Value, bool) {
	r := in.res
	switch r.typ + "." + name {
	case "aws_api_gateway_stage.invoke_url":
		return l.restInvokeURL(in), true
	case "aws_api_gateway_deployment.invoke_url":
		// The provider (up to v5) builds it from the API ID, the region
		// and the deployment's stage_name, empty when the deployment
		// creates no stage: https://<api id>.execute-api.<region>.<suffix>/
		// then names no stage, but its host is still the API's
		// (terraform-provider-aws internal/conns/awsclient.go,
		// APIGatewayInvokeURL: fmt.Sprintf("https://%s/%s", host, stageName)).
		return l.restInvokeURL(in), true
	case "aws_apigatewayv2_api.api_endpoint":
		return l.v2Endpoint(l.token(in, "id"), in), true
	case "aws_apigatewayv2_stage.invoke_url":
		endpoint := l.v2Endpoint(l.attr(in, "api_id"), in)
		stage := l.attr(in, "name")
		if sv, _ := stage.Unmark(); sv.IsKnown() && !sv.IsNull() && sv.Type() == cty.String && sv.AsString() == "$default" {
			return concat(endpoint, cty.StringVal("/")), true
		}
		return concat(endpoint, cty.StringVal("/"), stage), true
	case "aws_lambda_function_url.function_url":
		return concat(cty.StringVal("https://"), l.token(in, "url_id"), cty.StringVal(".lambda-url."),
			l.region(r.alias), cty.StringVal(".on.aws/")), true
	case "aws_apigatewayv2_stage.id":
		if r.attrs["name"] != nil {
			if v := l.attr(in, "name"); !v.IsNull() {
				return v, true
			}
		}
	}
	return cty.NilVal, false
}

// restInvokeURL is https://<api id>.execute-api.<region>.<suffix>/<stage>,
// the stage left out when stage_name is absent or null (a deployment
// without a stage of its own).
func (l *loader) restInvokeURL(in *instance) cty.Value {
	stage := cty.StringVal("")
	if a := in.res.attrs["stage_name"]; a != nil {
		// attr would give a null stage_name a token of its own.
		if v, _ := l.eval(a.Expr, l.ctxFor(a.Expr.Variables(), in)); !v.IsNull() {
			stage = l.attr(in, "stage_name")
		}
	}
	return concat(cty.StringVal("https://"), l.attr(in, "rest_api_id"), cty.StringVal(".execute-api."),
		l.region(in.res.alias), cty.StringVal("."), tokStr(l.syms.Pseudo(model.PseudoURLSuffix)),
		cty.StringVal("/"), stage)
}

// v2Endpoint is <scheme>://<api id>.execute-api.<region>.<suffix>, wss for
// a WebSocket API.
func (l *loader) v2Endpoint(apiID cty.Value, in *instance) cty.Value {
	scheme := "https://"
	if v, _ := apiID.Unmark(); v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		if owner := l.idOwners[v.AsString()]; owner != nil && owner.res.typ == "aws_apigatewayv2_api" {
			if p, _ := l.attr(owner, "protocol_type").Unmark(); p.IsKnown() && !p.IsNull() && p.Type() == cty.String &&
				strings.EqualFold(p.AsString(), "WEBSOCKET") {
				scheme = "wss://"
			}
		}
	}
	return concat(cty.StringVal(scheme), apiID, cty.StringVal(".execute-api."), l.region(in.res.alias),
		cty.StringVal("."), tokStr(l.syms.Pseudo(model.PseudoURLSuffix)))
}

// concat joins string values, unknown if any part is, keeping marks.
func concat(parts ...cty.Value) cty.Value {
	var b strings.Builder
	var marks []cty.ValueMarks
	unknown := false
	for _, p := range parts {
		p, m := p.UnmarkDeep()
		marks = append(marks, m)
		if !p.IsKnown() || p.IsNull() {
			unknown = true
			continue
		}
		s, err := convert.Convert(p, cty.String)
		if err != nil {
			unknown = true
			continue
		}
		b.WriteString(s.AsString())
	}
	if unknown {
		return cty.UnknownVal(cty.String).WithMarks(marks...)
	}
	return cty.StringVal(b.String()).WithMarks(marks...)
}

// dataAttr returns attributes of data sources whose value is certain: the
// provider's region, the partition's pseudo values, the IDs of AWS
// managed CloudFront policies looked up by name, and the ID and endpoint of
// an HTTP API looked up by its ID.
func (l *loader) dataAttr(in *instance, name string) (cty.Value, bool) {
	r := in.res
	switch r.typ {
	case "aws_region":
		switch name {
		case "name", "region", "id":
			return l.region(r.alias), true
		}
	case "aws_partition":
		switch name {
		case "dns_suffix":
			return tokStr(l.syms.Pseudo(model.PseudoURLSuffix)), true
		case "partition", "id":
			return tokStr(l.syms.Pseudo(model.PseudoPartition)), true
		}
	case "aws_apigatewayv2_api":
		// Looked up by api_id: its ID and endpoint are those of that API
		// (an API of the scan when api_id references one).
		if r.attrs["api_id"] == nil {
			break
		}
		switch name {
		case "id":
			return l.attr(in, "api_id"), true
		case "api_endpoint":
			return l.v2Endpoint(l.attr(in, "api_id"), in), true
		}
	case "aws_caller_identity":
		if name == "account_id" {
			return tokStr(l.syms.Pseudo(model.PseudoAccountID)), true
		}
	case "aws_cloudfront_cache_policy", "aws_cloudfront_origin_request_policy":
		if name != "id" || r.attrs["name"] == nil {
			break
		}
		v, marks := l.attr(in, "name").UnmarkDeep()
		if hasTokMark(marks) || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			break
		}
		kind := model.CachePolicy
		if r.typ == "aws_cloudfront_origin_request_policy" {
			kind = model.OriginRequestPolicy
		}
		if p, ok := model.ManagedPolicyByName(kind, v.AsString()); ok {
			return cty.StringVal(p.ID), true
		}
	}
	return cty.NilVal, false
}
