package rules

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL014 reports a private REST API that a distribution uses as an origin.
var EL014 = register(&Rule{
	Code:     "EL014",
	Name:     "private-api-origin",
	Severity: Error,
	Summary:  "A REST API whose endpoint type is PRIVATE is a CloudFront origin: it is reachable only through VPC endpoints, so CloudFront gets 403 Forbidden",
	Doc:      doc("EL014"),
	Requires: []*Analysis{Origins},
	Run:      runEL014,
})

// privateType returns the PRIVATE item of a REST API's endpoint types, or
// nil.
func privateType(a *model.API) *model.Str {
	if a == nil || a.Kind != model.REST || !a.EndpointTypes.Known {
		return nil
	}
	for i, t := range a.EndpointTypes.Items {
		if t.Known && strings.EqualFold(strings.TrimSpace(t.V), "PRIVATE") {
			return &a.EndpointTypes.Items[i]
		}
	}
	return nil
}

func runEL014(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	at := map[*model.API]int{}
	for _, oi := range an.origins {
		t := privateType(oi.api)
		if t == nil || oi.unused || an.domainOwned(oi) {
			continue
		}
		rel := Related{Message: "origin " + quote(an.display(oi.origin.ID.V)) + " of " + oi.dist.Source.Address, Range: oi.origin.DomainName.Range}
		if i, ok := at[oi.api]; ok {
			out[i].Related = append(out[i].Related, rel)
			continue
		}
		a := oi.api
		at[a] = len(out)
		out = append(out, Finding{
			Severity: Error,
			Range:    t.Range,
			Message: "REST API " + apiName(a) + " is PRIVATE, and origin " + quote(an.display(oi.origin.ID.V)) + " of " + oi.dist.Source.Address +
				" sends requests to it: a private API answers only requests that arrive through an interface VPC endpoint, so every request from CloudFront gets 403 Forbidden",
			Notes: []string{
				"make the API REGIONAL (protect it with a resource policy or an origin custom header checked by an authorizer), or reach the private API through a VPC origin (an internal load balancer in front of the execute-api VPC endpoint)",
			},
			Related: append(via(*t), rel),
			Subject: Subject{API: a, Aspect: AspectEndpointType},
		})
		out[len(out)-1].Notes = append(out[len(out)-1].Notes, construct(a.Source)...)
	}
	return out
}
