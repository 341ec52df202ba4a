package serverless

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/vfs"
)

// Bounds of the variable resolution of one service (docs/RELIABILITY.md).
const (
	// maxSteps bounds the variables resolved, each counted every time
	// it is resolved: a few lines of self-references that each refer to
	// several others would otherwise describe exponential work.
	maxSteps = 100_000
	// maxDepth bounds the variables resolved within one another (a
	// reference whose value holds a reference…).
	maxDepth = 64
	// maxString bounds a string a variable builds.
	maxString = 1 << 20
	// maxFiles bounds the files ${file(…)} reads, and maxFileBytes one
	// of them; maxTotalBytes bounds what they read together.
	maxFiles      = 64
	maxFileBytes  = 16 << 20
	maxTotalBytes = 64 << 20
	// maxUnknownName bounds the text of a variable that names its
	// unknown value.
	maxUnknownName = 120
)

// state is what resolving a source found.
type state uint8

const (
	found   state = iota
	missing       // the source has no value: the next source is tried
	unknown       // the value exists only at deploy time (or cannot be read)
)

// resolver resolves the variables of a service file and of the files it
// includes. The nodes it returns keep the ranges of the text they were
// resolved from: a string built from variables has the range of the
// string written in the file.
type resolver struct {
	path string
	dir  string
	root *cf.Node
	opts Options
	fs   *vfs.FS

	memo  map[*cf.Node]*cf.Node
	busy  map[*cf.Node]bool
	steps int
	depth int

	files    map[string]*cf.Node
	absent   map[string]bool
	included []string
	bytes    int64

	// unknowns are the names of the unknown values made, in order.
	unknowns []string
	isParam  map[string]bool

	stageMemo *cf.Node
	errs      []model.Diagnostic
	noted     map[string]bool
	marked    []string
}

func newResolver(path string, root *cf.Node, opts Options) *resolver {
	fsys := opts.FS
	if fsys == nil {
		fsys = vfs.Confined(nil, filepath.Dir(path))
	}
	return &resolver{
		path: path, dir: filepath.Dir(path), root: root, opts: opts, fs: fsys,
		memo: map[*cf.Node]*cf.Node{}, busy: map[*cf.Node]bool{},
		files: map[string]*cf.Node{}, absent: map[string]bool{}, isParam: map[string]bool{}, noted: map[string]bool{},
	}
}

// note reports a limit of the analysis once per kind.
func (r *resolver) note(kind string, rng model.Range, sev model.Severity, format string, a ...any) {
	if r.noted[kind] {
		return
	}
	r.noted[kind] = true
	if rng.File == "" {
		rng.File = r.path
	}
	r.errs = append(r.errs, model.Diagnostic{Range: rng, Message: fmt.Sprintf(format, a...), Severity: sev})
}

// unknownNode is the value of a variable that is not known before deploy:
// a reference to a template parameter without a value, named after the
// variable, which the template reader keeps unknown.
func (r *resolver) unknownNode(name string, rng model.Range) *cf.Node {
	if len(name) > maxUnknownName {
		name = name[:maxUnknownName] + "…"
	}
	if !r.isParam[name] {
		r.isParam[name] = true
		r.unknowns = append(r.unknowns, name)
	}
	return refNode(name, rng)
}

// isUnknown reports whether n is a value resolve could not know.
func (r *resolver) isUnknown(n *cf.Node) bool {
	if n == nil || n.Kind != cf.KMap || len(n.Keys) != 1 || n.Keys[0].Str != "Ref" {
		return false
	}
	v := n.Vals[0]
	return v.IsScalar() && r.isParam[v.Str]
}

// resolve returns n with every variable resolved, deep.
func (r *resolver) resolve(n *cf.Node) *cf.Node {
	if n == nil {
		return nil
	}
	if v, ok := r.memo[n]; ok {
		return v
	}
	var out *cf.Node
	switch n.Kind {
	case cf.KString:
		out = r.resolveString(n)
	case cf.KMap:
		m := &cf.Node{Kind: cf.KMap, Rng: n.Rng}
		changed := false
		for i, k := range n.Keys {
			v := r.resolve(n.Vals[i])
			kk := k
			if strings.Contains(k.Str, "${") {
				if rk := r.resolveString(k); rk.IsScalar() {
					kk = &cf.Node{Kind: cf.KString, Str: rk.Str, Rng: k.Rng}
				}
			}
			changed = changed || v != n.Vals[i] || kk != k
			m.Keys = append(m.Keys, kk)
			m.Vals = append(m.Vals, v)
		}
		out = n
		if changed {
			out = dedupe(m)
		}
	case cf.KSeq:
		s := &cf.Node{Kind: cf.KSeq, Rng: n.Rng}
		changed := false
		for _, it := range n.Items {
			v := r.resolve(it)
			changed = changed || v != it
			s.Items = append(s.Items, v)
		}
		out = n
		if changed {
			out = s
		}
	default:
		out = n
	}
	r.memo[n] = out
	return out
}

