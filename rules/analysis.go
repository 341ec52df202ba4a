package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// stageState is what an origin's forwarded paths say about the API stage.
type stageState int

const (
	stageUndecided   stageState = iota // unknown values: say nothing
	stageOK                            // a stage of the API is addressed (or none is needed)
	stageMissing                       // EL001
	stageUnknownName                   // EL002 (on origin path or behaviors)
	stageNoStages                      // the API has no stage at all (EL006)
	// stageFromViewer: no origin path and no behavior names a stage, but
	// some behavior's pattern lets viewer URLs begin with one ("*",
	// "/p*"): those reach the API, the others fail (EL001 warning).
	stageFromViewer
)

// originInfo is the shared analysis of one origin that reaches an API.
type originInfo struct {
	dist   *model.Distribution
	origin *model.Origin
	api    *model.API
	// behaviors that target this origin (directly or through a group).
	behaviors []*model.Behavior
	stage     stageState
	// badStageBehaviors: behaviors whose path supplies a segment that is not
	// a stage (EL002 on the behavior).
	badStageBehaviors map[*model.Behavior]string
	// domainFault: EL005 fired on this origin.
	domainFault bool
	// customDomain: the origin uses a custom domain name.
	customDomain bool
	// prefixes are the forwarded-path prefixes under which the API's
	// resources are served through this origin's host (the stage segment
	// on an execute-api host, the base path and stage of custom domain
	// mappings); prefixesUndecided is set when some are unknown, and
	// prefixesUsable is false when they cannot be computed at all.
	prefixes          []string
	prefixesUndecided bool
	prefixesUsable    bool
	// repeatedStage is the stage segment an origin path repeats although
	// the custom domain's mapping supplies the stage (EL002).
	repeatedStage string
	// unused: no behavior can send a request to this origin (and none
	// whose target is unknown may).
	unused bool
	// viewerStages are the stages whose paths viewer URLs may begin
	// with when no origin path names one (stageFromViewer, or a note on
	// stageMissing when another behavior cannot carry a stage);
	// noStageBehavior is such a behavior.
	viewerStages    []model.Str
	noStageBehavior *model.Behavior
	// tooComplex is set when the stage is undecided only because the path
	// matching bounds left undecided whether viewer URLs through this
	// behavior can carry one.
	tooComplex *model.Behavior

	// trailingSlash: the origin path ends with "/", which CloudFront
	// rejects (EL002).
	trailingSlash bool
}

// analysis is computed once per run and shared by the rules.
type analysis struct {
	syms *model.Symbols
	// enabled reports whether a rule runs: only those own root causes.
	enabled func(code string) bool
	origins []*originInfo
	byOrig  map[*model.Origin]*originInfo
	// foreign are the origins on an execute-api host of an API that is
	// not in the scan (api is nil): only what the host alone decides
	// (EL007's Host header, EL009's protocol) is judged on them.
	foreign []*originInfo
	// domainFaults per origin, computed for every origin.
	domainFaults map[*model.Origin][]domainFault

	// templates memoises compiled resource paths: every behavior of every
	// origin on an API is matched against the same resources.
	tmu       sync.Mutex
	templates map[templateKey]templateResult

	// indexes hold each API's resources by the literal prefixes of their
	// templates (under a stage prefix), so that a behavior is matched
	// only against the resources it may reach; paths are each API's
	// resource paths with methods, for messages.
	imu     sync.Mutex
	indexes map[indexKey]*resourceIndex
	paths   map[*model.API][]string
	cands   map[candKey][]int

	// orders hold each distribution's path patterns compiled once for the
	// first-match queries of all its behaviors, with the budget that
	// bounds the path matching work spent on the distribution.
	omu    sync.Mutex
	orders map[*model.Distribution]*distOrder

	// fx memoises the runs of CloudFront Functions and their effects.
	fx fnRuns

	// roots memoises rootWithoutMethod by origin: EL011 and every
	// request the request model evaluates ask it.
	rmu   sync.Mutex
	roots map[*originInfo][]rootHit
}

// rootHits returns rootWithoutMethod(an, oi), computed once.
func (an *analysis) rootHits(oi *originInfo) []rootHit {
	an.rmu.Lock()
	hits, ok := an.roots[oi]
	an.rmu.Unlock()
	if ok {
		return hits
	}
	hits = rootWithoutMethod(an, oi)
	an.rmu.Lock()
	if an.roots == nil {
		an.roots = map[*originInfo][]rootHit{}
	}
	an.roots[oi] = hits
	an.rmu.Unlock()
	return hits
}

// distBudget is the path matching work, in pathmatch.Budget units, that
// the rules may spend on one distribution, for each of two kinds of
// question: what a behavior's pattern meets (EL004) and what it receives
// after the earlier behaviors took theirs (first match: EL001's viewer
// stages, EL003). Each is well under a second of automaton searches, far
// above what real distributions need (10,000 behaviors in front of 10,000
// resources take under 10^6). Past it, the questions left are undecided
// and the rules report them as too complex to decide rather than guess.
// The two are separate so that an exclusion that explodes does not leave
// the plain questions, which are polynomial, undecided too.
var distBudget int64 = 6_000_000

