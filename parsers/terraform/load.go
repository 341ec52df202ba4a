package terraform

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/vfs"
)

// Options configure how a module's variables get their values and what the
// filesystem functions may read.
type Options struct {
	// VarFiles are --var-file paths (as given, relative to the working
	// directory), applied in order after the module's own terraform.tfvars
	// and *.auto.tfvars files.
	VarFiles []string
	// ConfigVarFiles are the var-files of the configuration file, applied
	// before VarFiles. VarFiles, the user's own choice, are read wherever
	// they are; ConfigVarFiles, which the scanned repository may supply,
	// only through FS (inside its boundary).
	ConfigVarFiles []string
	// Workspace is the selected workspace (TF_WORKSPACE); empty means the
	// one `terraform workspace select` recorded in .terraform/environment,
	// else "default".
	Workspace string
	// EnvVars are TF_VAR_<name> environment variables, by name (without the
	// prefix); they rank below every tfvars file, as in Terraform.
	EnvVars map[string]string
	// Vars are --var name=value pairs as raw command-line text, applied
	// last. As in Terraform, the text is an HCL expression for variables of
	// non-primitive type and a literal string otherwise.
	Vars map[string]string
	// Root is the scanned root; file(), templatefile() and the other
	// filesystem functions never read outside it. Empty means the module
	// directory.
	Root string
	// FS is what files are read through; nil is the disk.
	FS *vfs.FS
	// Cache holds the parsed files of module directories shared between
	// loads; nil parses every file where it is read.
	Cache *FileCache
	// Prefetch holds files the scan read before the load; nil reads every
	// file where it is needed.
	Prefetch *Prefetch
}

// LoadModule reads every .tf and .tf.json file directly in dir (one
// Terraform module), evaluates it and returns the CloudFront and API Gateway
// entities it declares. Files that cannot be read or parsed are reported as
// errors and the rest is still read; limits of the analysis are reported as
// info. Entity IDs are "<dir>:<resource address>".
func LoadModule(dir string, opts Options, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic) {
	if syms == nil {
		syms = model.NewSymbols()
	}
	l := newLoader(dir, opts, syms)
	l.tfObj = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal(workspace(dir, opts))})
	defer func() {
		if r := recover(); r != nil {
			l.addErr(model.SevError, model.Range{File: dir}, fmt.Sprintf("internal error while reading the module: %v", r))
			cfg, errs = l.cfg, l.errs
		}
	}()
	lib := libraries.Get().(*unitLibrary)
	defer libraries.Put(lib)
	lib.budget.reset()
	l.budget, l.lib = lib.budget, lib.ctx
	l.fnCtx = l.library().NewChild()
	l.fnCtx.Functions = l.funcs
	l.load()
	return l.cfg, l.errs
}

// parseConfig parses one configuration file, HCL or JSON by its name,
// ignoring diagnostics.
func parseConfig(path string, src []byte) *hcl.File {
	if nestingDiags(path, src, nestingKind(path)) != nil {
		return nil
	}
	p := hclparse.NewParser()
	if strings.HasSuffix(path, ".json") {
		f, _ := p.ParseJSON(src, path)
		return f
	}
	f, _ := p.ParseHCL(src, path)
	if f != nil {
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			rewriteComparisons(body)
		}
	}
	return f
}

// srcFile is one parsed configuration file.
type srcFile struct {
	name     string // path as used in ranges
	body     hcl.Body
	native   *hclsyntax.Body // nil for JSON files
	override bool
}

