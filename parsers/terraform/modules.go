package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/vfs"
)

// Module calls are evaluated as Terraform evaluates them. The child module
// is read from its directory (a local source relative to the caller, or the
// directory `terraform init` recorded in the root module's
// .terraform/modules/modules.json), once per instance of the call, with the
// call's arguments as the values of its input variables. Its entities are
// emitted into the root module's Config with IDs
// "<root dir>:module.<name>.<address>", and module.<name> evaluates to an
// object of its outputs (a tuple or object of such objects for count and
// for_each), tokens included. A child is prepared (parsed, variables set)
// when first referenced and emitted after its caller.

// maxModuleDepth bounds how deep module calls are followed, and
// maxModuleInstances how many module instances one root module evaluates.
const (
	maxModuleDepth     = 16
	maxModuleInstances = 1024
)

// moduleCall is a module block.
type moduleCall struct {
	name      string
	block     *hcl.Block
	source    *hcl.Attribute
	count     hcl.Expression
	forEach   hcl.Expression
	providers hcl.Expression
	args      map[string]*hcl.Attribute

	state   int
	unknown bool // instances or source cannot be known: outputs are unknown
	// skipped is the module's directory when its instances are not
	// analyzed (unknown, or too many).
	skipped string
	// unseen is why the module's files cannot be read (source not a
	// literal, not installed, no directory), when that is so.
	unseen    string
	kind      expansion
	instances []*moduleInstance

	valState int
	val      cty.Value
}

// moduleInstance is one instance of a module call.
type moduleInstance struct {
	key   cty.Value
	child *loader
}

// output is an output block.
type output struct {
	name  string
	expr  hcl.Expression
	state int
	val   cty.Value
}

// moduleContext is what a child module's loader knows about its call.
type moduleContext struct {
	parent *loader
	// keyPath is the call names from the root module, the key of the
	// module in modules.json when joined with dots.
	keyPath []string
	// ancestors are the absolute directories of the calling modules.
	ancestors []string
	// providerMap maps the child's AWS provider aliases to the parent's
	// (the call's providers argument).
	providerMap map[string]string
	emitted     bool
}

// manifestRecord is one entry of .terraform/modules/modules.json.
type manifestRecord struct {
	Key    string `json:"Key"`
	Source string `json:"Source"`
	Dir    string `json:"Dir"`
}

var moduleMeta = map[string]bool{
	"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true,
}

func (l *loader) addModuleCall(f *srcFile, b *hcl.Block) {
	name := b.Labels[0]
	if _, dup := l.calls[name]; dup {
		if !f.override {
			l.addErr(model.SevError, l.mrange(b.DefRange), fmt.Sprintf("duplicate module call %q", name))
		}
		return
	}
	attrs, diags := b.Body.JustAttributes()
	l.addDiags(diags, f.name)
	mc := &moduleCall{name: name, block: b, args: map[string]*hcl.Attribute{}}
	for n, a := range attrs {
		switch n {
		case "source":
			mc.source = a
		case "count":
			mc.count = a.Expr
		case "for_each":
			mc.forEach = a.Expr
		case "providers":
			mc.providers = a.Expr
		}
		if !moduleMeta[n] {
			mc.args[n] = a
		}
	}
	l.calls[name] = mc
	l.callOrder = append(l.callOrder, mc)
}

func (l *loader) addOutput(f *srcFile, b *hcl.Block) {
	name := b.Labels[0]
	if _, dup := l.outputs[name]; dup && !f.override {
		l.addErr(model.SevError, l.mrange(b.DefRange), fmt.Sprintf("duplicate output %q", name))
		return
	}
	attrs, _ := b.Body.JustAttributes()
	o := &output{name: name}
	if a := attrs["value"]; a != nil {
		o.expr = a.Expr
	}
	l.outputs[name] = o
}

// outputValue evaluates one output of the module.
func (l *loader) outputValue(o *output) cty.Value {
	switch o.state {
	case stateDone:
		return o.val
	case stateBusy:
		return cty.DynamicVal
	}
	o.state = stateBusy
	v := cty.DynamicVal
	if o.expr != nil {
		v, _ = l.eval(o.expr, l.ctxFor(o.expr.Variables(), nil))
	}
	o.val, o.state = v, stateDone
	return v
}

// outputsObject is the value of a reference to the module from its caller.
func (l *loader) outputsObject() cty.Value {
	m := make(map[string]cty.Value, len(l.outputs))
	for name, o := range l.outputs {
		m[name] = l.outputValue(o)
	}
	return cty.ObjectVal(m)
}

