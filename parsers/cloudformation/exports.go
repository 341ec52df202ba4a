package cloudformation

import (
	"fmt"
	"sort"

	"github.com/edgelint/edgelint/model"
)

// Exports reads the values a template exports to other stacks: each
// Outputs.<name>.Export.Name that evaluates to a literal string (with the
// parameter overrides of opts, and defaults), mapped to its Value evaluated
// as Parse evaluates it, so the value holds the same tokens the template's
// entities carry. A value that cannot be known is returned as a Str that is
// not Known: the name is exported, its value is unknown. Outputs whose
// Condition is false are skipped. A value the template imports and exports
// again resolves through opts.Imports; the engine reads such templates again
// as more exports become known. The errors are those of reading the
// template; Parse reports them as well.
func Exports(path string, src []byte, opts Options, syms *model.Symbols) (out map[string]model.Str, errs []model.Diagnostic) {
	if syms == nil {
		syms = model.NewSymbols()
	}
	defer func() {
		if p := recover(); p != nil {
			out = nil
			errs = append(errs, model.Diagnostic{
				Range:    model.Range{File: path},
				Message:  fmt.Sprintf("internal error while reading this template's exports: %v", p),
				Severity: model.SevError,
			})
		}
	}()
	root, notes, perr := readTree(path, src)
	errs = append(errs, notes...)
	if perr != nil {
		return nil, append(errs, *perr)
	}
	if root == nil || root.Kind != KMap {
		return nil, errs
	}
	outputs := root.Get("Outputs")
	if outputs == nil || outputs.Kind != KMap {
		return nil, errs
	}
	t := newTemplate(path, root, opts, syms, model.NewConfig(syms))
	t.readSections()
	t.collectSAM()
	return t.exports(outputs), errs
}

// exports evaluates the exported outputs of a template whose sections are
// read.
func (t *template) exports(outputs *Node) (out map[string]model.Str) {
	if outputs == nil || outputs.Kind != KMap {
		return nil
	}
	for _, o := range outputs.Vals {
		if o.Kind != KMap {
			continue
		}
		exp := o.Get("Export")
		if exp == nil || exp.Kind != KMap {
			continue
		}
		name, ok := t.literalString(exp.Get("Name"))
		if !ok || name == "" {
			continue
		}
		if c := o.Get("Condition"); c.IsScalar() && t.condition(c.Str) == triFalse {
			continue
		}
		vn := o.Get("Value")
		v := t.eval(vn)
		s := model.Str{Set: true}
		if vn != nil {
			s.Range = vn.Rng
		}
		if v.k == vStr {
			s.V, s.Known = v.s, true
		}
		if out == nil {
			out = map[string]model.Str{}
		}
		if _, dup := out[name]; dup {
			// One template cannot export a name twice; neither is used.
			s = model.Str{Set: true}
		}
		out[name] = s
	}
	return out
}

// ImportNames returns, sorted, the export names the template imports with
// Fn::ImportValue where it reads them, evaluated as Parse evaluates them
// (parameter defaults and opts.Parameters, Fn::Sub). The engine analyzes
// a template together with the templates exporting those names.
func ImportNames(path string, src []byte, opts Options, syms *model.Symbols) (names []string) {
	defer func() {
		if p := recover(); p != nil {
			names = nil
		}
	}()
	root, _, perr := readTree(path, src)
	if perr != nil || root == nil || root.Kind != KMap {
		return nil
	}
	t := newTemplate(path, root, opts, syms, model.NewConfig(syms))
	t.run()
	// Values exported again are read where they are exported.
	if outputs := root.Get("Outputs"); outputs != nil && outputs.Kind == KMap {
		for _, o := range outputs.Vals {
			if o.Kind == KMap {
				t.eval(o.Get("Value"))
			}
		}
	}
	for n := range t.importNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// importValue evaluates Fn::ImportValue: the value another scanned
// template exports under the name, when exactly one does (opts.Imports).
func (t *template) importValue(arg *Node, r model.Range) value {
	if name, ok := t.literalString(arg); ok {
		t.importNames[name] = true
		if v, found := t.opts.Imports[name]; found && v.Known {
			return strAt(v.V, r)
		}
	}
	t.note("fn:Fn::ImportValue", r, "Fn::ImportValue (a value exported by another stack) is not resolved: no other scanned template exports this name, or more than one does, or its value is unknown; the value is unknown")
	return unknownAt(r)
}
