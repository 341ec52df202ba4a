package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
)

// Evaluator evaluates expressions in the context of a root module's
// resource instances, as LoadModule evaluates their attributes: the plan
// reader uses it for the values a plan knows only after apply, written in
// the .tf source beside the plan.
type Evaluator struct {
	l     *loader
	insts map[string]*instance
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
	in := e.instance(addr)
	if in == nil {
		return model.Str{}, false
	}
	v, diags := e.l.eval(expr, e.l.instCtx(in))
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
	in := e.instance(addr)
	if in == nil {
		return false, false, "", false
	}
	v, diags := e.l.eval(expr, e.l.instCtx(in))
	if diags.HasErrors() {
		return false, false, "", false
	}
	null, known, text = document(v)
	return null, known, text, true
}

func (e *Evaluator) instance(addr string) *instance {
	if e.insts == nil {
		e.insts = map[string]*instance{}
		for _, r := range e.l.resources {
			if r.data {
				continue
			}
			e.l.expand(r)
			for _, in := range r.instances {
				e.insts[in.addr] = in
			}
		}
	}
	return e.insts[addr]
}
