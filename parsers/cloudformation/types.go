package cloudformation

import (
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/model"
)

//go:generate go run ./internal/gentypes

// resourceTypes is the set of resource types of the CloudFormation resource
// specification (specTypes, generated from goformation's resource
// structs), sorted.
func resourceTypes() []string { return specTypes[:] }

// modelledTypes are the resource types edgelint reads into its model.
var modelledTypes = map[string]bool{
	typeRestAPI: true, typeResource: true, typeMethod: true, typeDeployment: true, typeStage: true,
	typeAuthorizer: true, typeDomainName: true, typeBasePath: true, typeV2API: true, typeV2Route: true,
	typeV2Stage: true, typeV2Deployment: true, typeV2Authorizer: true, typeV2DomainName: true,
	typeV2APIMapping: true, typeDistribution: true, typeCachePolicy: true, typeOriginReqPol: true, typeCFFunction: true,
	typeSAMAPI: true, typeSAMHTTPAPI: true, typeSAMFunction: true, typeStack: true, typeSAMApp: true,
}

// checkType reports a resource type that is not in the resource
// specification but is a near misspelling of one: CloudFormation would
// reject the template, and edgelint does not analyze the resource. A type
// that is merely newer than the specification edgelint ships, or a
// third-party/module type, is left alone.
func (t *template) checkType(r *resource, rng model.Range) {
	typ := r.typ
	if !strings.HasPrefix(typ, "AWS::") || strings.HasSuffix(typ, "::MODULE") || modelledTypes[typ] {
		return
	}
	types := resourceTypes()
	if i := sort.SearchStrings(types, typ); i < len(types) && types[i] == typ {
		return
	}
	best := suggest.Nearest(typ, types, suggest.Options{Limit: 2})
	if best == "" {
		return
	}
	sev := model.SevInfo
	if modelledTypes[best] {
		sev = model.SevWarning
	}
	if rng.File == "" {
		rng.File = t.path
	}
	t.errs = append(t.errs, model.Diagnostic{
		Range:    rng,
		Message:  "resource " + r.id + " has type " + quoteStr(typ) + ", which is not a CloudFormation resource type (did you mean " + quoteStr(best) + "?); it is not analyzed",
		Severity: sev,
	})
}

func quoteStr(s string) string { return "\"" + s + "\"" }