// moduleValue is the value of module.<name>.
func (l *loader) moduleValue(name string) cty.Value {
	mc := l.calls[name]
	switch mc.valState {
	case stateDone:
		return mc.val
	case stateBusy:
		return cty.DynamicVal
	}
	mc.valState = stateBusy
	l.expandCall(mc)
	v := cty.DynamicVal
	if !mc.unknown {
		switch mc.kind {
		case counted:
			if len(mc.instances) == 0 {
				v = cty.EmptyTupleVal
			} else {
				vals := make([]cty.Value, len(mc.instances))
				for i, mi := range mc.instances {
					vals[i] = mi.child.outputsObject()
				}
				v = cty.TupleVal(vals)
			}
		case forEach:
			m := make(map[string]cty.Value, len(mc.instances))
			for _, mi := range mc.instances {
				m[mi.key.AsString()] = mi.child.outputsObject()
			}
			v = cty.ObjectVal(m)
		default:
			v = mc.instances[0].child.outputsObject()
		}
	}
	mc.val, mc.valState = v, stateDone
	return v
}

// expandCall resolves the source of a module call, evaluates its count or
// for_each and prepares one child loader per instance.
func (l *loader) expandCall(mc *moduleCall) {
	switch mc.state {
	case stateDone:
		return
	case stateBusy:
		mc.unknown = true
		return
	}
	mc.state = stateBusy
	defer func() { mc.state = stateDone }()
	dir, ok := l.moduleDir(mc)
	if !ok {
		mc.unknown = true
		return
	}
	kind, keys, eachs, known := l.instanceKeys(mc.count, mc.forEach, "module."+mc.name)
	if !known {
		mc.unknown = true
		rng := mc.block.DefRange
		if mc.count != nil {
			rng = mc.count.Range()
		} else if mc.forEach != nil {
			rng = mc.forEach.Range()
		}
		mc.skipped = dir
		if l.noted[l.dir+"\x00count\x00module."+mc.name] {
			return // already reported as an unusable count
		}
		l.noteOnce("instances\x00module."+mc.name, l.mrange(rng),
			fmt.Sprintf("the instances of module.%s depend on values known only at deploy time; it is not analyzed", mc.name))
		return
	}
	top := l.top()
	if top.moduleInstances+len(keys) > maxModuleInstances {
		mc.unknown = true
		l.noteOnce("budget\x00module."+mc.name, l.mrange(mc.block.DefRange),
			fmt.Sprintf("module.%s would exceed %d module instances in one configuration; it is not analyzed", mc.name, maxModuleInstances))
		mc.skipped = dir
		return
	}
	top.moduleInstances += len(keys)
	mc.kind = kind
	for i, key := range keys {
		mi := &moduleInstance{key: key}
		mi.child = l.newChild(mc, dir, key, eachs[i])
		mc.instances = append(mc.instances, mi)
	}
}

// isLocalSource reports a module source that is a path relative to the
// calling module.
func isLocalSource(src string) bool {
	for _, p := range []string{"./", "../", ".\\", "..\\"} {
		if strings.HasPrefix(src, p) {
			return true
		}
	}
	return false
}

// LocalSourceDir is the directory a local module source (as written in a
// configuration file in dir) names.
func LocalSourceDir(dir, src string) string { return filepath.Join(dir, filepath.FromSlash(src)) }

// LocalModuleSources returns the local sources, as written, of the module
// calls of the module in dir (LocalSourceDir gives their directories),
// reading only the module blocks' source attributes. Unreadable files are skipped, and so are files
// keep (when not nil) rejects by their text. files, when not nil, are the
// directory's configuration files (a caller that listed the directory
// already); otherwise the directory is read. pre, when not nil, keeps the
// files read for the loads that follow.
func LocalModuleSources(fsys *vfs.FS, dir string, files []string, keep func(src []byte) bool, pre *Prefetch) []string {
	if files == nil {
		entries, err := fsys.ReadDir(dir)
		if err != nil {
			return nil
		}
		for _, e := range entries {
			name := e.Name()
			path := filepath.Join(dir, name)
			if isIgnoredFile(name) || regularFile(fsys, path, e) != nil ||
				(!strings.HasSuffix(name, ".tf") && !strings.HasSuffix(name, ".tf.json")) {
				continue
			}
			files = append(files, path)
		}
	}
	var out []string
	for _, path := range files {
		if isIgnoredFile(filepath.Base(path)) {
			continue
		}
		src, err := fsys.ReadFile(path)
		if err != nil || (keep != nil && !keep(src)) {
			continue
		}
		out = append(out, pre.LocalSources(path, src)...)
	}
	return out
}