// loader holds the state of one LoadModule call.
type loader struct {
	// parsed are the module files this load parsed, when it is the
	// root: a module called more than once is parsed once.
	parsed map[string]*parsedFile
	dir    string // directory as given
	modKey string // dir as used in entity IDs and symbol keys
	opts   Options
	syms   *model.Symbols
	cfg    *model.Config
	errs   []model.Diagnostic
	noted  map[string]bool
	// stubbed names the functions replaced by unsupportedFunc.
	stubbed map[string]bool

	parser  *hclparse.Parser
	src     map[string][]byte
	files   []*srcFile
	sandbox *sandbox
	funcs   map[string]function.Function // file functions and stubs; the others are baseContext's
	fnCtx   *hcl.EvalContext             // the context of funcs, a child of baseContext

	vars      map[string]*variable
	varValues []varValue
	varObj    cty.Value
	locals    map[string]*localValue
	resources []*resource
	managed   map[string]map[string]*resource
	data      map[string]map[string]*resource
	providers map[string]*provider

	// Module calls and outputs; see modules.go.
	calls     map[string]*moduleCall
	callOrder []*moduleCall
	outputs   map[string]*output
	// mod is set for a child module; prefix is its address prefix
	// ("module.x." or "module.x[0].module.y.").
	mod    *moduleContext
	prefix string
	// manifest maps the keys of installed modules to their directories
	// (root module only; read on first use).
	manifest map[string]string
	// filesSeen are the files added to cfg.Files (root module only).
	filesSeen map[string]bool
	// moduleInstances counts the child loaders created (root module only).
	moduleInstances int
	// pendingGaps are the route gaps that may belong to any API (root
	// module only); see gaps.go.
	pendingGaps []pendingGap

	blockRanges map[rangeKey]hcl.Range
	// lineStarts are the byte offsets of the starts of the lines of
	// each file of src, computed by mrange on first use.
	lineStarts map[string][]int
	idOwners   map[string]*instance
	// nonEmptyTokens holds the tokens of computed attributes never
	// empty (see nonEmpty); shared by the loads of a root's modules.
	nonEmptyTokens map[string]bool

	pathObj, tfObj cty.Value

	// budget is what the unit may still evaluate (root module only);
	// refDepth counts the values being evaluated that wait on others
	// (root module only). See bounds.go.
	budget   *evalBudget
	refDepth int
	lib      *hcl.EvalContext
}

// rangeKey identifies a block by the start of its header.
type rangeKey struct {
	file string
	byte int
}

func newLoader(dir string, opts Options, syms *model.Symbols) *loader {
	modKey := filepath.ToSlash(filepath.Clean(dir))
	l := &loader{
		dir:         dir,
		modKey:      modKey,
		opts:        opts,
		syms:        syms,
		cfg:         model.NewConfig(syms),
		noted:       map[string]bool{},
		stubbed:     map[string]bool{},
		parser:      hclparse.NewParser(),
		src:         map[string][]byte{},
		sandbox:     newSandbox(dir, opts.Root, opts.FS),
		vars:        map[string]*variable{},
		locals:      map[string]*localValue{},
		managed:     map[string]map[string]*resource{},
		data:        map[string]map[string]*resource{},
		calls:       map[string]*moduleCall{},
		outputs:     map[string]*output{},
		providers:   map[string]*provider{},
		blockRanges: map[rangeKey]hcl.Range{},
		idOwners:    map[string]*instance{},
	}
	l.nonEmptyTokens = map[string]bool{}
	l.budget = &evalBudget{}
	l.funcs = map[string]function.Function{}
	for name, f := range l.fileFunctions() {
		l.funcs[name] = f
		l.funcs[coreName(name)] = f
	}
	l.fnCtx = baseContext().NewChild()
	for name, f := range l.comparisonFuncs() {
		l.funcs[name] = f
	}
	for name, f := range l.boundFuncs() {
		l.funcs[name] = f
	}
	l.fnCtx.Functions = l.funcs
	l.tfObj = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
	return l
}

// baseContext holds the functions every module has, under their names
// and, as Terraform also offers them, with the "core::" prefix. A load's
// contexts are its children: they add the file functions, which depend on
// the module's directory, and the stubs of functions edgelint lacks.
var baseContext = sync.OnceValue(func() *hcl.EvalContext {
	m := make(map[string]function.Function, 2*len(builtinFunctions))
	for name, f := range builtinFunctions {
		switch name {
		case "can", "try":
			// can and try take expressions, evaluated by the call.
		default:
			f = tokenSafe(f, tokenKinds[name])
		}
		m[name] = f
		m["core::"+name] = f
	}
	return &hcl.EvalContext{Functions: m}
})

