package tfadapter

import (
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/openapi"
)

// ---- API Gateway REST ---------------------------------------------------------

var (
	restAPISchema = NewSchema("", []string{"name", "body", "disable_execute_api_endpoint", "api_key_source", "parameters"},
		"endpoint_configuration")
	endpointSchema       = NewSchema("", []string{"types"})
	restAPILookupSchema  = NewSchema("", []string{"name"})
	restResourceSchema   = NewSchema("", []string{"rest_api_id", "parent_id", "path_part"})
	restMethodSchema     = NewSchema("", []string{"rest_api_id", "resource_id", "http_method", "authorization", "authorizer_id", "api_key_required"})
	restDeploymentSchema = NewSchema("", []string{"rest_api_id", "stage_name", "triggers"})
	restStageSchema      = NewSchema("", []string{"rest_api_id", "stage_name", "deployment_id"})
	restAuthorizerSchema = NewSchema("", []string{"rest_api_id", "name", "type", "identity_source"})
	domainNameSchema     = NewSchema("", []string{"domain_name"})
	basePathSchema       = NewSchema("", []string{"api_id", "domain_name", "stage_name", "base_path"})
)

// restAPILookup maps data "aws_api_gateway_rest_api": a REST API looked up
// by name, which Assemble links to the one same-named API of the scan.
func (m *Mapper) restAPILookup(in Instance, src model.Source) {
	o := in.Open(restAPILookupSchema)
	m.Cfg.APILookups = append(m.Cfg.APILookups, &model.APILookup{
		Kind:        model.REST,
		Name:        o.Str("name", model.Str{Range: src.Range}),
		IDToken:     in.Token("id"),
		RootIDToken: in.Token("root_resource_id"),
		Source:      src,
	})
}

func (m *Mapper) restAPI(in Instance, src model.Source) {
	o := in.Open(restAPISchema)
	r := src.Range
	a := &model.API{
		ID:                        in.ID(),
		Kind:                      model.REST,
		Source:                    src,
		Name:                      o.Str("name", model.Str{Range: r}),
		IDToken:                   in.Token("id"),
		RootIDToken:               in.Token("root_resource_id"),
		EndpointTypes:             defaultList(r, "EDGE"),
		DisableExecuteAPIEndpoint: o.Bool("disable_execute_api_endpoint", model.DefaultBool(false, r)),
		APIKeySource:              o.Str("api_key_source", model.DefaultStr("HEADER", r)),
		Range:                     r,
	}
	if ecs := o.Blocks("endpoint_configuration", endpointSchema); len(ecs) > 0 {
		if ec := ecs[0]; ec.Unknown() {
			a.EndpointTypes = model.List{Set: true, Range: ec.Range()}
		} else {
			a.EndpointTypes = ec.List("types", defaultList(ec.Range(), "EDGE"))
		}
	}
	m.body(o, a, true)
	m.Cfg.APIs = append(m.Cfg.APIs, a)
}

// BodyUnknown is the reason given when an API's OpenAPI body cannot be read.
const BodyUnknown = "resources come from the OpenAPI body"

// body reads the resources of an API from its OpenAPI body, when the body
// is a known JSON or YAML document; findings land on the part of the body
// that declares them where the reader can locate it. params tells an API
// type with import parameters (REST: the basepath mode); an unknown mode
// leaves the resources unknown when it would change them.
func (m *Mapper) body(o Object, a *model.API, params bool) {
	doc := o.Document("body")
	if !doc.Written || doc.Null {
		return
	}
	if !doc.Known {
		a.ResourcesUnknown = BodyUnknown
		return
	}
	if _, whole := model.TokenSym(strings.TrimSpace(doc.Text)); whole {
		a.ResourcesUnknown = BodyUnknown
		return
	}
	tree, err := DecodeDocument(doc.Text)
	if err != nil {
		a.ResourcesUnknown = BodyUnknown
		m.Note("body\x00"+a.ID, doc.Range, "the OpenAPI body of "+a.Source.Address+" cannot be decoded: "+err.Error())
		return
	}
	loc := doc.Locate
	if loc == nil {
		loc = func(...string) model.Range { return doc.Range }
	}
	read := func(basePath string) (openapi.Result, error) {
		return openapi.Read(tree, loc, openapi.Options{
			Kind:     a.Kind,
			BasePath: basePath,
			Source:   a.Source,
			Syms:     m.Syms,
			APIID:    a.ID,
		})
	}
	basePath, known := "", true
	if params {
		basePath, known = basePathMode(o)
	}
	res, err := read(basePath)
	if err == nil && !known {
		// The resources do not depend on an unknown mode when every mode
		// gives the same paths (the document has no base path).
		for _, mode := range []string{"prepend", "split"} {
			other, oerr := read(mode)
			if oerr != nil || !samePaths(res.Resources, other.Resources) {
				a.ResourcesUnknown = BodyUnknown + ": the basepath import parameter is unknown"
				return
			}
		}
	}
	a.Resources = append(a.Resources, res.Resources...)
	a.Authorizers = append(a.Authorizers, res.Authorizers...)
	if res.APIKeySource.Set && !a.APIKeySource.Set {
		// api_key_source, when set, overrides the body's extension.
		a.APIKeySource = res.APIKeySource
	}
	*m.Errs = append(*m.Errs, res.Notes...)
	if err != nil {
		a.ResourcesUnknown = BodyUnknown + ": " + err.Error()
	}
}

