// Package engine runs edgelint's pipeline: discover the units under the given
// paths (Terraform module directories, CloudFormation/SAM templates), parse
// them in parallel into one model, assemble and link it, run the rules and
// return sorted findings. The CLI, and every other front end, call Run.
package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/config"
	"github.com/edgelint/edgelint/internal/budget"
	"github.com/edgelint/edgelint/internal/gitindex"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/parsers/cloudformation/serverless"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/parsers/tfplan"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/suppress"
	"github.com/edgelint/edgelint/vfs"
)

// Options configure a run.
type Options struct {
	// Terraform variable inputs (--var-file, --var). VarFiles are the
	// user's own choice (command-line flags) and are read wherever they
	// are; ConfigVarFiles come from the configuration file, which the
	// scanned repository may supply, and are read only inside Root.
	// ConfigVarFiles are applied first.
	VarFiles       []string
	ConfigVarFiles []string
	// Root is the boundary of what the run reads: every file it opens
	// (configuration files, variable files, modules, templates, the files
	// of file() and of nested stacks) must resolve, symbolic links
	// followed, under it and be a regular file. Empty means Boundary of
	// the paths.
	Root string
	Vars map[string]string
	// EnvVars are the TF_VAR_ environment variables, by variable name.
	EnvVars map[string]string
	// Workspace is the Terraform workspace (TF_WORKSPACE).
	Workspace string
	// CloudFormation parameter overrides (--parameter Key=Value).
	Parameters map[string]string
	// Jobs bounds parallel parsing; 0 means GOMAXPROCS.
	Jobs int
	// Overlay holds file contents, by path, read instead of the disk: an
	// editor's unsaved buffers. A file only in the overlay is discovered
	// like one on the disk.
	Overlay map[string][]byte
	// Only, when set, limits the analysis to the units these files belong
	// to: a file's Terraform module directory (or the root modules that
	// call it), a template, the templates that include it as a nested
	// stack and, through exports and Fn::ImportValue, the templates it is
	// linked with. Paths are compared after making them absolute.
	Only []string
	// GitIndex lets a run with Only list the files of a directory that is
	// a git checkout from its index (.git/index) rather than walk it:
	// the tracked files, as a pre-commit hook sees the commit. Untracked
	// files are then not analyzed.
	GitIndex bool
	// CacheDir, with GitIndex, is where the module calls of Terraform files
	// are cached by content between runs; empty for no cache.
	CacheDir string
	// Config is the project configuration (.edgelint.yaml): excluded
	// paths are not discovered, disabled rules do not run (and the
	// faults they would report are reported by the next rule that sees
	// them) and severities are overridden. Nil is the defaults.
	Config *config.Config
	// ParseCache keeps parsed Terraform files between runs (a language
	// server passes the same cache to every run, so an unchanged file is
	// not parsed again). Nil parses each file once per run, and the files
	// of modules several units call once for all of them.
	ParseCache *ParseCache
	// preBudget bounds the templates read whole by the first pass.
	preBudget *budget.Bytes
	// laterExports: the first pass does not read the exports of the
	// templates it does not read whole; the run reads them only when a
	// template of the scan imports (a whole scan: the first pass reads
	// every template).
	laterExports bool
	// prefetch holds the Terraform files discovery read.
	prefetch *terraform.Prefetch
	// Progress, when set, is told as the run ends each of its stages:
	// "discovery", "first pass" (the reading of the templates' exports
	// and links), "components", "joins", "fixes", "suppressions", and as
	// each component's analysis ends its "parse" and its "check" (the
	// rules). It is called from several goroutines at once. Once the
	// run's context is done, no stage is told and the run stops at the
	// next one.
	Progress func(stage string)
	// Model keeps the whole assembled model in Result.Config (inspect);
	// otherwise Result.Config holds the symbol table and the files read,
	// and each component's model is dropped once it is checked.
	Model bool
}

// Result is what a run produced.
type Result struct {
	Config   *model.Config
	Findings []rules.Finding
	// Errors are inputs that could not be read or parsed (severity
	// model.SevError) and limits of the analysis (SevWarning, SevInfo),
	// and warnings about suppression comments (unknown rule, unused).
	// Every one has a valid severity (model.Diagnostics.Normalize).
	Errors model.Diagnostics
	// Suppressed are the findings an inline suppression (or a
	// CloudFormation resource's Metadata) removed, with the directive.
	Suppressed []suppress.Suppressed
}

// HasErrors reports whether an input could not be read or parsed.
func (r *Result) HasErrors() bool {
	return r.Errors.HasErrors()
}

// preReadBytes bounds the source of the templates the first pass reads
// whole and keeps until the second (see readFileUnit).
const preReadBytes = 4 << 20

// prefetchBytes bounds the Terraform files read to find module calls and
// kept for their module's load (terraform.Prefetch).
const prefetchBytes = 16 << 20

// MaxFileSize bounds what is read as a template candidate; the language
// server does not analyze an open document larger than it.
const MaxFileSize = 64 << 20

const maxFileSize = MaxFileSize

// skipDirs are never descended into.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true}

