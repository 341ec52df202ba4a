package rules

import (
	"github.com/edgelint/edgelint/model"
)

// EL006 reports a REST API that an origin reaches but that is never
// deployed to a stage.
var EL006 = register(&Rule{
	Code:     "EL006",
	Name:     "api-not-deployed",
	Severity: Error,
	Summary:  "A REST API reached by an origin has methods but no deployment or stage",
	Doc:      doc("EL006"),
	Requires: []*Analysis{Origins},
	Run:      runEL006,
})

func runEL006(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	done := map[*model.API]bool{}
	for _, oi := range an.origins {
		a := oi.api
		if oi.stage != stageNoStages || done[a] || a.Kind != model.REST || oi.unused {
			continue
		}
		methods := 0
		for _, r := range a.Resources {
			methods += len(r.Methods)
		}
		if methods == 0 {
			continue
		}
		done[a] = true
		msg := "REST API " + apiName(a) + " has methods but is never deployed to a stage; origin " +
			quote(an.display(oi.origin.ID.V)) + " reaches it, and every request gets 403 Missing Authentication Token"
		if len(a.Deployments) > 0 {
			msg = "REST API " + apiName(a) + " has a deployment but no stage; origin " +
				quote(an.display(oi.origin.ID.V)) + " reaches it, and every request gets 403 Missing Authentication Token"
		}
		f := Finding{
			Severity: Error,
			Range:    a.Source.Anchor(),
			Message:  msg,
			Notes:    append([]string{deployHint(a)}, construct(a.Source)...),
			Related:  []Related{{Message: "origin " + quote(an.display(oi.origin.ID.V)), Range: oi.origin.DomainName.Range}},
			Subject:  Subject{API: a},
		}
		out = append(out, f)
	}
	return out
}

func deployHint(a *model.API) string {
	if a.Source.Format == model.FormatCloudFormation {
		return "add an AWS::ApiGateway::Deployment with DependsOn on the API's methods, and an AWS::ApiGateway::Stage (or set the deployment's StageName)"
	}
	return "add an aws_api_gateway_deployment whose triggers hash the API's resources, methods and integrations, and an aws_api_gateway_stage"
}