// distOrder is a distribution's behaviors in evaluation order, compiled
// for first-match queries (pathmatch.Order), with its work budgets: budget
// for the first-match queries, meet for the others.
type distOrder struct {
	order        *pathmatch.Order
	budget, meet *pathmatch.Budget
	// pos is each behavior's position; known the number of leading
	// behaviors whose patterns are known (the ones a query may exclude).
	pos   map[*model.Behavior]int
	known int
	// fixes bounds the work of checking that proposed path patterns
	// leave no behavior shadowed (patternFix): a budget shared by all of
	// the distribution's checks, and their number.
	fixes     *pathmatch.Budget
	fixChecks atomic.Int64
}

// maxFixChecks bounds the path pattern fixes checked on one distribution,
// and maxFixBehaviors the behaviors of a distribution whose fixes are
// checked at all (each check compiles its patterns again; CloudFront
// allows 25 cache behaviors by default): past them, and past the fixes
// budget, no pattern fix is offered (whether it would shadow a behavior
// is not known).
const (
	maxFixChecks    = 64
	maxFixBehaviors = 256
)

// order returns the compiled behaviors of d, built once.
func (an *analysis) order(d *model.Distribution) *distOrder {
	an.omu.Lock()
	defer an.omu.Unlock()
	if o := an.orders[d]; o != nil {
		return o
	}
	o := &distOrder{budget: pathmatch.NewBudget(distBudget), meet: pathmatch.NewBudget(distBudget), fixes: pathmatch.NewBudget(distBudget), pos: map[*model.Behavior]int{}, known: len(d.Behaviors)}
	var pats []string
	for i, b := range d.Behaviors {
		o.pos[b] = i
		if o.known == len(d.Behaviors) {
			if !an.patternKnown(b.PathPattern) {
				o.known = i
				continue
			}
			pats = append(pats, b.PathPattern.V)
		}
	}
	o.order = pathmatch.NewOrder(pats, o.budget)
	if an.orders == nil {
		an.orders = map[*model.Distribution]*distOrder{}
	}
	an.orders[d] = o
	return o
}

// reachAfter returns the first-match query of behavior b of d with origin
// path op: b's viewer paths that no earlier behavior's pattern matches. It
// returns nil when b is not among d's behaviors or some earlier pattern is
// unknown.
func (an *analysis) reachAfter(d *model.Distribution, b *model.Behavior, op string) *pathmatch.Reach {
	o, i, ok := an.orderAt(d, b)
	if !ok {
		return nil
	}
	return o.order.Reach(op, b.PathPattern.V, i)
}

// orderAt returns the compiled behaviors of d and the position of b among
// them; ok is false when b is not among d's behaviors or some earlier
// pattern is unknown (no first-match query can be asked for it).
func (an *analysis) orderAt(d *model.Distribution, b *model.Behavior) (o *distOrder, i int, ok bool) {
	o = an.order(d)
	i, ok = o.pos[b]
	return o, i, ok && i <= o.known
}

// rootCause reports whether an enabled origin-level rule already explains
// every failure behind this origin, so that EL003 and EL004 say nothing
// more about it (one fault, one finding): EL005 a malformed domain, EL001
// a missing stage, EL002 an origin path naming no stage. When that rule is
// disabled the fault is not explained, and the path rules report what
// they see of it. An API without any stage (EL006) explains every failure
// whether EL006 runs or not: no path reaches a resource of an API that
// serves none, and EL003 and EL004, which judge the paths a stage serves,
// have nothing true to say about it.
func (an *analysis) rootCause(oi *originInfo) bool {
	return an.domainOwned(oi) || (oi.stage == stageMissing && an.enabled("EL001")) || oi.stage == stageNoStages ||
		(oi.stage == stageUnknownName && len(oi.badStageBehaviors) == 0 && an.enabled("EL002")) ||
		an.originOwned(oi)
}

// originOwned reports whether a fault of the origin that causes every
// path failure behind it is reported by an enabled rule: an origin path
// ending with "/" (EL002), which CloudFront rejects, and which would send
// every request to "…//…". (A private API, EL014, or a Host header
// forwarded, EL007, fail every request too, but a path that reaches no
// resource still fails once they are fixed: those are reported as well.)
func (an *analysis) originOwned(oi *originInfo) bool {
	return oi.trailingSlash && an.enabled("EL002")
}

// trailingSlash reports whether an origin path certainly ends with "/"
// (other than the bare "/", which CloudFront's documentation and CDK's
// default disagree on, aws-facts §1): CloudFront requires an origin path
// to begin, but not end, with "/".
func trailingSlash(op model.Str) bool {
	return op.Known && len(op.V) > 1 && strings.HasSuffix(op.V, "/")
}

// domainOwned reports whether EL005 reports the origin's domain, which
// then explains every failure behind it.
func (an *analysis) domainOwned(oi *originInfo) bool {
	return oi.domainFault && an.enabled("EL005")
}

// Origins is the analysis of the origins that reach an API of the scan,
// shared by the rules: for each, its distribution, its API, the behaviors
// that use it, whether its forwarded paths address a stage (and which
// prefixes they serve resources under), whether its domain is malformed,
// whether any request reaches it; and, for every origin, its domain
// faults. It memoises the compiled resource paths and the resource
// indexes that the reach computations (behaviorReach, certainReach) use.
var Origins = &Analysis{
	Name: "origins",
	Doc:  "the origins that reach an API: stage, prefixes, domain faults, behaviors and reach",
	run:  func(c *model.Config, enabled func(string) bool) any { return analyze(c, enabled) },
}

