package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/fix"
	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// analyzer analyzes the units of a run in components.
type analyzer struct {
	// ctx is the run's: once it is done, no unit or component is
	// started and a component stops between its stages.
	ctx     context.Context
	units   []Unit
	read    []parsed // the first pass's reading of each unit
	opts    Options
	fsys    *vfs.FS
	syms    *model.Symbols
	jobs    int
	root    string
	imports map[string]model.Str
	cache   *terraform.FileCache
	// calls is the cache of what files tell, in a git checkout.
	calls *moduleCalls
	// errs are the internal errors of linking the templates (run's
	// producer writes them; they are read once it is done).
	errs []model.Diagnostic
}

// componentResult is what the analysis of one component left: its
// findings and input errors, the files it read, and what it defines and
// uses that may link it to other components.
type componentResult struct {
	cfg      *model.Config // kept only with Options.Model
	files    []string
	marked   []string
	errs     []model.Diagnostic
	findings []rules.Finding

	apis    []string // API kind and literal name: "rest\x00orders"
	lookups []string // the same, of data sources looking an API up by name
	domains []string // custom domain names, lower case
	hosts   []string // literal origin hosts not linked inside the component
}

// run analyzes the units (those of sel, when not nil) in components, on
// a.jobs goroutines, and returns the components with their results,
// largest first.
//
// The first pass reads the file units; the templates' components and the
// exports they import are known only once it is done, and what it read is
// held until then. Terraform module directories need nothing from it:
// each is a component of its own, and they are started first, so that
// the first pass's results are not held while they run (at 10,000 units,
// about 50 MiB that every collection of the Terraform phase would mark).
// The first pass then takes the goroutines they leave idle.
//
// Components are started by their expected cost, the largest first (the
// size of their sources: tfSize for Terraform directories), so that a long
// one does not end the run alone.
func (a *analyzer) run(sel []bool, tfSize map[string]int) ([][]int, []componentResult) {
	units, out, opts := a.units, a.read, a.opts
	// A whole scan reads every template in the first pass: which of them
	// import is known before any export is needed.
	opts.laterExports = len(sel) == 0
	tasks := make(chan func())
	var workers sync.WaitGroup
	for w := 0; w < a.jobs; w++ {
		workers.Go(func() {
			for t := range tasks {
				t()
			}
		})
	}
	var tfComps [][]int
	for i, u := range units {
		if u.Kind == "terraform" && (len(sel) == 0 || sel[i]) {
			tfComps = append(tfComps, []int{i})
		}
	}
	sort.SliceStable(tfComps, func(x, y int) bool {
		return tfSize[units[tfComps[x][0]].Path] > tfSize[units[tfComps[y][0]].Path]
	})
	tfResults := make([]componentResult, len(tfComps))
	// Terraform components do not read the imports the first pass
	// resolves: they get an analyzer of their own, without them.
	tf := *a

	var (
		fileComps   [][]int
		fileResults []componentResult
		producer    sync.WaitGroup
	)
	tfStarted := make(chan struct{})
	producer.Go(func() {
		<-tfStarted
		var first sync.WaitGroup
		for i := range units {
			if units[i].Kind != "terraform" && (len(sel) == 0 || sel[i]) {
				first.Add(1)
				tasks <- func() {
					defer first.Done()
					if a.ctx.Err() == nil {
						out[i] = readFileUnit(units[i], opts, a.fsys, a.syms)
					}
				}
			}
		}
		first.Wait()
		if stage(a.ctx, a.opts.Progress, "first pass") != nil {
			return
		}
		if len(sel) > 0 {
			// The other templates matter only for links: those that can
			// export or import when a selected template does, and those
			// that can include a selected template as a nested stack.
			readLinkCandidates(units, out, sel, opts, a.fsys, a.syms, a.calls)
			linkTemplates(units, out, sel)
		}
		if a.ctx.Err() != nil {
			return
		}
		if opts.laterExports {
			a.laterExports(tasks)
		}
		serviceExports(units, out)
		var errs []model.Diagnostic
		a.imports, errs = resolveExports(units, out, opts, a.fsys, a.syms)
		a.errs = append(a.errs, errs...)
		included := nestedTemplates(units, out)
		var live []int
		for i, u := range units {
			if u.Kind == "terraform" || (included[u.Path] && out[i].cfn != nil) || (len(sel) > 0 && !sel[i]) {
				continue
			}
			live = append(live, i)
		}
		fileComps = a.components(live)
		cost := func(comp []int) (n int) {
			for _, i := range comp {
				n += len(out[i].cfn)
			}
			return n
		}
		sort.SliceStable(fileComps, func(x, y int) bool { return cost(fileComps[x]) > cost(fileComps[y]) })
		fileResults = make([]componentResult, len(fileComps))
		for c := range fileComps {
			if a.ctx.Err() != nil {
				return
			}
			tasks <- func() { fileResults[c] = a.analyze(fileComps[c], opts.Model) }
		}
	})
	for c := range tfComps {
		if a.ctx.Err() != nil {
			break
		}
		tasks <- func() { tfResults[c] = tf.analyze(tfComps[c], opts.Model) }
	}
	close(tfStarted)
	producer.Wait()
	close(tasks)
	workers.Wait()

	comps := slices.Concat(fileComps, tfComps)
	results := slices.Concat(fileResults, tfResults)
	order := make([]int, len(comps))
	for k := range order {
		order[k] = k
	}
	// The largest first, then by their first unit: the order of the
	// findings' and errors' merge does not depend on timing.
	sort.Slice(order, func(x, y int) bool {
		cx, cy := comps[order[x]], comps[order[y]]
		if len(cx) != len(cy) {
			return len(cx) > len(cy)
		}
		return cx[0] < cy[0]
	})
	sortedComps := make([][]int, len(order))
	sortedResults := make([]componentResult, len(order))
	for k, o := range order {
		sortedComps[k], sortedResults[k] = comps[o], results[o]
	}
	return sortedComps, sortedResults
}

