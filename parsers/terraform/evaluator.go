package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// Evaluator evaluates expressions in the context of the resource instances
// of a root module and the modules it calls, as LoadModule evaluates their
// attributes: the plan
// reader uses it for the values a plan knows only after apply, written in
// the .tf source beside the plan.
type Evaluator struct {
	l     *loader
	insts map[string]evalInstance
}

// evalInstance is an instance and the loader of its module instance.
type evalInstance struct {
	l  *loader
	in *instance
}

// NewEvaluator reads the root module in dir. Entity IDs, and so the
// tokens of computed attributes, are "<idPrefix>:<address>" (the plan
// reader's IDs) rather than LoadModule's "<dir>:<address>".
func NewEvaluator(dir, idPrefix string, opts Options, syms *model.Symbols) *Evaluator {
	l := newLoader(dir, opts, syms)
	l.modKey = idPrefix
	l.tfObj = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal(workspace(dir, opts))})
	e := &Evaluator{l: l}
	func() {
		defer func() {
			if recover() != nil {
				e.l = nil
			}
		}()
		if !l.prepare() {
			e.l = nil
		}
	}()
	return e
}

// Str evaluates expr as an attribute of the managed resource instance at
// addr and converts it as the HCL reader does (tokens for computed
// values, unknown for what is known only at deploy time); r is where expr
// is written. ok is false when there is no such instance or the
// expression cannot be evaluated.
func (e *Evaluator) Str(addr string, expr hcl.Expression, r model.Range) (s model.Str, ok bool) {
	if e == nil || e.l == nil {
		return model.Str{}, false
	}
	defer func() {
		if recover() != nil {
			s, ok = model.Str{}, false
		}
	}()
	ei, ok := e.instance(addr)
	if !ok {
		return model.Str{}, false
	}
	v, diags := ei.l.eval(expr, ei.l.instCtx(ei.in))
	if diags.HasErrors() {
		return model.Str{}, false
	}
	if uv, _ := v.Unmark(); uv.IsKnown() && uv.IsNull() {
		return model.Str{}, false
	}
	return toStr(v, r), true
}

// Document evaluates expr as Str does and reads it as the HCL reader reads
// a document attribute (see tfadapter.Document): whether it is null, known,
// and its text.
func (e *Evaluator) Document(addr string, expr hcl.Expression) (null, known bool, text string, ok bool) {
	if e == nil || e.l == nil {
		return false, false, "", false
	}
	defer func() {
		if recover() != nil {
			null, known, text, ok = false, false, "", false
		}
	}()
	ei, found := e.instance(addr)
	if !found {
		return false, false, "", false
	}
	v, diags := ei.l.eval(expr, ei.l.instCtx(ei.in))
	if diags.HasErrors() {
		return false, false, "", false
	}
	null, known, text = document(v)
	return null, known, text, true
}

// Object is the instance at addr decoded against s as the HCL reader
// decodes it, dynamic blocks expanded; nil when there is no such instance.
func (e *Evaluator) Object(addr string, s *tfadapter.Schema) (o tfadapter.Object) {
	if e == nil || e.l == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			o = nil
		}
	}()
	ei, ok := e.instance(addr)
	if !ok {
		return nil
	}
	rd, body := ei.l.newReader(ei.in)
	r := ei.in.res
	return (&hclInstance{rd: rd, body: body, rng: ei.l.mrange(ei.l.blockRange(r.block))}).Open(s)
}

func (e *Evaluator) instance(addr string) (evalInstance, bool) {
	if e.insts == nil {
		e.insts = map[string]evalInstance{}
		e.index(e.l)
	}
	ei, ok := e.insts[addr]
	return ei, ok
}

// index adds the managed resource instances of a module instance and of
// the modules it calls.
func (e *Evaluator) index(l *loader) {
	for _, r := range l.resources {
		if r.data {
			continue
		}
		l.expand(r)
		for _, in := range r.instances {
			e.insts[in.addr] = evalInstance{l: l, in: in}
		}
	}
	for _, mc := range l.callOrder {
		l.expandCall(mc)
		for _, mi := range mc.instances {
			if mi.child != nil {
				e.index(mi.child)
			}
		}
	}
}
