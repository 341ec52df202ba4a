package terraform

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// GeneratedPlan is a plan JSON written from a module's evaluation (see
// PlanJSON).
type GeneratedPlan struct {
	JSON []byte
	// Origins maps the byte offset of a value of planned_values (a
	// resource, its address, an attribute, a list item, a nested block)
	// to where the module writes it.
	Origins map[int]model.Range
}

// planGen writes a plan; l is the module instance being written.
type planGen struct {
	l              *loader
	changes, prior *jv
}

// PlanJSON evaluates the root module in dir as LoadModule does and writes
// the plan `terraform show -json` gives for creating it: planned values
// where the evaluation knows them, after_unknown for values known only
// after apply (a computed attribute, a string holding one, a dynamic block
// over an unknown collection), the configuration's expressions with their
// references, and the same for the modules it calls. It exists to test
// that a plan and its module give the same findings. A module whose plan
// Terraform would shape differently than its evaluation here (instances
// known only at deploy time, modules not read, JSON syntax, data sources
// that look an API up) is an error saying why.
func PlanJSON(dir string, opts Options) (*GeneratedPlan, error) {
	syms := model.NewSymbols()
	l := newLoader(dir, opts, syms)
	l.tfObj = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal(workspace(dir, opts))})
	l.load()
	g := &planGen{changes: jArray(), prior: jArray()}
	root := jObject()
	root.set("format_version", jString("1.2"))
	root.set("terraform_version", jString("1.9.5"))
	vars := jObject()
	names := make([]string, 0, len(l.vars))
	for n := range l.vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if v, u := planValue(l.vars[n].val); v != nil && u == nil {
			vars.set(n, jObject().set("value", v))
		}
	}
	root.set("variables", vars)
	planned, conf, err := g.module(l)
	if err != nil {
		return nil, err
	}
	root.set("planned_values", jObject().set("root_module", planned))
	root.set("resource_changes", g.changes)
	if len(g.prior.elems) > 0 {
		root.set("prior_state", jObject().set("format_version", jString("1.0")).
			set("values", jObject().set("root_module", jObject().set("resources", g.prior))))
	}
	root.set("configuration", jObject().set("root_module", conf))
	w := &jWriter{origins: map[int]model.Range{}}
	w.write(root, "")
	w.b.WriteByte('\n')
	return &GeneratedPlan{JSON: []byte(w.b.String()), Origins: w.origins}, nil
}