// serviceExports drops the exports of the templates a Serverless service
// reads as its own (the packaged template beside it, the files it
// includes): the service exports them, and the same name exported twice
// would leave every import of it unknown.
func serviceExports(units []Unit, out []parsed) {
	var index map[string]int
	for _, p := range out {
		if !p.service {
			continue
		}
		if index == nil {
			index = make(map[string]int, len(units))
			for i, u := range units {
				index[u.Path] = i
			}
		}
		for _, c := range p.nested {
			if j, ok := index[c]; ok && out[j].cfn != nil {
				out[j].exports = nil
			}
		}
	}
}

// laterExports reads, on the workers, the exports the first pass left
// for later (parsed.exportsLater), when a template of the scan imports:
// otherwise no export is ever looked up, and a template that exports is
// parsed once, by the second pass.
func (a *analyzer) laterExports(tasks chan<- func()) {
	out := a.read
	if !slices.ContainsFunc(out, func(p parsed) bool { return p.imports }) {
		for i := range out {
			out[i].exportsLater = false
		}
		return
	}
	var wg sync.WaitGroup
	for i := range out {
		if !out[i].exportsLater {
			continue
		}
		out[i].exportsLater = false
		wg.Add(1)
		tasks <- func() {
			defer wg.Done()
			if a.ctx.Err() != nil {
				return
			}
			if v := recovered(func() {
				out[i].exports, _ = cloudformation.Exports(a.units[i].Path, out[i].cfn, cloudformation.Options{Parameters: a.opts.Parameters, FS: a.fsys}, a.syms)
			}); v != nil {
				// As when the first pass reads the exports.
				out[i] = unitPanic(a.units[i], v)
			}
		}
	}
	wg.Wait()
}

