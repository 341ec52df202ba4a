package tfplan

import (
	"fmt"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// emit maps every managed resource instance edgelint models, in plan order,
// through the shared Terraform adapter. Data sources are not mapped: a
// plan holds what they read, not the configuration that looked them up.
func (p *parser) emit() {
	m := &tfadapter.Mapper{Cfg: p.cfg, Syms: p.syms, Note: p.note, Errs: &p.errs}
	for _, in := range p.order {
		if in.mode != "data" && tfadapter.Maps(in.typ, false) {
			p.emitInst(in, m)
		}
	}
}

func (p *parser) emitInst(in *inst, m *tfadapter.Mapper) {
	defer func() {
		if r := recover(); r != nil {
			p.errs = append(p.errs, model.Diagnostic{Range: p.lines.nodeRange(in.obj),
				Message: fmt.Sprintf("internal error while reading %s: %v", in.addr, r), Severity: model.SevError})
		}
	}()
	o, src := p.instObj(in)
	m.Map(planInstance{o}, false, src)
}

// note reports a limit of the analysis.
func (p *parser) note(_ string, r model.Range, msg string) {
	p.errs = append(p.errs, model.Diagnostic{Range: r, Severity: model.SevInfo, Message: msg})
}

// planInstance is a resource instance of the plan as the adapter reads it.
type planInstance struct{ o *obj }

// Open is the instance's planned values, read through the HCL reader's
// view of its source where the plan's blocks come from dynamic blocks.
func (pi planInstance) Open(s *tfadapter.Schema) tfadapter.Object {
	if pi.o.body != nil {
		if ev := pi.o.p.evaluator(pi.o.in); ev != nil {
			if h := ev.Object(pi.o.in.addr, s); h != nil {
				pi.o.hcl = h
			}
		}
	}
	return pi.o
}
func (pi planInstance) ID() string      { return pi.o.in.id }
func (pi planInstance) Address() string { return pi.o.in.addr }
func (pi planInstance) Type() string    { return pi.o.in.typ }
func (pi planInstance) Dynamic() bool   { return false }

func (pi planInstance) Token(name string) string { return pi.o.p.token(pi.o.in, name) }

// BlockToken is the planned value of an attribute of the first block of a
// type when known, else its token.
func (pi planInstance) BlockToken(block, name string) string {
	in := pi.o.in
	path := block + "[0]." + name
	if !in.unk.isTrue() && !in.unk.path(block).at(0).get(name).isTrue() {
		if s, ok := in.vals.get(block).at(0).get(name).text(); ok && s != "" {
			return s
		}
	}
	return pi.o.p.syms.Attr(in.id, name, in.addr+"."+path)
}
