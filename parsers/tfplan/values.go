package tfplan

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// obj is one object of a resource instance (the instance itself or a
// nested block) seen through the plan and its source: planned values,
// after_unknown, configuration expressions and the .tf block body, any of
// which may be missing.
type obj struct {
	p    *parser
	in   *inst
	val  *node
	unk  *node
	expr *node
	body *hclsyntax.Body
	rng  model.Range
}

func (p *parser) instObj(in *inst) (*obj, model.Source) {
	o := &obj{p: p, in: in, val: in.vals, unk: in.unk, expr: in.conf}
	src := model.Source{Format: model.FormatTerraform, Address: in.addr}
	if in.block != nil {
		o.body = in.block.Body
		src.Range = p.hclRange(in.block.Range())
		src.Head = p.hclRange(in.block.DefRange())
	} else {
		src.Range = p.lines.nodeRange(in.obj)
		if a := in.obj.get("address"); a != nil {
			src.Head = p.lines.nodeRange(a)
		}
	}
	o.rng = src.Range
	return o, src
}

func (o *obj) unknown(name string) bool { return o.unk.isTrue() || o.unk.get(name).isTrue() }

func (o *obj) attr(name string) *hclsyntax.Attribute {
	if o.body == nil {
		return nil
	}
	return o.body.Attributes[name]
}

// configured reports whether the attribute is written in the configuration.
func (o *obj) configured(name string) bool {
	switch {
	case o.body != nil:
		return o.attr(name) != nil
	case o.expr != nil:
		return o.expr.get(name) != nil
	}
	return !o.val.get(name).isNull() || o.unknown(name)
}

// attrRange is where an attribute's value is written.
func (o *obj) attrRange(name string) model.Range {
	if a := o.attr(name); a != nil {
		return o.p.hclRange(a.Expr.Range())
	}
	if o.body == nil {
		if v := o.val.get(name); v != nil {
			return o.p.lines.nodeRange(v)
		}
	}
	return o.rng
}

// str reads a string attribute; absent or null yields the given default.
func (o *obj) str(name string, absent model.Str) model.Str {
	if !o.configured(name) {
		return absent
	}
	r := o.attrRange(name)
	if o.unknown(name) {
		return o.rebuild(name, r)
	}
	v := o.val.get(name)
	if v.isNull() {
		absent.Range = r
		return absent
	}
	if s, ok := v.scalar(); ok {
		return model.KnownStr(s, r)
	}
	return model.UnknownStr(r)
}

// refAttrs are attributes whose value is the ID of another resource.
var refAttrs = map[string]bool{
	"rest_api_id": true, "parent_id": true, "resource_id": true, "deployment_id": true,
	"authorizer_id": true, "api_id": true, "cache_policy_id": true, "origin_request_policy_id": true,
}

// rebuild is the value of an attribute that is unknown in the plan: its
// source expression evaluated over the plan when the source agrees with
// the plan's configuration, or for an ID-valued attribute without source
// the token of the single resource attribute it references.
func (o *obj) rebuild(name string, r model.Range) model.Str {
	conf := o.expr.get(name)
	if a := o.attr(name); a != nil {
		if conf != nil && sameRefs(a.Expr, conf) {
			if s, ok := o.p.evalStr(a.Expr, o.in, r); ok {
				return s
			}
		}
		return model.UnknownStr(r)
	}
	if o.body == nil && refAttrs[name] && conf != nil {
		if t, ok := singleRef(conf); ok {
			if s, ok := o.p.ref(t, o.in); ok && model.HasToken(s) {
				return model.KnownStr(s, r)
			}
		}
	}
	return model.UnknownStr(r)
}

func (o *obj) boolean(name string, absent model.Bool) model.Bool {
	if !o.configured(name) {
		return absent
	}
	r := o.attrRange(name)
	v := o.val.get(name)
	switch {
	case o.unknown(name):
		return model.Bool{Set: true, Range: r}
	case v.isNull():
		absent.Range = r
		return absent
	case v.kind == kBool:
		return model.KnownBool(v.b, r)
	case v.kind == kString && (v.str == "true" || v.str == "false"):
		return model.KnownBool(v.str == "true", r)
	}
	return model.Bool{Set: true, Range: r}
}