// components groups the units to analyze: every unit alone, except the
// templates linked by Fn::ImportValue to the templates exporting the names
// they import, which are analyzed together.
func (a *analyzer) components(live []int) [][]int {
	sets := disjoint{}
	exporter := map[string][]int{}
	for _, i := range live {
		for name := range a.read[i].exports {
			exporter[name] = append(exporter[name], i)
		}
	}
	isLive := map[int]bool{}
	for _, i := range live {
		isLive[i] = true
	}
	for _, i := range live {
		p := a.read[i]
		if p.cfn == nil || !p.imports {
			continue
		}
		var names []string
		if v := recovered(func() {
			names = cloudformation.ImportNames(a.units[i].Path, p.cfn, cloudformation.Options{Parameters: a.opts.Parameters, FS: a.fsys}, a.syms)
		}); v != nil {
			// Analyzed alone: what it imports stays unknown.
			a.errs = append(a.errs, internalErrors([]string{a.units[i].Path}, "the reading of this template's imports", v)...)
			continue
		}
		for _, name := range names {
			for _, j := range exporter[name] {
				if isLive[j] {
					sets.union(i, j)
				}
			}
		}
	}
	comps := sets.groups(live)
	// The largest first, so that a long one does not end the run alone.
	sort.SliceStable(comps, func(x, y int) bool { return len(comps[x]) > len(comps[y]) })
	return comps
}

// analyze parses, assembles and checks one component.
//
// Unless the model is kept, the component's symbols live in a scope of the
// scan's table and go with its model: its findings get their fixes as text
// edits and their symbols shown as text before it returns.
//
// A panic in it (an edgelint bug, on an input it did not foresee) is
// recovered: the component's findings are lost and an internal error is
// reported on its files, and the run goes on with the other components.
// A rule that panics loses only that rule's findings (see checkModel).
//
// Once the run's context is done, it stops between its stages (parsing,
// checking, fixes) with a partial result, which the run discards.
func (a *analyzer) analyze(comp []int, keep bool) (r componentResult) {
	defer func() {
		if v := recover(); v != nil {
			r = componentResult{errs: internalErrors(a.paths(comp), "the analysis of this input", v)}
		}
	}()
	if a.ctx.Err() != nil {
		return r
	}
	syms := a.syms
	if !keep {
		syms = syms.Scope()
	}
	ps := make([]parsed, len(comp))
	parse := func(k int) {
		i := comp[k]
		ps[k] = parseUnit(a.units[i], a.read[i], a.opts, a.fsys, a.imports, a.root, syms, nil, a.cache)
		// The template's text is read again if it is needed again (its
		// branches, a join): holding every template until the end of
		// the run would make memory follow the scan. Only a file unit's
		// reading holds one; a Terraform unit's is not written, as the
		// first pass reads every unit's while Terraform components run.
		if r := &a.read[i]; a.units[i].Kind != "terraform" {
			if r.cfn != nil {
				r.cfn, r.template = nil, true
			}
			r.pre = nil
		}
	}
	if len(comp) > 1 {
		forEach(a.jobs, len(comp), func(k int) {
			if a.ctx.Err() == nil {
				parse(k)
			}
		})
	} else if len(comp) == 1 {
		parse(0)
	}
	if stage(a.ctx, a.opts.Progress, "parse") != nil {
		return r
	}
	cfg := model.NewConfig(syms)
	for _, p := range ps {
		if p.cfg != nil {
			cfg.Merge(p.cfg)
		}
		r.errs = append(r.errs, p.errs...)
	}
	paths := a.paths(comp)
	found, errs, assembled := checkModel(cfg, paths, a.opts.Config.Enabled)
	r.findings = a.opts.Config.ApplyRules(found)
	r.errs = append(r.errs, errs...)
	if stage(a.ctx, a.opts.Progress, "check") != nil {
		return r
	}
	b := &branches{ctx: a.ctx, units: a.units, read: a.read, opts: a.opts, fsys: a.fsys, imports: a.imports, root: a.root, syms: syms, paths: paths}
	for k, p := range ps {
		if len(p.undecided) > 0 && assembled {
			found, errs := b.check(comp, comp[k], p.undecided, r.findings)
			r.findings = append(r.findings, found...)
			r.errs = append(r.errs, errs...)
		}
	}
	r.files, r.marked = cfg.Files, cfg.Marked
	r.summarize(cfg)
	if keep {
		r.cfg = cfg
		return r
	}
	if a.ctx.Err() != nil {
		return r
	}
	r.errs = append(r.errs, resolveFixes(r.findings, a.fsys.ReadFile)...)
	displayFindings(r.findings, syms)
	return r
}

