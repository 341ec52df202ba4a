package cloudformation

import (
	"slices"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// maxNestDepth bounds how deep nested stacks are read.
const maxNestDepth = 8

// nestedLocationKey is the property naming a nested stack's template.
func nestedLocationKey(typ string) string {
	if typ == typeSAMApp {
		return "Location"
	}
	return "TemplateURL"
}

// NestedTemplates returns the local template files that the template at
// path includes as nested stacks (AWS::CloudFormation::Stack TemplateURL,
// AWS::Serverless::Application Location) written as a literal relative
// path inside the template's directory. Only the Resources section is
// looked at; intrinsic functions are not evaluated. Those templates are
// read by Parse as children of this one, with the parameters it passes.
func NestedTemplates(path string, src []byte) []string {
	root, _, perr := readTree(path, src)
	if perr != nil || root == nil || root.Kind != KMap {
		return nil
	}
	res := root.Get("Resources")
	if res == nil || res.Kind != KMap {
		return nil
	}
	var out []string
	for _, v := range res.Vals {
		ty := v.Get("Type")
		if !ty.IsScalar() {
			continue
		}
		typ := strings.TrimSpace(ty.Str)
		if typ != typeStack && typ != typeSAMApp {
			continue
		}
		loc := v.Get("Properties").Get(nestedLocationKey(typ))
		if loc == nil || loc.Kind != KString {
			continue
		}
		uri := strings.TrimSpace(loc.Str)
		if uri == "" || strings.Contains(uri, "://") {
			continue
		}
		if file, ok := localPath(path, uri); ok && !slices.Contains(out, file) {
			out = append(out, file)
		}
	}
	return out
}

// nestedStack returns the template of the nested stack r, read as a child
// of t with the parameters r passes, its sections read (its entities are
// emitted by emit), or nil when it is not a local template that can be
// read.
func (t *template) nestedStack(r *resource) *template {
	if c, ok := t.nested[r.id]; ok {
		return c
	}
	t.nested[r.id] = nil
	if t.dropped(r.cond) {
		return nil
	}
	c := t.readNested(r)
	t.nested[r.id] = c
	return c
}

func (t *template) readNested(r *resource) *template {
	key := nestedLocationKey(r.typ)
	locNode := r.props.Get(key)
	rng := r.head
	if locNode != nil {
		rng = locNode.Rng
		rng.File = t.path
	}
	unknown := func(why string) *template {
		t.note("nested-unknown", rng, why+"; its resources are not analyzed and its outputs are unknown")
		t.nestedGap(r, rng, why)
		return nil
	}
	v := t.eval(locNode)
	uri := strings.TrimSpace(v.s)
	switch {
	case v.k == vMap:
		return unknown("the template of nested stack " + r.id + " comes from the Serverless Application Repository, which edgelint cannot see")
	case v.k != vStr || uri == "" || model.HasToken(uri):
		return unknown("the " + key + " of nested stack " + r.id + " is not known statically")
	case strings.Contains(uri, "://"):
		return unknown("nested stack " + r.id + " reads its template from " + uri + ", which edgelint cannot see")
	}
	file, _ := localPath(t.path, uri)
	// Templates are told apart by their resolved path: a symbolic link
	// (self -> .) must not hide that an inclusion comes back.
	if rp := t.opts.FS.RealPath(file); rp == t.opts.FS.RealPath(t.path) || slices.Contains(t.ancestors, rp) {
		t.warn(rng, "nested stack %s includes %s, which includes this template; it is not read again", r.id, uri)
		return nil
	}
	if len(t.ancestors) >= maxNestDepth {
		return unknown("nested stack " + r.id + " is nested too deeply")
	}
	if w := t.work; w.capped != "" {
		// Past a cap: the file is not even read.
		t.nestedGap(r, rng, "nested stack "+t.addr+r.id+" is past "+w.capped)
		return nil
	}
	root, why := t.readLocal("the "+key+" of nested stack "+r.id, uri)
	if why != "" {
		t.warn(rng, "%s; its resources are not analyzed and its outputs are unknown", why)
		t.nestedGap(r, rng, why)
		return nil
	}
	if why := t.takeStack(r, rng, t.work.files[file].size); why != "" {
		t.nestedGap(r, rng, why)
		return nil
	}
	if root.Kind != KMap {
		t.warn(rng, "the template of nested stack %s (%s) is not a mapping; it is not analyzed", r.id, uri)
		t.nestedGap(r, rng, "the template of nested stack "+r.id+" is not a mapping")
		return nil
	}
	c := newTemplate(file, root, Options{Imports: t.opts.Imports, FS: t.opts.FS, Stack: t.opts.Stack}, t.syms, t.cfg)
	c.scope, c.prefix, c.addr = r.eid, r.eid+"/", t.addr+r.id+"/"
	c.work = t.work
	// The names nested stacks import are the including template's too.
	c.importNames = t.importNames
	c.ancestors = append(slices.Clip(t.ancestors), t.opts.FS.RealPath(t.path))
	if ps := r.props.Get("Parameters"); ps != nil && ps.Kind == KMap {
		c.inputs = make(map[string]value, len(ps.Keys))
		for i, k := range ps.Keys {
			c.inputs[k.Str] = t.eval(ps.Vals[i])
		}
	} else if ps != nil && ps.Kind != KNull {
		t.note("nested-params", ps.Rng, "the Parameters of nested stack "+r.id+" are not a mapping; the parameters it passes are unknown")
		c.inputs = map[string]value{}
		if cps := root.Get("Parameters"); cps != nil && cps.Kind == KMap {
			for _, k := range cps.Keys {
				c.inputs[k.Str] = value{}
			}
		}
	}
	c.readSections()
	c.collectSAM()
	return c
}

// nestedGap records that nested stack r, which is not read (why says
// so), may declare resources, methods or routes of the APIs whose
// attributes the parameters it is passed carry (a RestApi's ID and root
// resource ID, as an API defined in one stack and extended in another is
// passed): their route sets are not fully known.
func (t *template) nestedGap(r *resource, rng model.Range, why string) {
	ps := r.props.Get("Parameters")
	if ps == nil || ps.Kind != KMap {
		return
	}
	var refs []string
	var carried func(v value)
	carried = func(v value) {
		switch v.k {
		case vStr:
			if model.HasToken(v.s) {
				refs = append(refs, v.s)
			}
		case vList:
			for _, x := range v.list {
				carried(x)
			}
		}
	}
	for _, v := range ps.Vals {
		carried(t.eval(v))
	}
	if len(refs) == 0 {
		return
	}
	t.cfg.RouteGaps = append(t.cfg.RouteGaps, &model.RouteGap{
		APIRefs: refs,
		Reason:  why + "; it is handed the API's attributes and may declare its resources",
		Source:  model.Source{Format: model.FormatCloudFormation, Address: t.addr + r.id, Range: rng, Stack: t.opts.Stack},
	})
}

// nestedOutput evaluates Fn::GetAtt <nested>.Outputs.<name>: the output's
// Value in the nested stack.
func (t *template) nestedOutput(r *resource, name string) value {
	c := t.nestedStack(r)
	if c == nil {
		return value{}
	}
	o := c.root.Get("Outputs").Get(name)
	if o == nil || o.Kind != KMap {
		return value{}
	}
	if cn := o.Get("Condition"); cn.IsScalar() && c.condition(cn.Str) == triFalse {
		return value{}
	}
	v := c.eval(o.Get("Value"))
	if v.k != vStr && v.k != vList {
		return value{}
	}
	v.r = model.Range{}
	return v
}

// inputValue is the value the including template passes for parameter p.
func (t *template) inputValue(p *param, list bool) (value, bool) {
	in, ok := t.inputs[p.name]
	if !ok || in.k == vNoValue {
		return value{}, false
	}
	switch {
	case in.k == vStr && list:
		parts := strings.Split(in.s, ",")
		out := value{k: vList, list: make([]value, len(parts))}
		for i, x := range parts {
			out.list[i] = strAt(x, model.Range{})
		}
		return out, true
	case in.k == vStr, in.k == vList && list:
		in.r = model.Range{}
		return in, true
	}
	return value{}, true
}

// allErrs returns the errors of t and of the nested stacks it read.
func (t *template) allErrs() []model.Diagnostic {
	errs := t.errs
	for _, id := range sortedKeys(t.nested) {
		if c := t.nested[id]; c != nil {
			errs = append(errs, c.allErrs()...)
		}
	}
	return errs
}