func (o *obj) integer(name string, absent model.Int) model.Int {
	if !o.configured(name) {
		return absent
	}
	r := o.attrRange(name)
	v := o.val.get(name)
	switch {
	case o.unknown(name):
		return model.Int{Set: true, Range: r}
	case v.isNull():
		absent.Range = r
		return absent
	}
	if s, ok := v.scalar(); ok {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return model.Int{V: n, Known: true, Set: true, Range: r}
		}
	}
	return model.Int{Set: true, Range: r}
}

// list reads a list (or set) of strings.
func (o *obj) list(name string, absent model.List) model.List {
	if !o.configured(name) {
		return absent
	}
	r := o.attrRange(name)
	out := model.List{Set: true, Range: r}
	if o.unknown(name) {
		return out
	}
	v := o.val.get(name)
	if v.isNull() {
		absent.Range = r
		return absent
	}
	if v.kind != kArray {
		return out
	}
	var items []hclsyntax.Expression
	if a := o.attr(name); a != nil {
		if t, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok && len(t.Exprs) == len(v.elems) {
			items = t.Exprs
		}
	}
	out.Known = true
	for i, e := range v.elems {
		er := r
		switch {
		case items != nil:
			er = o.p.hclRange(items[i].Range())
		case o.body == nil:
			er = o.p.lines.nodeRange(e)
		}
		s, ok := e.scalar()
		if !ok || o.unk.get(name).at(i).isTrue() {
			out.Items = append(out.Items, model.UnknownStr(er))
			continue
		}
		out.Items = append(out.Items, model.KnownStr(s, er))
	}
	return out
}

// blocks returns the nested blocks of one type in planned order, each
// matched to its source block and configuration when that is certain: by
// position for list blocks (key == ""), by the literal value of the key
// attribute for set blocks. dynamic is set when the blocks are unknown.
func (o *obj) blocks(typ, key string) (out []*obj, dynamic bool) {
	if o.unk.isTrue() || o.unk.get(typ).isTrue() {
		return nil, true
	}
	v := o.val.get(typ)
	if v == nil || v.kind != kArray {
		return nil, false
	}
	var src []*hclsyntax.Block
	hasDynamic := false
	if o.body != nil {
		for _, b := range o.body.Blocks {
			switch {
			case b.Type == typ:
				src = append(src, b)
			case b.Type == "dynamic" && len(b.Labels) > 0 && b.Labels[0] == typ:
				hasDynamic = true
			}
		}
	}
	confs := o.expr.get(typ)
	for i, e := range v.elems {
		c := &obj{p: o.p, in: o.in, val: e, rng: o.p.lines.nodeRange(e)}
		if ui := o.unk.get(typ).at(i); ui != nil {
			c.unk = ui
		}
		j := -1
		switch {
		case hasDynamic:
		case key == "" && o.body != nil && len(src) == len(v.elems):
			j = i
		case key == "" && o.body == nil && confs != nil && len(confs.elems) == len(v.elems):
			j = i
		case key != "":
			j = o.matchBlock(src, confs, key, e.get(key))
		}
		if j >= 0 {
			if j < len(src) {
				c.body = src[j].Body
				c.rng = o.p.hclRange(src[j].Range())
			}
			if o.body == nil || (confs != nil && len(confs.elems) == len(src)) {
				c.expr = confs.at(j)
			}
		}
		out = append(out, c)
	}
	return out, false
}

// matchBlock finds the one source (or configuration) block whose key
// attribute is the given planned value.
func (o *obj) matchBlock(src []*hclsyntax.Block, confs *node, key string, want *node) int {
	w, ok := want.text()
	if !ok {
		return -1
	}
	found := -1
	if o.body != nil {
		for j, b := range src {
			a := b.Body.Attributes[key]
			if a == nil {
				continue
			}
			if s, ok := o.p.evalStr(a.Expr, o.in, model.Range{}); ok && s.Known && s.V == w {
				if found >= 0 {
					return -1
				}
				found = j
			}
		}
		return found
	}
	if confs == nil {
		return -1
	}
	for j, c := range confs.elems {
		if s, ok := c.path(key, "constant_value").text(); ok && s == w {
			if found >= 0 {
				return -1
			}
			found = j
		}
	}
	return found
}