// hasFunc reports whether the function name is defined for the module.
func (l *loader) hasFunc(name string) bool {
	if _, ok := l.funcs[name]; ok {
		return true
	}
	_, ok := baseContext().Functions[name]
	return ok
}

// coreNames are the "core::" names of the file functions, made once.
var coreNames sync.Map

func coreName(name string) string {
	if n, ok := coreNames.Load(name); ok {
		return n.(string)
	}
	n, _ := coreNames.LoadOrStore(name, "core::"+name)
	return n.(string)
}

// IgnoredFile reports the editor and hidden files Terraform skips.
func IgnoredFile(name string) bool { return isIgnoredFile(name) }

func isIgnoredFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"))
}

// IsAutoVarsFile reports a file (a name without its directory) whose
// variable values Terraform loads without being told: a name ending in
// .auto.tfvars or .auto.tfvars.json. Unlike configuration files, hidden
// names are not skipped: Terraform tests the suffix alone (isAutoVarFile in
// hashicorp/terraform internal/command/meta.go, applied to every entry of
// the working directory), so a file named just ".auto.tfvars" is loaded.
func IsAutoVarsFile(name string) bool {
	return strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json")
}

// IsVarsFile reports a file (a name without its directory) of the
// variable values Terraform loads from a module directory:
// terraform.tfvars, terraform.tfvars.json and the IsAutoVarsFile files.
func IsVarsFile(name string) bool {
	return name == "terraform.tfvars" || name == "terraform.tfvars.json" || IsAutoVarsFile(name)
}

// regularFile reports why the directory entry e, at path, is not to be
// read: nil for a regular file, or a symlink to one inside the boundary;
// reading a FIFO or a device could block forever, and a link leading
// outside the boundary is refused.
func regularFile(fsys *vfs.FS, path string, e os.DirEntry) error {
	if e.Type().IsRegular() {
		return nil
	}
	if e.Type()&os.ModeSymlink == 0 {
		return errNotRegular
	}
	st, err := fsys.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errNotRegular
	}
	return nil
}

var errNotRegular = errors.New("not a regular file")

// configName reports the names of the files a module directory's load
// reads: configuration files and variable files.
func configName(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") || IsVarsFile(name)
}

func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

func (l *loader) load() {
	if !l.prepare() {
		return
	}
	l.emit()
	l.emitModules()
	l.finishGaps()
}

// prepare parses the module and sets its input variables; false when the
// directory cannot be read.
func (l *loader) prepare() bool {
	tfvars, ok := l.parseDir()
	if !ok {
		return false
	}

	// Variable values, in Terraform's order of precedence (later wins):
	// environment, terraform.tfvars(.json), *.auto.tfvars(.json) in name
	// order (Terraform's: bytewise, so ".auto.tfvars" comes first),
	// --var-file and --var in command-line order.
	l.applyRawVars(l.opts.EnvVars, "environment variable TF_VAR_", true)
	sort.Strings(tfvars)
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		p := filepath.Join(l.dir, name)
		if st, err := l.opts.FS.Stat(p); err == nil && st.Mode().IsRegular() {
			l.readVarFile(p)
		}
	}
	for _, name := range tfvars {
		l.readVarFile(filepath.Join(l.dir, name))
	}
	for _, p := range l.opts.ConfigVarFiles {
		l.readVarFile(p)
	}
	for _, p := range l.opts.VarFiles {
		l.readUserVarFile(p)
	}
	l.applyRawVars(l.opts.Vars, "value for var.", false)
	l.finishVariables()
	return true
}

