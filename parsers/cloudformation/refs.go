package cloudformation

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// Implicit SAM API logical IDs.
const (
	implicitRESTAPI = "ServerlessRestApi"
	implicitHTTPAPI = "ServerlessHttpApi"
)

// idToken is the token of an entity's generated ID ("id" attribute), what
// Ref returns for APIs, REST resources, deployments, authorizers and
// CloudFront policies.
func (t *template) idToken(eid, logical string) string {
	return t.syms.Attr(eid, "id", logical+".id")
}

// functionARN is the token of a CloudFront Function's ARN: what Ref and
// Fn::GetAtt FunctionMetadata.FunctionARN (or FunctionARN) return.
func (t *template) functionARN(eid, logical string) string {
	return t.syms.Attr(eid, "arn", logical+".FunctionARN")
}

// rootToken is the token of a REST API's root resource ID.
func (t *template) rootToken(eid, logical string) string {
	return t.syms.Attr(eid, "root_resource_id", logical+".RootResourceId")
}

// endpoint is the execute-api base URL of an HTTP API.
func (t *template) endpoint(apiToken string) string {
	return "https://" + apiToken + ".execute-api." + t.syms.Pseudo(model.PseudoRegion) + "." + t.syms.Pseudo(model.PseudoURLSuffix)
}

// ref evaluates Ref name.
func (t *template) ref(name string) value {
	switch name {
	case "AWS::NoValue":
		return value{k: vNoValue}
	case model.PseudoRegion, model.PseudoURLSuffix, model.PseudoAccountID, model.PseudoPartition,
		model.PseudoStackName, "AWS::StackId":
		return strAt(t.syms.Pseudo(name), model.Range{})
	case "AWS::NotificationARNs":
		return value{}
	}
	if v, ok := t.refMemo[name]; ok {
		return v
	}
	if t.refBusy[name] {
		return value{}
	}
	t.refBusy[name] = true
	v := t.refUncached(name)
	delete(t.refBusy, name)
	t.refMemo[name] = v
	return v
}

func (t *template) refUncached(name string) value {
	if p := t.params[name]; p != nil {
		return t.paramValue(p)
	}
	if r := t.byID[name]; r != nil {
		switch r.typ {
		case typeRestAPI, typeV2API, typeSAMAPI, typeSAMHTTPAPI,
			typeResource, typeDeployment, typeV2Deployment, typeAuthorizer, typeV2Authorizer,
			typeCachePolicy, typeOriginReqPol:
			return strAt(t.idToken(r.eid, r.id), model.Range{})
		case typeCFFunction:
			return strAt(t.functionARN(r.eid, r.id), model.Range{})
		case typeStage, typeV2Stage:
			if v := t.eval(r.props.Get("StageName")); v.k == vStr {
				return v
			}
			return value{}
		case typeDomainName, typeV2DomainName:
			if v := t.eval(r.props.Get("DomainName")); v.k == vStr {
				return v
			}
		}
		return strAt(t.syms.Attr(r.eid, "Ref", r.id), model.Range{})
	}
	if !t.sam {
		return value{}
	}
	switch name {
	case implicitRESTAPI, implicitHTTPAPI:
		return strAt(t.idToken(t.prefix+name, name), model.Range{})
	}
	// SAM's generated resources: <Api>.Stage, <Api>.Deployment,
	// <Function>.Version, <Function>.Alias and <Api><StageName>Stage.
	if logical, attr, ok := strings.Cut(name, "."); ok {
		if v, ok := t.samProperty(logical, attr); ok {
			return v
		}
		return value{}
	}
	for _, id := range sortedKeys(t.samAPIs) {
		a := t.samAPIs[id]
		if a.stageName.IsLiteral() && name == a.logical+a.stageName.V+"Stage" {
			return strAt(a.stageName.V, model.Range{})
		}
	}
	return value{}
}