// origins returns the Origins analysis of a rule that requires it.
func origins(p *Pass) *analysis {
	an, ok := p.ResultOf[Origins].(*analysis)
	if !ok {
		panic("rules: " + p.rule.Code + " reads the origins analysis without requiring it")
	}
	return an
}

type indexKey struct {
	api    *model.API
	prefix string
	strict bool
}

// resourceIndex is the templates of an API's resources with methods under
// one stage prefix, indexed by literal prefix; pos is, by template id, the
// position of its resource in the API's list.
type resourceIndex struct {
	idx *pathmatch.PrefixIndex
	pos []int
}

type templateKey struct {
	prefix, path string
	strict       bool
}

type templateResult struct {
	t   pathmatch.Template
	err error
}

// template compiles a resource path once per analysis.
func (an *analysis) template(prefix, path string, strict bool) (pathmatch.Template, error) {
	k := templateKey{prefix, path, strict}
	an.tmu.Lock()
	defer an.tmu.Unlock()
	if r, ok := an.templates[k]; ok {
		return r.t, r.err
	}
	var r templateResult
	if strict {
		r.t, r.err = pathmatch.ParseTemplateStrict(prefix, path)
	} else {
		r.t, r.err = pathmatch.ParseTemplate(prefix, path)
	}
	if an.templates == nil {
		an.templates = map[templateKey]templateResult{}
	}
	an.templates[k] = r
	return r.t, r.err
}

// resourcePaths are the paths a resource answers: its own, or, for a
// catch-all (a greedy path at the root), the root and every path below it.
func resourcePaths(res *model.Resource) []string {
	if res.CatchAll {
		return []string{"/", "/{proxy+}"}
	}
	return []string{res.Path.V}
}

// index returns the resource index of API a under prefix, built once.
func (an *analysis) index(a *model.API, prefix string, strict bool) *resourceIndex {
	k := indexKey{a, prefix, strict}
	an.imu.Lock()
	x := an.indexes[k]
	an.imu.Unlock()
	if x != nil {
		return x
	}
	x = &resourceIndex{}
	var ts []pathmatch.Template
	for i, res := range a.Resources {
		if !res.HasMethods() || !res.Path.Known {
			continue
		}
		for _, p := range resourcePaths(res) {
			if t, err := an.template(prefix, p, strict); err == nil {
				ts = append(ts, t)
				x.pos = append(x.pos, i)
			}
		}
	}
	x.idx = pathmatch.NewPrefixIndex(ts)
	an.imu.Lock()
	if an.indexes == nil {
		an.indexes = map[indexKey]*resourceIndex{}
	}
	an.indexes[k] = x
	an.imu.Unlock()
	return x
}

// candidates returns, in increasing order, the positions in a.Resources
// of the resources with methods that a behavior whose forwarded paths all
// begin with lit may reach under one of the prefixes: those whose
// templates' literal prefixes and lit do not exclude each other. No other
// resource shares a path with the behavior.
// The result is memoised (behaviors often share a literal prefix, such
// as "/" for "*" or "/*.jpg") and must not be modified.
func (an *analysis) candidates(a *model.API, prefixes []string, strict bool, lit string) []int {
	k := candKey{a, strings.Join(prefixes, "\x00"), strict, lit}
	an.imu.Lock()
	out, ok := an.cands[k]
	an.imu.Unlock()
	if ok {
		return out
	}
	var ids []int
	for _, pre := range prefixes {
		x := an.index(a, pre, strict)
		ids = x.idx.Candidates(ids[:0], lit)
		for _, id := range ids {
			out = append(out, x.pos[id])
		}
	}
	slices.Sort(out)
	out = slices.Clip(slices.Compact(out))
	an.imu.Lock()
	if an.cands == nil {
		an.cands = map[candKey][]int{}
	}
	an.cands[k] = out
	an.imu.Unlock()
	return out
}

type candKey struct {
	api      *model.API
	prefixes string
	strict   bool
	lit      string
}

// methodPaths returns the sorted paths of API a's resources with methods
// (catch-alls left out), computed once: what messages suggest instead of
// a path no resource matches.
func (an *analysis) methodPaths(a *model.API) []string {
	an.imu.Lock()
	defer an.imu.Unlock()
	if out, ok := an.paths[a]; ok {
		return out
	}
	seen := map[string]bool{}
	var out []string
	for _, res := range a.Resources {
		if res.HasMethods() && res.Path.Known && !res.CatchAll && !seen[res.Path.V] {
			seen[res.Path.V] = true
			out = append(out, res.Path.V)
		}
	}
	sort.Strings(out)
	if an.paths == nil {
		an.paths = map[*model.API][]string{}
	}
	an.paths[a] = out
	return out
}

