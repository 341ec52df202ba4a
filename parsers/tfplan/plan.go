// Package tfplan reads the JSON form of a Terraform plan
// (`terraform show -json plan.out`) into the shared model.
//
// Planned values give the concrete attribute values Terraform computed;
// values listed in a resource change's after_unknown are known only after
// apply. A computed attribute of a resource (an API's id) becomes the
// symbolic token tied to that resource, as in the HCL parser, and an
// unknown attribute is evaluated from the .tf source beside the plan (the
// root module's and those of the modules it calls) as the HCL parser
// evaluates it (terraform.Evaluator, with the plan's input variables), so
// an origin built from an API's id still links to the API. The source is
// only used when its references agree with the plan's configuration;
// without it, an unknown ID-valued attribute whose only reference is one
// resource attribute takes that attribute's token, and every other
// unknown value stays unknown. The resources are mapped to the model by
// package tfadapter, as the HCL parser's are.
//
// Positions point at the .tf source when it is present (the plan's
// directory for the root module, local module sources and the directories
// `terraform init` recorded for the others), else at the value in the plan
// JSON.
package tfplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/edgelint/edgelint/internal/keyscan"
	"github.com/edgelint/edgelint/internal/nesting"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/vfs"
)

// module is one module instance of the plan.
type module struct {
	addr   string // "" for the root, else "module.a" or "module.a[0].module.b"
	conf   *node  // configuration module object
	src    *source
	prefix string // addr + "." or ""
}

// inst is one resource instance in the planned values.
type inst struct {
	addr, typ, name, mode string
	index                 *node
	mod                   *module
	vals, unk, conf       *node
	obj                   *node // the planned_values resource object
	block                 *hclsyntax.Block
	id                    string // entity ID
}

type parser struct {
	path string
	// fs reads the files beside the plan: the modules manifest and the
	// configuration files the plan's locations are found in.
	fs    *vfs.FS
	syms  *model.Symbols
	lines *lines
	cfg   *model.Config
	errs  []model.Diagnostic

	root    *node
	vars    *node
	insts   map[string]*inst
	order   []*inst
	sources map[string]*source
	mods    map[string]*module
	modDirs map[string]string // modules.json: key → dir

	// ev evaluates the root module's source beside the plan (see
	// evaluator); evDone is set once it is made.
	ev     *terraform.Evaluator
	evDone bool
}

// Parse reads a plan JSON into a flat model.Config.
func Parse(path string, src []byte, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic) {
	return ParseFS(nil, path, src, syms)
}

// ParseFS is Parse reading the files beside the plan (the modules
// manifest, the configuration files) through fsys.
func ParseFS(fsys *vfs.FS, path string, src []byte, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic) {
	p := &parser{
		fs: fsys, path: path, syms: syms, lines: newLines(path, src), cfg: model.NewConfig(syms),
		insts: map[string]*inst{}, sources: map[string]*source{}, mods: map[string]*module{},
	}
	p.cfg.Files = []string{path}
	defer func() {
		if r := recover(); r != nil {
			p.errs = append(p.errs, model.Diagnostic{Range: model.Range{File: path}, Message: fmt.Sprintf("internal error while reading the plan: %v", r), Severity: model.SevError})
			cfg, errs = p.cfg, p.errs
		}
	}()
	if _, utf16 := keyscan.UTF16(src); utf16 {
		r := p.lines.rng(0, 0)
		return p.cfg, []model.Diagnostic{{Range: r, Message: "the plan is UTF-16 text (it starts with a UTF-16 byte order mark); edgelint reads plans as UTF-8: save it as UTF-8", Severity: model.SevError}}
	}
	root, err := decode(src)
	if err != nil {
		r := model.Range{File: path}
		var se *syntaxError
		if errors.As(err, &se) {
			r = p.lines.rng(se.off, se.off)
		}
		return p.cfg, []model.Diagnostic{{Range: r, Message: "invalid JSON: " + err.Error(), Severity: model.SevError}}
	}
	if root.kind != kObject {
		return p.cfg, []model.Diagnostic{{Range: p.lines.nodeRange(root), Message: "not a Terraform plan: the JSON value is not an object", Severity: model.SevError}}
	}
	p.root = root
	if v, ok := root.get("format_version").text(); ok {
		if major, _, _ := strings.Cut(v, "."); major != "1" && major != "0" {
			return p.cfg, []model.Diagnostic{{Range: p.lines.nodeRange(root.get("format_version")),
				Message: "unsupported plan format_version " + strconv.Quote(v) + "; it is not analyzed", Severity: model.SevWarning}}
		}
	}
	p.vars = root.get("variables")
	p.readModulesJSON()
	p.collect(root.path("planned_values", "root_module"))
	if prior := root.path("prior_state", "values", "root_module"); prior != nil {
		p.collectData(prior)
	}
	p.readChanges(root.get("resource_changes"))
	p.emit()
	return p.cfg, p.errs
}