// parseDir parses and registers the configuration files of the module
// directory and returns the names of its *.auto.tfvars files; ok is false
// when the directory cannot be read.
func (l *loader) parseDir() (tfvars []string, ok bool) {
	entries, err := l.opts.FS.ReadDir(l.dir)
	if err != nil {
		l.addErr(model.SevError, model.Range{File: l.dir}, "cannot read directory: "+err.Error())
		return nil, false
	}
	var primary, overrides []string
	for _, e := range entries {
		name := e.Name()
		// Hidden and editor files are skipped as configuration files, not
		// as variable files (IsAutoVarsFile).
		auto := IsAutoVarsFile(name)
		if (!auto && isIgnoredFile(name)) || !configName(name) {
			continue
		}
		if err := regularFile(l.opts.FS, filepath.Join(l.dir, name), e); err != nil {
			// Reported, never read: a named pipe, a device, or a link
			// leading outside the boundary.
			l.addErr(model.SevError, model.Range{File: filepath.Join(l.dir, name)}, "cannot read: "+vfs.Reason(err))
			continue
		}
		switch {
		case auto:
			tfvars = append(tfvars, name)
		case strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json"):
			if isOverride(name) {
				overrides = append(overrides, name)
			} else {
				primary = append(primary, name)
			}
		}
	}
	for _, name := range primary {
		l.parseFile(name, false)
	}
	for _, name := range overrides {
		l.parseFile(name, true)
	}
	for _, f := range l.files {
		l.collect(f)
	}
	for _, f := range l.files {
		l.prewalk(f)
	}
	return tfvars, true
}

// parseFile reads and parses one configuration file. Syntax errors are
// reported; whatever parsed is kept.
func (l *loader) parseFile(name string, override bool) {
	path := filepath.Join(l.dir, name)
	defer func() {
		if r := recover(); r != nil {
			l.addErr(model.SevError, model.Range{File: path}, fmt.Sprintf("internal error while parsing the file: %v", r))
		}
	}()
	// A file is parsed once per content for the whole scan where the cache
	// holds its directory (modules several units call; every file for the
	// language server), and a module's files once per load when one module
	// calls it more than once (count, for_each). parse does nothing for a
	// file already parsed.
	// A file read before the load (to find module calls) is taken from
	// the scan's Prefetch, parsed or not.
	var pf *parsedFile
	switch top := l.top(); {
	case l.opts.Cache.holds(l.dir):
		pf = l.opts.Cache.load(path, l.opts.Prefetch.reader(l.opts.FS.ReadFile))
	case l.mod != nil:
		if top.parsed == nil {
			top.parsed = map[string]*parsedFile{}
		}
		if pf = top.parsed[path]; pf == nil {
			pf = l.opts.Prefetch.take(path)
			top.parsed[path] = pf
		}
	default:
		pf = l.opts.Prefetch.take(path)
	}
	pf.parse(path, l.opts.FS.ReadFile)
	if pf.err != nil {
		l.addErr(model.SevError, model.Range{File: path}, "cannot read file: "+pf.err.Error())
		return
	}
	src, f, diags := pf.src, pf.file, pf.diags
	l.src[path] = src
	hold := model.MayHoldHCLSuppression
	if strings.HasSuffix(path, ".json") {
		hold = model.MayHoldSuppression
	}
	if hold(src) {
		t := l.top()
		t.cfg.Marked = append(t.cfg.Marked, path)
	}
	l.addDiags(diags, path)
	l.addFile(path)
	if f == nil || f.Body == nil {
		return
	}
	sf := &srcFile{name: path, body: f.Body, override: override}
	if nb, ok := f.Body.(*hclsyntax.Body); ok {
		sf.native = nb
	}
	l.files = append(l.files, sf)
}

var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "terraform"},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
	},
}

// collect registers the top-level blocks of a file.
func (l *loader) collect(f *srcFile) {
	defer func() {
		if r := recover(); r != nil {
			l.addErr(model.SevError, model.Range{File: f.name}, fmt.Sprintf("internal error while reading the file: %v", r))
		}
	}()
	content, _, diags := f.body.PartialContent(rootSchema)
	l.addDiags(diags, f.name)
	if content == nil {
		return
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			l.addVariable(f, b)
		case "locals":
			attrs, diags := b.Body.JustAttributes()
			l.addDiags(diags, f.name)
			for name, a := range attrs {
				if old, dup := l.locals[name]; dup && !f.override {
					l.addErr(model.SevError, l.mrange(a.NameRange), fmt.Sprintf("duplicate local value %q, also defined at %s", name, l.mrange(old.nameRange)))
					continue
				}
				l.locals[name] = &localValue{name: name, expr: a.Expr, nameRange: a.NameRange}
			}
		case "resource", "data":
			l.addResource(f, b)
		case "module":
			l.addModuleCall(f, b)
		case "output":
			l.addOutput(f, b)
		case "provider":
			l.addProvider(f, b)
		}
	}
}