// LocalSources returns the local sources ("./modules/api", "../x") of the
// module blocks of one configuration file, as written.
func LocalSources(path string, src []byte) []string {
	if !mayCallModules(src) {
		return nil
	}
	return localSources(parseConfig(path, src))
}

// mayCallModules reports whether a configuration file's text can hold a
// module block with a local source: a path starting with ./ or ../ (or .
// and ..).
func mayCallModules(src []byte) bool {
	return bytes.Contains(src, []byte("module")) && bytes.Contains(src, []byte(`".`))
}

// localSources returns the local sources of the module blocks of a parsed
// file.
func localSources(f *hcl.File) []string {
	if f == nil || f.Body == nil {
		return nil
	}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}
	content, _, _ := f.Body.PartialContent(schema)
	if content == nil {
		return nil
	}
	var out []string
	for _, b := range content.Blocks {
		attrs, _ := b.Body.JustAttributes()
		a := attrs["source"]
		if a == nil {
			continue
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
			continue
		}
		if s := v.AsString(); isLocalSource(s) {
			out = append(out, s)
		}
	}
	return out
}

// moduleDir returns the directory of a module call's child module, or
// reports why it cannot be read.
func (l *loader) moduleDir(mc *moduleCall) (string, bool) {
	if mc.source == nil {
		l.addErr(model.SevError, l.mrange(mc.block.DefRange), fmt.Sprintf("module %q has no source", mc.name))
		return "", false
	}
	srcRange := l.mrange(mc.source.Expr.Range())
	v, diags := mc.source.Expr.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		l.noteOnce("source\x00"+mc.name, srcRange,
			fmt.Sprintf("the source of module %q is not a literal string; its outputs are treated as unknown", mc.name))
		mc.unseen = "its source is not a literal string"
		return "", false
	}
	src := v.AsString()
	var dir string
	if isLocalSource(src) {
		dir = LocalSourceDir(l.dir, src)
	} else {
		key := strings.Join(append(append([]string(nil), l.keyPath()...), mc.name), ".")
		d, ok := l.top().installedModule(key)
		if !ok {
			l.noteOnce("install\x00"+mc.name, srcRange,
				fmt.Sprintf("module %q (source %q) is not installed; run \"terraform init\" to analyze it", mc.name, src))
			mc.unseen = "it is not installed"
			return "", false
		}
		dir = d
	}
	st, err := l.opts.FS.Stat(dir)
	if outside := (*vfs.OutsideError)(nil); errors.As(err, &outside) {
		l.addErr(model.SevError, srcRange, fmt.Sprintf("module %q: cannot read its directory: %v", mc.name, err))
		return "", false
	}
	if err != nil || !st.IsDir() {
		msg := "not a directory"
		if err != nil {
			msg = err.Error()
		}
		l.noteOnce("dir\x00"+mc.name, srcRange,
			fmt.Sprintf("module %q: cannot read its directory (%s); its outputs are treated as unknown", mc.name, msg))
		mc.unseen = "its directory cannot be read"
		return "", false
	}
	// Modules are told apart by their resolved path: a symbolic link
	// (a/up -> ..) must not hide that a call comes back to a module.
	abs := l.opts.FS.RealPath(dir)
	depth := 0
	if l.mod != nil {
		depth = len(l.mod.ancestors)
		for _, a := range l.mod.ancestors {
			if a == abs {
				l.noteOnce("cycle\x00"+mc.name, srcRange,
					fmt.Sprintf("module %q calls a module that is already being evaluated; its outputs are treated as unknown", mc.name))
				return "", false
			}
		}
	}
	if self := l.opts.FS.RealPath(l.dir); self == abs {
		l.noteOnce("cycle\x00"+mc.name, srcRange,
			fmt.Sprintf("module %q calls its own module; its outputs are treated as unknown", mc.name))
		return "", false
	}
	if depth >= maxModuleDepth {
		l.noteOnce("depth\x00"+mc.name, srcRange,
			fmt.Sprintf("module %q is nested more than %d levels deep; its outputs are treated as unknown", mc.name, maxModuleDepth))
		return "", false
	}
	return dir, true
}

// top returns the loader of the root module.
func (l *loader) top() *loader {
	for l.mod != nil {
		l = l.mod.parent
	}
	return l
}

// keyPath returns the module call names leading to this module.
func (l *loader) keyPath() []string {
	if l.mod == nil {
		return nil
	}
	return l.mod.keyPath
}