// nonTemplateExt are extensions that never hold a template, skipped without
// reading.
var nonTemplateExt = map[string]bool{
	".go": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true, ".jsx": true,
	".py": true, ".rb": true, ".java": true, ".rs": true, ".c": true, ".h": true, ".cpp": true,
	".md": true, ".rst": true, ".html": true, ".css": true, ".scss": true, ".svg": true,
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true, ".webp": true,
	".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".jar": true, ".so": true,
	".sh": true, ".ps1": true, ".lock": true, ".sum": true, ".mod": true, ".hcl": true,
	".tfvars": true, ".tfstate": true, ".backup": true, ".woff": true, ".woff2": true, ".ttf": true,
	".ipynb": true, ".csv": true, ".xml": true, ".toml": true, ".ini": true, ".cfg": true,
	".txt": true, ".gitignore": true, ".dockerignore": true, ".env": true,
}

// Unit is one thing edgelint analyzes: a Terraform module directory, or a
// file that is read, by its content, as a Terraform plan JSON or a
// CloudFormation/SAM template (and skipped when it is neither).
type Unit struct {
	Kind     string // "terraform" or "file"
	Path     string // module directory or file
	Explicit bool   // named on the command line
	// Stack is the stack name a CDK cloud assembly gives the template.
	Stack string
}

// Discover lists the units under paths: every directory holding .tf or
// .tf.json files, and every other file that may hold a Terraform plan
// (`terraform show -json`) or a CloudFormation template; which one, if any,
// is decided by content when the unit is parsed. Errors are unreadable
// paths; a missing path is returned as an error.
//
// A Terraform directory that another discovered directory calls as a local
// module (`source = "./modules/api"`) is not a unit of its own: it is read
// as a child of its caller, with the caller's inputs, and analyzing it
// alone as well, with its inputs unknown, would duplicate or contradict
// those findings. Only the module blocks' source attributes of the
// discovered directories are read to decide this. When every directory of
// a cycle of calls is called, the first of them by path is kept as a unit.
// Only files under Boundary(paths) are read, as Run reads them.
func Discover(paths []string) ([]Unit, []model.Diagnostic, error) {
	d, err := discover(context.Background(), vfs.Confined(nil, Boundary(paths)), paths, nil, nil, false, nil, nil)
	if err != nil {
		return nil, nil, err
	}
	return d.units, d.errs, nil
}

// inSkipDir reports whether a relative path lies in a directory that is
// never descended into.
func inSkipDir(rel string) bool {
	for {
		seg, rest, more := strings.Cut(rel, string(filepath.Separator))
		if !more {
			return false // the file's own name
		}
		if skipDirs[seg] {
			return true
		}
		rel = rest
	}
}

// discovery is what discover found.
type discovery struct {
	units []Unit
	errs  []model.Diagnostic
	// callers maps a Terraform directory that is not a unit to the unit
	// directories that reach it through local module calls.
	callers map[string][]string
	// size is, by Terraform unit directory, the bytes of its
	// configuration files and of the modules it calls, where known: what
	// its analysis is expected to cost.
	size map[string]int
}

// sharedModules lists the module directories that more than one unit
// calls: their files are parsed once for all.
func (d *discovery) sharedModules() []string {
	var out []string
	for dir, callers := range d.callers {
		if len(callers) > 1 {
			out = append(out, dir)
		}
	}
	return out
}