// prewalk scans a file once for the functions it calls (stubbing and
// reporting those edgelint lacks), the attributes it reads from resources,
// and the full ranges of its blocks.
func (l *loader) prewalk(f *srcFile) {
	defer func() {
		if r := recover(); r != nil {
			l.addErr(model.SevError, model.Range{File: f.name}, fmt.Sprintf("internal error while reading the file: %v", r))
		}
	}()
	if f.native == nil {
		for _, t := range bodyTraversals(f.body, false) {
			l.noteRef(t, nil)
		}
		return
	}
	l.walkNative(f.native)
}

// prewalkExpr scans one native-syntax expression like prewalk does.
func (l *loader) prewalkExpr(expr hcl.Expression) {
	if n, ok := expr.(hclsyntax.Node); ok {
		l.visitAll(n)
	}
}

// walkNative visits a native body; variable type constraints are skipped.
func (l *loader) walkNative(body *hclsyntax.Body) {
	for _, a := range inSourceOrder(nil, body.Attributes) {
		l.visitAll(a)
	}
	for _, b := range body.Blocks {
		if b.Type != "variable" {
			l.visitAll(b)
			continue
		}
		// A type constraint is written with call syntax, object({…}),
		// but calls no function.
		l.visit(b)
		for _, a := range inSourceOrder(nil, b.Body.Attributes) {
			if a.Name != "type" {
				l.visitAll(a)
			}
		}
		for _, nb := range b.Body.Blocks {
			l.visitAll(nb)
		}
	}
}

func (l *loader) visitAll(n hclsyntax.Node) { walkSyntax(n, l.visit) }

// visit records what one syntax node tells about the module.
func (l *loader) visit(n hclsyntax.Node) {
	switch x := n.(type) {
	case *hclsyntax.Block:
		l.blockRanges[rangeKey{x.DefRange().Filename, x.DefRange().Start.Byte}] = x.Range()
	case *hclsyntax.FunctionCallExpr:
		l.checkFunc(x.Name, x.NameRange)
	case *hclsyntax.ScopeTraversalExpr:
		l.noteRef(x.Traversal, nil)
	case *hclsyntax.SplatExpr:
		if src, ok := x.Source.(*hclsyntax.ScopeTraversalExpr); ok {
			if rel, ok := x.Each.(*hclsyntax.RelativeTraversalExpr); ok {
				l.noteRef(src.Traversal, rel.Traversal)
			}
		}
	case *hclsyntax.RelativeTraversalExpr:
		if ix, ok := x.Source.(*hclsyntax.IndexExpr); ok {
			if src, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
				l.noteRef(src.Traversal, x.Traversal)
			}
		}
	}
}

// checkFunc stubs a function edgelint does not implement so that its calls
// evaluate to unknown values, and reports it once per file.
func (l *loader) checkFunc(name string, rng hcl.Range) {
	if l.hasFunc(name) && !l.stubbed[name] {
		return
	}
	if !l.stubbed[name] {
		l.funcs[name] = unsupportedFunc
		l.stubbed[name] = true
	}
	l.noteOnce("func\x00"+rng.Filename+"\x00"+name, l.mrange(rng),
		fmt.Sprintf("function %s is not supported by edgelint; its result is treated as unknown", name))
}

