package rules

import (
	"slices"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// EL001 reports an origin that reaches an API's execute-api endpoint
// without naming a stage.
var EL001 = register(&Rule{
	Code:     "EL001",
	Name:     "origin-missing-stage",
	Severity: Error,
	Summary:  "An origin reaches a REST API (or an HTTP API's named stage) but no forwarded path begins with a stage (a warning when viewer URLs may carry it)",
	Doc:      doc("EL001"),
	Requires: []*Analysis{Origins},
	Run:      runEL001,
})

func runEL001(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	for _, oi := range an.origins {
		if oi.stage == stageUndecided && oi.tooComplex != nil && !an.domainOwned(oi) && !oi.unused {
			b := oi.tooComplex
			out = append(out, Finding{
				Severity: Info,
				Range:    b.PathPattern.Range,
				Message: "too complex to decide whether " + behaviorName(b) + " receives viewer paths that begin with a stage of " + apiName(oi.api) +
					": origin " + quote(an.display(oi.origin.ID.V)) + " names no stage in its origin path, and the path matching exceeded its work bounds, so whether requests reach a stage is unknown",
				Notes:   []string{"the behaviors before it may take every such path (CloudFront's first match wins); check by hand, or set the origin path to the stage"},
				Subject: Subject{Distribution: oi.dist, Behavior: b},
			})
			continue
		}
		if (oi.stage != stageMissing && oi.stage != stageFromViewer) || an.domainOwned(oi) {
			continue
		}
		o, a := oi.origin, oi.api
		at := o.OriginPath
		if !o.OriginPath.Set {
			at = o.DomainName
		}
		rng := at.Range
		api := "REST API " + apiName(a)
		if a.Kind == model.HTTP {
			api = "HTTP API " + apiName(a) + ", which has no $default stage,"
		}
		f := Finding{
			Severity: Error,
			Range:    rng,
			Message: "origin " + quote(an.display(o.ID.V)) + " reaches the execute-api endpoint of " + api +
				" without a stage: neither its origin path nor the path patterns of the behaviors using it begin with one, so every request gets " + notFound(a),
			Notes: []string{
				"stages of " + a.Source.Address + ": " + stageList(an, a),
				"an execute-api URL is https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/<resource path>; set the origin path to \"/<stage>\"",
			},
			Subject: Subject{Distribution: oi.dist, Origin: o},
		}
		switch {
		case oi.unused:
			// No request reaches the origin: nothing fails today.
			f.Severity = Info
			f.Message = "no behavior sends requests to origin " + quote(an.display(o.ID.V)) + ", so nothing fails yet: it points at the execute-api endpoint of " +
				api + " without a stage in its origin path, and once a behavior uses it every path that does not begin with a stage gets " + notFound(a)
		case oi.stage == stageFromViewer:
			f.Severity = Warning
			f.Message = "origin " + quote(an.display(o.ID.V)) + " reaches the execute-api endpoint of " + api +
				" without a stage in its origin path: only viewer URLs that begin with " + an.viewerPrefixes(oi.viewerStages) +
				" reach the API; " + otherPaths(an, oi) + " " + notFound(a) + " — set the origin path to " + an.stagePaths(a) + " to serve them without it"
			st := an.display(oi.viewerStages[0].V)
			f.Notes[1] = "viewers that put the stage in their URLs are served; with the origin path set to the stage they must leave it out (/" +
				st + "/x would reach /" + st + "/" + st + "/x), so choose one of the two"
		}
		if oi.stage == stageMissing && len(oi.viewerStages) > 0 && oi.noStageBehavior != nil && !oi.unused {
			// Other behaviors let viewer URLs carry the stage, but
			// this one cannot: its requests all fail.
			b := behaviorName(oi.noStageBehavior)
			f.Message = "origin " + quote(an.display(o.ID.V)) + " reaches the execute-api endpoint of " + api +
				" without a stage: its origin path names none and " + b + " cannot receive a path that begins with one, so every request through it gets " + notFound(a)
			f.Notes = append(f.Notes, "only viewer URLs that begin with "+an.viewerPrefixes(oi.viewerStages)+" reach the API, through the other behaviors; "+
				b+" shows the stage belongs in the origin path")
		}
		if len(a.Stages) == 1 && a.Stages[0].Name.IsLiteral() {
			stage := "/" + a.Stages[0].Name.V
			if oi.stage != stageFromViewer {
				f.Notes[1] = "set the origin path to " + quote(stage)
			}
			// Where viewers may already put the stage in their URLs,
			// setting it in the origin path is a choice, not a fix.
			if (!o.OriginPath.Set || o.OriginPath.IsLiteral()) && oi.stage != stageFromViewer {
				v := stage + strings.TrimSuffix(o.OriginPath.V, "/")
				f.Fix = originPathFix(oi.dist.Source, o, v)
			}
		}
		f.Notes = append(f.Notes, construct(oi.dist.Source)...)
		f.Related = append(f.Related, via(at)...)
		for _, s := range a.Stages {
			f.Related = append(f.Related, Related{Message: "stage " + quote(an.display(s.Name.V)), Range: s.Name.Range})
		}
		out = append(out, f)
	}
	return out
}

// viewerPrefixes names the viewer path prefixes of stages: "/prod/", or
// "/prod/ or /dev/".
func (an *analysis) viewerPrefixes(stages []model.Str) string {
	var ps []string
	for _, s := range stages {
		ps = append(ps, "/"+an.display(s.V)+"/")
	}
	return orList(ps)
}

// stagePaths names the origin paths that address a stage of a: "/prod",
// or "/prod or /dev".
func (an *analysis) stagePaths(a *model.API) string {
	var ps []string
	for _, s := range a.Stages {
		if s.Name.Known && (a.Kind != model.HTTP || s.Name.V != "$default") {
			ps = append(ps, "/"+an.display(s.Name.V))
		}
	}
	if len(ps) == 0 {
		return "/<stage>"
	}
	return orList(ps)
}

func orList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// otherPaths is the subject of the viewer-stage warning's failure: "/ and
// every other path get" when the origin receives viewer requests for the
// root (the first behavior whose pattern matches "/" uses it), else
// "every other path gets".
func otherPaths(an *analysis, oi *originInfo) string {
	for _, b := range oi.dist.Behaviors {
		if !b.PathPattern.Known || an.syms.HasUnknown(b.PathPattern.V) {
			break
		}
		if pathmatch.CompileGlob("", b.PathPattern.V).Match("/") {
			if slices.Contains(oi.behaviors, b) {
				return "/ and every other path get"
			}
			break
		}
	}
	return "every other path gets"
}