// basePathMode is the "basepath" import parameter of a REST API ("" when
// absent) and whether it is known.
func basePathMode(o Object) (string, bool) {
	if !o.Written("parameters") || o.Null("parameters") {
		return "", true
	}
	entries, known := o.Map("parameters")
	if !known {
		return "", false
	}
	mode := ""
	for _, e := range entries {
		if !strings.EqualFold(e.Key, "basepath") {
			continue
		}
		if !e.Val.Known {
			return "", false
		}
		mode = e.Val.V
	}
	return mode, true
}

// samePaths reports whether two resource lists have the same paths.
func samePaths(a, b []*model.Resource) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path.V != b[i].Path.V || a[i].Path.Known != b[i].Path.Known {
			return false
		}
	}
	return true
}

func (m *Mapper) restResource(in Instance, src model.Source) {
	o := in.Open(restResourceSchema)
	m.Cfg.Resources = append(m.Cfg.Resources, &model.RawResource{
		APIRef:    ref(o, "rest_api_id", src),
		ParentRef: ref(o, "parent_id", src),
		PathPart:  o.Str("path_part", model.Str{Range: src.Range}),
		IDToken:   in.Token("id"),
		Source:    src,
	})
}

func (m *Mapper) restMethod(in Instance, src model.Source) {
	o := in.Open(restMethodSchema)
	r := src.Range
	m.Cfg.Methods = append(m.Cfg.Methods, &model.RawMethod{
		APIRef:      ref(o, "rest_api_id", src),
		ResourceRef: ref(o, "resource_id", src),
		Method: model.Method{
			HTTPMethod:     upper(o.Str("http_method", model.Str{Range: r})),
			Authorization:  upper(o.Str("authorization", model.DefaultStr("NONE", r))),
			AuthorizerRef:  o.Str("authorizer_id", model.DefaultStr("", r)),
			APIKeyRequired: o.Bool("api_key_required", model.DefaultBool(false, r)),
			Range:          r,
			Source:         src,
		},
	})
}

func (m *Mapper) restDeployment(in Instance, src model.Source) {
	o := in.Open(restDeploymentSchema)
	d := &model.Deployment{
		ID:        in.ID(),
		IDToken:   in.Token("id"),
		APIRef:    ref(o, "rest_api_id", src),
		StageName: o.Str("stage_name", model.DefaultStr("", src.Range)),
		Source:    src,
	}
	redeployment(o, d)
	m.Cfg.Deployments = append(m.Cfg.Deployments, d)
}

// ---- redeployment inputs ------------------------------------------------------

var restIntegrationSchema = NewSchema("", []string{"rest_api_id"})

// restIntegration maps aws_api_gateway_integration: only the API it
// belongs to, what a deployment's triggers must cover.
func (m *Mapper) restIntegration(in Instance, src model.Source) {
	o := in.Open(restIntegrationSchema)
	m.Cfg.Integrations = append(m.Cfg.Integrations, &model.RawIntegration{APIRef: ref(o, "rest_api_id", src), Source: src})
}

