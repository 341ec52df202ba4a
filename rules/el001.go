package rules

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL001 reports an origin that reaches an API's execute-api endpoint
// without naming a stage.
var EL001 = register(&Rule{
	Code:     "EL001",
	Name:     "origin-missing-stage",
	Severity: Error,
	Summary:  "An origin reaches a REST API (or an HTTP API's named stage) but no forwarded path begins with a stage",
	Doc:      doc("EL001"),
	Run:      runEL001,
})

func runEL001(p *Pass) []Finding {
	an := p.analysis()
	var out []Finding
	for _, oi := range an.origins {
		if oi.stage != stageMissing || oi.domainFault {
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
			Entity: oi.dist.Source.Address + "/origin[" + an.display(o.ID.V) + "]",
		}
		if oi.unused {
			// No request reaches the origin: nothing fails today.
			f.Severity = Info
			f.Message = "no behavior sends requests to origin " + quote(an.display(o.ID.V)) + ", so nothing fails yet: it points at the execute-api endpoint of " +
				api + " without a stage in its origin path, and once a behavior uses it every path that does not begin with a stage gets " + notFound(a)
		}
		if len(a.Stages) == 1 && a.Stages[0].Name.IsLiteral() {
			stage := "/" + a.Stages[0].Name.V
			f.Notes[1] = "set the origin path to " + quote(stage)
			if !o.OriginPath.Set || o.OriginPath.IsLiteral() {
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
