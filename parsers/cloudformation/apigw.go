package cloudformation

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// newAPI returns the API entity of a resource.
func (t *template) newAPI(r *resource, kind model.APIKind) *model.API {
	return &model.API{
		ID:      r.eid,
		Kind:    kind,
		Source:  t.source(r),
		IDToken: t.idToken(r.eid, r.id),
		Range:   r.rng,
	}
}

// endpointTypes reads EndpointConfiguration.Types, with the default def.
func endpointTypes(ec obj, def string) model.List {
	if ec.has("Types") {
		return ec.list("Types")
	}
	return model.List{Items: []model.Str{model.DefaultStr(def, ec.rng)}, Known: true, Range: ec.rng}
}

// upper upper-cases a known string.
func upper(s model.Str) model.Str {
	if s.Known {
		s.V = strings.ToUpper(strings.TrimSpace(s.V))
	}
	return s
}

// httpMethod normalises an HTTP method ("any" and the OpenAPI any-method
// extension become ANY).
func httpMethod(s model.Str) model.Str {
	s = upper(s)
	if s.Known && (s.V == "X-AMAZON-APIGATEWAY-ANY-METHOD" || s.V == "*") {
		s.V = "ANY"
	}
	return s
}

// restAPI reads an AWS::ApiGateway::RestApi.
func (t *template) restAPI(r *resource) {
	p := t.object(r.props, r.rng)
	a := t.newAPI(r, model.REST)
	a.Name = p.str("Name")
	a.RootIDToken = t.rootToken(r.eid, r.id)
	a.EndpointTypes = endpointTypes(p.obj("EndpointConfiguration"), "EDGE")
	a.DisableExecuteAPIEndpoint = p.boolean("DisableExecuteApiEndpoint", false)
	a.APIKeySource = upper(p.strDef("ApiKeySourceType", "HEADER"))
	switch {
	case isTransform(p.node("Body")) || p.has("Body"):
		bp := p.obj("Parameters").str("basepath")
		t.readBody(a, p.node("Body"), bp)
	case p.has("BodyS3Location"):
		a.ResourcesUnknown = "the OpenAPI definition of " + r.id + " is read from S3 (BodyS3Location), which edgelint cannot see"
	}
	t.cfg.APIs = append(t.cfg.APIs, a)
}

// restResource reads an AWS::ApiGateway::Resource.
func (t *template) restResource(r *resource) {
	p := t.object(r.props, r.rng)
	t.cfg.Resources = append(t.cfg.Resources, &model.RawResource{
		APIRef:    p.str("RestApiId"),
		ParentRef: p.str("ParentId"),
		PathPart:  p.str("PathPart"),
		IDToken:   t.idToken(r.eid, r.id),
		Source:    t.source(r),
	})
}

// restMethod reads an AWS::ApiGateway::Method.
func (t *template) restMethod(r *resource) {
	p := t.object(r.props, r.rng)
	t.cfg.Methods = append(t.cfg.Methods, &model.RawMethod{
		APIRef:      p.str("RestApiId"),
		ResourceRef: p.str("ResourceId"),
		Method: model.Method{
			HTTPMethod:     httpMethod(p.str("HttpMethod")),
			Authorization:  upper(p.strDef("AuthorizationType", "NONE")),
			AuthorizerRef:  p.strDef("AuthorizerId", ""),
			APIKeyRequired: p.boolean("ApiKeyRequired", false),
			Range:          r.rng,
			Source:         t.source(r),
		},
	})
}

// deployment reads an AWS::ApiGateway::Deployment or
// AWS::ApiGatewayV2::Deployment.
func (t *template) deployment(r *resource) {
	p := t.object(r.props, r.rng)
	d := &model.Deployment{ID: r.eid, IDToken: t.idToken(r.eid, r.id), Source: t.source(r)}
	if r.typ == typeDeployment {
		d.APIRef = p.str("RestApiId")
		// A REST deployment with StageName creates that stage.
		d.StageName = p.str("StageName")
	} else {
		// A v2 deployment's StageName names an existing stage; it creates
		// none.
		d.APIRef = p.str("ApiId")
		d.StageName = model.Str{Range: r.rng}
	}
	d.DependsOn = t.dependsOn(r)
	t.cfg.Deployments = append(t.cfg.Deployments, d)
}

// dependsOn returns the addresses in a resource's DependsOn, prefixed like
// the resource's own address (nested stacks).
func (t *template) dependsOn(r *resource) []string {
	n := r.node.Get("DependsOn")
	if n == nil {
		return nil
	}
	prefix := strings.TrimSuffix(t.source(r).Address, r.id)
	var out []string
	add := func(x *Node) {
		if x.IsScalar() && x.Str != "" {
			out = append(out, prefix+x.Str)
		}
	}
	if n.IsScalar() {
		add(n)
	}
	if n.Kind == KSeq {
		for _, x := range n.Items {
			add(x)
		}
	}
	return out
}

// stage reads an AWS::ApiGateway::Stage or AWS::ApiGatewayV2::Stage.
func (t *template) stage(r *resource) {
	p := t.object(r.props, r.rng)
	s := &model.Stage{
		ID:            r.eid,
		Name:          p.str("StageName"),
		DeploymentRef: p.str("DeploymentId"),
		Source:        t.source(r),
	}
	if r.typ == typeStage {
		s.APIRef = p.str("RestApiId")
	} else {
		s.APIRef = p.str("ApiId")
		s.AutoDeploy = p.boolean("AutoDeploy", false)
	}
	t.cfg.Stages = append(t.cfg.Stages, s)
}