// redeployment reads what replaces deployment d: what its triggers read
// (nil when it has none, written as null or an empty map), and the
// addresses its depends_on names. A reader that cannot tell what the
// triggers read makes them opaque; one that cannot read depends_on leaves
// it empty. The HCL reader answers from the expressions, without
// evaluating them (a trigger often hashes a whole OpenAPI body).
func redeployment(o Object, d *model.Deployment) {
	r, _ := o.(Referrer)
	if r != nil {
		if reads, ok := r.References("triggers"); ok && !reads.Empty {
			d.Triggers = &model.Triggers{Refs: reads.Refs, Opaque: reads.Opaque, Range: reads.Range}
		}
		if addrs, ok := r.DependsOn(); ok {
			d.OrderedAfter = addrs
		}
		return
	}
	if o.Written("triggers") && !o.Null("triggers") {
		if entries, keysKnown := o.Map("triggers"); !keysKnown || len(entries) > 0 {
			// Where the triggers are written: a map reads as a string
			// that is not known, at the attribute's value.
			d.Triggers = &model.Triggers{Opaque: true, Range: o.Str("triggers", model.Str{Range: o.Range()}).Range}
		}
	}
}

func (m *Mapper) restStage(in Instance, src model.Source) {
	o := in.Open(restStageSchema)
	m.Cfg.Stages = append(m.Cfg.Stages, &model.Stage{
		ID:            in.ID(),
		APIRef:        ref(o, "rest_api_id", src),
		Name:          o.Str("stage_name", model.Str{Range: src.Range}),
		DeploymentRef: ref(o, "deployment_id", src),
		AutoDeploy:    model.DefaultBool(false, src.Range),
		Source:        src,
	})
}

func (m *Mapper) restAuthorizer(in Instance, src model.Source) {
	o := in.Open(restAuthorizerSchema)
	r := src.Range
	ids := model.List{Known: true, Range: r,
		Items: []model.Str{model.DefaultStr("method.request.header.Authorization", r)}}
	if s := o.Str("identity_source", model.DefaultStr("method.request.header.Authorization", r)); s.Set {
		ids = splitList(s)
	}
	m.Cfg.Authorizers = append(m.Cfg.Authorizers, &model.Authorizer{
		ID:              in.ID(),
		IDToken:         in.Token("id"),
		APIRef:          ref(o, "rest_api_id", src),
		Name:            o.Str("name", model.Str{Range: r}),
		Type:            upper(o.Str("type", model.DefaultStr("TOKEN", r))),
		IdentitySources: ids,
		Source:          src,
	})
}

// domainName maps both REST and HTTP API custom domain names.
func (m *Mapper) domainName(in Instance, src model.Source) {
	o := in.Open(domainNameSchema)
	d := &model.DomainName{
		ID:     in.ID(),
		Tokens: []string{in.Token("id")},
		Name:   o.Str("domain_name", model.Str{Range: src.Range}),
		Source: src,
		V2:     in.Type() == "aws_apigatewayv2_domain_name",
	}
	if d.V2 {
		d.TargetHosts = []string{in.BlockToken("domain_name_configuration", "target_domain_name")}
	} else {
		d.TargetHosts = []string{in.Token("regional_domain_name"), in.Token("cloudfront_domain_name")}
	}
	m.Cfg.DomainNames = append(m.Cfg.DomainNames, d)
}