// readModulesJSON reads where `terraform init` installed the modules.
func (p *parser) readModulesJSON() {
	p.modDirs = map[string]string{}
	dir := filepath.Dir(p.path)
	b, err := p.fs.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
	if err != nil {
		return
	}
	var mj struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(b, &mj) != nil {
		return
	}
	for _, m := range mj.Modules {
		if m.Key != "" && m.Dir != "" {
			p.modDirs[m.Key] = filepath.Join(dir, filepath.FromSlash(m.Dir))
		}
	}
}

// module returns the module instance with the given address.
func (p *parser) module(addr string) *module {
	if m, ok := p.mods[addr]; ok {
		return m
	}
	m := &module{addr: addr}
	if addr != "" {
		m.prefix = addr + "."
	}
	names, ok := moduleNames(addr)
	conf := p.root.path("configuration", "root_module")
	dir := filepath.Dir(p.path)
	for i, n := range names {
		call := conf.path("module_calls", n)
		conf = call.get("module")
		if dir == "" {
			continue
		}
		s, _ := call.get("source").text()
		switch {
		case strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../"):
			dir = filepath.Join(dir, filepath.FromSlash(s))
		case p.modDirs[strings.Join(names[:i+1], ".")] != "":
			dir = p.modDirs[strings.Join(names[:i+1], ".")]
		default:
			dir = ""
		}
	}
	if ok {
		m.conf = conf
		if dir != "" {
			m.src = p.source(dir)
		}
	}
	p.mods[addr] = m
	return m
}

// moduleNames returns the call names of a module instance address.
func moduleNames(addr string) ([]string, bool) {
	var out []string
	for addr != "" {
		rest, ok := strings.CutPrefix(addr, "module.")
		if !ok {
			return nil, false
		}
		i := strings.IndexAny(rest, ".[")
		if i < 0 {
			return append(out, rest), true
		}
		out = append(out, rest[:i])
		rest = rest[i:]
		if rest[0] == '[' {
			j := closingBracket(rest)
			if j < 0 {
				return nil, false
			}
			rest = rest[j+1:]
		}
		if rest == "" {
			return out, true
		}
		if rest[0] != '.' {
			return nil, false
		}
		addr = rest[1:]
	}
	return out, true
}

// closingBracket returns the index of the ']' closing the '[' at s[0].
func closingBracket(s string) int {
	quoted := false
	for i := 1; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && s[i] == ']':
			return i
		}
	}
	return -1
}

// collect indexes the resources of a planned_values module, recursively.
func (p *parser) collect(m *node) {
	if m == nil {
		return
	}
	addr, _ := m.get("address").text()
	mod := p.module(addr)
	if rs := m.get("resources"); rs != nil {
		for _, r := range rs.elems {
			p.addInst(mod, r)
		}
	}
	if cs := m.get("child_modules"); cs != nil {
		for _, c := range cs.elems {
			p.collect(c)
		}
	}
}

// collectData adds the data sources read during planning (prior state).
func (p *parser) collectData(m *node) {
	addr, _ := m.get("address").text()
	mod := p.module(addr)
	if rs := m.get("resources"); rs != nil {
		for _, r := range rs.elems {
			if mode, _ := r.get("mode").text(); mode == "data" {
				if a, _ := r.get("address").text(); p.insts[a] == nil {
					p.addInst(mod, r)
				}
			}
		}
	}
	if cs := m.get("child_modules"); cs != nil {
		for _, c := range cs.elems {
			p.collectData(c)
		}
	}
}

