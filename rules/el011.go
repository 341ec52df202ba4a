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
		if f, ok := rootWithoutMethod(an, oi); ok {
			out = append(out, f)
		}
	}
	return out
}

// rootWithoutMethod decides, for one origin, whether the viewer path "/"
// reaches it and is forwarded to the root of its API, which has no
// method. Every input must be known: the behavior that receives "/"
// (CloudFront's first match), no default root object (which turns "/"
// into "/<object>"), the origin path, the stage and the API's resources.
func rootWithoutMethod(an *analysis, oi *originInfo) (Finding, bool) {
	a, o, d := oi.api, oi.origin, oi.dist
	// A missing or wrong stage is EL001's or EL002's (one fault, one
	// finding); an API without stages is EL006's.
	// REST APIs only: whether an HTTP API's /{proxy+} route matches the
	// root is not documented (aws-facts §6), and its $default route does.
	if a.Kind != model.REST || an.rootCause(oi) || oi.stage != stageOK || oi.unused || d.Dynamic {
		return Finding{}, false
	}
	if a.ResourcesUnknown != "" || !oi.prefixesUsable || oi.prefixesUndecided || len(oi.prefixes) == 0 {
		return Finding{}, false
	}
	if dro := d.DefaultRootObject; !dro.Known || dro.V != "" {
		return Finding{}, false
	}
	// The behavior that receives "/": the first whose pattern matches it.
	var b *model.Behavior
	for _, c := range d.Behaviors {
		if !an.patternKnown(c.PathPattern) {
			return Finding{}, false
		}
		if pathmatch.CompileGlob("", normalise(c.PathPattern.V)).Match("/") {
			b = c
			break
		}
	}
	if b == nil || b.Origin != o || !slices.Contains(oi.behaviors, b) {
		return Finding{}, false
	}
	if _, bad := oi.badStageBehaviors[b]; bad {
		return Finding{}, false
	}
	op, _, ok := an.reachInputs(oi, b)
	if !ok {
		return Finding{}, false
	}
	// The forwarded path must be the root of the API under one of the
	// prefixes it is served under (a stage, a base path mapping).
	fwd := op + "/"
	var root string
	for _, pre := range oi.prefixes {
		if fwd == pre+"/" {
			root = fwd
		}
	}
	if root == "" {
		return Finding{}, false
	}
	// A resource with a method that answers the root (a method on "/", an
	// HTTP API's $default route), or whose path is unknown and may.
	for _, res := range a.Resources {
		if !res.HasMethods() {
			continue
		}
		if !res.Path.Known {
			return Finding{}, false
		}
		for _, p := range resourcePaths(res) {
			for _, pre := range oi.prefixes {
				t, err := an.template(pre, p, false)
				if err == nil && t.Match(fwd) {
					return Finding{}, false
				}
			}
		}
	}
	// The behavior reaches a greedy resource right under the root (the
	// catch-all /{proxy+} that is taken to serve every path, which never
	// matches the root itself). An API of named resources only does not
	// mean to serve "/", which is then one more path it does not serve
	// (and a behavior that reaches no resource is EL004's).
	proxy := rootProxy(an, oi, b)
	if proxy == nil {
		return Finding{}, false
	}
	return rootFinding(an, oi, b, fwd, proxy), true
}

// rootProxy returns a resource with methods of the origin's API whose
// path is a greedy parameter right under the root ("/{proxy+}") and that
// behavior b certainly reaches through the origin, or nil.
func rootProxy(an *analysis, oi *originInfo, b *model.Behavior) *model.Resource {
	op, pat, ok := an.reachInputs(oi, b)
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

func rootFinding(an *analysis, oi *originInfo, b *model.Behavior, fwd string, proxy *model.Resource) Finding {
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
	f := Finding{
		Severity: Warning,
		Range:    b.PathPattern.Range,
		Message: what + " sends the distribution's home URL (viewer path \"/\") to https://" + host + an.display(fwd) +
			", the root of " + apiName(a) + ", which has no method: API Gateway answers " + notFound(a),
		Notes: append(notes, construct(oi.dist.Source)...),
		Related: append(via(b.PathPattern), Related{Message: "API " + a.Source.Address, Range: a.Source.Range},
			Related{Message: "proxy resource " + proxy.Path.V, Range: proxy.Range}),
		Subject: Subject{Distribution: oi.dist, Behavior: b, Aspect: AspectRoot},
	}
	if o.OriginPath.Set {
		f.Related = append(f.Related, Related{Message: "origin path " + quote(an.display(o.OriginPath.V)), Range: o.OriginPath.Range})
	}
	return f
}