func (m *Mapper) basePathMapping(in Instance, src model.Source) {
	o := in.Open(basePathSchema)
	m.Cfg.Mappings = append(m.Cfg.Mappings, &model.Mapping{
		DomainRef: ref(o, "domain_name", src),
		APIRef:    ref(o, "api_id", src),
		Stage:     o.Str("stage_name", model.DefaultStr("", src.Range)),
		BasePath:  o.Str("base_path", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}

// ---- API Gateway v2 -----------------------------------------------------------

var (
	v2APISchema        = NewSchema("", []string{"name", "protocol_type", "body", "route_key", "target", "disable_execute_api_endpoint"})
	v2RouteSchema      = NewSchema("", []string{"api_id", "route_key", "authorization_type", "authorizer_id", "api_key_required"})
	v2StageSchema      = NewSchema("", []string{"api_id", "name", "deployment_id", "auto_deploy"})
	v2DeploymentSchema = NewSchema("", []string{"api_id"})
	v2AuthorizerSchema = NewSchema("", []string{"api_id", "name", "authorizer_type", "identity_sources"})
	v2APIMappingSchema = NewSchema("", []string{"api_id", "domain_name", "stage", "api_mapping_key"})
)

func (m *Mapper) v2API(in Instance, src model.Source) {
	o := in.Open(v2APISchema)
	r := src.Range
	kind := model.HTTP
	if p := o.Str("protocol_type", model.Str{Range: r}); p.IsLiteral() && strings.EqualFold(p.V, "WEBSOCKET") {
		kind = model.WebSocket
	}
	id := in.Token("id")
	a := &model.API{
		ID:                        in.ID(),
		Kind:                      kind,
		Source:                    src,
		Name:                      o.Str("name", model.Str{Range: r}),
		IDToken:                   id,
		EndpointTypes:             defaultList(r, "REGIONAL"),
		DisableExecuteAPIEndpoint: o.Bool("disable_execute_api_endpoint", model.DefaultBool(false, r)),
		APIKeySource:              model.DefaultStr("", r),
		Range:                     r,
	}
	m.body(o, a, false)
	m.Cfg.APIs = append(m.Cfg.APIs, a)

	// Quick create: a target makes API Gateway create a route and an
	// auto-deployed $default stage.
	if kind != model.HTTP || (!o.Written("target") && !o.Written("route_key")) || o.Null("target") {
		return
	}
	m.Cfg.AddQuickCreate(model.Str{V: id, Known: true, Range: r}, in.ID()+"#$default",
		o.Str("route_key", model.DefaultStr("$default", r)), r, src)
}

func (m *Mapper) v2Route(in Instance, src model.Source) {
	o := in.Open(v2RouteSchema)
	r := src.Range
	m.Cfg.Routes = append(m.Cfg.Routes, &model.RawRoute{
		APIRef:   ref(o, "api_id", src),
		RouteKey: o.Str("route_key", model.Str{Range: r}),
		Method: model.Method{
			Authorization:  upper(o.Str("authorization_type", model.DefaultStr("NONE", r))),
			AuthorizerRef:  o.Str("authorizer_id", model.DefaultStr("", r)),
			APIKeyRequired: o.Bool("api_key_required", model.DefaultBool(false, r)),
			Range:          r,
			Source:         src,
		},
	})
}

func (m *Mapper) v2Stage(in Instance, src model.Source) {
	o := in.Open(v2StageSchema)
	m.Cfg.Stages = append(m.Cfg.Stages, &model.Stage{
		ID:            in.ID(),
		APIRef:        ref(o, "api_id", src),
		Name:          o.Str("name", model.Str{Range: src.Range}),
		DeploymentRef: o.Str("deployment_id", model.DefaultStr("", src.Range)),
		AutoDeploy:    o.Bool("auto_deploy", model.DefaultBool(false, src.Range)),
		Source:        src,
	})
}

func (m *Mapper) v2Deployment(in Instance, src model.Source) {
	o := in.Open(v2DeploymentSchema)
	m.Cfg.Deployments = append(m.Cfg.Deployments, &model.Deployment{
		ID:        in.ID(),
		IDToken:   in.Token("id"),
		APIRef:    ref(o, "api_id", src),
		StageName: model.DefaultStr("", src.Range),
		Source:    src,
	})
}

func (m *Mapper) v2Authorizer(in Instance, src model.Source) {
	o := in.Open(v2AuthorizerSchema)
	r := src.Range
	m.Cfg.Authorizers = append(m.Cfg.Authorizers, &model.Authorizer{
		ID:              in.ID(),
		IDToken:         in.Token("id"),
		APIRef:          ref(o, "api_id", src),
		Name:            o.Str("name", model.Str{Range: r}),
		Type:            upper(o.Str("authorizer_type", model.Str{Range: r})),
		IdentitySources: o.List("identity_sources", model.List{Known: true, Range: r}),
		Source:          src,
	})
}

func (m *Mapper) v2APIMapping(in Instance, src model.Source) {
	o := in.Open(v2APIMappingSchema)
	m.Cfg.Mappings = append(m.Cfg.Mappings, &model.Mapping{
		DomainRef: ref(o, "domain_name", src),
		APIRef:    ref(o, "api_id", src),
		Stage:     o.Str("stage", model.Str{Range: src.Range}),
		BasePath:  o.Str("api_mapping_key", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}