// Test hooks: the rules a component is checked with and the assembly of
// its model.
var (
	ruleSet  = rules.All
	assemble = model.Assemble
)

// checkModel assembles cfg and runs the rules on it. A panic (an edgelint
// bug) in the assembly leaves the model unfit to check: no finding is
// reported and assembled is false. A rule that panics loses its own
// findings; the other rules' stand. Either is an internal error on files,
// of severity error, so that the run is not taken for a clean one.
func checkModel(cfg *model.Config, files []string, enabled func(code string) bool) (found []rules.Finding, errs []model.Diagnostic, assembled bool) {
	if v := assembleRecovering(cfg); v != nil {
		return nil, internalErrors(files, "the assembly of the model", v), false
	}
	errs = functionErrors(cfg)
	found, failures := rules.Check(cfg, ruleSet(), enabled)
	for _, f := range failures {
		errs = append(errs, internalErrors(files, "rule "+f.Rule.Code+" ("+f.Rule.Name+"), whose findings are not reported", f.Value)...)
	}
	return found, errs, true
}

// assembleRecovering assembles cfg and returns the value of a panic in
// the assembly, nil when there was none.
func assembleRecovering(cfg *model.Config) (failed any) {
	defer func() { failed = recover() }()
	assemble(cfg)
	return nil
}

// resolveFixes resolves the fixes of findings (fix.Resolve) and reports
// a fix whose resolution panicked as an internal error on its finding's
// file; that finding keeps no fix.
func resolveFixes(findings []rules.Finding, read func(string) ([]byte, error)) []model.Diagnostic {
	var errs []model.Diagnostic
	for _, f := range fix.Resolve(findings, read) {
		fd := findings[f.Finding]
		errs = append(errs, internalErrors([]string{fd.Range.File}, "the fix of "+fd.Rule+" at "+fd.Range.String(), f.Value)...)
	}
	return errs
}

// internalErrors reports a panic of edgelint (in what) on each of files:
// an input error, so that the command exits 2 and an editor shows it.
func internalErrors(files []string, what string, v any) []model.Diagnostic {
	errs := make([]model.Diagnostic, 0, len(files))
	for _, f := range files {
		errs = append(errs, model.Diagnostic{
			Range:    model.Range{File: f},
			Message:  fmt.Sprintf("internal error in %s: %v (an edgelint bug; please report it)", what, v),
			Severity: model.SevError,
		})
	}
	return errs
}

// paths are the paths of the units of comp.
func (a *analyzer) paths(comp []int) []string {
	out := make([]string, len(comp))
	for k, i := range comp {
		out[k] = a.units[i].Path
	}
	return out
}

// displayFindings replaces the symbolic tokens in the text of findings by
// what they stand for (model.Symbols.Display), as every report shows them,
// with the control characters of what they stand for (expressions from
// the input) escaped, as rules escape theirs.
func displayFindings(fs []rules.Finding, syms *model.Symbols) {
	display := func(s string) string { return safetext.Escape(syms.Display(s)) }
	for i := range fs {
		f := &fs[i]
		f.Message, f.Entity = display(f.Message), display(f.Entity)
		if len(f.FormerEntities) > 0 {
			former := make([]string, len(f.FormerEntities))
			for j, e := range f.FormerEntities {
				former[j] = display(e)
			}
			f.FormerEntities = former
		}
		if len(f.Notes) > 0 {
			notes := make([]string, len(f.Notes))
			for j, n := range f.Notes {
				notes[j] = display(n)
			}
			f.Notes = notes
		}
		if len(f.Related) > 0 {
			rel := slices.Clone(f.Related)
			for j := range rel {
				rel[j].Message = display(rel[j].Message)
			}
			f.Related = rel
		}
		if f.Fix != nil {
			fx := *f.Fix
			fx.Description = display(fx.Description)
			f.Fix = &fx
		}
	}
}