// module writes the planned values and the configuration of one module
// instance (l), and adds its changes and data sources to g.
func (g *planGen) module(l *loader) (planned, conf *jv, err error) {
	defer func(outer *loader) { g.l = outer }(g.l)
	g.l = l
	resources, confs := jArray(), jArray()
	for _, r := range l.resources {
		if r.syntax == nil {
			return nil, nil, fmt.Errorf("%s%s is written in JSON syntax: its attributes and blocks are not told apart", l.prefix, r.addr)
		}
		if r.data && tfadapter.Maps(r.typ, true) {
			return nil, nil, fmt.Errorf("%s%s looks an API up: a plan holds the ID it read from the account, which no evaluation before deploy knows", l.prefix, r.addr)
		}
		l.expand(r)
		if r.unknown {
			return nil, nil, fmt.Errorf("the instances of %s%s are known only at deploy time: a plan would have expanded them", l.prefix, r.addr)
		}
		mode := "managed"
		if r.data {
			mode = "data"
		}
		sh := shapeOf(r.syntax)
		var exprs *jv
		for _, in := range r.instances {
			vals, unk, ex := g.instance(in, sh)
			exprs = ex
			obj := jObject().set("address", jString(in.addr).from(l.mrange(r.block.DefRange))).
				set("mode", jString(mode)).set("type", jString(r.typ)).set("name", jString(r.name))
			if in.key != cty.NilVal {
				if k, _ := planValue(in.key); k != nil {
					obj.set("index", k)
				}
			}
			obj.set("provider_name", jString("registry.terraform.io/hashicorp/aws")).
				set("schema_version", jRaw("0")).set("values", vals).set("sensitive_values", jObject())
			obj.at = ptr(l.mrange(l.blockRange(r.block)))
			if r.data {
				g.prior.elems = append(g.prior.elems, obj)
				continue
			}
			resources.elems = append(resources.elems, obj)
			g.changes.elems = append(g.changes.elems, jObject().set("address", jString(in.addr)).
				set("module_address", jString(strings.TrimSuffix(l.prefix, "."))).
				set("mode", jString(mode)).set("type", jString(r.typ)).set("name", jString(r.name)).
				set("provider_name", jString("registry.terraform.io/hashicorp/aws")).
				set("change", jObject().set("actions", jArray(jString("create"))).set("before", jRaw("null")).
					set("after", vals.plain()).set("after_unknown", unk).
					set("before_sensitive", jRaw("false")).set("after_sensitive", jObject())))
		}
		local := r.typ + "." + r.name
		if r.data {
			local = "data." + local
		}
		if exprs == nil {
			exprs = jObject()
		}
		confs.elems = append(confs.elems, jObject().set("address", jString(local)).set("mode", jString(mode)).
			set("type", jString(r.typ)).set("name", jString(r.name)).set("provider_config_key", jString("aws")).
			set("expressions", exprs).set("schema_version", jRaw("0")))
	}
	planned = jObject()
	if l.prefix != "" {
		planned.set("address", jString(strings.TrimSuffix(l.prefix, ".")))
	}
	planned.set("resources", resources)
	conf = jObject().set("resources", confs)
	children, calls := jArray(), jObject()
	for _, mc := range l.callOrder {
		l.expandCall(mc)
		switch {
		case mc.skipped != "":
			return nil, nil, fmt.Errorf("the instances of %smodule.%s are known only at deploy time: a plan would have expanded them", l.prefix, mc.name)
		case mc.unseen != "":
			return nil, nil, fmt.Errorf("%smodule.%s is not read (%s): a plan would hold its resources", l.prefix, mc.name, mc.unseen)
		}
		var callConf *jv
		for _, mi := range mc.instances {
			if mi.child == nil {
				continue
			}
			cp, cc, err := g.module(mi.child)
			if err != nil {
				return nil, nil, err
			}
			children.elems = append(children.elems, cp)
			if callConf == nil {
				callConf = cc
			}
		}
		if callConf == nil {
			callConf = jObject()
		}
		call := jObject()
		if mc.source != nil {
			if v, diags := mc.source.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				call.set("source", jString(v.AsString()))
			}
		}
		calls.set(mc.name, call.set("module", callConf))
	}
	if len(children.elems) > 0 {
		planned.set("child_modules", children)
	}
	if len(calls.keys) > 0 {
		conf.set("module_calls", calls)
	}
	return planned, conf, nil
}

// shape is the attribute names and nested block types written in a body,
// dynamic blocks counted as the blocks they generate.
type shape struct {
	attrs   map[string]bool
	blocks  map[string]*shape
	dynamic map[string]bool
}

func shapeOf(b *hclsyntax.Body) *shape {
	s := &shape{attrs: map[string]bool{}, blocks: map[string]*shape{}, dynamic: map[string]bool{}}
	s.add(b)
	return s
}

func (s *shape) add(b *hclsyntax.Body) {
	for name := range b.Attributes {
		if !metaAttrs[name] {
			s.attrs[name] = true
		}
	}
	for _, blk := range b.Blocks {
		typ, body := blk.Type, blk.Body
		if metaBlocks[typ] {
			continue
		}
		if typ == "dynamic" && len(blk.Labels) == 1 {
			typ, body = blk.Labels[0], nil
			s.dynamic[typ] = true
			for _, c := range blk.Body.Blocks {
				if c.Type == "content" {
					body = c.Body
				}
			}
			if body == nil {
				continue
			}
		}
		c := s.blocks[typ]
		if c == nil {
			c = &shape{attrs: map[string]bool{}, blocks: map[string]*shape{}, dynamic: map[string]bool{}}
			s.blocks[typ] = c
		}
		c.add(body)
	}
}

