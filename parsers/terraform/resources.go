package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// emit maps every instance of the resource types edgelint models, in
// declaration order, through the shared Terraform adapter.
func (l *loader) emit() {
	m := &tfadapter.Mapper{Cfg: l.cfg, Syms: l.syms, Note: l.noteOnce, Errs: &l.errs}
	for _, r := range l.resources {
		if tfadapter.Maps(r.typ, r.data) {
			l.emitResource(r, m)
		}
	}
}

func (l *loader) emitResource(r *resource, m *tfadapter.Mapper) {
	defer func() {
		if p := recover(); p != nil {
			l.addErr(model.SevError, l.mrange(r.block.DefRange), fmt.Sprintf("internal error while reading %s in %s: %v", r.addr, r.file.name, p))
		}
	}()
	l.expand(r)
	if r.unknown {
		rng := r.block.DefRange
		if r.count != nil {
			rng = r.count.Range()
		} else if r.forEach != nil {
			rng = r.forEach.Range()
		}
		l.noteOnce("instances\x00"+r.addr, l.mrange(rng),
			fmt.Sprintf("the instances of %s depend on values known only at deploy time; it is not analyzed", r.addr))
		l.resourceGap(r, rng)
		return
	}
	full := l.mrange(l.blockRange(r.block))
	head := l.mrange(r.block.DefRange)
	for _, in := range r.instances {
		rd, body := l.newReader(in)
		src := model.Source{Format: model.FormatTerraform, Address: in.addr, Range: full, Head: head}
		m.Map(&hclInstance{rd: rd, body: body, rng: full}, r.data, src)
	}
}

// hclInstance is an evaluated resource instance as the adapter reads it.
type hclInstance struct {
	rd   *reader
	body hcl.Body
	rng  model.Range
}

func (h *hclInstance) Open(s *tfadapter.Schema) tfadapter.Object {
	return &hclObject{rd: h.rd, c: h.rd.content(h.body, s.HCL), rng: h.rng}
}

func (h *hclInstance) ID() string      { return h.rd.in.id }
func (h *hclInstance) Address() string { return h.rd.in.addr }
func (h *hclInstance) Type() string    { return h.rd.in.res.typ }
func (h *hclInstance) Dynamic() bool   { return h.rd.dynamic }

func (h *hclInstance) Token(name string) string { return h.rd.l.tokenString(h.rd.in, name) }

func (h *hclInstance) BlockToken(block, name string) string {
	in := h.rd.in
	return h.rd.l.syms.Attr(in.id, name, in.addr+"."+block+"[0]."+name)
}

// hclObject is an evaluated body decoded against a schema.
type hclObject struct {
	rd      *reader
	c       *hcl.BodyContent
	rng     model.Range
	unknown bool
}

func (o *hclObject) Range() model.Range { return o.rng }
func (o *hclObject) Unknown() bool      { return o.unknown }

func (o *hclObject) Written(name string) bool { return o.c.Attributes[name] != nil }

func (o *hclObject) Null(name string) bool {
	a := o.c.Attributes[name]
	if a == nil {
		return false
	}
	v, _ := o.rd.value(a).Unmark()
	return v.IsKnown() && v.IsNull()
}

func (o *hclObject) Str(name string, absent model.Str) model.Str {
	return o.rd.str(o.c, name, absent)
}

func (o *hclObject) Bool(name string, absent model.Bool) model.Bool {
	return o.rd.boolean(o.c, name, absent)
}

func (o *hclObject) Int(name string, absent model.Int) model.Int {
	return o.rd.integer(o.c, name, absent)
}

func (o *hclObject) List(name string, absent model.List) model.List {
	return o.rd.list(o.c, name, absent)
}

// Map reads a map or object; keys a function of a token decided are not
// known, nor are values holding a token.
func (o *hclObject) Map(name string) ([]tfadapter.Entry, bool) {
	a := o.c.Attributes[name]
	if a == nil {
		return nil, true
	}
	r := o.rd.l.mrange(a.Expr.Range())
	v, marks := o.rd.value(a).Unmark()
	if !v.IsKnown() || hasTokMark(marks) {
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	if !v.Type().IsMapType() && !v.Type().IsObjectType() {
		return nil, false
	}
	var out []tfadapter.Entry
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if ev, _ := e.Unmark(); ev.IsKnown() && ev.IsNull() {
			continue
		}
		s := toStr(e, r)
		if ev, _ := e.UnmarkDeep(); (ev.IsKnown() && ev.Type() != cty.String) || (s.Known && model.HasToken(s.V)) {
			s = model.UnknownStr(r)
		}
		out = append(out, tfadapter.Entry{Key: k.AsString(), Val: s})
	}
	return out, true
}

func (o *hclObject) Blocks(typ string, s *tfadapter.Schema) []tfadapter.Object {
	var out []tfadapter.Object
	for _, b := range o.c.Blocks {
		if b.Type != typ {
			continue
		}
		out = append(out, &hclObject{rd: o.rd, c: o.rd.content(b.Body, s.HCL), rng: o.rd.rng(b), unknown: isUnknownBody(b.Body)})
	}
	return out
}

// Document reads a string attribute as a document: known when it is
// known and any token in it is whole.
func (o *hclObject) Document(name string) tfadapter.Document {
	a := o.c.Attributes[name]
	if a == nil {
		return tfadapter.Document{}
	}
	l := o.rd.l
	rng := l.mrange(a.Expr.Range())
	d := tfadapter.Document{Written: true, Range: rng, Locate: tfadapter.BodyLocator(a.Expr, rng, l.mrange)}
	d.Null, d.Known, d.Text = document(o.rd.value(a))
	return d
}

// document reads a value as a document: null, or known when it is a
// string whose tokens (if any) are whole.
func document(v cty.Value) (null, known bool, text string) {
	v, marks := v.UnmarkDeep()
	switch {
	case v.IsKnown() && v.IsNull():
		return true, false, ""
	case v.IsKnown() && v.Type() == cty.String:
		s := v.AsString()
		return false, !hasTokMark(marks) || (model.HasToken(s) && tokensIntact(s)), s
	}
	return false, false, ""
}
