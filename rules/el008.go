package rules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL008 reports a behavior whose allowed methods leave out methods the API
// serves on the paths the behavior receives.
var EL008 = register(&Rule{
	Code:     "EL008",
	Name:     "method-not-allowed",
	Severity: Warning,
	Summary:  "The API serves a method on a path the behavior receives that the behavior's allowed methods leave out, so CloudFront answers 403 itself",
	Doc:      doc("EL008"),
	Requires: []*Analysis{Origins},
	Run:      runEL008,
})

// allowedSets are the allowed-method sets CloudFront accepts, smallest
// first (aws-facts §9).
var allowedSets = [][]string{
	{"GET", "HEAD"},
	{"GET", "HEAD", "OPTIONS"},
	{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"},
}

// methodOrder orders methods in messages as CloudFront lists them.
var methodOrder = map[string]int{"GET": 0, "HEAD": 1, "OPTIONS": 2, "PUT": 3, "POST": 4, "PATCH": 5, "DELETE": 6}

// preflighted are the methods a browser always sends a CORS preflight
// (OPTIONS) for; a POST is preflighted only with some bodies (a JSON
// one), which the configuration does not tell.
var preflighted = map[string]bool{"PUT": true, "PATCH": true, "DELETE": true}

// blocked is one method the API serves on a path the behavior receives
// that the behavior does not allow.
type blocked struct {
	method string
	paths  []string
	rng    model.Range
	// viewer is a viewer path the behavior receives that reaches the
	// first of paths.
	viewer string
}

func runEL008(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	seen := map[*model.Behavior]bool{}
	apiVerbs := map[*model.API]map[string]bool{}
	for _, oi := range an.origins {
		if an.rootCause(oi) {
			continue
		}
		for _, b := range oi.behaviors {
			if _, bad := oi.badStageBehaviors[b]; bad || seen[b] || !b.AllowedMethods.AllKnown() {
				continue
			}
			allowed := map[string]bool{}
			for _, m := range b.AllowedMethods.Items {
				allowed[strings.ToUpper(strings.TrimSpace(m.V))] = true
			}
			if !mayMiss(verbs(oi.api, apiVerbs), allowed) {
				// No method of the API is left out: the reach of the
				// behavior is not computed.
				continue
			}
			cr := an.certainReach(oi, b)
			miss := map[string]*blocked{}
			for _, res := range cr.resources {
				for _, m := range res.Methods {
					if !m.HTTPMethod.Known {
						continue
					}
					hm := strings.ToUpper(m.HTTPMethod.V)
					// ANY says nothing of the methods clients use; GET
					// and HEAD are in every set (HEAD is served by GET).
					if _, ok := methodOrder[hm]; !ok || hm == "GET" || hm == "HEAD" || allowed[hm] {
						continue
					}
					x := miss[hm]
					if x == nil {
						x = &blocked{method: hm, rng: m.HTTPMethod.Range, viewer: cr.witness[res]}
						miss[hm] = x
					}
					x.paths = append(x.paths, an.display(resourcePath(res)))
				}
			}
			if x := miss["OPTIONS"]; x != nil && !needsPreflight(allowed, miss) {
				// A CORS preflight matters only for methods that are
				// preflighted and allowed (or to be allowed).
				delete(miss, "OPTIONS")
			}
			if len(miss) == 0 {
				continue
			}
			seen[b] = true
			out = append(out, el008Finding(an, oi, b, cr.effect, allowed, miss))
		}
	}
	return out
}

// verbs returns the methods (upper case) a's resources serve, computed
// once per API.
func verbs(a *model.API, memo map[*model.API]map[string]bool) map[string]bool {
	if v, ok := memo[a]; ok {
		return v
	}
	v := map[string]bool{}
	for _, res := range a.Resources {
		for _, m := range res.Methods {
			if m.HTTPMethod.Known {
				v[strings.ToUpper(m.HTTPMethod.V)] = true
			}
		}
	}
	memo[a] = v
	return v
}

// mayMiss reports whether the API serves a method, other than GET, HEAD
// and ANY, that allowed leaves out.
func mayMiss(v, allowed map[string]bool) bool {
	for m := range v {
		if _, ok := methodOrder[m]; ok && m != "GET" && m != "HEAD" && !allowed[m] {
			return true
		}
	}
	return false
}

func needsPreflight(allowed map[string]bool, miss map[string]*blocked) bool {
	for m := range preflighted {
		if allowed[m] || miss[m] != nil {
			return true
		}
	}
	return false
}

// coveringSet returns the smallest allowed-method set CloudFront accepts
// that holds every method of need.
func coveringSet(need map[string]bool) []string {
	for _, s := range allowedSets {
		ok := true
		for m := range need {
			if !slices.Contains(s, m) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
	}
	return allowedSets[len(allowedSets)-1]
}

func el008Finding(an *analysis, oi *originInfo, b *model.Behavior, eff *funcEffect, allowed map[string]bool, miss map[string]*blocked) Finding {
	var ms []*blocked
	for _, x := range miss {
		ms = append(ms, x)
	}
	sortBlocked(ms)
	need := map[string]bool{}
	for m := range allowed {
		need[m] = true
	}
	var parts []string
	for _, x := range ms {
		need[x.method] = true
		parts = append(parts, x.method+" "+pathList(x.paths))
	}
	set := coveringSet(need)
	cur := make([]string, 0, len(b.AllowedMethods.Items))
	for _, m := range b.AllowedMethods.Items {
		cur = append(cur, m.V)
	}
	through := ""
	if d := an.throughFunction(eff, b.PathPattern.V, ms[0].viewer); d != "" {
		through = " (" + d + ")"
	}
	f := Finding{
		Severity: Warning,
		Range:    b.AllowedMethods.Range,
		Message: behaviorName(b) + " allows only " + strings.Join(cur, ", ") + ", but " + apiName(oi.api) + " serves " + strings.Join(parts, "; ") +
			" on paths the behavior receives" + through + ": CloudFront answers those requests 403 itself (the distribution is not configured to allow the method) and they never reach the API",
		Notes:   []string{"allow " + strings.Join(set, ", ") + " (CloudFront accepts only GET, HEAD; GET, HEAD, OPTIONS; or all seven methods)"},
		Subject: Subject{Distribution: oi.dist, Behavior: b, Aspect: AspectAllowedMethods},
	}
	if x := miss["OPTIONS"]; x != nil {
		f.Notes = append(f.Notes, "browsers send a CORS preflight (OPTIONS) before "+preflightList(need)+" requests: without OPTIONS those fail in browsers")
	}
	for _, x := range ms {
		f.Related = append(f.Related, Related{Message: "method " + x.method + " " + x.paths[0], Range: x.rng})
	}
	if len(b.AllowedMethods.Items) > 0 {
		f.Related = append(f.Related, via(b.AllowedMethods.Items[0])...)
	}
	if l := b.AllowedMethods; l.Set && !l.Range.IsZero() {
		// The fix package checks the list is written as exactly these
		// literals, and drops the fix otherwise.
		f.Fix = &Fix{Description: "allow " + strings.Join(set, ", "), List: &ListEdit{Range: l.Range, Old: l.Values(), New: set}}
	}
	if through != "" {
		f.Related = append(f.Related, Related{Message: eff.name(), Range: eff.fn.Source.Anchor()})
	}
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	return f
}

func preflightList(need map[string]bool) string {
	var out []string
	for _, m := range allowedSets[2] {
		if preflighted[m] && need[m] {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}

func sortBlocked(ms []*blocked) {
	slices.SortFunc(ms, func(a, b *blocked) int { return methodOrder[a.method] - methodOrder[b.method] })
}

// pathList names up to three paths, and how many more there are.
func pathList(paths []string) string {
	seen := map[string]bool{}
	var u []string
	for _, p := range paths {
		if !seen[p] {
			seen[p] = true
			u = append(u, p)
		}
	}
	if len(u) <= 3 {
		return strings.Join(u, ", ")
	}
	return strings.Join(u[:3], ", ") + " and " + strconv.Itoa(len(u)-3) + " more"
}