func (s *shape) schema() *hcl.BodySchema {
	out := &hcl.BodySchema{}
	for _, n := range sortedKeys(s.attrs) {
		out.Attributes = append(out.Attributes, hcl.AttributeSchema{Name: n})
	}
	for _, t := range sortedKeys(s.blocks) {
		out.Blocks = append(out.Blocks, hcl.BlockHeaderSchema{Type: t})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// instance writes the values, after_unknown and configuration expressions
// of an instance.
func (g *planGen) instance(in *instance, sh *shape) (vals, unk, exprs *jv) {
	rd, body := g.l.newReader(in)
	vals, unk, exprs = g.body(rd, body, sh)
	if unk == nil {
		unk = jObject()
	}
	computed := append([]string{"id", "arn"}, computedAttrs[in.res.typ]...)
	computed = append(computed, sortedKeys(in.res.refAttrs)...)
	for _, n := range computed {
		if vals.get(n) == nil && unk.get(n) == nil && !sh.blocks[n].exists() {
			unk.set(n, jRaw("true"))
		}
	}
	if in.res.typ == "aws_apigatewayv2_domain_name" {
		if dc := unk.get("domain_name_configuration"); dc != nil && len(dc.elems) > 0 {
			dc.elems[0].set("target_domain_name", jRaw("true"))
		}
	}
	return vals, unk, exprs
}

func (s *shape) exists() bool { return s != nil }

// body writes one evaluated body.
func (g *planGen) body(rd *reader, body hcl.Body, sh *shape) (vals, unk, exprs *jv) {
	l := g.l
	c := rd.content(body, sh.schema())
	vals, unk, exprs = jObject(), jObject(), jObject()
	for _, name := range sortedKeys(c.Attributes) {
		a := c.Attributes[name]
		v, u := planValue(rd.value(a))
		if v != nil {
			v.at = ptr(l.mrange(a.Expr.Range()))
			if items, _ := hcl.ExprList(a.Expr); len(items) == len(v.elems) && v.kind == 'a' {
				for i, it := range items {
					v.elems[i].at = ptr(l.mrange(it.Range()))
				}
			}
			vals.set(name, v)
		}
		if u != nil {
			unk.set(name, u)
		}
		exprs.set(name, exprConf(a.Expr, v, u))
	}
	for _, typ := range sortedKeys(sh.blocks) {
		var bs []*hcl.Block
		unknown := false
		for _, b := range c.Blocks {
			if b.Type == typ {
				bs = append(bs, b)
				unknown = unknown || isUnknownBody(b.Body)
			}
		}
		if unknown {
			unk.set(typ, jRaw("true"))
			continue
		}
		if len(bs) == 0 {
			continue
		}
		va, ua, ea := jArray(), jArray(), jArray()
		anyUnk := false
		for _, b := range bs {
			bv, bu, be := g.body(rd, b.Body, sh.blocks[typ])
			bv.at = ptr(l.mrange(l.blockRange(b)))
			va.elems = append(va.elems, bv)
			if len(bu.keys) > 0 {
				anyUnk = true
			}
			ua.elems = append(ua.elems, bu)
			ea.elems = append(ea.elems, be)
		}
		vals.set(typ, va)
		if anyUnk {
			unk.set(typ, ua)
		}
		if !sh.dynamic[typ] {
			exprs.set(typ, ea)
		}
	}
	if len(unk.keys) == 0 {
		unk = jObject()
	}
	return vals, unk, exprs
}

// exprConf is the configuration of an attribute: its constant value, or
// the references it makes.
func exprConf(e hcl.Expression, v, u *jv) *jv {
	vars := e.Variables()
	if len(vars) == 0 {
		if v != nil && u == nil {
			return jObject().set("constant_value", v.plain())
		}
		return jObject()
	}
	refs := jArray()
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			refs.elems = append(refs.elems, jString(s))
		}
	}
	for _, t := range vars {
		full := traversalRef(t)
		add(full)
		n := 2
		switch t.RootName() {
		case "data":
			n = 3
		case "var", "local", "count", "each", "path", "terraform", "self":
			n = 0
		}
		if n > 0 && len(t) >= n {
			add(traversalRef(t[:n]))
		}
	}
	return jObject().set("references", refs)
}

// traversalRef writes a traversal as Terraform's references do, up to the
// first step that is not an attribute or a literal index.
func traversalRef(t hcl.Traversal) string {
	var b strings.Builder
	for i, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			switch {
			case s.Key.Type() == cty.Number && s.Key.IsKnown():
				b.WriteString("[" + s.Key.AsBigFloat().Text('f', -1) + "]")
			case s.Key.Type() == cty.String && s.Key.IsKnown():
				b.WriteString("[" + strconv.Quote(s.Key.AsString()) + "]")
			default:
				return b.String()
			}
		default:
			if i == 0 {
				return ""
			}
			return b.String()
		}
	}
	return b.String()
}