// dedupe keeps the last of keys that resolved to the same text.
func dedupe(m *cf.Node) *cf.Node {
	seen := map[string]int{}
	out := &cf.Node{Kind: cf.KMap, Rng: m.Rng}
	for i, k := range m.Keys {
		if j, ok := seen[k.Str]; ok {
			out.Vals[j] = m.Vals[i]
			continue
		}
		seen[k.Str] = len(out.Keys)
		out.Keys = append(out.Keys, k)
		out.Vals = append(out.Vals, m.Vals[i])
	}
	return out
}

// shallow resolves a string node that is a variable (the steps of a
// self: address): a mapping's entries are left as written.
func (r *resolver) shallow(n *cf.Node) *cf.Node {
	if n != nil && n.Kind == cf.KString {
		return r.resolveString(n)
	}
	return n
}

// resolveString resolves the variables of a string node.
func (r *resolver) resolveString(n *cf.Node) *cf.Node {
	if !strings.Contains(n.Str, "${") {
		return n
	}
	if v, ok := r.memo[n]; ok {
		return v
	}
	vars, bad := parseVars(n.Str)
	if bad != "" {
		r.note("syntax:"+bad, n.Rng, model.SevWarning, "the variables of this value cannot be read: %s; its value is unknown", bad)
		out := r.unknownNode(n.Str, n.Rng)
		r.memo[n] = out
		return out
	}
	if len(vars) == 0 {
		return n
	}
	if r.busy[n] {
		r.note("cycle", n.Rng, model.SevWarning, "the variables of this value refer to it again (%s); its value is unknown", firstLine(n.Str))
		return r.unknownNode(n.Str, n.Rng)
	}
	if r.depth >= maxDepth {
		r.note("depth", n.Rng, model.SevWarning, "variables are nested more than %d deep here; the value is unknown", maxDepth)
		return r.unknownNode(n.Str, n.Rng)
	}
	r.busy[n] = true
	r.depth++
	out := r.interpolate(n, vars)
	r.depth--
	delete(r.busy, n)
	r.memo[n] = out
	return out
}

// interpolate builds the value of a string holding variables.
func (r *resolver) interpolate(n *cf.Node, vars []variable) *cf.Node {
	if len(vars) == 1 && vars[0].start == 0 && vars[0].end == len(n.Str) {
		return r.variable(vars[0], n.Rng)
	}
	var parts []*cf.Node
	var text strings.Builder
	known := true
	last := 0
	for _, v := range vars {
		text.WriteString(n.Str[last:v.start])
		last = v.end
		val := r.variable(v, n.Rng)
		switch {
		case val.IsScalar():
			text.WriteString(val.Str)
		case r.isUnknown(val):
			known = false
			if text.Len() > 0 {
				parts = append(parts, strNode(text.String(), n.Rng))
				text.Reset()
			}
			parts = append(parts, val)
		default:
			// A mapping or list inside a string: the framework
			// rejects it.
			return r.unknownNode(v.text, n.Rng)
		}
		if text.Len() > maxString {
			r.note("size", n.Rng, model.SevWarning, "a value built from variables here is longer than %d bytes; it is unknown", maxString)
			return r.unknownNode(n.Str, n.Rng)
		}
	}
	text.WriteString(n.Str[last:])
	if known {
		return strNode(text.String(), n.Rng)
	}
	if text.Len() > 0 {
		parts = append(parts, strNode(text.String(), n.Rng))
	}
	return mapNode(n.Rng, "Fn::Join", seqNode(n.Rng, strNode("", n.Rng), seqNode(n.Rng, parts...)))
}

