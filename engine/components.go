package engine

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/fix"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// analyzer analyzes the units of a run in components.
type analyzer struct {
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
}

// componentResult is what the analysis of one component left: its
// findings and input errors, the files it read, and what it defines and
// uses that may link it to other components.
type componentResult struct {
	cfg      *model.Config // kept only with Options.Model
	files    []string
	marked   []string
	errs     []model.ParseError
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
// exports they import are known only once it is done. Terraform module
// directories need nothing from it: each is a component of its own, and
// they are analyzed while the first pass runs, taking the goroutines it
// leaves idle.
//
// Components are started by their expected cost, the largest first (the
// size of their sources: tfSize for Terraform directories), so that a long
// one does not end the run alone.
func (a *analyzer) run(sel []bool, tfSize map[string]int) ([][]int, []componentResult) {
	units, out, opts := a.units, a.read, a.opts
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
	dispatched := make(chan struct{})
	producer.Go(func() {
		var first sync.WaitGroup
		for i := range units {
			if units[i].Kind != "terraform" && (len(sel) == 0 || sel[i]) {
				first.Add(1)
				tasks <- func() {
					defer first.Done()
					out[i] = readFileUnit(units[i], opts, a.fsys, a.syms)
				}
			}
		}
		close(dispatched)
		first.Wait()
		if len(sel) > 0 {
			// The other templates matter only for links: those that can
			// export or import when a selected template does, and those
			// that can include a selected template as a nested stack.
			readLinkCandidates(units, out, sel, opts, a.fsys, a.syms, a.calls)
			linkTemplates(units, out, sel)
		}
		a.imports = resolveExports(units, out, opts, a.fsys, a.syms)
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
			tasks <- func() { fileResults[c] = a.analyze(fileComps[c], opts.Model) }
		}
	})
	// The first pass's reads go first.
	<-dispatched
	for c := range tfComps {
		tasks <- func() { tfResults[c] = tf.analyze(tfComps[c], opts.Model) }
	}
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
		for _, name := range cloudformation.ImportNames(a.units[i].Path, p.cfn, cloudformation.Options{Parameters: a.opts.Parameters, FS: a.fsys}, a.syms) {
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
func (a *analyzer) analyze(comp []int, keep bool) componentResult {
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
		forEach(a.jobs, len(comp), parse)
	} else if len(comp) == 1 {
		parse(0)
	}
	cfg := model.NewConfig(syms)
	var r componentResult
	for _, p := range ps {
		if p.cfg != nil {
			cfg.Merge(p.cfg)
		}
		r.errs = append(r.errs, p.errs...)
	}
	model.Assemble(cfg)
	r.findings = a.opts.Config.ApplyRules(rules.RunEnabled(cfg, a.opts.Config.Enabled))
	b := &branches{units: a.units, read: a.read, opts: a.opts, fsys: a.fsys, imports: a.imports, root: a.root, syms: syms}
	for k, p := range ps {
		if len(p.undecided) > 0 {
			r.findings = append(r.findings, b.check(comp, comp[k], p.undecided, r.findings)...)
		}
	}
	r.files, r.marked = cfg.Files, cfg.Marked
	r.summarize(cfg)
	if keep {
		r.cfg = cfg
		return r
	}
	fix.Resolve(r.findings, a.fsys.ReadFile)
	displayFindings(r.findings, syms)
	return r
}

// displayFindings replaces the symbolic tokens in the text of findings by
// what they stand for (model.Symbols.Display), as every report shows them.
func displayFindings(fs []rules.Finding, syms *model.Symbols) {
	for i := range fs {
		f := &fs[i]
		f.Message, f.Entity = syms.Display(f.Message), syms.Display(f.Entity)
		if len(f.FormerEntities) > 0 {
			former := make([]string, len(f.FormerEntities))
			for j, e := range f.FormerEntities {
				former[j] = syms.Display(e)
			}
			f.FormerEntities = former
		}
		if len(f.Notes) > 0 {
			notes := make([]string, len(f.Notes))
			for j, n := range f.Notes {
				notes[j] = syms.Display(n)
			}
			f.Notes = notes
		}
		if len(f.Related) > 0 {
			rel := slices.Clone(f.Related)
			for j := range rel {
				rel[j].Message = syms.Display(rel[j].Message)
			}
			f.Related = rel
		}
		if f.Fix != nil {
			fx := *f.Fix
			fx.Description = syms.Display(fx.Description)
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
	for _, dn := range cfg.DomainNames {
		if dn.Name.IsLiteral() && dn.Name.V != "" {
			r.domains = append(r.domains, strings.ToLower(dn.Name.V))
		}
	}
	for _, d := range cfg.Distributions {
		for _, o := range d.Origins {
			if o.Link != nil || !o.DomainName.IsLiteral() {
				continue
			}
			if h := strings.ToLower(model.ParseOriginDomain(o.DomainName.V).Host); h != "" {
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