// analyze computes the Origins analysis; enabled (nil: every rule)
// decides which rules own root causes.
func analyze(c *model.Config, enabled func(string) bool) *analysis {
	if enabled == nil {
		enabled = func(string) bool { return true }
	}
	an := &analysis{syms: c.Symbols, enabled: enabled, byOrig: map[*model.Origin]*originInfo{}, domainFaults: map[*model.Origin][]domainFault{}}
	// The APIs by the symbol numbers of their ID tokens (a lookup's that
	// found its API included): an origin host that carries one is meant to
	// reach that API.
	ids := map[int]*model.API{}
	for _, a := range c.APIs {
		if n, ok := model.TokenSym(a.IDToken); ok {
			ids[n] = a
		}
	}
	for _, l := range c.APILookups {
		if n, ok := model.TokenSym(l.IDToken); ok && l.API != nil {
			ids[n] = l.API
		}
	}
	domains := map[string]bool{}
	for _, dn := range c.DomainNames {
		if dn.Name.Known {
			domains[model.LowerHost(dn.Name.V)] = true
		}
		for _, t := range dn.TargetHosts {
			domains[model.LowerHost(t)] = true
		}
	}
	for _, d := range c.Distributions {
		for _, o := range d.Origins {
			if f := checkDomain(c.Symbols, ids, domains, o); len(f) > 0 {
				an.domainFaults[o] = f
			}
			linked := o.Link != nil && o.Link.API != nil
			if !linked && !foreignAPIHost(c.Symbols, o, an.domainFaults[o]) {
				continue
			}
			oi := &originInfo{dist: d, origin: o}
			if linked {
				oi.api, oi.customDomain = o.Link.API, o.Link.Domain != nil
			}
			oi.domainFault = len(an.domainFaults[o]) > 0
			for _, b := range d.Behaviors {
				if slices.Contains(b.Targets, o) {
					oi.behaviors = append(oi.behaviors, b)
				}
			}
			oi.unused = len(oi.behaviors) == 0 && unusedOrigin(d, o)
			oi.trailingSlash = trailingSlash(o.OriginPath)
			if !linked {
				an.foreign = append(an.foreign, oi)
				continue
			}
			an.origins = append(an.origins, oi)
			an.byOrig[o] = oi
		}
	}
	for _, oi := range an.origins {
		an.decideStage(oi)
	}
	return an
}

// foreignOrigin returns the analysis of origin o when it is on the
// execute-api host of an API that is not in the scan, else nil.
func (an *analysis) foreignOrigin(o *model.Origin) *originInfo {
	for _, oi := range an.foreign {
		if oi.origin == o {
			return oi
		}
	}
	return nil
}

// foreignAPIHost reports an origin whose domain is certainly an
// execute-api host, without a domain fault, that links to no API of the
// scan: an API defined elsewhere, or named by a literal ID.
func foreignAPIHost(syms *model.Symbols, o *model.Origin, faults []domainFault) bool {
	if o.Link != nil || !o.DomainName.Known || len(faults) > 0 {
		return false
	}
	_, ok := model.ParseExecuteAPIHost(syms, model.ParseOriginDomain(o.DomainName.V).Host)
	return ok
}

// unusedOrigin reports whether no request can reach origin o of d: no
// behavior targets it, directly or through an origin group, and no
// behavior may. A behavior may target it when the distribution has blocks
// or lists the parser could not expand, when the behavior's target, or a
// member of the group it targets, is not a literal (it may name o at
// deploy time), or when the behavior runs a viewer-request CloudFront
// Function, which can send the request to any origin of the distribution
// by its ID (cf.selectRequestOriginById; CloudFront Developer Guide,
// "Helper methods for origin modification":
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/helper-functions-origin-modification.html).
// IDs are unique within a distribution, so a target that names another
// origin or group does not name o.
func unusedOrigin(d *model.Distribution, o *model.Origin) bool {
	if d.Dynamic {
		return false
	}
	for _, b := range d.Behaviors {
		if slices.Contains(b.Targets, o) {
			return false
		}
		for _, f := range b.Functions {
			if !f.EventType.Known || (!f.Lambda && f.EventType.V == "viewer-request") {
				return false
			}
		}
		t := b.TargetOriginID
		if !t.IsLiteral() {
			return false
		}
		switch {
		case b.OriginGroup != nil:
			for _, m := range b.OriginGroup.Members {
				if !m.IsLiteral() {
					return false
				}
			}
		case b.Origin == nil && (!o.ID.IsLiteral() || o.ID.V == t.V):
			// The target names no origin or group of the scan; o
			// is not it only when both IDs are literals that differ.
			return false
		}
	}
	return true
}

// stageNames returns the API's stage names and whether the list is
// complete and every name known.
func stageNames(a *model.API) (names []model.Str, complete bool) {
	complete = a.StagesUnknown == ""
	for _, s := range a.Stages {
		names = append(names, s.Name)
		if !s.Name.Known {
			complete = false
		}
	}
	return names, complete
}

func hasDefaultStage(a *model.API) bool {
	for _, s := range a.Stages {
		if s.Name.Known && s.Name.V == "$default" {
			return true
		}
	}
	return false
}

// needsStageSegment: REST APIs, and HTTP APIs without a $default stage,
// address a stage by the first path segment.
func needsStageSegment(a *model.API) bool {
	return a.Kind == model.REST || (a.Kind == model.HTTP && !hasDefaultStage(a))
}

// firstSegment returns the first path segment of a literal path.
func firstSegment(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return seg
}

// patternFirstSegment returns the literal first segment of a normalised
// CloudFront pattern, or ok=false when it holds a wildcard.
func patternFirstSegment(pattern string) (string, bool) {
	p := strings.TrimPrefix(pattern, "/")
	seg, _, _ := strings.Cut(p, "/")
	if strings.ContainsAny(seg, "*?") || seg == "" {
		return "", false
	}
	return seg, true
}