// authorizer reads an AWS::ApiGateway::Authorizer or
// AWS::ApiGatewayV2::Authorizer.
func (t *template) authorizer(r *resource) {
	p := t.object(r.props, r.rng)
	a := &model.Authorizer{
		ID:      r.eid,
		IDToken: t.idToken(r.eid, r.id),
		Name:    p.str("Name"),
		Source:  t.source(r),
	}
	if r.typ == typeAuthorizer {
		a.APIRef = p.str("RestApiId")
		a.Type = upper(p.str("Type"))
	} else {
		a.APIRef = p.str("ApiId")
		a.Type = upper(p.str("AuthorizerType"))
	}
	v, n := p.field("IdentitySource")
	a.IdentitySources = identitySources(v, n, p.rng)
	t.cfg.Authorizers = append(t.cfg.Authorizers, a)
}

// identitySources reads identity sources written as a comma-separated
// string or a list of them.
func identitySources(v value, n *Node, enclosing model.Range) model.List {
	l := listOf(v, n, enclosing)
	if !l.Known {
		return l
	}
	out := l
	out.Items = nil
	for _, it := range l.Items {
		if !it.Known {
			out.Items = append(out.Items, it)
			continue
		}
		for _, part := range strings.Split(it.V, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out.Items = append(out.Items, model.KnownStr(part, it.Range))
			}
		}
	}
	return out
}

// domainName reads an AWS::ApiGateway::DomainName or
// AWS::ApiGatewayV2::DomainName.
func (t *template) domainName(r *resource) {
	p := t.object(r.props, r.rng)
	dn := &model.DomainName{
		ID:     r.eid,
		Name:   p.str("DomainName"),
		Tokens: []string{t.syms.Attr(r.eid, "Ref", r.id)},
		Source: t.source(r),
		V2:     r.typ == typeV2DomainName,
	}
	attrs := []string{"RegionalDomainName", "DistributionDomainName"}
	if dn.V2 {
		attrs = attrs[:1]
	}
	for _, at := range attrs {
		dn.TargetHosts = append(dn.TargetHosts, t.syms.Attr(r.eid, at, r.id+"."+at))
	}
	t.cfg.DomainNames = append(t.cfg.DomainNames, dn)
}

// mapping reads an AWS::ApiGateway::BasePathMapping or
// AWS::ApiGatewayV2::ApiMapping.
func (t *template) mapping(r *resource) {
	p := t.object(r.props, r.rng)
	m := &model.Mapping{DomainRef: p.str("DomainName"), Stage: p.str("Stage"), Source: t.source(r)}
	if r.typ == typeBasePath {
		m.APIRef = p.str("RestApiId")
		m.BasePath = p.strDef("BasePath", "")
	} else {
		m.APIRef = p.str("ApiId")
		m.BasePath = p.strDef("ApiMappingKey", "")
	}
	t.cfg.Mappings = append(t.cfg.Mappings, m)
}

// v2API reads an AWS::ApiGatewayV2::Api.
func (t *template) v2API(r *resource) {
	p := t.object(r.props, r.rng)
	kind := model.HTTP
	if pt := p.str("ProtocolType"); pt.Known && strings.EqualFold(strings.TrimSpace(pt.V), "WEBSOCKET") {
		kind = model.WebSocket
	}
	a := t.newAPI(r, kind)
	a.Name = p.str("Name")
	a.EndpointTypes = model.List{Items: []model.Str{model.DefaultStr("REGIONAL", r.rng)}, Known: true, Range: r.rng}
	a.DisableExecuteAPIEndpoint = p.boolean("DisableExecuteApiEndpoint", false)
	a.APIKeySource = model.Str{Range: r.rng}
	switch {
	case isTransform(p.node("Body")) || p.has("Body"):
		t.readBody(a, p.node("Body"), p.str("BasePath"))
	case p.has("BodyS3Location"):
		a.ResourcesUnknown = "the OpenAPI definition of " + r.id + " is read from S3 (BodyS3Location), which edgelint cannot see"
	case kind == model.HTTP && (p.has("Target") || p.has("RouteKey")):
		// Quick create: a route (RouteKey, default $default) and an
		// auto-deployed $default stage.
		t.cfg.AddQuickCreate(model.KnownStr(a.IDToken, r.rng), r.eid+"/$default", p.strDef("RouteKey", "$default"), r.rng, t.source(r))
	}
	t.cfg.APIs = append(t.cfg.APIs, a)
}

// v2Route reads an AWS::ApiGatewayV2::Route.
func (t *template) v2Route(r *resource) {
	p := t.object(r.props, r.rng)
	t.cfg.Routes = append(t.cfg.Routes, &model.RawRoute{
		APIRef:   p.str("ApiId"),
		RouteKey: p.str("RouteKey"),
		Method: model.Method{
			Authorization:  upper(p.strDef("AuthorizationType", "NONE")),
			AuthorizerRef:  p.strDef("AuthorizerId", ""),
			APIKeyRequired: p.boolean("ApiKeyRequired", false),
			Range:          r.rng,
			Source:         t.source(r),
		},
	})
}