// installedModule looks a module key up in the root module's
// .terraform/modules/modules.json, as Terraform does for every module
// call that is not a local path.
func (l *loader) installedModule(key string) (string, bool) {
	if l.manifest == nil {
		l.manifest = map[string]string{}
		p := filepath.Join(l.dir, ".terraform", "modules", "modules.json")
		if b, err := l.opts.FS.ReadFile(p); err == nil {
			var m struct {
				Modules []manifestRecord `json:"Modules"`
			}
			if err := json.Unmarshal(b, &m); err != nil {
				l.noteOnce("manifest", model.Range{File: p}, "cannot read the installed modules: "+err.Error())
			}
			for _, r := range m.Modules {
				if r.Key == "" || r.Dir == "" {
					continue
				}
				d := filepath.FromSlash(r.Dir)
				if !filepath.IsAbs(d) {
					d = filepath.Join(l.dir, d)
				}
				l.manifest[r.Key] = d
			}
		}
	}
	d, ok := l.manifest[key]
	return d, ok
}

// newChild prepares the loader of one instance of a module call: its files
// parsed and its variables set from the call's arguments.
func (l *loader) newChild(mc *moduleCall, dir string, key, each cty.Value) *loader {
	top := l.top()
	c := newLoader(dir, Options{Root: l.opts.Root, FS: l.opts.FS, Cache: l.opts.Cache, Prefetch: l.opts.Prefetch}, l.syms)
	c.modKey = l.modKey
	c.cfg = l.cfg
	c.noted = top.noted
	c.nonEmptyTokens = top.nonEmptyTokens
	c.sandbox = l.sandbox
	c.prefix = l.prefix + "module." + mc.name + instanceSuffix(key) + "."
	mod := &moduleContext{parent: l}
	mod.keyPath = append(append([]string(nil), l.keyPath()...), mc.name)
	if l.mod != nil {
		mod.ancestors = append(mod.ancestors, l.mod.ancestors...)
	}
	mod.ancestors = append(mod.ancestors, l.opts.FS.RealPath(l.dir))
	c.mod = mod
	c.tfObj = l.tfObj
	c.fnCtx = l.library().NewChild()
	c.fnCtx.Functions = c.funcs

	// The call's arguments, evaluated in the caller for this instance.
	iter := &instance{res: &resource{kind: mc.kind}, key: key, each: each}
	if mc.count == nil && mc.forEach == nil {
		iter = nil
	}
	if mc.providers != nil {
		mod.providerMap = providerMap(mc.providers)
	}
	if _, ok := c.parseDir(); !ok {
		return c
	}
	for name, a := range mc.args {
		if c.vars[name] == nil {
			continue
		}
		v, _ := l.eval(a.Expr, l.ctxFor(a.Expr.Variables(), iter))
		c.varValues = append(c.varValues, varValue{name: name, val: v, rng: a.Expr.Range(), expr: a.Expr, caller: l})
	}
	c.finishVariables()
	return c
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// instanceSuffix is the address suffix of an instance key: [0], ["k"].
func instanceSuffix(key cty.Value) string {
	switch {
	case key == cty.NilVal:
		return ""
	case key.Type() == cty.Number:
		return "[" + key.AsBigFloat().Text('f', -1) + "]"
	default:
		return "[" + strconv.Quote(key.AsString()) + "]"
	}
}

// providerMap reads a module call's providers argument: child AWS
// provider (alias) to the caller's.
func providerMap(expr hcl.Expression) map[string]string {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		return nil
	}
	alias := func(e hcl.Expression) (string, bool) {
		t, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() || t.RootName() != "aws" {
			return "", false
		}
		a, _ := stepName(t, 1)
		return a, true
	}
	out := map[string]string{}
	for _, p := range pairs {
		k, ok1 := alias(p.Key)
		v, ok2 := alias(p.Value)
		if ok1 && ok2 {
			out[k] = v
		}
	}
	return out
}

// emitModules emits the entities of every module instance this module
// calls, in declaration order, each after its caller.
func (l *loader) emitModules() {
	for _, mc := range l.callOrder {
		l.expandCall(mc)
		switch {
		case mc.skipped != "":
			l.moduleGap(mc, mc.skipped, "its instances depend on values known only at deploy time")
		case mc.unseen != "":
			l.moduleGap(mc, "", mc.unseen)
		}
		for _, mi := range mc.instances {
			c := mi.child
			if c.mod.emitted {
				continue
			}
			c.mod.emitted = true
			func() {
				defer func() {
					if r := recover(); r != nil {
						l.addErr(model.SevError, l.mrange(mc.block.DefRange), fmt.Sprintf("internal error while reading module.%s: %v", mc.name, r))
					}
				}()
				c.emit()
				c.emitModules()
			}()
		}
	}
}