func (an *analysis) isStage(a *model.API, seg string) (match, decidable bool) {
	names, complete := stageNames(a)
	for _, n := range names {
		if n.Known && n.V == seg {
			return true, true
		}
	}
	if !complete || an.syms.HasUnknown(seg) {
		return false, false
	}
	for _, n := range names {
		if an.syms.HasUnknown(n.V) {
			return false, false
		}
	}
	return false, true
}

func (an *analysis) decideStage(oi *originInfo) {
	a := oi.api
	if oi.customDomain {
		// The stage comes from the base path mapping.
		oi.stage = stageOK
		an.decideMapping(oi)
		return
	}
	oi.prefixes, oi.prefixesUndecided = an.stagePrefixes(a)
	oi.prefixesUsable = true
	if !needsStageSegment(a) {
		oi.stage = stageOK
		return
	}
	if len(a.Stages) == 0 {
		if a.StagesUnknown == "" {
			oi.stage = stageNoStages
		}
		return
	}
	op := oi.origin.OriginPath
	if !op.Known {
		return
	}
	if op.V != "" && op.V != "/" {
		seg := firstSegment(op.V)
		match, decidable := an.isStage(a, seg)
		switch {
		case match:
			oi.stage = stageOK
		case decidable && !strings.ContainsAny(seg, "*?"):
			oi.stage = stageUnknownName
		}
		return
	}
	// No origin path: the behaviors' paths must carry the stage.
	oi.badStageBehaviors = map[*model.Behavior]string{}
	anyStage, undecided := false, false
	// tooComplex: a behavior whose question only the path matching bounds
	// left undecided; unknown: some question is undecided for another
	// reason.
	var tooComplex *model.Behavior
	unknown := false
	viewer, noStage := map[string]bool{}, map[*model.Behavior]bool{}
	for _, b := range oi.behaviors {
		if !b.PathPattern.Known {
			undecided, unknown = true, true
			continue
		}
		seg, ok := patternFirstSegment(normalise(b.PathPattern.V))
		if !ok {
			// A wildcard first segment: viewer URLs may carry the stage.
			names, decided, bounded := an.viewerStages(oi, b)
			switch {
			case len(names) > 0:
				for _, n := range names {
					viewer[n] = true
				}
			case decided:
				noStage[b] = true
			case bounded:
				undecided = true
				if tooComplex == nil {
					tooComplex = b
				}
			default:
				undecided, unknown = true, true
			}
			continue
		}
		match, decidable := an.isStage(a, seg)
		switch {
		case match:
			anyStage = true
		case decidable:
			oi.badStageBehaviors[b] = seg
		default:
			undecided, unknown = true, true
		}
	}
	switch {
	case anyStage && len(oi.badStageBehaviors) > 0:
		oi.stage = stageUnknownName
	case anyStage:
		oi.stage = stageOK
	case undecided:
		oi.stage = stageUndecided
		if !unknown {
			// Decided, the stage would be missing (EL001): only the
			// bounds keep it from being said.
			oi.tooComplex = tooComplex
		}
	default:
		// Viewer URLs may supply the stage only if every behavior lets
		// them: one that cannot (a first segment that is no stage, a
		// pattern no stage path matches) fails on every request, and
		// the origin path is certainly missing.
		for _, s := range a.Stages {
			if s.Name.Known && viewer[s.Name.V] {
				oi.viewerStages = append(oi.viewerStages, s.Name)
			}
		}
		for _, b := range oi.behaviors {
			if _, bad := oi.badStageBehaviors[b]; bad || noStage[b] {
				oi.noStageBehavior = b
				break
			}
		}
		oi.stage = stageMissing
		if len(oi.viewerStages) > 0 && oi.noStageBehavior == nil {
			oi.stage = stageFromViewer
		}
		oi.badStageBehaviors = nil
	}
}

// viewerStages returns the names of the stages of the origin's API that
// viewer paths behavior b receives can begin with ("/prod" or "/prod/…"),
// with no origin path in front: viewers then address the stage in their
// URLs. The answer is the exact intersection of the viewer paths b
// receives (its pattern minus the earlier behaviors' patterns, CloudFront's
// first match wins) with the paths API Gateway routes into each stage;
// decided is false when some stage or pattern is unknown or the search
// exceeds its bounds; tooComplex is set when the bounds alone left it
// undecided. A stage name that is not a literal is opaque: only a pattern
// beginning with "/*", which lets any first segment through, is taken to
// reach it.
func (an *analysis) viewerStages(oi *originInfo, b *model.Behavior) (names []string, decided, tooComplex bool) {
	a := oi.api
	pat := b.PathPattern.V
	if !an.patternKnown(b.PathPattern) {
		return nil, false, false
	}
	reach := an.reachAfter(oi.dist, b, "")
	if reach == nil {
		return nil, false, false
	}
	decided = a.StagesUnknown == ""
	unknown := !decided
	for _, s := range a.Stages {
		if !s.Name.Known || s.Name.V == "" {
			decided, unknown = false, true
			continue
		}
		if a.Kind == model.HTTP && s.Name.V == "$default" {
			continue
		}
		opaque := !s.Name.IsLiteral()
		if opaque && !strings.HasPrefix(normalise(pat), "/*") {
			decided, unknown = false, true
			continue
		}
		found, sure := false, true
		for _, p := range []string{"/", "/{proxy+}"} {
			t, err := an.template("/"+s.Name.V, p, false)
			if err != nil {
				sure, unknown = false, true
				continue
			}
			_, ok, d := reach.Reaches(t)
			if ok {
				found = true
				break
			}
			sure = sure && d
		}
		switch {
		case found:
			names = append(names, s.Name.V)
		case !sure || opaque:
			decided = false
			unknown = unknown || opaque
		}
	}
	return names, decided, !decided && !unknown
}