// planValue is a value as a plan writes it: its planned value (nil when
// unknown) and its after_unknown (nil when wholly known). Text holding a
// token, or derived from one, is known only after apply.
func planValue(v cty.Value) (val, unk *jv) {
	v, marks := v.Unmark()
	if !v.IsKnown() {
		return nil, jRaw("true")
	}
	if v.IsNull() {
		return jRaw("null"), nil
	}
	if hasTokMark(marks) {
		// Text holding a token, or a value derived from one.
		return nil, jRaw("true")
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if model.HasToken(v.AsString()) {
			return nil, jRaw("true")
		}
		return jString(v.AsString()), nil
	case ty == cty.Number:
		return jRaw(v.AsBigFloat().Text('f', -1)), nil
	case ty == cty.Bool:
		return jRaw(strconv.FormatBool(v.True())), nil
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		arr, ua := jArray(), jArray()
		someUnknown := false
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			ev, eu := planValue(e)
			if ev == nil {
				ev = jRaw("null")
			}
			arr.elems = append(arr.elems, ev)
			if eu == nil {
				eu = jRaw("false")
			} else {
				someUnknown = true
			}
			ua.elems = append(ua.elems, eu)
		}
		if someUnknown {
			return arr, ua
		}
		return arr, nil
	case ty.IsMapType() || ty.IsObjectType():
		obj, uo := jObject(), jObject()
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ev, eu := planValue(e)
			if ev != nil {
				obj.set(k.AsString(), ev)
			}
			if eu != nil {
				uo.set(k.AsString(), eu)
			}
		}
		if len(uo.keys) > 0 {
			return obj, uo
		}
		return obj, nil
	}
	return nil, jRaw("true")
}

// ---- JSON with the origins of its values ---------------------------------------

type jv struct {
	kind  byte // 'o' object, 'a' array, 'r' raw scalar
	keys  []string
	vals  []*jv
	elems []*jv
	raw   string
	at    *model.Range
}

func jObject() *jv                   { return &jv{kind: 'o'} }
func jArray(e ...*jv) *jv            { return &jv{kind: 'a', elems: e} }
func jRaw(s string) *jv              { return &jv{kind: 'r', raw: s} }
func ptr(r model.Range) *model.Range { return &r }

func jString(s string) *jv {
	b, _ := json.Marshal(s)
	return jRaw(string(b))
}

func (v *jv) set(k string, e *jv) *jv {
	for i, have := range v.keys {
		if have == k {
			v.vals[i] = e
			return v
		}
	}
	v.keys = append(v.keys, k)
	v.vals = append(v.vals, e)
	return v
}

func (v *jv) get(k string) *jv {
	if v == nil {
		return nil
	}
	for i, have := range v.keys {
		if have == k {
			return v.vals[i]
		}
	}
	return nil
}

func (v *jv) from(r model.Range) *jv {
	v.at = &r
	return v
}

// plain is a copy without origins.
func (v *jv) plain() *jv {
	out := &jv{kind: v.kind, keys: v.keys, raw: v.raw}
	for _, e := range v.vals {
		out.vals = append(out.vals, e.plain())
	}
	for _, e := range v.elems {
		out.elems = append(out.elems, e.plain())
	}
	return out
}

type jWriter struct {
	b       strings.Builder
	origins map[int]model.Range
}

func (w *jWriter) write(v *jv, indent string) {
	if v.at != nil {
		w.origins[w.b.Len()] = *v.at
	}
	in := indent + "  "
	switch v.kind {
	case 'r':
		w.b.WriteString(v.raw)
	case 'a':
		if len(v.elems) == 0 {
			w.b.WriteString("[]")
			return
		}
		w.b.WriteString("[\n")
		for i, e := range v.elems {
			w.b.WriteString(in)
			w.write(e, in)
			if i < len(v.elems)-1 {
				w.b.WriteByte(',')
			}
			w.b.WriteByte('\n')
		}
		w.b.WriteString(indent + "]")
	case 'o':
		if len(v.keys) == 0 {
			w.b.WriteString("{}")
			return
		}
		w.b.WriteString("{\n")
		for i, k := range v.keys {
			kb, _ := json.Marshal(k)
			w.b.WriteString(in + string(kb) + ": ")
			w.write(v.vals[i], in)
			if i < len(v.keys)-1 {
				w.b.WriteByte(',')
			}
			w.b.WriteByte('\n')
		}
		w.b.WriteString(indent + "}")
	}
}