func apiKey(k model.APIKind, name string) string { return string(k) + "\x00" + name }

// summarize records what cfg defines and uses that may link it to
// another component: APIs and the data sources looking them up by name,
// custom domain names and the origin hosts that may be one.
func (r *componentResult) summarize(cfg *model.Config) {
	for _, api := range cfg.APIs {
		if api.Name.IsLiteral() && api.Name.V != "" {
			r.apis = append(r.apis, apiKey(api.Kind, api.Name.V))
		}
	}
	for _, l := range cfg.APILookups {
		if l.API == nil && l.Name.IsLiteral() && l.Name.V != "" {
			r.lookups = append(r.lookups, apiKey(l.Kind, l.Name.V))
		}
	}
	// A name reserved for documentation (example.com, *.test) is a
	// placeholder, not a domain two configurations share: it joins none.
	for _, dn := range cfg.DomainNames {
		if dn.Name.IsLiteral() && dn.Name.V != "" && !model.ReservedDomain(dn.Name.V) {
			r.domains = append(r.domains, strings.ToLower(dn.Name.V))
		}
	}
	for _, d := range cfg.Distributions {
		for _, o := range d.Origins {
			if o.Link != nil || !o.DomainName.IsLiteral() {
				continue
			}
			if h := strings.ToLower(model.ParseOriginDomain(o.DomainName.V).Host); h != "" && !model.ReservedDomain(h) {
				r.hosts = append(r.hosts, h)
			}
		}
	}
}

// joins returns the units of the components that links across components
// join: a data source naming an API that exactly one API of the scan has,
// and an origin on a custom domain another component declares.
func (a *analyzer) joins(comps [][]int, results []componentResult) [][]int {
	apiAt := map[string][]int{}
	domainAt := map[string][]int{}
	for c, r := range results {
		for _, k := range r.apis {
			apiAt[k] = append(apiAt[k], c)
		}
		for _, d := range r.domains {
			domainAt[d] = append(domainAt[d], c)
		}
	}
	sets := disjoint{}
	for c, r := range results {
		for _, k := range r.lookups {
			if at := apiAt[k]; len(at) == 1 && at[0] != c {
				sets.union(c, at[0])
			}
		}
		for _, h := range r.hosts {
			for _, d := range domainAt[h] {
				if d != c {
					sets.union(c, d)
				}
			}
		}
	}
	all := make([]int, len(comps))
	for c := range all {
		all[c] = c
	}
	var out [][]int
	for _, g := range sets.groups(all) {
		if len(g) < 2 {
			continue
		}
		var units []int
		for _, c := range g {
			units = append(units, comps[c]...)
		}
		out = append(out, units)
	}
	return out
}

// disjoint is a union-find over ints: an absent element is its own set.
type disjoint map[int]int

func (d disjoint) find(x int) int {
	for {
		p, ok := d[x]
		if !ok || p == x {
			return x
		}
		if gp, ok := d[p]; ok {
			d[x] = gp // path halving
		}
		x = p
	}
}

// union joins the sets of x and y and reports whether they were apart.
func (d disjoint) union(x, y int) bool {
	rx, ry := d.find(x), d.find(y)
	if rx == ry {
		return false
	}
	d[rx] = ry
	return true
}

// groups returns items grouped by set: sets in the order of their first
// item, items in their order.
func (d disjoint) groups(items []int) [][]int {
	at := map[int]int{}
	var out [][]int
	for _, x := range items {
		r := d.find(x)
		k, ok := at[r]
		if !ok {
			k = len(out)
			at[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], x)
	}
	return out
}