// ---- expressions ------------------------------------------------------------

// evalStr evaluates a source expression of an instance: as the HCL reader
// does when the root module's source is beside the plan, else over the
// plan (see eval). r is where the expression is written.
func (p *parser) evalStr(e hclsyntax.Expression, in *inst, r model.Range) (model.Str, bool) {
	if ev := p.evaluator(in); ev != nil {
		if s, ok := ev.Str(in.addr, e, r); ok {
			return s, true
		}
	}
	if s, ok := p.eval(e, in); ok {
		return model.KnownStr(s, r), true
	}
	return model.Str{}, false
}

// eval evaluates a source expression made of literals, templates and
// references over the plan. It fails on anything else.
func (p *parser) eval(e hclsyntax.Expression, in *inst) (string, bool) {
	switch e := e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return p.eval(e.Wrapped, in)
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, part := range e.Parts {
			s, ok := p.eval(part, in)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case *hclsyntax.LiteralValueExpr:
		return ctyScalar(e.Val)
	case *hclsyntax.ScopeTraversalExpr:
		return p.ref(e.Traversal, in)
	}
	return "", false
}

func ctyScalar(v cty.Value) (string, bool) {
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	case cty.Bool:
		return strconv.FormatBool(v.True()), true
	}
	return "", false
}

// ref is the value of a reference from inside an instance: a known
// planned value, or the token of an attribute known only after apply.
func (p *parser) ref(t hcl.Traversal, in *inst) (string, bool) {
	steps := t.SimpleSplit().Rel
	attrName := func(i int) (string, bool) {
		if i >= len(steps) {
			return "", false
		}
		a, ok := steps[i].(hcl.TraverseAttr)
		return a.Name, ok
	}
	switch root := t.RootName(); root {
	case "var":
		name, ok := attrName(0)
		if !ok || len(steps) != 1 || in.mod.addr != "" {
			return "", false
		}
		return p.vars.path(name, "value").scalar()
	case "count", "each":
		name, ok := attrName(0)
		if !ok || len(steps) != 1 || in.index == nil {
			return "", false
		}
		if (root == "count" && name == "index" && in.index.kind == kNumber) || (root == "each" && name == "key" && in.index.kind == kString) {
			return in.index.str, true
		}
		return "", false
	case "data":
		typ, ok1 := attrName(0)
		name, ok2 := attrName(1)
		if !ok1 || !ok2 {
			return "", false
		}
		addr, rest, ok := indexed(in.mod.prefix+"data."+typ+"."+name, steps[2:])
		if !ok {
			return "", false
		}
		if target := p.insts[addr]; target != nil {
			return p.attrValue(target, rest)
		}
		if len(rest) == 1 {
			switch typ + "." + rest[0].(hcl.TraverseAttr).Name {
			case "aws_region.name", "aws_region.region", "aws_region.id":
				return p.syms.Pseudo(model.PseudoRegion), true
			case "aws_partition.dns_suffix":
				return p.syms.Pseudo(model.PseudoURLSuffix), true
			}
		}
		return "", false
	case "local", "module", "path", "terraform", "self":
		return "", false
	default:
		name, ok := attrName(0)
		if !ok {
			return "", false
		}
		addr, rest, ok := indexed(in.mod.prefix+root+"."+name, steps[1:])
		if !ok {
			return "", false
		}
		target := p.insts[addr]
		if target == nil || target.mode == "data" {
			return "", false
		}
		return p.attrValue(target, rest)
	}
}

// indexed appends an instance key, if the steps start with one, and
// returns the attribute steps that follow (at least one).
func indexed(addr string, steps hcl.Traversal) (string, hcl.Traversal, bool) {
	if len(steps) > 0 {
		if ix, ok := steps[0].(hcl.TraverseIndex); ok {
			switch ix.Key.Type() {
			case cty.Number:
				addr += "[" + ix.Key.AsBigFloat().Text('f', -1) + "]"
			case cty.String:
				addr += "[" + strconv.Quote(ix.Key.AsString()) + "]"
			default:
				return "", nil, false
			}
			steps = steps[1:]
		}
	}
	if len(steps) == 0 {
		return "", nil, false
	}
	if _, ok := steps[0].(hcl.TraverseAttr); !ok {
		return "", nil, false
	}
	return addr, steps, true
}