// patternKnown reports whether a path pattern is known text that path
// matching can read: no unknown value in it, and valid UTF-8 (pathmatch
// rejects other text, which CloudFront does not accept as a pattern either).
func (an *analysis) patternKnown(p model.Str) bool {
	return p.Known && !an.syms.HasUnknown(p.V) && utf8.ValidString(p.V)
}

// normalise gives a CloudFront pattern its optional leading slash.
func normalise(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/" + p
	}
	return p
}

// reach is what one behavior reaches through one origin.
type reach struct {
	decidable bool
	// tooComplex: the answer is unknown because the path matching work
	// exceeded its bounds (not because of unknown values).
	tooComplex bool
	glob       pathmatch.Glob
	// resources holds a resource with methods whose path the behavior can
	// reach, the first found (the rules need only whether there is one),
	// with its witness path.
	resources []*model.Resource
	witness   map[*model.Resource]string
	// candidates: every resource path with a method (for messages).
	candidates []string
	// effect is what the behavior's viewer-request CloudFront Function
	// does to the paths it forwards (kind effectNone without one).
	effect *funcEffect
}

// behaviorReach computes which API resources a behavior can reach through
// an origin, after its viewer-request CloudFront Function, which edgelint
// runs (forwardInputs). decidable is false when unknown values, an
// unreadable resource list, a function whose effect is unknown, or one
// that answers every request itself make the answer unknowable (or moot).
func (an *analysis) behaviorReach(oi *originInfo, b *model.Behavior) reach {
	var r reach
	a := oi.api
	op, pat, eff, ok := an.forwardInputs(oi, b)
	if !ok {
		return r
	}
	r.effect = eff
	r.glob = pathmatch.CompileGlob(op, normalise(pat))
	if !oi.prefixesUsable {
		return r
	}
	prefixes, undecidedStage := oi.prefixes, oi.prefixesUndecided
	r.witness = map[*model.Resource]string{}
	r.candidates = an.methodPaths(a)
	budget := an.order(oi.dist).meet
	if budget.Exhausted() {
		// The distribution's work is spent: every search is undecided.
		r.tooComplex = len(an.candidates(a, prefixes, false, r.glob.LiteralPrefix())) > 0
		r.decidable = !undecidedStage && !r.tooComplex
		return r
	}
	for _, i := range an.candidates(a, prefixes, false, r.glob.LiteralPrefix()) {
		res := a.Resources[i]
		for _, pre := range prefixes {
			w, ok, decided := an.reachResource(r.glob, pre, res, budget)
			if ok {
				r.resources = append(r.resources, res)
				r.witness[res] = w
				r.decidable = true
				return r
			}
			r.tooComplex = r.tooComplex || !decided
		}
	}
	r.decidable = !undecidedStage && !r.tooComplex
	return r
}

// reachResource reports whether glob g meets a path of resource res under
// prefix, within the distribution's budget.
func (an *analysis) reachResource(g pathmatch.Glob, prefix string, res *model.Resource, budget *pathmatch.Budget) (w string, ok, decided bool) {
	decided = true
	for _, p := range resourcePaths(res) {
		t, err := an.template(prefix, p, false)
		if err != nil {
			continue
		}
		w, ok, d := pathmatch.IntersectsWithin(g, t, budget)
		if ok {
			return w, true, true
		}
		decided = decided && d
	}
	return "", false, decided
}

// stagePrefixes lists the path prefixes under which the API's resources
// are served through its execute-api endpoint; undecided is true when some
// stage name is unknown.
func (an *analysis) stagePrefixes(a *model.API) (prefixes []string, undecided bool) {
	if a.StagesUnknown != "" {
		undecided = true
	}
	for _, s := range a.Stages {
		if !s.Name.Known || an.syms.HasUnknown(s.Name.V) {
			undecided = true
			if s.Name.Known {
				prefixes = append(prefixes, "/"+s.Name.V)
			}
			continue
		}
		if a.Kind == model.HTTP && s.Name.V == "$default" {
			prefixes = append(prefixes, "")
			continue
		}
		prefixes = append(prefixes, "/"+s.Name.V)
	}
	return prefixes, undecided
}

// display renders a value with tokens shown as <desc>.
func (an *analysis) display(v string) string { return an.syms.Display(v) }

func quote(s string) string { return fmt.Sprintf("%q", s) }

// apiName is how an API is named in messages.
func apiName(a *model.API) string {
	if a == nil {
		return "an API that is not in the scan"
	}
	if a.Name.IsLiteral() && a.Name.V != "" {
		return fmt.Sprintf("%s (%s)", quote(a.Name.V), a.Source.Address)
	}
	return a.Source.Address
}