// variable resolves one variable: its sources in order, until one has a
// value. A source whose value is unknown ends the search (the fallbacks
// are for values that are missing, and it may well exist at deploy).
func (r *resolver) variable(v variable, rng model.Range) *cf.Node {
	if v.bad {
		r.note("syntax:"+v.text, rng, model.SevWarning, "%s is not a variable the framework accepts; its value is unknown", v.text)
		return r.unknownNode(v.text, rng)
	}
	r.steps++
	if r.steps > maxSteps {
		r.note("steps", rng, model.SevWarning, "resolving the variables of this service takes more than %d steps; the values past them are unknown", maxSteps)
		return r.unknownNode(v.text, rng)
	}
	for _, s := range v.sources {
		if s.isLiteral {
			if s.isNull {
				continue
			}
			return scalarNode(s.literal, rng)
		}
		val, st := r.source(s, rng)
		switch st {
		case found:
			return val
		case unknown:
			return r.unknownNode(v.text, rng)
		}
	}
	// Every source is missing: the framework stops with an error. The
	// value may be given where the service is deployed.
	return r.unknownNode(v.text, rng)
}

// text resolves a parameter or address that may hold variables: known
// text, or false.
func (r *resolver) text(s string, rng model.Range) (string, bool) {
	if !strings.Contains(s, "${") {
		return s, true
	}
	v := r.resolveString(&cf.Node{Kind: cf.KString, Str: s, Rng: rng})
	if v.IsScalar() {
		return v.Str, true
	}
	return "", false
}

// source resolves one typed source.
func (r *resolver) source(s source, rng model.Range) (*cf.Node, state) {
	addr, ok := r.text(s.address, rng)
	if !ok {
		return nil, unknown
	}
	switch s.typ {
	case "self":
		return r.self(addr)
	case "opt":
		if val, ok := r.opts.Parameters[addr]; ok {
			return strNode(val, rng), found
		}
		return nil, missing
	case "sls":
		if addr == "stage" {
			st := r.stage()
			if st.IsScalar() {
				return strNode(st.Str, rng), found
			}
			return nil, unknown
		}
		return nil, unknown
	case "aws":
		if addr == "region" {
			reg := r.region()
			if reg.IsScalar() {
				return strNode(reg.Str, rng), found
			}
		}
		return nil, unknown
	case "env":
		// The process environment is never read: it is the CI job's or
		// the developer's, not the deployment's, and its values (tokens
		// among them) must not reach findings. A fallback is taken as
		// the value, as a parameter's default is.
		return nil, missing
	case "file":
		return r.file(s, addr, rng)
	}
	// ssm, cf, s3, secretsmanager, param, plugins' sources…: read at
	// deploy time.
	return nil, unknown
}

// self looks address up in the service file: a dotted path of keys, each
// step resolved as far as needed.
func (r *resolver) self(addr string) (*cf.Node, state) {
	return r.lookup(r.root, addr)
}

// lookup follows a dotted address from n.
func (r *resolver) lookup(n *cf.Node, addr string) (*cf.Node, state) {
	cur := n
	if addr != "" {
		for seg := range strings.SplitSeq(addr, ".") {
			cur = r.shallow(cur)
			if r.isUnknown(cur) || (cur != nil && cur.Kind == cf.KMap && len(cur.Keys) == 1 && strings.HasPrefix(cur.Keys[0].Str, "Fn::")) {
				return nil, unknown
			}
			switch {
			case cur != nil && cur.Kind == cf.KMap:
				cur = cur.Get(seg)
			case cur != nil && cur.Kind == cf.KSeq:
				i, err := parseIndex(seg)
				if err != nil || i >= len(cur.Items) {
					return nil, missing
				}
				cur = cur.Items[i]
			default:
				return nil, missing
			}
			if cur == nil || cur.Kind == cf.KNull {
				return nil, missing
			}
		}
	}
	out := r.resolve(cur)
	if out == nil || out.Kind == cf.KNull {
		return nil, missing
	}
	if r.isUnknown(out) {
		return nil, unknown
	}
	return out, found
}