// attrValue walks attribute steps through a target's planned values. A
// single attribute known only after apply is the target's token for it,
// as is a v2 domain name's domain_name_configuration[0].target_domain_name.
func (p *parser) attrValue(target *inst, steps hcl.Traversal) (string, bool) {
	v, u := target.vals, target.unk
	for _, s := range steps {
		if u.isTrue() {
			break
		}
		switch s := s.(type) {
		case hcl.TraverseAttr:
			v, u = v.get(s.Name), u.get(s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() != cty.Number {
				return "", false
			}
			i, _ := s.Key.AsBigFloat().Int64()
			v, u = v.at(int(i)), u.at(int(i))
		default:
			return "", false
		}
	}
	if u.isTrue() {
		path := traversalString(steps)
		switch {
		case len(steps) == 1:
			return p.token(target, path), true
		case path == "domain_name_configuration[0].target_domain_name":
			return p.syms.Attr(target.id, "target_domain_name", target.addr+"."+path), true
		}
		return "", false
	}
	if v.isNull() {
		return "", false
	}
	return v.scalar()
}

func traversalString(steps hcl.Traversal) string {
	var b strings.Builder
	for i, s := range steps {
		switch s := s.(type) {
		case hcl.TraverseAttr:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.Number {
				b.WriteString("[" + s.Key.AsBigFloat().Text('f', -1) + "]")
			} else if s.Key.Type() == cty.String {
				b.WriteString("[" + strconv.Quote(s.Key.AsString()) + "]")
			}
		}
	}
	return b.String()
}

// token is the value of an instance's own attribute for references: the
// planned value when known, else the token tied to the instance.
func (p *parser) token(in *inst, name string) string {
	if !in.unk.isTrue() && !in.unk.get(name).isTrue() {
		if s, ok := in.vals.get(name).text(); ok && s != "" {
			return s
		}
	}
	return p.syms.Attr(in.id, name, in.addr+"."+name)
}

// refKey names what a reference refers to: a resource, data source,
// variable, local value or module call.
func refKey(t hcl.Traversal) string {
	names := []string{t.RootName()}
	for _, s := range t.SimpleSplit().Rel {
		a, ok := s.(hcl.TraverseAttr)
		if !ok {
			break
		}
		names = append(names, a.Name)
	}
	n := 2
	if names[0] == "data" {
		n = 3
	}
	if len(names) < n {
		return strings.Join(names, ".")
	}
	return strings.Join(names[:n], ".")
}

// sameRefs reports whether a source expression references what the plan's
// configuration says the expression references: the source is the one the
// plan was made from.
func sameRefs(e hclsyntax.Expression, conf *node) bool {
	want := map[string]bool{}
	if refs := conf.get("references"); refs != nil {
		for _, r := range refs.elems {
			s, _ := r.text()
			t, diags := hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos)
			if diags.HasErrors() {
				return false
			}
			want[refKey(t)] = true
		}
	}
	got := map[string]bool{}
	for _, t := range e.Variables() {
		got[refKey(t)] = true
	}
	if len(got) != len(want) {
		return false
	}
	for k := range got {
		if !want[k] {
			return false
		}
	}
	return true
}

// singleRef returns the one resource attribute a configuration expression
// references (beside the resource itself).
func singleRef(conf *node) (hcl.Traversal, bool) {
	refs := conf.get("references")
	if refs == nil {
		return nil, false
	}
	var all []string
	for _, r := range refs.elems {
		if s, ok := r.text(); ok {
			all = append(all, s)
		}
	}
	var leaf []string
	for _, s := range all {
		prefix := false
		for _, o := range all {
			if o != s && (strings.HasPrefix(o, s+".") || strings.HasPrefix(o, s+"[")) {
				prefix = true
			}
		}
		if !prefix {
			leaf = append(leaf, s)
		}
	}
	if len(leaf) != 1 {
		return nil, false
	}
	t, diags := hclsyntax.ParseTraversalAbs([]byte(leaf[0]), "", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, false
	}
	switch t.RootName() {
	case "var", "local", "each", "count", "path", "terraform", "module", "self", "data":
		return nil, false
	}
	return t, true
}

