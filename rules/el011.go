package rules

import (
	"slices"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// EL011 reports a behavior that sends the distribution's home URL to the
// root of an API whose root resource has no method.
var EL011 = register(&Rule{
	Code:     "EL011",
	Name:     "root-without-method",
	Severity: Warning,
	Summary:  "A behavior sends the home URL (/) to a REST API's root, which has no method while a greedy /{proxy+} resource serves the other paths",
	Doc:      doc("EL011"),
	Requires: []*Analysis{Origins},
	Run:      runEL011,
})

// AspectRoot is the API root a behavior sends the home URL to.
const AspectRoot Aspect = "root"

func runEL011(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	for _, oi := range an.origins {
		for _, h := range an.rootHits(oi) {
			out = append(out, h.f)
		}
	}
	return out
}

// rootHit is a behavior that sends viewer path viewer to the root of its
// API, which has no method: EL011's finding f.
type rootHit struct {
	b      *model.Behavior
	viewer string
	f      Finding
}

// rootWithoutMethod decides, for one origin, which behaviors send a
// viewer path to the root of its API, which has no method: the behavior
// that receives the home URL "/" and forwards it unchanged, and each
// behavior whose viewer-request CloudFront Function rewrites a path it
// receives to the root ("/api/" to "/" when it strips "/api"). Every input
// must be known: the behavior that receives the path (CloudFront's first
// match), no default root object where "/" itself is in question (it turns
// "/" into "/<object>"), the function's effect, the origin path, the stage
// and the API's resources.
func rootWithoutMethod(an *analysis, oi *originInfo) []rootHit {
	a, d := oi.api, oi.dist
	// A missing or wrong stage is EL001's or EL002's (one fault, one
	// finding); an API without stages is EL006's.
	// REST APIs only: whether an HTTP API's /{proxy+} route matches the
	// root is not documented (aws-facts §6), and its $default route does.
	if a.Kind != model.REST || an.rootCause(oi) || oi.stage != stageOK || oi.unused || d.Dynamic {
		return nil
	}
	if a.ResourcesUnknown != "" || !oi.prefixesUsable || oi.prefixesUndecided || len(oi.prefixes) == 0 {
		return nil
	}
	// A resource with a method that answers the root (a method on "/", an
	// HTTP API's $default route), or whose path is unknown and may.
	rootServed := func(fwd string) bool {
		for _, res := range a.Resources {
			if !res.HasMethods() {
				continue
			}
			if !res.Path.Known {
				return true
			}
			for _, p := range resourcePaths(res) {
				for _, pre := range oi.prefixes {
					t, err := an.template(pre, p, false)
					if err == nil && t.Match(fwd) {
						return true
					}
				}
			}
		}
		return false
	}
	droNone := d.DefaultRootObject.Known && d.DefaultRootObject.V == ""
	var out []rootHit
	if h, ok := homeRoot(an, oi, droNone, rootServed); ok {
		out = append(out, h)
	}
	for _, b := range oi.behaviors {
		if h, ok := rewrittenRoot(an, oi, b, droNone, rootServed); ok {
			out = append(out, h)
		}
	}
	return out
}

// homeRoot decides whether the behavior that receives the home URL "/"
// forwards it unchanged (no function may change it, or its function
// forwards every path unchanged) to the root of the origin's API.
func homeRoot(an *analysis, oi *originInfo, droNone bool, rootServed func(string) bool) (rootHit, bool) {
	o, d := oi.origin, oi.dist
	if !droNone {
		return rootHit{}, false
	}
	// The behavior that receives "/": the first whose pattern matches it.
	var b *model.Behavior
	for _, c := range d.Behaviors {
		if !an.patternKnown(c.PathPattern) {
			return rootHit{}, false
		}
		if pathmatch.CompileGlob("", normalise(c.PathPattern.V)).Match("/") {
			b = c
			break
		}
	}
	if b == nil || b.Origin != o || !slices.Contains(oi.behaviors, b) {
		return rootHit{}, false
	}
	if _, bad := oi.badStageBehaviors[b]; bad {
		return rootHit{}, false
	}
	op, _, eff, ok := an.forwardInputs(oi, b)
	if !ok || (eff.kind != effectNone && eff.kind != effectIdentity) {
		// A function that rewrites the path: rewrittenRoot decides.
		return rootHit{}, false
	}
	// The forwarded path must be the root of the API under one of the
	// prefixes it is served under (a stage, a base path mapping).
	fwd := op + "/"
	if !slices.Contains(oi.prefixes, op) || rootServed(fwd) {
		return rootHit{}, false
	}
	// The behavior reaches a greedy resource right under the root (the
	// catch-all /{proxy+} that is taken to serve every path, which never
	// matches the root itself). An API of named resources only does not
	// mean to serve "/", which is then one more path it does not serve
	// (and a behavior that reaches no resource is EL004's).
	proxy := rootProxy(an, oi, b)
	if proxy == nil {
		return rootHit{}, false
	}
	return rootHit{b, "/", rootFinding(an, oi, b, "/", fwd, eff, proxy)}, true
}

// rewrittenRoot decides whether behavior b, whose viewer-request function
// rewrites the paths it forwards (a prefix replaced, or every path made
// one), receives a viewer path that the function sends to the root of
// the origin's API (CloudFront's first match, the function's effect
// found by running it: forwardReach).
func rewrittenRoot(an *analysis, oi *originInfo, b *model.Behavior, droNone bool, rootServed func(string) bool) (rootHit, bool) {
	if _, bad := oi.badStageBehaviors[b]; bad {
		return rootHit{}, false
	}
	if b.Origin != oi.origin {
		// As for the home URL: the origin the behavior sends requests
		// to (an origin group's primary), not a failover.
		return rootHit{}, false
	}
	if fn, ok := viewerFunction(b); !ok || fn == nil {
		// No function that may rewrite the path, or one whose effect
		// is unknown.
		return rootHit{}, false
	}
	fr := an.forwardReach(oi, b)
	if fr == nil || (fr.effect.kind != effectPrefix && fr.effect.kind != effectConstant) {
		return rootHit{}, false
	}
	viewer, fwd := "", ""
	for _, pre := range oi.prefixes {
		t, err := an.template(pre, "/", true)
		if err != nil {
			continue
		}
		if w, ok, decided := fr.Reaches(t); ok && decided {
			viewer, fwd = w, pre+"/"
			break
		}
	}
	// A default root object, or one not known, may turn the home URL into
	// another path before the function sees it (whether CloudFront
	// applies it first is not documented): "/" is then not judged.
	if viewer == "" || (viewer == "/" && !droNone) || rootServed(fwd) {
		return rootHit{}, false
	}
	// As for the home URL: the API serves the other paths with a greedy
	// resource right under the root that the behavior reaches (through
	// the function), so a root without a method is a gap, not a choice;
	// a function whose paths reach no resource at all is EL004's.
	proxy := rootProxy(an, oi, b)
	if proxy == nil {
		return rootHit{}, false
	}
	return rootHit{b, viewer, rootFinding(an, oi, b, viewer, fwd, fr.effect, proxy)}, true
}

// rootProxy returns a resource with methods of the origin's API whose
// path is a greedy parameter right under the root ("/{proxy+}") and that
// behavior b certainly reaches through the origin (after its
// viewer-request function), or nil.
func rootProxy(an *analysis, oi *originInfo, b *model.Behavior) *model.Resource {
	// The paths the behavior forwards, through its viewer-request
	// function when it has one whose effect is known.
	op, pat, _, ok := an.forwardInputs(oi, b)
	if !ok {
		return nil
	}
	g := pathmatch.CompileGlob(op, normalise(pat))
	budget := an.order(oi.dist).meet
	for _, res := range oi.api.Resources {
		p := res.Path.V
		if !res.HasMethods() || !res.Path.IsLiteral() || res.CatchAll ||
			!strings.HasPrefix(p, "/{") || !strings.HasSuffix(p, "+}") || strings.Count(p, "/") != 1 {
			continue
		}
		for _, pre := range oi.prefixes {
			t, err := an.template(pre, p, false)
			if err != nil {
				continue
			}
			if _, ok, decided := pathmatch.IntersectsWithin(g, t, budget); ok && decided {
				return res
			}
		}
	}
	return nil
}

func rootFinding(an *analysis, oi *originInfo, b *model.Behavior, viewer, fwd string, eff *funcEffect, proxy *model.Resource) Finding {
	a, o := oi.api, oi.origin
	what := "behavior " + quote(b.PathPattern.V)
	if b.Default {
		what = "the default behavior"
	}
	host := an.display(model.ParseOriginDomain(o.DomainName.V).Host)
	notes := []string{
		"add a method on the root resource \"/\" of " + a.Source.Address + " (for example ANY / with the proxy resource's integration)",
		"the proxy resource " + proxy.Path.V + " matches one or more path segments, never the root itself",
	}
	sends := "the distribution's home URL (viewer path \"/\")"
	if viewer != "/" {
		sends = "viewer path " + quote(an.display(viewer))
	}
	through := ""
	if d := an.throughFunction(eff, b.PathPattern.V, viewer); d != "" {
		through = " (" + d + ")"
		notes = append(notes, "edgelint ran the viewer-request function on sample paths of the behavior; CloudFront appends the path it returns to the origin path")
	}
	f := Finding{
		Severity: Warning,
		Range:    b.PathPattern.Range,
		Message: what + " sends " + sends + " to https://" + host + an.display(fwd) + through +
			", the root of " + apiName(a) + ", which has no method: API Gateway answers " + notFound(a),
		Notes: append(notes, construct(oi.dist.Source)...),
		Related: append(via(b.PathPattern), Related{Message: "API " + a.Source.Address, Range: a.Source.Range},
			Related{Message: "proxy resource " + proxy.Path.V, Range: proxy.Range}),
		Subject: Subject{Distribution: oi.dist, Behavior: b, Aspect: AspectRoot},
	}
	if o.OriginPath.Set {
		f.Related = append(f.Related, Related{Message: "origin path " + quote(an.display(o.OriginPath.V)), Range: o.OriginPath.Range})
	}
	if through != "" {
		f.Related = append(f.Related, Related{Message: eff.name(), Range: eff.fn.Source.Anchor()})
	}
	return f
}