// samProperty resolves the references SAM adds to its resources:
// <Api>.Stage (the stage name), <Api>.Deployment, <Function>.Version and
// <Function>.Alias, written as Ref, Fn::GetAtt or ${…} in Fn::Sub.
func (t *template) samProperty(logical, attr string) (value, bool) {
	if !t.sam {
		return value{}, false
	}
	if a := t.samAPIs[logical]; a != nil {
		switch attr {
		case "Stage":
			if a.stageName.Known {
				return strAt(a.stageName.V, model.Range{}), true
			}
			return value{}, true
		case "Deployment":
			return strAt(t.syms.Attr(a.eid, "Deployment", logical+"."+attr), model.Range{}), true
		}
	}
	if r := t.byID[logical]; r != nil && r.typ == typeSAMFunction && (attr == "Version" || attr == "Alias") {
		return strAt(t.syms.Attr(r.eid, attr, logical+"."+attr), model.Range{}), true
	}
	return value{}, false
}

// paramValue is the value of a parameter: the value the including template
// passes (for a nested stack), else the override, else the default, else an
// unknown with the parameter's identity.
func (t *template) paramValue(p *param) value {
	list := p.typ == "CommaDelimitedList" || strings.HasPrefix(p.typ, "List<")
	unknown := func() value {
		if list {
			return value{}
		}
		return strAt(t.syms.Unknown("cfn:"+t.scope+":param:"+p.name, "parameter "+p.name), model.Range{})
	}
	if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<") {
		// The default and any override name an SSM parameter; its value
		// is read at deploy time.
		list = strings.Contains(p.typ, "List<") || strings.Contains(p.typ, "CommaDelimitedList")
		return unknown()
	}
	if v, ok := t.inputValue(p, list); ok {
		if v.k == vUnknown {
			return unknown()
		}
		return v
	}
	var s string
	if v, ok := t.opts.Parameters[p.name]; ok {
		s = v
	} else if p.def != nil {
		switch {
		case p.def.IsScalar():
			s = p.def.Str
		case list && p.def.Kind == KSeq:
			return t.eval(p.def)
		default:
			return unknown()
		}
	} else {
		return unknown()
	}
	if list {
		parts := strings.Split(s, ",")
		out := value{k: vList, list: make([]value, len(parts))}
		for i, x := range parts {
			out.list[i] = strAt(x, model.Range{})
		}
		return out
	}
	return strAt(s, model.Range{})
}

// getAtt evaluates Fn::GetAtt logical.attr.
func (t *template) getAtt(logical, attr string) value {
	if r := t.byID[logical]; r != nil && (r.typ == typeStack || r.typ == typeSAMApp) {
		if name, ok := strings.CutPrefix(attr, "Outputs."); ok {
			return t.nestedOutput(r, name)
		}
	}
	if v, ok := t.samProperty(logical, attr); ok {
		return v
	}
	typ, eid := "", ""
	if r := t.byID[logical]; r != nil {
		typ, eid = r.typ, r.eid
	} else if t.sam && (logical == implicitRESTAPI || logical == implicitHTTPAPI) {
		typ, eid = typeSAMAPI, t.prefix+logical
		if logical == implicitHTTPAPI {
			typ = typeSAMHTTPAPI
		}
	} else {
		return value{}
	}
	switch typ {
	case typeRestAPI, typeSAMAPI:
		switch attr {
		case "RootResourceId":
			return strAt(t.rootToken(eid, logical), model.Range{})
		case "RestApiId":
			return strAt(t.idToken(eid, logical), model.Range{})
		}
	case typeV2API, typeSAMHTTPAPI:
		switch attr {
		case "ApiEndpoint":
			return strAt(t.endpoint(t.idToken(eid, logical)), model.Range{})
		case "ApiId":
			return strAt(t.idToken(eid, logical), model.Range{})
		}
	case typeCFFunction:
		if attr == "FunctionARN" || attr == "FunctionMetadata.FunctionARN" {
			return strAt(t.functionARN(eid, logical), model.Range{})
		}
	case typeCachePolicy, typeOriginReqPol:
		if attr == "Id" {
			return strAt(t.idToken(eid, logical), model.Range{})
		}
	case typeResource:
		if attr == "ResourceId" {
			return strAt(t.idToken(eid, logical), model.Range{})
		}
	case typeDeployment, typeV2Deployment:
		if attr == "DeploymentId" {
			return strAt(t.idToken(eid, logical), model.Range{})
		}
	case typeAuthorizer, typeV2Authorizer:
		if attr == "AuthorizerId" {
			return strAt(t.idToken(eid, logical), model.Range{})
		}
	}
	return strAt(t.syms.Attr(eid, attr, logical+"."+attr), model.Range{})
}