// noteRef records which attribute of a resource a traversal reads, so that
// the resource's value offers it (as a token when it is computed). rel is
// the relative traversal applied after an index or splat, if any.
func (l *loader) noteRef(t, rel hcl.Traversal) {
	r, rest := l.resourceOf(t)
	if r == nil {
		return
	}
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		rest = rel
	}
	if len(rest) > 0 {
		if a, ok := rest[0].(hcl.TraverseAttr); ok {
			if r.refAttrs == nil {
				r.refAttrs = map[string]bool{}
			}
			r.refAttrs[a.Name] = true
		}
	}
}

// resourceOf returns the resource a traversal starts with and the rest of
// the traversal after its name.
func (l *loader) resourceOf(t hcl.Traversal) (*resource, hcl.Traversal) {
	if len(t) < 2 {
		return nil, nil
	}
	root := t.RootName()
	if root == "data" {
		typ, ok1 := stepName(t, 1)
		name, ok2 := stepName(t, 2)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return l.data[typ][name], t[3:]
	}
	byName := l.managed[root]
	if byName == nil {
		return nil, nil
	}
	name, ok := stepName(t, 1)
	if !ok {
		return nil, nil
	}
	return byName[name], t[2:]
}

// stepName returns the attribute name at step i of a traversal.
func stepName(t hcl.Traversal, i int) (string, bool) {
	if i >= len(t) {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseRoot:
		return s.Name, true
	}
	return "", false
}

// bodyTraversals returns the references made anywhere in a body. Meta
// arguments that do not contribute to the resource's value are skipped
// when skipMeta is set.
func bodyTraversals(body hcl.Body, skipMeta bool) []hcl.Traversal {
	var out []hcl.Traversal
	if nb, ok := body.(*hclsyntax.Body); ok {
		var walk func(b *hclsyntax.Body, top bool)
		walk = func(b *hclsyntax.Body, top bool) {
			for name, a := range b.Attributes {
				if top && skipMeta && metaAttrs[name] {
					continue
				}
				out = append(out, a.Expr.Variables()...)
			}
			for _, blk := range b.Blocks {
				if top && skipMeta && metaBlocks[blk.Type] {
					continue
				}
				walk(blk.Body, false)
			}
		}
		walk(nb, true)
		return out
	}
	attrs, _ := body.JustAttributes()
	for name, a := range attrs {
		if skipMeta && (metaAttrs[name] || metaBlocks[name]) {
			continue
		}
		out = append(out, a.Expr.Variables()...)
	}
	return out
}

// metaAttrs and metaBlocks are the meta-arguments of resource blocks.
var (
	metaAttrs  = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
	metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}
)

// ---- ranges and errors -----------------------------------------------------

// mrange converts an HCL range; lines are recounted from the byte offsets
// and columns in code points.
func (l *loader) mrange(r hcl.Range) model.Range {
	src, ok := l.src[r.Filename]
	if r.End.Byte < r.Start.Byte || (r.End.Line == 0 && r.Start.Line > 0) {
		// HCL leaves the end of a function call whose closing parenthesis
		// is missing (the file ends first) at its zero value: the range
		// is empty, at its start.
		r.End = r.Start
	}
	if !ok {
		return model.Range{File: r.Filename, Start: toPos(nil, nil, r.Start), End: toPos(nil, nil, r.End)}
	}
	starts := l.lineStarts[r.Filename]
	if starts == nil {
		starts = make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
		for i := 0; ; {
			k := bytes.IndexByte(src[i:], '\n')
			if k < 0 {
				break
			}
			i += k + 1
			starts = append(starts, i)
		}
		if l.lineStarts == nil {
			l.lineStarts = map[string][]int{}
		}
		l.lineStarts[r.Filename] = starts
	}
	return model.Range{File: r.Filename, Start: toPos(src, starts, r.Start), End: toPos(src, starts, r.End)}
}

