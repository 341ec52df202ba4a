package rules

import (
	"context"
	"maps"
	"sort"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/edgefunc"
	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// effectKind is what a behavior's viewer-request CloudFront Function does
// to the paths the behavior forwards.
type effectKind int

const (
	// effectNone: no function may change the URI (none is associated,
	// or only ones on other events).
	effectNone effectKind = iota
	// effectUnknown: what reaches the origin cannot be known (Lambda@Edge,
	// a function not in the scan, a result that depends on the viewer,
	// samples that no simple mapping explains).
	effectUnknown
	// effectIdentity: the function runs and forwards every sampled path
	// unchanged.
	effectIdentity
	// effectPrefix: paths beginning with from go on with to in its place.
	effectPrefix
	// effectConstant: every path becomes to.
	effectConstant
	// effectResponse: the function answers every sampled request itself:
	// nothing reaches the origin.
	effectResponse
)

// noEffect is the effect of a behavior without a function that may change
// the URI.
var noEffect = &funcEffect{kind: effectNone}

// funcEffect is the effect of a behavior's viewer-request function,
// derived by running it on sample viewer paths.
type funcEffect struct {
	kind     effectKind
	fn       *model.EdgeFunction
	from, to string
	// status is the response's status (effectResponse).
	status int
	// setsHeaders: on some sample the function added, changed or removed
	// a request header; the headers that reach the origin are then not
	// only what the behavior forwards from the viewer.
	setsHeaders bool
}

// runs reports whether a function of the scan ran and decided what the
// behavior forwards.
func (e *funcEffect) runs() bool {
	return e != nil && e.fn != nil && e.kind != effectNone && e.kind != effectUnknown
}

// describe says what the function did to viewer path v, which it
// rewrote to rewritten, for a message.
func (e *funcEffect) describe(an *analysis, pattern, rewritten string) string {
	switch e.kind {
	case effectIdentity:
		return e.name() + " forwards the viewer path unchanged"
	case effectConstant:
		return e.name() + " rewrites every viewer path to " + an.display(e.to)
	case effectPrefix:
		v := e.viewerPath(rewritten)
		if v == "" {
			v = pathmatch.CompileGlob("", normalise(pattern)).Sample()
		}
		return e.name() + " rewrites the viewer path " + an.display(v) + " to " + an.display(rewritten)
	}
	return ""
}

// rewrite is the path the function forwards for viewer path v, which the
// behavior receives (effectNone, effectIdentity, effectPrefix,
// effectConstant).
func (e *funcEffect) rewrite(v string) string {
	switch e.kind {
	case effectPrefix:
		if rest, ok := strings.CutPrefix(v, e.from); ok {
			return e.to + rest
		}
	case effectConstant:
		return e.to
	}
	return v
}

// name is how the function is named in messages.
func (e *funcEffect) name() string {
	if d := e.fn.Display(); d != e.fn.Source.Address {
		return "CloudFront Function " + quote(d) + " (" + e.fn.Source.Address + ")"
	}
	return "CloudFront Function " + e.fn.Source.Address
}

// viewerPath is a viewer path the function rewrites to rewritten (the
// inverse of rewrite on the paths the behavior receives), "" when
// unknown.
func (e *funcEffect) viewerPath(rewritten string) string {
	switch e.kind {
	case effectPrefix:
		if rest, ok := strings.CutPrefix(rewritten, e.to); ok {
			return e.from + rest
		}
		return ""
	case effectIdentity:
		return rewritten
	}
	return ""
}

// sampleHeaders are the request headers of the sample runs.
var sampleHeaders = edgefunc.SampleHeaders()

// fnRuns memoises the runs of functions on sample requests: one function
// serves many behaviors and distributions.
type fnRuns struct {
	mu   sync.Mutex
	runs map[fnRunKey]edgefunc.Result
	// failed holds the functions a run of which exceeded a bound: they
	// are not run again, and their effect is unknown.
	failed  map[*model.EdgeFunction]bool
	effects map[effectKey]*funcEffect
}

type effectKey struct {
	oi *originInfo
	b  *model.Behavior
}

type fnRunKey struct {
	fn  *model.EdgeFunction
	uri string
}

func (an *analysis) runFunction(fn *model.EdgeFunction, uri string) edgefunc.Result {
	an.fx.mu.Lock()
	if an.fx.failed[fn] {
		an.fx.mu.Unlock()
		return edgefunc.Result{Outcome: edgefunc.Failed, Limit: true}
	}
	if r, ok := an.fx.runs[fnRunKey{fn, uri}]; ok {
		an.fx.mu.Unlock()
		return r
	}
	an.fx.mu.Unlock()
	r := edgefunc.Run(context.Background(), fn, edgefunc.Request{
		Method:  "GET",
		URI:     uri,
		Headers: maps.Clone(sampleHeaders),
	})
	an.fx.mu.Lock()
	defer an.fx.mu.Unlock()
	if an.fx.runs == nil {
		an.fx.runs, an.fx.failed = map[fnRunKey]edgefunc.Result{}, map[*model.EdgeFunction]bool{}
	}
	an.fx.runs[fnRunKey{fn, uri}] = r
	if r.Outcome == edgefunc.Failed && r.Limit {
		an.fx.failed[fn] = true
	}
	return r
}

// viewerFunction returns the CloudFront Function that runs on b's viewer
// requests; ok is false when what reaches the origin cannot be known
// from it: a Lambda@Edge function or an association of unknown event
// type that may change the URI, more than one association that may, or
// a function that is not in the scan. fn is nil (and ok true) when no
// association may change the URI.
func viewerFunction(b *model.Behavior) (fn *model.EdgeFunction, ok bool) {
	var found *model.FunctionAssociation
	for i := range b.Functions {
		f := &b.Functions[i]
		if !f.RewritesPath() {
			continue
		}
		// Lambda@Edge, an unknown event type, an origin-request
		// CloudFront Function (which CloudFront does not run), or a
		// second function: unknown.
		if f.Lambda || !f.EventType.Known || f.EventType.V != "viewer-request" || found != nil {
			return nil, false
		}
		found = f
	}
	if found == nil {
		return nil, true
	}
	if found.Function == nil {
		return nil, false
	}
	return found.Function, true
}

// effect derives what b's viewer-request function does to the paths b
// receives through oi, running it on sample viewer paths (memoised).
func (an *analysis) effect(oi *originInfo, b *model.Behavior) *funcEffect {
	an.fx.mu.Lock()
	if e, ok := an.fx.effects[effectKey{oi, b}]; ok {
		an.fx.mu.Unlock()
		return e
	}
	an.fx.mu.Unlock()
	e := an.deriveEffect(oi, b)
	an.fx.mu.Lock()
	if an.fx.effects == nil {
		an.fx.effects = map[effectKey]*funcEffect{}
	}
	an.fx.effects[effectKey{oi, b}] = e
	an.fx.mu.Unlock()
	return e
}

func (an *analysis) deriveEffect(oi *originInfo, b *model.Behavior) *funcEffect {
	fn, ok := viewerFunction(b)
	if !ok {
		return &funcEffect{kind: effectUnknown}
	}
	if fn == nil {
		return &funcEffect{kind: effectNone}
	}
	unknown := &funcEffect{kind: effectUnknown, fn: fn}
	if !an.patternKnown(b.PathPattern) {
		return unknown
	}
	samples := an.samplePaths(oi, b, fn)
	if len(samples) < 2 {
		return unknown
	}
	out := make([]string, len(samples))
	responses, status := 0, 0
	setsHeaders := false
	for i, v := range samples {
		r := an.runFunction(fn, v)
		if r.Outcome == edgefunc.Failed || r.Outcome == edgefunc.Unknown || len(r.Reads) > 0 {
			// A failure, a bound exceeded, something edgelint cannot
			// know, or a result that depends on the viewer (a header, a
			// cookie, the query string): the effect is unknown.
			return unknown
		}
		if r.Outcome == edgefunc.Response {
			responses++
			status = r.Status
			continue
		}
		out[i] = r.URI
		setsHeaders = setsHeaders || !maps.Equal(r.Headers, sampleHeaders)
	}
	switch responses {
	case len(samples):
		return &funcEffect{kind: effectResponse, fn: fn, status: status}
	case 0:
	default:
		return unknown
	}
	if e := mapping(samples, out); e != nil {
		e.fn, e.setsHeaders = fn, setsHeaders
		return e
	}
	return unknown
}

// mapping finds the simple mapping that explains every sample: identity,
// one constant path, or a prefix replaced by another; nil when none does.
func mapping(in, out []string) *funcEffect {
	same, constant := true, true
	for i := range in {
		same = same && in[i] == out[i]
		constant = constant && out[i] == out[0]
	}
	if same {
		return &funcEffect{kind: effectIdentity}
	}
	if constant {
		return &funcEffect{kind: effectConstant, to: out[0]}
	}
	// Each sample proposes the prefixes its longest common suffix with
	// its result leaves; the shortest that explains all samples wins.
	type cand struct{ from, to string }
	var cands []cand
	for i := range in {
		v, u := in[i], out[i]
		n := 0
		for n < len(v) && n < len(u) && v[len(v)-1-n] == u[len(u)-1-n] {
			n++
		}
		for k := n; k >= 0; k-- {
			cands = append(cands, cand{v[:len(v)-k], u[:len(u)-k]})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return len(cands[i].from) < len(cands[j].from) })
	for _, c := range cands {
		ok := true
		for i := range in {
			rest, has := strings.CutPrefix(in[i], c.from)
			if !has || out[i] != c.to+rest {
				ok = false
				break
			}
		}
		if ok {
			return &funcEffect{kind: effectPrefix, from: c.from, to: c.to}
		}
	}
	return nil
}

// sampleFillers stand for what a '*' of a pattern matches in the sample
// viewer paths: nothing, a name, two segments, a page, an asset.
var sampleFillers = []string{"", "edgelint", "a/b", "index.html", "a.css"}

// maxResourceSamples bounds the sample paths drawn from the API.
const maxResourceSamples = 8

// samplePaths are the viewer paths b is sampled on: paths its pattern
// matches (each '*' filled alike), the API's resource paths (with the
// prefixes they are served under, and without) placed under the pattern's
// literal part, which is what a function stripping that part would
// forward to them, and the paths the function's code names (a string or
// a regular expression beginning with "/"), so that a function that
// rewrites only the paths it tests for is not taken to leave every path
// unchanged.
func (an *analysis) samplePaths(oi *originInfo, b *model.Behavior, fn *model.EdgeFunction) []string {
	pat := normalise(b.PathPattern.V)
	g := pathmatch.CompileGlob("", pat)
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] && g.Match(p) {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, f := range sampleFillers {
		add(strings.ReplaceAll(strings.ReplaceAll(pat, "*", f), "?", "x"))
	}
	base := strings.TrimSuffix(pathmatch.LiteralPrefix(pat), "/")
	if i := strings.LastIndexByte(base, '/'); i >= 0 && i < len(base)-1 && strings.ContainsAny(pat[len(base):], "*?") && !strings.HasPrefix(pat[len(base):], "/") {
		// "/api*": the literal part ends inside a segment.
		base = base[:i]
	}
	n := 0
	for _, p := range an.methodPaths(oi.api) {
		if n >= maxResourceSamples {
			break
		}
		c := concrete(p)
		if c == "" {
			continue
		}
		added := false
		for _, pre := range append([]string{""}, oi.prefixes...) {
			before := len(out)
			add(base + pre + c)
			added = added || len(out) > before
		}
		if added {
			n++
		}
	}
	for _, l := range codePaths(fn.Code.V) {
		for _, f := range []string{"", "x", "/x", "/a/b"} {
			add(l + f)
			if !strings.HasPrefix(l, base+"/") && base != "" {
				add(base + l + f)
			}
		}
	}
	sort.Strings(out)
	return out
}

// maxCodePaths bounds the paths taken from a function's code.
const maxCodePaths = 16

// codePathRE finds path-like literals in JavaScript: quoted strings
// beginning with "/", and regular expressions anchored at the start whose
// leading part is literal ("/^\/api\/v2\//").
var codePathRE = lazyre.New(`'(/[A-Za-z0-9_.~/-]*)'|"(/[A-Za-z0-9_.~/-]*)"|` + "`" + `(/[A-Za-z0-9_.~/-]*)` + "`" + `|/\^((?:\\/|[A-Za-z0-9_.~-])+)`)

// codePaths returns the path-like literals of code, in order, without
// repeats.
func codePaths(code string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range codePathRE().FindAllStringSubmatch(code, -1) {
		p := m[1] + m[2] + m[3] + strings.ReplaceAll(m[4], `\/`, "/")
		if p == "" || !strings.HasPrefix(p, "/") || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
		if len(out) == maxCodePaths {
			break
		}
	}
	return out
}

// concrete is a path of resource path template p with its parameters
// filled ("/users/{id}" → "/users/1", "/{proxy+}" → "/a/b"); "" when p
// holds an unknown value.
func concrete(p string) string {
	if model.HasToken(p) {
		return ""
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if strings.HasSuffix(s, "+}") {
				segs[i] = "a/b"
			} else {
				segs[i] = "1"
			}
		}
	}
	return strings.Join(segs, "/")
}

// forwardedPattern is the pattern of the paths behavior b forwards after
// its viewer-request function, given what the function does: the
// pattern itself, with its literal prefix replaced, or the one path every
// request becomes; ok is false when that cannot be written as a pattern.
func forwardedPattern(pat string, e *funcEffect) (string, bool) {
	pat = normalise(pat)
	switch e.kind {
	case effectNone, effectIdentity:
		return pat, true
	case effectPrefix:
		rest, ok := strings.CutPrefix(pat, e.from)
		if !ok || !strings.HasPrefix(pathmatch.LiteralPrefix(pat), e.from) || strings.ContainsAny(e.to, "*?") {
			return "", false
		}
		np := e.to + rest
		if !strings.HasPrefix(np, "/") {
			return "", false
		}
		return np, true
	case effectConstant:
		if strings.ContainsAny(e.to, "*?") || !strings.HasPrefix(e.to, "/") {
			return "", false
		}
		return e.to, true
	}
	return "", false
}