// ---- the adapter's view ----------------------------------------------------

// unknownNode is an after_unknown of true: everything below is unknown.
var unknownNode = &node{kind: kBool, b: true}

func (o *obj) Range() model.Range { return o.rng }

// Unknown reports the stand-in for blocks the plan knows only after apply.
func (o *obj) Unknown() bool { return o.val == nil && o.unk == unknownNode }

func (o *obj) Written(name string) bool { return o.configured(name) }

func (o *obj) Null(name string) bool {
	return o.configured(name) && !o.unknown(name) && o.val.get(name).isNull()
}

func (o *obj) Str(name string, absent model.Str) model.Str    { return o.str(name, absent) }
func (o *obj) Bool(name string, absent model.Bool) model.Bool { return o.boolean(name, absent) }
func (o *obj) Int(name string, absent model.Int) model.Int    { return o.integer(name, absent) }
func (o *obj) List(name string, absent model.List) model.List { return o.list(name, absent) }

// Map reads a map of strings; the planned values leave unknown entries
// out, after_unknown names them.
func (o *obj) Map(name string) ([]tfadapter.Entry, bool) {
	if o.unknown(name) {
		return nil, false
	}
	v := o.val.get(name)
	if v.isNull() {
		return nil, true
	}
	if v.kind != kObject {
		return nil, false
	}
	r := o.attrRange(name)
	u := o.unk.get(name)
	var out []tfadapter.Entry
	seen := map[string]bool{}
	for i, k := range v.keys {
		seen[k] = true
		e := tfadapter.Entry{Key: k, Val: model.UnknownStr(r)}
		switch s, ok := v.vals[i].text(); {
		case u.get(k).isTrue():
		case ok:
			e.Val = model.KnownStr(s, r)
		case v.vals[i].isNull():
			continue
		}
		out = append(out, e)
	}
	if u != nil && u.kind == kObject {
		for _, k := range u.keys {
			if !seen[k] && u.get(k).isTrue() {
				out = append(out, tfadapter.Entry{Key: k, Val: model.UnknownStr(r)})
			}
		}
	}
	return out, true
}

// Blocks returns the nested blocks of one type; blocks known only after
// apply are one Unknown stand-in located at o.
func (o *obj) Blocks(typ string, s *tfadapter.Schema) []tfadapter.Object {
	bs, dynamic := o.blocks(typ, s.Key)
	if dynamic {
		return []tfadapter.Object{&obj{p: o.p, in: o.in, unk: unknownNode, rng: o.rng}}
	}
	out := make([]tfadapter.Object, len(bs))
	for i, b := range bs {
		out[i] = b
	}
	return out
}

// Document reads an attribute holding a rendered document; located in the
// .tf source when present (down to the object item a path of keys names,
// for jsonencode/yamlencode of an object), else in the plan.
func (o *obj) Document(name string) tfadapter.Document {
	if !o.configured(name) {
		return tfadapter.Document{}
	}
	rng := o.attrRange(name)
	d := tfadapter.Document{Written: true, Range: rng}
	if a := o.attr(name); a != nil {
		d.Locate = tfadapter.BodyLocator(a.Expr, rng, o.p.hclRange)
	}
	if o.unknown(name) {
		// Rendered only after apply: evaluated from the source as the
		// HCL reader evaluates it, when the source is the plan's.
		if a := o.attr(name); a != nil && sameRefs(a.Expr, o.expr.get(name)) {
			if null, known, text, ok := o.p.evaluator(o.in).Document(o.in.addr, a.Expr); ok {
				d.Null, d.Known, d.Text = null, known, text
			}
		}
		return d
	}
	v := o.val.get(name)
	if v.isNull() {
		d.Null = true
		return d
	}
	d.Text, d.Known = v.text()
	return d
}