// toPos converts an HCL position in src, whose lines start at the byte
// offsets starts. The line is recounted from the byte offset too: HCL's
// JSON scanner counts the positions of an error in a string cut short by
// the end of a line or of the file a byte at a time, without their line
// breaks (" \"\n0" puts the end of its error, byte 3 on the second line,
// at 1:4), or past the end of the file (`"` reads as 1:3, byte 2), which is
// the end of the file.
func toPos(src []byte, starts []int, p hcl.Pos) model.Pos {
	if src == nil || p.Byte < 0 {
		return model.Pos{Line: p.Line, Column: p.Column, Byte: p.Byte}
	}
	p.Byte = min(p.Byte, len(src))
	line := sort.SearchInts(starts, p.Byte+1) // the starts at or before p.Byte
	start := starts[line-1]
	return model.Pos{Line: line, Column: utf8.RuneCount(src[start:p.Byte]) + 1, Byte: p.Byte}
}

// blockRange returns the range of a whole block, header to closing brace.
func (l *loader) blockRange(b *hcl.Block) hcl.Range {
	if r, ok := l.blockRanges[rangeKey{b.DefRange.Filename, b.DefRange.Start.Byte}]; ok {
		return r
	}
	// JSON: a block is an object, from its opening brace to its closing
	// brace (where a missing item would be reported). DefRange is the
	// opening brace, or for the elements of an array of blocks the array's
	// opening bracket; the element's own brace precedes its first property.
	r := b.DefRange
	end := b.Body.MissingItemRange()
	if end.Filename != r.Filename || end.End.Byte <= r.Start.Byte {
		return r
	}
	start := r.Start
	if src := l.src[r.Filename]; src != nil && start.Byte < len(src) && src[start.Byte] == '[' {
		first := end.Start
		if attrs, _ := b.Body.JustAttributes(); attrs != nil {
			for _, a := range attrs {
				if a.NameRange.Filename == r.Filename && a.NameRange.Start.Byte < first.Byte {
					first = a.NameRange.Start
				}
			}
		}
		i, line := first.Byte-1, first.Line
		for i > start.Byte && i < len(src) && strings.ContainsRune(" \t\r\n", rune(src[i])) {
			if src[i] == '\n' {
				line--
			}
			i--
		}
		if i > start.Byte && i < len(src) && src[i] == '{' {
			start = hcl.Pos{Line: line, Byte: i}
		}
	}
	return hcl.Range{Filename: r.Filename, Start: start, End: end.End}
}

func (l *loader) addErr(severity model.Severity, r model.Range, msg string) {
	t := l.top()
	t.errs = append(t.errs, model.Diagnostic{Range: r, Message: msg, Severity: severity})
}

// addFile records a file that contributed to the model, once.
func (l *loader) addFile(path string) {
	t := l.top()
	if t.filesSeen == nil {
		t.filesSeen = map[string]bool{}
	}
	if !t.filesSeen[path] {
		t.filesSeen[path] = true
		l.cfg.Files = append(l.cfg.Files, path)
	}
}

// noteOnce adds an info diagnostic unless one with the same key was added.
func (l *loader) noteOnce(key string, r model.Range, msg string) {
	key = l.dir + "\x00" + key
	if l.noted[key] {
		return
	}
	l.noted[key] = true
	l.addErr(model.SevInfo, r, msg)
}

// addDiags reports the errors among HCL diagnostics; file locates those
// without a subject.
func (l *loader) addDiags(diags hcl.Diagnostics, file string) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		r := model.Range{File: file}
		if d.Subject != nil {
			r = l.mrange(*d.Subject)
		}
		l.addErr(model.SevError, r, diagMessage(d))
	}
}

func diagMessage(d *hcl.Diagnostic) string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

// workspace is terraform.workspace for a root module: TF_WORKSPACE, else
// the name Terraform records in .terraform/environment, else "default".
func workspace(dir string, opts Options) string {
	if opts.Workspace != "" {
		return opts.Workspace
	}
	p := filepath.Join(dir, ".terraform", "environment")
	if st, err := opts.FS.Stat(p); err == nil && st.Mode().IsRegular() && st.Size() < 1024 {
		if b, err := opts.FS.ReadFile(p); err == nil {
			if ws := strings.TrimSpace(string(b)); ws != "" {
				return ws
			}
		}
	}
	return "default"
}