func (p *parser) addInst(mod *module, r *node) {
	in := &inst{mod: mod, obj: r, vals: r.get("values"), index: r.get("index")}
	in.addr, _ = r.get("address").text()
	in.typ, _ = r.get("type").text()
	in.name, _ = r.get("name").text()
	in.mode, _ = r.get("mode").text()
	if in.addr == "" || in.typ == "" || p.insts[in.addr] != nil {
		return
	}
	in.id = p.path + ":" + in.addr
	local := in.typ + "." + in.name
	if in.mode == "data" {
		local = "data." + local
	}
	if rs := mod.conf.get("resources"); rs != nil {
		for _, c := range rs.elems {
			if a, _ := c.get("address").text(); a == local {
				in.conf = c.get("expressions")
				break
			}
		}
	}
	if mod.src != nil {
		in.block = mod.src.blocks[local]
	}
	p.insts[in.addr] = in
	p.order = append(p.order, in)
}

// readChanges attaches each change's after_unknown to its instance.
func (p *parser) readChanges(rc *node) {
	if rc == nil {
		return
	}
	for _, c := range rc.elems {
		a, _ := c.get("address").text()
		if in := p.insts[a]; in != nil {
			in.unk = c.path("change", "after_unknown")
		}
	}
}

// rng converts an HCL range of a source file.
func (p *parser) hclRange(r hcl.Range) model.Range {
	for _, s := range p.sources {
		if l := s.files[r.Filename]; l != nil {
			return l.rng(r.Start.Byte, r.End.Byte)
		}
	}
	return model.Range{File: r.Filename, Start: model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End: model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte}}
}

// source is the .tf files of one module directory.
type source struct {
	files  map[string]*lines
	blocks map[string]*hclsyntax.Block // "type.name", "data.type.name"
}

func (p *parser) source(dir string) *source {
	if s, ok := p.sources[dir]; ok {
		return s
	}
	s := &source{files: map[string]*lines{}, blocks: map[string]*hclsyntax.Block{}}
	p.sources[dir] = s
	names, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(names)
	for _, name := range names {
		b, err := p.fs.ReadFile(name)
		if err != nil {
			continue
		}
		if nesting.Scan(b, nesting.Config) != nil {
			// Too deep to parse safely (see internal/nesting).
			continue
		}
		f, diags := hclsyntax.ParseConfig(b, name, hcl.InitialPos)
		if diags.HasErrors() || f == nil {
			// A source that does not parse cannot be trusted for positions.
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		s.files[name] = newLines(name, b)
		p.cfg.Files = append(p.cfg.Files, name)
		for _, blk := range body.Blocks {
			var key string
			switch {
			case blk.Type == "resource" && len(blk.Labels) == 2:
				key = blk.Labels[0] + "." + blk.Labels[1]
			case blk.Type == "data" && len(blk.Labels) == 2:
				key = "data." + blk.Labels[0] + "." + blk.Labels[1]
			default:
				continue
			}
			if _, dup := s.blocks[key]; !dup {
				s.blocks[key] = blk
			}
		}
	}
	return s
}

// evaluator evaluates the source of the root module beside the plan, and
// of the modules it calls, as the HCL reader does, with the plan's input
// variables; nil for an instance whose module's source is not read.
func (p *parser) evaluator(in *inst) *terraform.Evaluator {
	if in.mod.src == nil || len(in.mod.src.files) == 0 {
		return nil
	}
	if root := p.module(""); root.src == nil || len(root.src.files) == 0 {
		return nil
	}
	if !p.evDone {
		p.evDone = true
		vars := map[string]string{}
		if p.vars != nil && p.vars.kind == kObject {
			for i, k := range p.vars.keys {
				v := p.vars.vals[i].get("value")
				if v.isNull() {
					continue
				}
				if s, ok := v.text(); ok {
					vars[k] = s
				} else {
					vars[k] = string(p.lines.src[v.start:v.end])
				}
			}
		}
		p.ev = terraform.NewEvaluator(filepath.Dir(p.path), p.path, terraform.Options{Vars: vars, FS: p.fs}, p.syms)
	}
	return p.ev
}