func parseIndex(s string) (int, error) {
	n := 0
	if s == "" || len(s) > 6 {
		return 0, errors.New("not an index")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errors.New("not an index")
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// file resolves ${file(path):address}: a YAML or JSON file inside the
// scanned boundary, read once.
func (r *resolver) file(s source, addr string, rng model.Range) (*cf.Node, state) {
	if len(s.params) == 0 {
		return nil, unknown
	}
	name, ok := r.text(s.params[0], rng)
	if !ok || name == "" {
		return nil, unknown
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yml", ".yaml", ".json":
	default:
		// .js and .ts files are code the framework runs.
		r.note("file-code:"+name, rng, model.SevInfo, "%s is code the framework runs; edgelint does not run it, and the value is unknown", name)
		return nil, unknown
	}
	file := name
	if !filepath.IsAbs(file) {
		file = filepath.Join(r.dir, filepath.FromSlash(name))
	}
	file = filepath.Clean(file)
	root, st := r.readFile(file, name, rng)
	if st != found {
		return nil, st
	}
	return r.lookup(root, addr)
}

// readFile reads and parses an included file once.
func (r *resolver) readFile(file, name string, rng model.Range) (*cf.Node, state) {
	if root, ok := r.files[file]; ok {
		switch {
		case root != nil:
			return root, found
		case r.absent[file]:
			return nil, missing
		}
		return nil, unknown
	}
	r.files[file] = nil
	if len(r.files) > maxFiles {
		r.note("files", rng, model.SevWarning, "this service includes more than %d files; %s and the files after it are not read, and their values are unknown", maxFiles, name)
		return nil, unknown
	}
	info, err := r.fs.Stat(file)
	var outside *vfs.OutsideError
	switch {
	case errors.As(err, &outside):
		r.note("file:"+file, rng, model.SevWarning, "%s is not read: %s; its values are unknown", name, vfs.Reason(err))
		return nil, unknown
	case err != nil:
		// A missing file gives no value: the fallback is taken.
		r.absent[file] = true
		return nil, missing
	case !info.Mode().IsRegular():
		r.note("file:"+file, rng, model.SevWarning, "%s is not read: not a regular file; its values are unknown", name)
		return nil, unknown
	case info.Size() > maxFileBytes || r.bytes+info.Size() > maxTotalBytes:
		r.note("file:"+file, rng, model.SevWarning, "%s is not read: the files this service includes exceed %d MiB (one file %d MiB); its values are unknown", name, maxTotalBytes>>20, maxFileBytes>>20)
		return nil, unknown
	}
	src, err := r.fs.ReadFileLimit(file, maxFileBytes)
	if err != nil {
		r.note("file:"+file, rng, model.SevWarning, "%s cannot be read: %s; its values are unknown", name, vfs.Reason(err))
		return nil, unknown
	}
	r.bytes += int64(len(src))
	root, notes, perr := cf.ReadTree(file, src)
	r.errs = append(r.errs, notes...)
	if perr != nil {
		r.errs = append(r.errs, *perr)
		return nil, unknown
	}
	r.included = append(r.included, file)
	if model.MayHoldSuppression(src) {
		r.marked = append(r.marked, file)
	}
	if root == nil {
		r.absent[file] = true
		return nil, missing
	}
	r.files[file] = root
	return root, found
}

// stage is the stage the service is packaged for: --parameter stage=…
// (the framework's --stage), else provider.stage, else "dev".
func (r *resolver) stage() *cf.Node {
	if r.stageMemo != nil {
		return r.stageMemo
	}
	rng := r.stageRange()
	var out *cf.Node
	if v, ok := r.opts.Parameters["stage"]; ok {
		out = strNode(v, rng)
	} else {
		v, st := r.lookup(r.root, "provider.stage")
		switch {
		case st == found && v.IsScalar():
			out = strNode(v.Str, rng)
		case st == missing:
			out = strNode("dev", rng)
		default:
			out = r.unknownNode("${sls:stage}", rng)
		}
	}
	r.stageMemo = out
	return out
}

// stageRange is where the stage is written: provider.stage, else the
// provider key, else the start of the file.
func (r *resolver) stageRange() model.Range {
	if p, pk := r.root.Entry("provider"); p != nil {
		if _, k := p.Entry("stage"); k != nil {
			return p.Get("stage").Rng
		}
		return pk.Rng
	}
	return startRange(r.path)
}

// region is the region the service is deployed to: --parameter
// region=…, else provider.region, else us-east-1.
func (r *resolver) region() *cf.Node {
	rng := startRange(r.path)
	if v, ok := r.opts.Parameters["region"]; ok {
		return strNode(v, rng)
	}
	v, st := r.lookup(r.root, "provider.region")
	switch {
	case st == found && v.IsScalar():
		return v
	case st == missing:
		return strNode("us-east-1", rng)
	}
	return r.unknownNode("${aws:region}", rng)
}

func startRange(path string) model.Range {
	p := model.Pos{Line: 1, Column: 1}
	return model.Range{File: path, Start: p, End: p}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