func discover(ctx context.Context, fsys *vfs.FS, paths []string, exclude func(string) bool, only []string, gitIndex bool, calls *moduleCalls, pre *terraform.Prefetch) (*discovery, error) {
	tfFiles := map[string][]string{}
	if exclude == nil {
		exclude = func(string) bool { return false }
	}
	tfDirs := map[string]bool{}
	var templates []string
	explicitFiles := map[string]bool{}
	var perrs []model.Diagnostic
	// One root's files are found once each, by the index or the walk;
	// only several roots (which may overlap) need the paths seen.
	dedupe := len(paths) > 1
	seen := map[string]bool{}
	// A full run reads every Terraform file for its module calls: the
	// walk reads each as it finds it, on the goroutine that found it.
	var sources map[string][]string
	if len(only) == 0 {
		sources = map[string][]string{}
	}
	var mu sync.Mutex // the walk calls consider from several goroutines
	dirBytes := map[string]int{}
	// size is the file's size when known, else -1.
	consider := func(p string, explicit bool, size int) {
		base := filepath.Base(p)
		tf := strings.HasSuffix(base, ".tf") || strings.HasSuffix(base, ".tf.json")
		var srcs []string
		if tf && sources != nil && !terraform.IgnoredFile(base) {
			if b, err := fsys.ReadFile(p); err == nil {
				srcs = pre.LocalSources(p, b)
				size = len(b)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if dedupe {
			if seen[p] {
				return
			}
			seen[p] = true
		}
		if tf {
			tfDirs[filepath.Dir(p)] = true
			tfFiles[filepath.Dir(p)] = append(tfFiles[filepath.Dir(p)], p)
			if size > 0 {
				dirBytes[filepath.Dir(p)] += size
			}
			if sources != nil {
				sources[p] = srcs
			}
			return
		}
		// A variables file of a Terraform module (terraform.tfvars.json,
		// *.auto.tfvars.json) is read with its module, never as a template.
		if !explicit && (nonTemplateExt[strings.ToLower(filepath.Ext(base))] || terraform.IsVarsFile(base)) {
			return
		}
		explicitFiles[p] = explicit
		templates = append(templates, p)
	}
	for _, root := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		info, err := fsys.Stat(root)
		if outside := (*vfs.OutsideError)(nil); errors.As(err, &outside) {
			// Refused, not missing: an input error, and the other
			// paths are still analyzed.
			perrs = append(perrs, model.Errorf(model.Range{File: root}, "cannot read: %s", vfs.Reason(err)))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", root, errors.Unwrap(err))
		}
		if !info.IsDir() && !info.Mode().IsRegular() {
			// A named pipe, a device or a socket: never opened.
			perrs = append(perrs, model.Errorf(model.Range{File: root}, "cannot read: not a regular file"))
			continue
		}
		if !info.IsDir() {
			consider(filepath.Clean(root), true, -1)
			continue
		}
		// A run on changed files in a git checkout may list the tracked
		// files from the index instead of walking the tree: the
		// pre-commit hook's case, where the walk would cost more than
		// the analysis.
		if len(only) > 0 && gitIndex && !fsys.HasOverlay() {
			if entries, ok := gitindex.Entries(root); ok {
				// Index paths are clean and relative: joined by
				// concatenation, as filepath.Join would.
				prefix := filepath.Clean(root)
				switch {
				case prefix == ".":
					prefix = ""
				case !strings.HasSuffix(prefix, string(filepath.Separator)):
					prefix += string(filepath.Separator)
				}
				if len(tfDirs) == 0 {
					// The maps of Terraform directories, sized once.
					n := tfDirCount(entries)
					tfDirs, tfFiles, dirBytes = make(map[string]bool, n), make(map[string][]string, n), make(map[string]int, n)
				}
				calls.use(root, prefix, entries)
				for _, e := range entries {
					if p := prefix + e.Path; !inSkipDir(e.Path) && !exclude(p) {
						consider(p, false, int(e.Size))
					}
				}
				continue
			}
		}
		err = fsys.WalkParallel(root, runtime.GOMAXPROCS(0), func(p string, d fs.DirEntry, err error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err != nil {
				mu.Lock()
				perrs = append(perrs, model.Errorf(model.Range{File: p}, "cannot read: %s", err.Error()))
				mu.Unlock()
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && (skipDirs[d.Name()] || exclude(p)) {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || exclude(p) {
				return nil
			}
			consider(p, false, -1)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// The walk's order is not set: what it found is put in order.
	for _, fs := range tfFiles {
		sort.Strings(fs)
	}
	sort.Strings(templates)
	sort.SliceStable(perrs, func(i, j int) bool { return perrs[i].Range.File < perrs[j].Range.File })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var called map[string]bool
	var edges map[string][]string
	if len(only) == 0 || touchesTerraform(only, tfDirs) {
		called, edges = calledModules(fsys, tfDirs, tfFiles, only, calls, pre, sources)
	}
	var units []Unit
	for d := range tfDirs {
		if !called[d] {
			units = append(units, Unit{Kind: "terraform", Path: d})
		}
	}
	templates, stacks := cloudformation.CloudAssemblies(fsys, templates, maxFileSize)
	for _, t := range templates {
		units = append(units, Unit{Kind: "file", Path: t, Explicit: explicitFiles[t], Stack: stacks[t]})
	}
	sort.Slice(units, func(i, j int) bool {
		if units[i].Path != units[j].Path {
			return units[i].Path < units[j].Path
		}
		return units[i].Kind < units[j].Kind
	})
	d := &discovery{units: units, errs: perrs, size: map[string]int{}}
	if len(called) > 0 {
		d.callers = map[string][]string{}
	}
	for _, u := range units {
		if u.Kind != "terraform" {
			continue
		}
		size := dirBytes[u.Path]
		reached := map[string]bool{u.Path: true}
		stack := []string{u.Path}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, c := range edges[n] {
				if !reached[c] {
					reached[c] = true
					stack = append(stack, c)
					d.callers[c] = append(d.callers[c], u.Path)
					size += dirBytes[c]
				}
			}
		}
		d.size[u.Path] = size
	}
	return d, nil
}

// tfDirCount estimates, from the index entries (sorted by path), the
// number of directories holding Terraform files: the number of times a
// Terraform file's directory differs from the previous one's, at least the
// true number and at most twice it.
func tfDirCount(entries []gitindex.Entry) int {
	n, last := 0, "\x00"
	for _, e := range entries {
		if strings.HasSuffix(e.Path, ".tf") || strings.HasSuffix(e.Path, ".tf.json") {
			if d := filepath.Dir(e.Path); d != last {
				n, last = n+1, d
			}
		}
	}
	return n
}

// touchesTerraform reports whether one of the files of a --changed-files
// or editor run is a Terraform file or lies in a Terraform directory.
// When none does, no module call can select a unit: the calls are not
// read, and every Terraform directory is a unit, none of them selected.
func touchesTerraform(only []string, tfDirs map[string]bool) bool {
	absPath := absolute()
	dirs := map[string]bool{}
	for _, f := range only {
		if strings.HasSuffix(f, ".tf") || strings.HasSuffix(f, ".tf.json") {
			return true
		}
		dirs[filepath.Dir(absPath(f))] = true
	}
	for d := range tfDirs {
		if dirs[absPath(d)] {
			return true
		}
	}
	return false
}

// calledModules returns the directories of dirs that are reached through
// local module calls from the directories kept as units: those no other
// directory calls, then, for call cycles, the first unreached one.
//
// With only (the files of a --changed-files or editor run), the calls that
// matter are those reaching the directories of those files: only module
// files whose text names one of them (or, repeatedly, one of their
// callers) are parsed.
func calledModules(fsys *vfs.FS, dirs map[string]bool, files map[string][]string, only []string, calls *moduleCalls, pre *terraform.Prefetch, sources map[string][]string) (called map[string]bool, edges map[string][]string) {
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	// targets appends to out the directories of dirs that the local
	// sources srcs, written in directory d, name.
	targets := func(out []string, d string, srcs []string) []string {
		for _, s := range srcs {
			if c := terraform.LocalSourceDir(d, s); c != d && dirs[c] {
				out = append(out, c)
			}
		}
		return out
	}
	// collect returns the edges from each directory to the directories
	// callsOf finds it calling, found on all cores.
	collect := func(callsOf func(d string) []string) map[string][]string {
		out := make([][]string, len(list))
		forEach(runtime.GOMAXPROCS(0), len(list), func(i int) {
			out[i] = callsOf(list[i])
		})
		edges := map[string][]string{}
		for i, cs := range out {
			if len(cs) > 0 {
				edges[list[i]] = cs
			}
		}
		return edges
	}
	switch {
	case calls.indexed():
		// Every call, from the cache where the git index vouches for a
		// file, else from the file.
		edges = collect(func(d string) (out []string) {
			for _, p := range files[d] {
				srcs, ok := calls.sources(p)
				if !ok {
					b, err := fsys.ReadFile(p)
					if err != nil {
						continue
					}
					srcs = pre.LocalSources(p, b)
				}
				out = targets(out, d, srcs)
			}
			return out
		})
		return reachedChildren(dirs, edges), edges
	case len(only) == 0:
		// A full run: the walk read every file's calls.
		edges = collect(func(d string) (out []string) {
			for _, p := range files[d] {
				out = targets(out, d, sources[p])
			}
			return out
		})
		return reachedChildren(dirs, edges), edges
	}
	scan := func(keep func([]byte) bool) map[string][]string {
		return collect(func(d string) []string {
			return targets(nil, d, terraform.LocalModuleSources(fsys, d, files[d], keep, pre))
		})
	}
	absPath := absolute()
	names := map[string]bool{}
	for _, f := range only {
		names[filepath.Base(filepath.Dir(absPath(f)))] = true
	}
	for depth := 0; depth < 16; depth++ {
		want := make([][]byte, 0, len(names))
		for n := range names {
			want = append(want, []byte(n))
		}
		edges = scan(func(src []byte) bool {
			for _, n := range want {
				if bytes.Contains(src, n) {
					return true
				}
			}
			// A call of the directory above: source = ".." or "../".
			return bytes.Contains(src, []byte(`".."`)) || bytes.Contains(src, []byte(`"../"`))
		})
		grown := false
		for caller := range edges {
			if n := filepath.Base(absPath(caller)); !names[n] {
				names[n], grown = true, true
			}
		}
		if !grown {
			break
		}
	}
	return reachedChildren(dirs, edges), edges
}

// reachedChildren returns the nodes reached through edges from the nodes
// kept on their own: those no other node reaches, then, for cycles, the
// first unreached one.
func reachedChildren(dirs map[string]bool, edges map[string][]string) map[string]bool {
	if len(edges) == 0 {
		return nil
	}
	callers := map[string]int{}
	for _, cs := range edges {
		for _, c := range cs {
			callers[c]++
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	reached := map[string]bool{}
	called := map[string]bool{}
	var visit func(d string)
	visit = func(d string) {
		for _, c := range edges[d] {
			if !reached[c] {
				reached[c], called[c] = true, true
				visit(c)
			}
		}
	}
	for _, d := range sorted {
		if callers[d] == 0 {
			reached[d] = true
			visit(d)
		}
	}
	for _, d := range sorted {
		if !reached[d] {
			reached[d] = true
			visit(d)
		}
	}
	return called
}

type parsed struct {
	cfg  *model.Config
	errs []model.Diagnostic
	// cfn is the source of a CloudFormation template, read by the first
	// pass and parsed by the second; exports are what it exports.
	cfn     []byte
	exports map[string]model.Str
	// nested are the local templates it includes as nested stacks.
	nested []string
	// undecided are the conditions of a template that its values depend
	// on and that cannot be decided.
	undecided []string
	// template marks a CloudFormation template whose text (cfn) was
	// dropped after it was parsed; it is read again when needed.
	template bool
	// pre is the whole reading of a template the first pass could read
	// completely (it exports but imports nothing), used once.
	pre *parsed
	// imports tells a template whose text holds Fn::ImportValue.
	imports bool
	// exportsLater marks a template whose text can export, whose exports
	// the first pass left to be read once a template of the scan is
	// known to import (see laterExports).
	exportsLater bool
	// service marks a Serverless Framework service file, read by the
	// first pass; nested are the templates read as part of it.
	service bool
}

// Run analyzes paths.
//
// Units are read in two parallel passes. The first reads every file unit,
// parses Terraform plans and collects the exports of CloudFormation
// templates (Outputs with an Export name) and the local templates they
// include as nested stacks. Then the units are analyzed in components, in
// parallel: a Terraform module directory (with the modules it calls) or a
// plan alone, and the templates linked by exports and imports together.
// Each component is parsed, assembled and checked, and its model dropped,
// so memory stays bounded by the largest component, not the scan. Links
// that cross components (a data source naming an API another module
// defines, an origin on a custom domain another module declares) are
// found from what each component defines and uses, and the components they
// join are analyzed again together. Options.Model keeps the whole model
// (one component), as inspect needs.
func Run(paths []string, opts Options) (*Result, error) {
	return RunContext(context.Background(), paths, opts)
}

// RunContext is Run under ctx: the run checks ctx between its stages
// (discovery, the first pass, each component's parsing, checking and
// fixes, the joins, the suppressions) and before each unit and component
// it starts, and once ctx is done it stops starting work and returns
// ctx.Err() with no result, so that what it had found so far is never
// taken for a whole (and clean) analysis. An editor cancels the analysis
// a newer change supersedes; the command line, on an interrupt.
func RunContext(ctx context.Context, paths []string, opts Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root := opts.Root
	if root == "" {
		root = Boundary(paths)
	}
	fsys := vfs.Confined(opts.Overlay, root)
	opts.preBudget = budget.New(preReadBytes)
	opts.prefetch = terraform.NewPrefetch(prefetchBytes)
	var exclude func(string) bool
	if opts.Config != nil {
		exclude = opts.Config.Exclude
	}
	var calls *moduleCalls
	if opts.GitIndex && len(opts.Only) > 0 {
		calls = loadModuleCalls(opts.CacheDir)
		if calls != nil {
			calls.fs = fsys
		}
		defer calls.save()
	}
	d, err := discover(ctx, fsys, paths, exclude, opts.Only, opts.GitIndex, calls, opts.prefetch)
	if err != nil {
		return nil, err
	}
	if err := stage(ctx, opts.Progress, "discovery"); err != nil {
		return nil, err
	}
	units := d.units
	syms := model.NewSymbols()
	out := make([]parsed, len(units))
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	var sel []bool
	if len(opts.Only) > 0 {
		sel = selectUnits(d, opts.Only)
	}
	cache := terraform.NewFileCache(d.sharedModules())
	if opts.ParseCache != nil {
		cache = opts.ParseCache.terraform
	}
	a := &analyzer{
		ctx:   ctx,
		units: units, read: out, opts: opts, fsys: fsys, syms: syms, jobs: jobs,
		root:  fsys.Root(),
		cache: cache,
		calls: calls,
	}
	comps, results := a.run(sel, d.size)
	if err := stage(ctx, opts.Progress, "components"); err != nil {
		return nil, err
	}
	res := &Result{Config: model.NewConfig(syms)}
	if sel == nil {
		res.Errors = d.errs
	}
	res.Errors = append(res.Errors, a.errs...)
	seen := map[string]bool{}
	var marked []string
	// merge adds a component's model (or, dropped, its files) to the
	// result's.
	merge := func(r componentResult) {
		if r.cfg != nil {
			res.Config.Merge(r.cfg)
		} else {
			res.Config.Files = append(res.Config.Files, r.files...)
		}
	}
	for _, r := range results {
		if !opts.Model {
			// With the model kept, merged below, once the joins have
			// replaced the components they link.
			merge(r)
		}
		marked = append(marked, r.marked...)
		res.Errors = append(res.Errors, r.errs...)
		for _, f := range r.findings {
			// A plan and the module beside it find the same faults.
			if k := findingKey(f); !seen[k] {
				seen[k] = true
				res.Findings = append(res.Findings, f)
			}
		}
	}
	// Components joined by links that cross them. Their input errors are
	// the components' again, but for internal errors of the joined
	// analysis. With Options.Model, the joined model stands in the
	// result for the models of the components it joins, so that the
	// links across them are in it too (edgelint trace follows them).
	reported := map[string]bool{}
	for _, e := range res.Errors {
		reported[errorKey(e)] = true
	}
	joinedAt := map[int]*model.Config{} // by the first unit of a group
	inGroup := map[int]bool{}
	for _, group := range a.joins(comps, results) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		joined := a.analyze(group, opts.Model)
		for _, f := range joined.findings {
			if k := findingKey(f); !seen[k] {
				seen[k] = true
				res.Findings = append(res.Findings, f)
			}
		}
		for _, e := range joined.errs {
			if k := errorKey(e); !reported[k] {
				reported[k] = true
				res.Errors = append(res.Errors, e)
			}
		}
		if opts.Model && joined.cfg != nil {
			joinedAt[group[0]] = joined.cfg
			for _, u := range group {
				inGroup[u] = true
			}
		}
	}
	if opts.Model {
		for c, r := range results {
			if len(comps[c]) > 0 && inGroup[comps[c][0]] {
				if j := joinedAt[comps[c][0]]; j != nil {
					res.Config.Merge(j)
				}
				continue
			}
			merge(r)
		}
	}
	// A component cancelled part way left no findings: the run is not
	// whole.
	if err := stage(ctx, opts.Progress, "joins"); err != nil {
		return nil, err
	}
	rules.SortFindings(res.Findings)
	res.Errors = append(res.Errors, resolveFixes(res.Findings, fsys.ReadFile)...)
	if err := stage(ctx, opts.Progress, "fixes"); err != nil {
		return nil, err
	}
	applySuppressions(res, opts.Config, fsys, marked)
	res.Errors.Normalize()
	sortErrors(res.Errors)
	if err := stage(ctx, opts.Progress, "suppressions"); err != nil {
		return nil, err
	}
	return res, nil
}

// stage marks the end of a stage of a run: it returns ctx's error when
// the run is to stop there, else tells progress, when set, and returns
// ctx's error when the run is to stop then.
func stage(ctx context.Context, progress func(string), name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if progress != nil {
		progress(name)
	}
	return ctx.Err()
}

// applySuppressions removes the findings that suppression comments and
// Metadata cover and reports the directives' problems. The files of units
// analyzed only in part (an input error) do not report unused directives.
func applySuppressions(res *Result, cfg *config.Config, fsys *vfs.FS, marked []string) {
	partial := map[string]bool{}
	for _, e := range res.Errors {
		if e.IsError() {
			partial[e.Range.File] = true
		}
	}
	// Only files that mention edgelint can hold a directive; the others
	// are not read again.
	mark := map[string]bool{}
	for _, f := range marked {
		mark[f] = true
	}
	s := suppress.Apply(res.Findings, suppress.Options{
		Files: marked,
		Read: func(p string) ([]byte, error) {
			if !mark[p] {
				return nil, nil
			}
			return fsys.ReadFile(p)
		},
		Active:  cfg.Enabled,
		Partial: func(p string) bool { return partial[p] },
	})
	res.Findings, res.Suppressed = s.Kept, s.Suppressed
	res.Errors = append(res.Errors, s.Problems...)
}

// selectUnits marks the units the files belong to: the Terraform module
// directory holding a file (or the root modules calling it), and the file
// itself when it is a file unit.
func selectUnits(d *discovery, files []string) []bool {
	absPath := absolute()
	cwd := absPath(".")
	// The sets hold their paths absolute and, when they can be, relative
	// to the working directory: a unit's path, in whichever form
	// discovery gave it, is looked up clean, without joining every unit's
	// path to the working directory.
	add := func(set map[string]bool, p string) {
		p = absPath(p)
		set[p] = true
		if rel, err := filepath.Rel(cwd, p); err == nil {
			set[rel] = true
		}
	}
	in := func(set map[string]bool, p string) bool { return set[filepath.Clean(p)] }
	want := map[string]bool{}
	for _, f := range files {
		add(want, f)
		add(want, filepath.Dir(f))
	}
	// The units that reach a wanted directory through module calls.
	callers := map[string]bool{}
	for called, roots := range d.callers {
		if in(want, called) {
			for _, r := range roots {
				add(callers, r)
			}
		}
	}
	sel := make([]bool, len(d.units))
	for i, u := range d.units {
		// A directory is selected by the files in it; a file by itself.
		sel[i] = in(want, u.Path) || in(callers, u.Path)
	}
	return sel
}

// readLinkCandidates reads, as the first pass does, the unselected file
// units whose text can link them to a selected template: those that can
// export or import when a selected template does, and those that can
// include a selected template as a nested stack. Nothing is read when no
// selected unit is a template.
func readLinkCandidates(units []Unit, out []parsed, sel []bool, opts Options, fsys *vfs.FS, syms *model.Symbols, calls *moduleCalls) {
	cross := false
	// names are the selected templates'; files every selected file's,
	// which a Serverless Framework service file may include.
	var names, files [][]byte
	for i := range units {
		if !sel[i] || units[i].Kind == "terraform" {
			continue
		}
		files = append(files, []byte(filepath.Base(units[i].Path)))
		if out[i].cfn == nil {
			continue
		}
		names = append(names, []byte(filepath.Base(units[i].Path)))
		if len(out[i].exports) > 0 || out[i].imports {
			cross = true
		}
	}
	if len(files) == 0 {
		return
	}
	for j, u := range units {
		if sel[j] || u.Kind == "terraform" {
			continue
		}
		service := serverless.IsServiceFile(u.Path)
		if len(names) == 0 && !service {
			continue
		}
		// In a git checkout, what the files' texts tell is cached by
		// content: a file that cannot link is not read.
		if f, ok := calls.links(u.Path); ok && !service {
			if canLink := (cross && (f.Exports || f.Imports)) || f.Nests; !canLink {
				continue
			}
		}
		src, err := fsys.ReadFileLimit(u.Path, maxFileSize)
		if err != nil {
			continue
		}
		f := cloudformation.ScanLinks(src)
		linked := cross && (f.Exports || f.Imports)
		if !linked && (f.Nests || service) {
			within := names
			if service {
				within = files
			}
			for _, n := range within {
				if bytes.Contains(src, n) {
					linked = true
					break
				}
			}
		}
		if linked {
			out[j] = readSource(u, src, opts, fsys, syms)
		}
	}
}

// linkTemplates widens a selection of units along the links between
// templates: the parents that include a selected template as a nested
// stack, and, when a selected template exports values or imports them,
// every template that imports or exports (import names can be built with
// Fn::Sub, so they are not matched by text).
func linkTemplates(units []Unit, out []parsed, sel []bool) {
	var index map[string]int
	parents := map[int][]int{}
	for i, p := range out {
		if len(p.nested) > 0 && index == nil {
			index = make(map[string]int, len(units))
			for i, u := range units {
				index[u.Path] = i
			}
		}
		for _, c := range p.nested {
			if j, ok := index[c]; ok && j != i {
				parents[j] = append(parents[j], i)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		mark := func(j int) {
			if !sel[j] {
				sel[j], changed = true, true
			}
		}
		for i := range units {
			if !sel[i] {
				continue
			}
			for _, j := range parents[i] {
				mark(j)
			}
			exp, imp := len(out[i].exports) > 0, out[i].imports
			if !exp && !imp {
				continue
			}
			for j, p := range out {
				if (exp && p.imports) || (imp && len(p.exports) > 0) {
					mark(j)
				}
			}
		}
	}
}

// absolute returns a function making paths absolute against the working
// directory, read once rather than at every call as filepath.Abs does.
func absolute() func(string) string {
	cwd, _ := os.Getwd()
	return func(p string) string {
		if filepath.IsAbs(p) || cwd == "" {
			return filepath.Clean(p)
		}
		return filepath.Join(cwd, p)
	}
}

// forEach calls f(0) … f(n-1) on up to jobs goroutines.
func forEach(jobs, n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// nestedTemplates returns the templates that another scanned template
// includes as a local nested stack: they are read as children of their
// parent, with the parameters it passes, and not analyzed on their own.
// When every template of a cycle of inclusions is included, the first of
// them by path is analyzed on its own.
func nestedTemplates(units []Unit, out []parsed) map[string]bool {
	templates := map[string]bool{}
	for i, p := range out {
		if p.cfn != nil || p.service {
			templates[units[i].Path] = true
		}
	}
	edges := map[string][]string{}
	for i, p := range out {
		for _, c := range p.nested {
			if c != units[i].Path && templates[c] {
				edges[units[i].Path] = append(edges[units[i].Path], c)
			}
		}
	}
	return reachedChildren(templates, edges)
}

// maxImportChain bounds how many templates an exported value may pass
// through (export, import and export again) before it reaches its use.
const maxImportChain = 8

// resolveExports returns the values exported by the templates, following
// values that a template imports and exports again: the templates whose
// exports depend on imports are read again with the exports known so
// far, until nothing changes.
//
// A template whose reading panics (an edgelint bug) keeps the exports it
// had and is reported as an internal error, once.
func resolveExports(units []Unit, out []parsed, opts Options, fsys *vfs.FS, syms *model.Symbols) (map[string]model.Str, []model.Diagnostic) {
	var errs []model.Diagnostic
	failed := map[int]bool{}
	imports := mergeExports(out)
	for round := 1; round < maxImportChain; round++ {
		changed := false
		for i, p := range out {
			if p.cfn == nil || len(p.exports) == 0 || !p.imports || failed[i] {
				continue
			}
			var ex map[string]model.Str
			if v := recovered(func() {
				ex, _ = cloudformation.Exports(units[i].Path, p.cfn, cloudformation.Options{Parameters: opts.Parameters, Imports: imports, FS: fsys}, syms)
			}); v != nil {
				failed[i] = true
				errs = append(errs, internalErrors([]string{units[i].Path}, "the reading of this template's exports", v)...)
				continue
			}
			if !sameExports(ex, p.exports) {
				out[i].exports = ex
				changed = true
			}
		}
		if !changed {
			break
		}
		imports = mergeExports(out)
	}
	return imports, errs
}

// recovered calls f and returns the value of a panic in it, nil when it
// returned.
func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func sameExports(a, b map[string]model.Str) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || v.Known != w.Known || v.V != w.V {
			return false
		}
	}
	return true
}

// mergeExports returns the exports of all templates by name; a name that
// more than one template exports is left out, so importing it stays
// unknown.
func mergeExports(out []parsed) map[string]model.Str {
	imports := map[string]model.Str{}
	dup := map[string]bool{}
	for _, p := range out {
		for name, v := range p.exports {
			if _, seen := imports[name]; seen || dup[name] {
				dup[name] = true
				delete(imports, name)
				continue
			}
			imports[name] = v
		}
	}
	return imports
}

func unitPanic(u Unit, r any) parsed {
	return parsed{errs: []model.Diagnostic{{
		Range:    model.Range{File: u.Path},
		Message:  fmt.Sprintf("internal error while reading this %s input: %v", u.Kind, r),
		Severity: model.SevError,
	}}}
}

// readFileUnit is the first pass over a file unit: a Terraform plan is
// parsed, a CloudFormation template is read with its exports, anything
// else is skipped (or an error when named on the command line).
func readFileUnit(u Unit, opts Options, fsys *vfs.FS, syms *model.Symbols) (p parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = unitPanic(u, r)
		}
	}()
	src, err := fsys.ReadFileLimit(u.Path, maxFileSize)
	if big := (*vfs.TooLargeError)(nil); errors.As(err, &big) {
		return parsed{errs: []model.Diagnostic{model.Errorf(model.Range{File: u.Path}, "not analyzed: the file (%d bytes) is larger than the %d MiB limit", big.Size, maxFileSize>>20)}}
	}
	if err != nil {
		return parsed{errs: []model.Diagnostic{model.Errorf(model.Range{File: u.Path}, "cannot read: %s", err.Error())}}
	}
	return readSource(u, src, opts, fsys, syms)
}

// readSource is readFileUnit on a file already read.
func readSource(u Unit, src []byte, opts Options, fsys *vfs.FS, syms *model.Symbols) (p parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = unitPanic(u, r)
		}
	}()
	// A plan that cannot be parsed (cut short, a stray byte) is read too,
	// so that its error is reported rather than the file dropped.
	if strings.EqualFold(filepath.Ext(u.Path), ".json") && (tfplan.Sniff(u.Path, src) || tfplan.Damaged(u.Path, src)) {
		cfg, errs := tfplan.ParseFS(fsys, u.Path, src, syms)
		return parsed{cfg: cfg, errs: errs}
	}
	if serverless.IsServiceFile(u.Path) {
		if serverless.Shadowed(u.Path, func(p string) bool { _, err := fsys.Stat(p); return err == nil }) {
			return parsed{}
		}
		// A Serverless Framework service: read whole now, with the
		// files it includes and the template `serverless package`
		// wrote beside it, which hold the same faults, as its nested
		// templates: they are not analyzed on their own.
		cfg, errs, included, exports := serverless.Parse(u.Path, src, serverless.Options{Parameters: opts.Parameters, FS: fsys}, syms)
		return parsed{cfg: cfg, errs: errs, exports: exports, service: true, nested: append(included, serverless.PackagedTemplate(u.Path))}
	}
	if !cloudformation.Sniff(u.Path, src) {
		if u.Explicit {
			return parsed{errs: []model.Diagnostic{model.Errorf(model.Range{File: u.Path}, "not a Terraform configuration or a CloudFormation/SAM template")}}
		}
		return parsed{}
	}
	// The errors of reading the template are reported by Parse. A
	// template is read here only when its text can hold exports or
	// nested stacks; the others are parsed once, by the second pass.
	f := cloudformation.ScanLinks(src)
	p = parsed{cfn: src, imports: f.Imports}
	switch {
	case !f.Exports:
	case !f.Nests && !f.Imports && opts.preBudget.Take(len(src)):
		// Its reading needs nothing from other templates: read it whole
		// now, exports included, and keep the model for the second pass
		// (within a budget, so that memory does not follow the scan).
		cfg, errs, undecided, exports := cloudformation.ParseWithExports(u.Path, src, cloudformation.Options{Parameters: opts.Parameters, FS: fsys, Stack: u.Stack}, syms)
		p.pre, p.exports = &parsed{cfg: cfg, errs: errs, undecided: undecided}, exports
	case opts.laterExports:
		p.exportsLater = true
	default:
		p.exports, _ = cloudformation.Exports(u.Path, src, cloudformation.Options{Parameters: opts.Parameters, FS: fsys}, syms)
	}
	if f.Nests {
		p.nested = cloudformation.NestedTemplates(u.Path, src)
	}
	return p
}

// parseUnit is the second pass: it parses a Terraform module directory or
// the CloudFormation template the first pass read; other file units keep
// what the first pass made of them.
func parseUnit(u Unit, first parsed, opts Options, fsys *vfs.FS, imports map[string]model.Str, root string, syms *model.Symbols, assume map[string]bool, cache *terraform.FileCache) (p parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = unitPanic(u, r)
		}
	}()
	switch {
	case u.Kind == "terraform":
		cfg, errs := terraform.LoadModule(u.Path, terraform.Options{VarFiles: opts.VarFiles, ConfigVarFiles: opts.ConfigVarFiles, Vars: opts.Vars, EnvVars: opts.EnvVars, Workspace: opts.Workspace, Root: root, FS: fsys, Cache: cache, Prefetch: opts.prefetch}, syms)
		return parsed{cfg: cfg, errs: errs}
	case first.pre != nil && assume == nil:
		return *first.pre
	case first.cfn != nil || first.template:
		src := first.cfn
		if src == nil {
			var err error
			if src, err = fsys.ReadFile(u.Path); err != nil {
				return parsed{errs: []model.Diagnostic{model.Errorf(model.Range{File: u.Path}, "cannot read: %s", err.Error())}}
			}
		}
		cfg, errs, undecided := cloudformation.ParseBranches(u.Path, src, cloudformation.Options{Parameters: opts.Parameters, Imports: imports, FS: fsys, Stack: u.Stack, Assume: assume}, syms)
		return parsed{cfg: cfg, errs: errs, undecided: undecided}
	}
	return first
}

// Boundary is the directory a run on paths reads under when no root is
// given: the repository holding them (the nearest directory above their
// common root holding a .git entry), else their common root, the deepest
// directory containing every path.
func Boundary(paths []string) string {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	common := commonRoot(paths)
	if common == "" {
		return ""
	}
	for dir := common; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return common
		}
		dir = parent
	}
}

// commonRoot is the deepest directory containing every scanned path.
func commonRoot(paths []string) string {
	var root string
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if info, err := os.Stat(abs); err == nil && !info.IsDir() {
			abs = filepath.Dir(abs)
		}
		if i == 0 || root == "" {
			root = abs
			continue
		}
		for !strings.HasPrefix(abs+string(filepath.Separator), root+string(filepath.Separator)) && root != filepath.Dir(root) {
			root = filepath.Dir(root)
		}
	}
	return root
}

// errorKey identifies an input error by its place and message.
func errorKey(e model.Diagnostic) string {
	return fmt.Sprintf("%s\x00%d:%d\x00%s\x00%s", e.Range.File, e.Range.Start.Line, e.Range.Start.Column, e.Severity, e.Message)
}

func sortErrors(errs []model.Diagnostic) {
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].Range, errs[j].Range
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
}