func stageList(an *analysis, a *model.API) string {
	var names []string
	for _, s := range a.Stages {
		if s.Name.Known {
			names = append(names, quote(an.display(s.Name.V)))
		} else {
			names = append(names, "(unknown)")
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// forwardInputs returns the origin path and the pattern of the paths
// behavior b forwards, which the reach computations examine, through its
// viewer-request CloudFront Function: the behavior's pattern, with its
// prefix replaced, or the one path the function rewrites every request
// to (forwardedPattern), and the function's effect. ok is false when the
// resources, the path or the pattern cannot be known, when the function's
// effect is unknown, when it answers every request itself, or when its
// result is no pattern. An unknown value in the origin path (or a stage
// name) is compared as an opaque literal: it reaches a resource only
// through the same token on the other side, which denotes the same value.
func (an *analysis) forwardInputs(oi *originInfo, b *model.Behavior) (originPath, pattern string, eff *funcEffect, ok bool) {
	if oi.api.ResourcesUnknown != "" || !oi.prefixesUsable {
		return "", "", nil, false
	}
	fn, fnOK := viewerFunction(b)
	switch {
	case !fnOK:
		return "", "", nil, false
	case fn == nil:
		eff = noEffect
	default:
		eff = an.effect(oi, b)
	}
	op, pat := oi.origin.OriginPath, b.PathPattern
	if !op.Known || !an.patternKnown(pat) || !utf8.ValidString(op.V) {
		return "", "", nil, false
	}
	fp, fok := forwardedPattern(pat.V, eff)
	if !fok {
		return "", "", nil, false
	}
	if op.V == "/" {
		op.V = ""
	}
	return op.V, fp, eff, true
}

// forwardReach is the first-match query of one behavior through one
// origin after the behavior's viewer-request CloudFront Function: the
// viewer paths the behavior receives (its pattern, no earlier behavior's),
// forwarded as the function rewrites them, under the origin path.
type forwardReach struct {
	effect *funcEffect
	// reach answers for no function, one that forwards the path
	// unchanged, and one that replaces a prefix.
	reach *pathmatch.Reach
	// A function that rewrites every path to one: fixed is the path
	// forwarded (with the origin path), viewer a viewer path the
	// behavior receives ("" when it receives none), decided whether
	// that is known.
	constant bool
	fixed    string
	viewer   string
	decided  bool
}

// forwardReach returns the first-match query of behavior b through origin
// oi after its viewer-request function (forwardInputs), or nil when it
// cannot be known: an unknown value, a function whose effect is unknown
// or that answers every request itself, an earlier pattern unknown.
func (an *analysis) forwardReach(oi *originInfo, b *model.Behavior) *forwardReach {
	op, _, eff, ok := an.forwardInputs(oi, b)
	if !ok {
		return nil
	}
	o, i, ok := an.orderAt(oi.dist, b)
	if !ok {
		return nil
	}
	fr := &forwardReach{effect: eff}
	switch eff.kind {
	case effectNone, effectIdentity:
		fr.reach = o.order.Reach(op, b.PathPattern.V, i)
	case effectPrefix:
		fr.reach = o.order.ReachRewritten(op, normalise(b.PathPattern.V), i, eff.from, eff.to)
		if fr.reach == nil {
			return nil
		}
	case effectConstant:
		// Every request the behavior receives is forwarded to one path:
		// whether it receives any is what is asked.
		fr.constant, fr.fixed = true, op+eff.to
		w, receives, decided := o.order.Reach("", b.PathPattern.V, i).Reaches(pathmatch.PatternTemplate("*"))
		fr.decided = decided
		if receives {
			fr.viewer = w
		}
	default:
		return nil
	}
	return fr
}

// Reaches reports whether some viewer path the behavior receives is
// forwarded to a path t matches, with such a viewer path; see
// pathmatch.Reach.Reaches.
func (fr *forwardReach) Reaches(t pathmatch.Template) (viewer string, ok, decided bool) {
	if !fr.constant {
		return fr.reach.Reaches(t)
	}
	if !fr.decided {
		return "", false, false
	}
	if fr.viewer == "" || !t.Match(fr.fixed) {
		return "", false, true
	}
	return fr.viewer, true, true
}

// LiteralPrefix is a literal text every forwarded path begins with.
func (fr *forwardReach) LiteralPrefix() string {
	if fr.constant {
		return fr.fixed
	}
	return fr.reach.LiteralPrefix()
}

// certain is what certainReach finds.
type certain struct {
	// resources are those the behavior certainly reaches, each with a
	// viewer path the behavior receives that reaches it (witness).
	resources []*model.Resource
	witness   map[*model.Resource]string
	// undecided lists the resources for which the path matching work
	// exceeded its bounds: whether the behavior reaches them is unknown.
	undecided []*model.Resource
	// effect is what the behavior's viewer-request function does to the
	// paths it forwards (nil when nothing is reached).
	effect *funcEffect
	// known: the paths the behavior forwards are known, and the
	// resources were searched.
	known bool
}

// certainReach lists the API resources (with methods) that requests routed
// to behavior b certainly reach: viewer paths matching b's pattern but no
// earlier behavior's (CloudFront's first match wins), rewritten by its
// viewer-request CloudFront Function when it has one whose effect is
// known (forwardReach), forwarded with the origin path, matched by a
// resource without the trailing-slash tolerance. It is what rules that
// report a fault on reach (EL003, EL008) use; it finds nothing when any
// input is unknown, or when the function answers every request itself.
func (an *analysis) certainReach(oi *originInfo, b *model.Behavior) certain {
	a := oi.api
	if !oi.prefixesUsable || (oi.customDomain && len(oi.origin.Link.Domain.Mappings) != 1) {
		return certain{}
	}
	fr := an.forwardReach(oi, b)
	if fr == nil {
		return certain{}
	}
	c := certain{witness: map[*model.Resource]string{}, effect: fr.effect, known: true}
	prefixes := oi.prefixes
	exhausted := an.order(oi.dist).budget.Exhausted()
	for _, i := range an.candidates(a, prefixes, true, fr.LiteralPrefix()) {
		res := a.Resources[i]
		if exhausted {
			// The distribution's work is spent: every search left is
			// undecided, so none is started.
			c.undecided = append(c.undecided, res)
			continue
		}
		paths := resourcePaths(res)
		sure := true
	found:
		for _, pre := range prefixes {
			for _, p := range paths {
				t, err := an.template(pre, p, true)
				if err != nil {
					continue
				}
				w, ok, decided := fr.Reaches(t)
				if ok && decided {
					c.resources = append(c.resources, res)
					c.witness[res] = w
					sure = true
					break found
				}
				sure = sure && decided
			}
		}
		if !sure {
			c.undecided = append(c.undecided, res)
		}
	}
	return c
}

// throughFunction says, for a message, how the viewer-request function of
// a behavior sends viewer path v on ("" when no function ran): the
// function named, and the path it forwards.
func (an *analysis) throughFunction(eff *funcEffect, pattern, v string) string {
	if !eff.runs() {
		return ""
	}
	return eff.describe(an, pattern, eff.rewrite(v))
}

// notFound is what the viewer gets when API Gateway finds no stage or no
// resource: REST APIs answer 403 Missing Authentication Token, HTTP APIs
// 404 Not Found (aws-facts §2, §6).
func notFound(a *model.API) string {
	if a.Kind == model.HTTP {
		return "404 Not Found"
	}
	return "403 Missing Authentication Token"
}

// noBasePath reports whether a mapping's base path is the empty "(none)".
func noBasePath(bp model.Str) bool {
	v := strings.Trim(bp.V, "/")
	return !bp.Set || v == "" || v == "(none)"
}

// decideMapping computes, for an origin on a custom domain, the prefixes
// under which the mapped API serves its resources, and whether the origin
// path repeats a stage the mapping already supplies. API Gateway picks the
// mapping whose base path is the longest prefix of the request path; the
// stage comes from the mapping, or, for a REST mapping without a stage,
// from the path segment after the base path (aws-facts §7).
func (an *analysis) decideMapping(oi *originInfo) {
	dn := oi.origin.Link.Domain
	if len(dn.Mappings) == 0 {
		return
	}
	for _, m := range dn.Mappings {
		if m.API != oi.api || (m.BasePath.Set && !m.BasePath.Known) || an.syms.HasUnknown(m.BasePath.V) {
			return
		}
		base := ""
		if !noBasePath(m.BasePath) {
			base = "/" + strings.Trim(m.BasePath.V, "/")
		}
		switch {
		case m.Stage.Set && m.Stage.Known:
			oi.prefixes = append(oi.prefixes, base)
		case m.Stage.Set:
			return
		default:
			stages, undecided := an.stagePrefixes(oi.api)
			for _, st := range stages {
				oi.prefixes = append(oi.prefixes, base+st)
			}
			oi.prefixesUndecided = oi.prefixesUndecided || undecided
		}
	}
	oi.prefixesUsable = true

	// An origin path whose segment after the (none) base path names the
	// mapped stage sends requests to "/<stage>/<stage>/…".
	op := oi.origin.OriginPath
	if len(dn.Mappings) != 1 || !op.Known || op.V == "" {
		return
	}
	m := dn.Mappings[0]
	if !noBasePath(m.BasePath) || !m.Stage.Set || !m.Stage.IsLiteral() {
		return
	}
	if seg := firstSegment(op.V); seg == m.Stage.V {
		if oi.api.ResourcesUnknown != "" {
			return // a resource of that name may be among those not known
		}
		for _, r := range oi.api.Resources {
			if r.Path.Known && firstSegment(r.Path.V) == seg {
				return // the API has a resource of that name: not a repetition
			}
		}
		oi.repeatedStage = seg
		oi.stage = stageUnknownName
	}
}

// via returns the related location of a value written by a caller (a
// module argument, a tfvars entry): the attribute that used it.
func via(s model.Str) []Related {
	if s.Via.IsZero() {
		return nil
	}
	return []Related{{Message: "used here", Range: s.Via}}
}

// construct names the CDK construct an entity was synthesized from, so a
// CDK user knows which construct to change (aws:cdk:path metadata).
func construct(src model.Source) []string {
	if src.Path == "" {
		return nil
	}
	n := "CDK construct: " + src.Path
	if src.Stack != "" && !strings.HasPrefix(src.Path, src.Stack+"/") {
		n += " (stack " + src.Stack + ")"
	}
	return []string{n}
}
