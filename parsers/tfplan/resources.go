package tfplan

import (
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/openapi"
	"github.com/edgelint/edgelint/parsers/terraform"
)

// mappers turn one resource instance into model entities; the types and
// attributes are those the HCL parser maps.
var mappers = map[string]func(*parser, *obj, model.Source){
	"aws_cloudfront_distribution":          (*parser).mapDistribution,
	"aws_cloudfront_cache_policy":          (*parser).mapCachePolicy,
	"aws_cloudfront_origin_request_policy": (*parser).mapOriginRequestPolicy,
	"aws_api_gateway_rest_api":             (*parser).mapRestAPI,
	"aws_api_gateway_resource":             (*parser).mapRestResource,
	"aws_api_gateway_method":               (*parser).mapRestMethod,
	"aws_api_gateway_deployment":           (*parser).mapRestDeployment,
	"aws_api_gateway_stage":                (*parser).mapRestStage,
	"aws_api_gateway_authorizer":           (*parser).mapRestAuthorizer,
	"aws_api_gateway_domain_name":          (*parser).mapDomainName,
	"aws_api_gateway_base_path_mapping":    (*parser).mapBasePathMapping,
	"aws_apigatewayv2_api":                 (*parser).mapV2API,
	"aws_apigatewayv2_route":               (*parser).mapV2Route,
	"aws_apigatewayv2_stage":               (*parser).mapV2Stage,
	"aws_apigatewayv2_deployment":          (*parser).mapV2Deployment,
	"aws_apigatewayv2_authorizer":          (*parser).mapV2Authorizer,
	"aws_apigatewayv2_domain_name":         (*parser).mapDomainName,
	"aws_apigatewayv2_api_mapping":         (*parser).mapV2APIMapping,
}

// emit maps every managed resource instance edgelint models, in plan order.
func (p *parser) emit() {
	for _, in := range p.order {
		if in.mode == "data" {
			continue
		}
		if m := mappers[in.typ]; m != nil {
			p.emitInst(in, m)
		}
	}
}

func (p *parser) emitInst(in *inst, m func(*parser, *obj, model.Source)) {
	defer func() {
		if r := recover(); r != nil {
			p.errs = append(p.errs, model.ParseError{Range: p.lines.nodeRange(in.obj),
				Message: fmt.Sprintf("internal error while reading %s: %v", in.addr, r), Severity: "error"})
		}
	}()
	o, src := p.instObj(in)
	m(p, o, src)
}

func defaultList(r model.Range, items ...string) model.List {
	l := model.List{Known: true, Range: r}
	for _, it := range items {
		l.Items = append(l.Items, model.DefaultStr(it, r))
	}
	return l
}

func upper(s model.Str) model.Str {
	if s.Known {
		s.V = strings.ToUpper(s.V)
	}
	return s
}

// ---- CloudFront -------------------------------------------------------------

func (p *parser) mapDistribution(o *obj, src model.Source) {
	r := src.Range
	d := &model.Distribution{
		ID:                o.in.id,
		Source:            src,
		Aliases:           o.list("aliases", model.List{Known: true, Range: r}),
		DefaultRootObject: o.str("default_root_object", model.DefaultStr("", r)),
	}
	origins, dyn1 := o.blocks("origin", "origin_id")
	for _, b := range origins {
		d.Origins = append(d.Origins, p.origin(b))
	}
	groups, dyn2 := o.blocks("origin_group", "origin_id")
	for _, b := range groups {
		g := &model.OriginGroup{ID: b.str("origin_id", model.Str{Range: b.rng}), Range: b.rng}
		members, _ := b.blocks("member", "origin_id")
		for _, m := range members {
			g.Members = append(g.Members, m.str("origin_id", model.Str{Range: m.rng}))
		}
		d.OriginGroups = append(d.OriginGroups, g)
	}
	ordered, dyn3 := o.blocks("ordered_cache_behavior", "")
	for _, b := range ordered {
		d.Behaviors = append(d.Behaviors, p.behavior(b, false))
	}
	defs, dyn4 := o.blocks("default_cache_behavior", "")
	if len(defs) > 0 {
		d.Behaviors = append(d.Behaviors, p.behavior(defs[0], true))
	}
	d.Dynamic = dyn1 || dyn2 || dyn3 || dyn4
	p.cfg.Distributions = append(p.cfg.Distributions, d)
}

func (p *parser) origin(b *obj) *model.Origin {
	r := b.rng
	o := &model.Origin{
		ID:             b.str("origin_id", model.Str{Range: r}),
		DomainName:     b.str("domain_name", model.Str{Range: r}),
		OriginPath:     b.str("origin_path", model.DefaultStr("", r)),
		ProtocolPolicy: model.DefaultStr("", r),
		Range:          r,
	}
	headers, _ := b.blocks("custom_header", "name")
	for _, h := range headers {
		o.CustomHeaders = append(o.CustomHeaders, model.Header{
			Name:  h.str("name", model.Str{Range: h.rng}),
			Value: h.str("value", model.Str{Range: h.rng}),
		})
	}
	custom := false
	if cs, dyn := b.blocks("custom_origin_config", ""); dyn {
		custom = true
		o.ProtocolPolicy = model.UnknownStr(r)
	} else if len(cs) > 0 {
		custom = true
		o.ProtocolPolicy = cs[0].str("origin_protocol_policy", model.Str{Range: cs[0].rng})
	}
	if s3, _ := b.blocks("s3_origin_config", ""); len(s3) > 0 {
		o.S3 = true
	}
	if !custom && b.configured("origin_access_control_id") && (b.unknown("origin_access_control_id") || !b.val.get("origin_access_control_id").isNull()) {
		if v, _ := b.val.get("origin_access_control_id").text(); v != "" || b.unknown("origin_access_control_id") {
			o.S3 = true
		}
	}
	return o
}

func (p *parser) behavior(o *obj, def bool) *model.Behavior {
	r := o.rng
	b := &model.Behavior{
		Default:               def,
		TargetOriginID:        o.str("target_origin_id", model.Str{Range: r}),
		AllowedMethods:        o.list("allowed_methods", defaultList(r, "GET", "HEAD")),
		CachePolicyID:         o.str("cache_policy_id", model.DefaultStr("", r)),
		OriginRequestPolicyID: o.str("origin_request_policy_id", model.DefaultStr("", r)),
		Range:                 r,
	}
	if def {
		b.PathPattern = model.DefaultStr("*", r)
	} else {
		b.PathPattern = o.str("path_pattern", model.Str{Range: r})
	}
	if fv, _ := o.blocks("forwarded_values", ""); len(fv) > 0 {
		f := fv[0]
		b.Legacy = &model.ForwardedValues{
			Headers:     f.list("headers", model.List{Known: true, Range: f.rng}),
			QueryString: f.boolean("query_string", model.DefaultBool(false, f.rng)),
			Range:       f.rng,
		}
	}
	for _, typ := range []string{"function_association", "lambda_function_association"} {
		assocs, _ := o.blocks(typ, "event_type")
		for _, a := range assocs {
			b.Functions = append(b.Functions, model.FunctionAssociation{
				EventType: a.str("event_type", model.Str{Range: a.rng}),
				Lambda:    typ == "lambda_function_association",
				Range:     a.rng,
			})
		}
	}
	return b
}

func (p *parser) newPolicy(o *obj, src model.Source, kind model.PolicyKind) *model.Policy {
	pol := &model.Policy{ID: o.in.id, IDToken: p.token(o.in, "id"), Kind: kind, Source: src}
	if n := o.str("name", model.Str{}); n.IsLiteral() {
		pol.Name = n.V
	}
	return pol
}

// policyConfigs reads headers_config, cookies_config and
// query_strings_config of o into pol.
func (p *parser) policyConfigs(o *obj, pol *model.Policy, r model.Range) {
	pol.HeaderBehavior = model.DefaultStr("none", r)
	pol.Headers = model.List{Known: true, Range: r}
	pol.CookieBehavior = model.DefaultStr("none", r)
	pol.QueryStringBehavior = model.DefaultStr("none", r)
	if o == nil {
		return
	}
	if hs, dyn := o.blocks("headers_config", ""); dyn {
		pol.Headers.Known = false
	} else if len(hs) > 0 {
		h := hs[0]
		pol.HeaderBehavior = h.str("header_behavior", model.DefaultStr("none", h.rng))
		pol.Headers = model.List{Known: true, Range: h.rng}
		if items, dyn := h.blocks("headers", ""); dyn {
			pol.Headers.Known = false
		} else if len(items) > 0 {
			pol.Headers = items[0].list("items", model.List{Known: true, Range: items[0].rng})
		}
	}
	if cs, _ := o.blocks("cookies_config", ""); len(cs) > 0 {
		pol.CookieBehavior = cs[0].str("cookie_behavior", model.DefaultStr("none", cs[0].rng))
	}
	if qs, _ := o.blocks("query_strings_config", ""); len(qs) > 0 {
		pol.QueryStringBehavior = qs[0].str("query_string_behavior", model.DefaultStr("none", qs[0].rng))
	}
}

func (p *parser) mapCachePolicy(o *obj, src model.Source) {
	r := src.Range
	pol := p.newPolicy(o, src, model.CachePolicy)
	pol.MinTTL = o.integer("min_ttl", model.Int{V: 0, Known: true, Range: r})
	pol.DefaultTTL = o.integer("default_ttl", model.Int{V: 86400, Known: true, Range: r})
	pol.MaxTTL = o.integer("max_ttl", model.Int{V: 31536000, Known: true, Range: r})
	params, _ := o.blocks("parameters_in_cache_key_and_forwarded_to_origin", "")
	if len(params) > 0 {
		p.policyConfigs(params[0], pol, params[0].rng)
	} else {
		p.policyConfigs(nil, pol, r)
	}
	p.cfg.Policies = append(p.cfg.Policies, pol)
}

func (p *parser) mapOriginRequestPolicy(o *obj, src model.Source) {
	pol := p.newPolicy(o, src, model.OriginRequestPolicy)
	p.policyConfigs(o, pol, src.Range)
	p.cfg.Policies = append(p.cfg.Policies, pol)
}

// ---- API Gateway REST ---------------------------------------------------------

// bodyUnknown is the reason given when an API's OpenAPI body cannot be read.
const bodyUnknown = "resources come from the OpenAPI body"

func (p *parser) mapRestAPI(o *obj, src model.Source) {
	r := src.Range
	a := &model.API{
		ID:                        o.in.id,
		Kind:                      model.REST,
		Source:                    src,
		Name:                      o.str("name", model.Str{Range: r}),
		IDToken:                   p.token(o.in, "id"),
		RootIDToken:               p.token(o.in, "root_resource_id"),
		EndpointTypes:             defaultList(r, "EDGE"),
		DisableExecuteAPIEndpoint: o.boolean("disable_execute_api_endpoint", model.DefaultBool(false, r)),
		APIKeySource:              o.str("api_key_source", model.DefaultStr("HEADER", r)),
		Range:                     r,
	}
	if ecs, dyn := o.blocks("endpoint_configuration", ""); dyn {
		a.EndpointTypes = model.List{Set: true, Range: r}
	} else if len(ecs) > 0 {
		a.EndpointTypes = ecs[0].list("types", defaultList(ecs[0].rng, "EDGE"))
	}
	p.body(o, a, true)
	p.cfg.APIs = append(p.cfg.APIs, a)
}

// body reads the resources of an API from its OpenAPI body as the HCL
// reader reads a known one: the plan holds the rendered body. Positions are
// those of the body's expression in the .tf source (down to the object
// item an operation is written in, for jsonencode/yamlencode of an
// object), else of the body's value in the plan. A body known only after
// apply leaves the resources unknown. params tells an API type with import
// parameters (REST: the basepath mode).
func (p *parser) body(o *obj, a *model.API, params bool) {
	if !o.configured("body") {
		return
	}
	if o.unknown("body") {
		a.ResourcesUnknown = bodyUnknown
		return
	}
	v := o.val.get("body")
	if v.isNull() {
		return
	}
	s, ok := v.text()
	if !ok {
		a.ResourcesUnknown = bodyUnknown
		return
	}
	rng := o.attrRange("body")
	doc, err := terraform.DecodeDocument(s)
	if err != nil {
		a.ResourcesUnknown = bodyUnknown
		p.errs = append(p.errs, model.ParseError{Range: rng, Severity: "info",
			Message: "the OpenAPI body of " + a.Source.Address + " cannot be decoded: " + err.Error()})
		return
	}
	loc := func(...string) model.Range { return rng }
	if at := o.attr("body"); at != nil {
		loc = terraform.BodyLocator(at.Expr, rng, p.hclRange)
	}
	read := func(basePath string) (openapi.Result, error) {
		return openapi.Read(doc, loc, openapi.Options{
			Kind:     a.Kind,
			BasePath: basePath,
			Source:   a.Source,
			Syms:     p.syms,
			APIID:    a.ID,
		})
	}
	basePath, known := "", true
	if params {
		basePath, known = o.basePathMode()
	}
	res, err := read(basePath)
	if err == nil && !known {
		// The resources do not depend on an unknown mode when every mode
		// gives the same paths (the document has no base path).
		for _, mode := range []string{"prepend", "split"} {
			other, oerr := read(mode)
			if oerr != nil || !samePaths(res.Resources, other.Resources) {
				a.ResourcesUnknown = bodyUnknown + ": the basepath import parameter is unknown"
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
	p.errs = append(p.errs, res.Notes...)
	if err != nil {
		a.ResourcesUnknown = bodyUnknown + ": " + err.Error()
	}
}

// basePathMode is the "basepath" import parameter of a REST API ("" when
// absent) and whether it is known.
func (o *obj) basePathMode() (string, bool) {
	if !o.configured("parameters") {
		return "", true
	}
	if o.unknown("parameters") {
		return "", false
	}
	v := o.val.get("parameters")
	if v.isNull() {
		return "", true
	}
	if v.kind != kObject {
		return "", false
	}
	u := o.unk.get("parameters")
	mode := ""
	for i, k := range v.keys {
		if !strings.EqualFold(k, "basepath") {
			continue
		}
		if u.get(k).isTrue() {
			return "", false
		}
		s, ok := v.vals[i].text()
		if !ok {
			return "", v.vals[i].isNull()
		}
		mode = s
	}
	if u != nil && u.kind == kObject {
		// The planned values leave unknown elements out.
		for _, k := range u.keys {
			if strings.EqualFold(k, "basepath") && u.get(k).isTrue() {
				return "", false
			}
		}
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

func (p *parser) mapRestResource(o *obj, src model.Source) {
	p.cfg.Resources = append(p.cfg.Resources, &model.RawResource{
		APIRef:    o.ref("rest_api_id", src),
		ParentRef: o.ref("parent_id", src),
		PathPart:  o.str("path_part", model.Str{Range: src.Range}),
		IDToken:   p.token(o.in, "id"),
		Source:    src,
	})
}

func (p *parser) mapRestMethod(o *obj, src model.Source) {
	r := src.Range
	p.cfg.Methods = append(p.cfg.Methods, &model.RawMethod{
		APIRef:      o.ref("rest_api_id", src),
		ResourceRef: o.ref("resource_id", src),
		Method: model.Method{
			HTTPMethod:     upper(o.str("http_method", model.Str{Range: r})),
			Authorization:  upper(o.str("authorization", model.DefaultStr("NONE", r))),
			AuthorizerRef:  o.str("authorizer_id", model.DefaultStr("", r)),
			APIKeyRequired: o.boolean("api_key_required", model.DefaultBool(false, r)),
			Range:          r,
			Source:         src,
		},
	})
}

func (p *parser) mapRestDeployment(o *obj, src model.Source) {
	p.cfg.Deployments = append(p.cfg.Deployments, &model.Deployment{
		ID:        o.in.id,
		IDToken:   p.token(o.in, "id"),
		APIRef:    o.ref("rest_api_id", src),
		StageName: o.str("stage_name", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}

func (p *parser) mapRestStage(o *obj, src model.Source) {
	p.cfg.Stages = append(p.cfg.Stages, &model.Stage{
		ID:            o.in.id,
		APIRef:        o.ref("rest_api_id", src),
		Name:          o.str("stage_name", model.Str{Range: src.Range}),
		DeploymentRef: o.ref("deployment_id", src),
		AutoDeploy:    model.DefaultBool(false, src.Range),
		Source:        src,
	})
}

func (p *parser) mapRestAuthorizer(o *obj, src model.Source) {
	r := src.Range
	ids := model.List{Known: true, Range: r, Items: []model.Str{model.DefaultStr("method.request.header.Authorization", r)}}
	if s := o.str("identity_source", model.DefaultStr("method.request.header.Authorization", r)); s.Set {
		ids = model.List{Known: s.Known, Set: true, Range: s.Range}
		if s.Known {
			for _, part := range strings.Split(s.V, ",") {
				if part = strings.TrimSpace(part); part != "" {
					ids.Items = append(ids.Items, model.KnownStr(part, s.Range))
				}
			}
		}
	}
	p.cfg.Authorizers = append(p.cfg.Authorizers, &model.Authorizer{
		ID:              o.in.id,
		IDToken:         p.token(o.in, "id"),
		APIRef:          o.ref("rest_api_id", src),
		Name:            o.str("name", model.Str{Range: r}),
		Type:            upper(o.str("type", model.DefaultStr("TOKEN", r))),
		IdentitySources: ids,
		Source:          src,
	})
}

// mapDomainName maps REST and HTTP API custom domain names.
func (p *parser) mapDomainName(o *obj, src model.Source) {
	in := o.in
	d := &model.DomainName{
		ID:     in.id,
		Tokens: []string{p.token(in, "id")},
		Name:   o.str("domain_name", model.Str{Range: src.Range}),
		Source: src,
		V2:     in.typ == "aws_apigatewayv2_domain_name",
	}
	if d.V2 {
		path := "domain_name_configuration[0].target_domain_name"
		host := p.syms.Attr(in.id, "target_domain_name", in.addr+"."+path)
		if !in.unk.isTrue() && !in.unk.path("domain_name_configuration").at(0).get("target_domain_name").isTrue() {
			if s, ok := in.vals.get("domain_name_configuration").at(0).get("target_domain_name").text(); ok && s != "" {
				host = s
			}
		}
		d.TargetHosts = []string{host}
	} else {
		d.TargetHosts = []string{p.token(in, "regional_domain_name"), p.token(in, "cloudfront_domain_name")}
	}
	p.cfg.DomainNames = append(p.cfg.DomainNames, d)
}

func (p *parser) mapBasePathMapping(o *obj, src model.Source) {
	p.cfg.Mappings = append(p.cfg.Mappings, &model.Mapping{
		DomainRef: o.ref("domain_name", src),
		APIRef:    o.ref("api_id", src),
		Stage:     o.str("stage_name", model.DefaultStr("", src.Range)),
		BasePath:  o.str("base_path", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}

// ---- API Gateway v2 -----------------------------------------------------------

func (p *parser) mapV2API(o *obj, src model.Source) {
	r := src.Range
	kind := model.HTTP
	if pt := o.str("protocol_type", model.Str{Range: r}); pt.IsLiteral() && strings.EqualFold(pt.V, "WEBSOCKET") {
		kind = model.WebSocket
	}
	id := p.token(o.in, "id")
	a := &model.API{
		ID:                        o.in.id,
		Kind:                      kind,
		Source:                    src,
		Name:                      o.str("name", model.Str{Range: r}),
		IDToken:                   id,
		EndpointTypes:             defaultList(r, "REGIONAL"),
		DisableExecuteAPIEndpoint: o.boolean("disable_execute_api_endpoint", model.DefaultBool(false, r)),
		APIKeySource:              model.DefaultStr("", r),
		Range:                     r,
	}
	p.body(o, a, false)
	p.cfg.APIs = append(p.cfg.APIs, a)

	// Quick create: a target makes API Gateway create a route and an
	// auto-deployed $default stage.
	if kind != model.HTTP || (!o.configured("target") && !o.configured("route_key")) {
		return
	}
	if o.configured("target") && !o.unknown("target") && o.val.get("target").isNull() {
		return
	}
	p.cfg.AddQuickCreate(model.Str{V: id, Known: true, Range: r}, o.in.id+"#$default",
		o.str("route_key", model.DefaultStr("$default", r)), r, src)
}

func (p *parser) mapV2Route(o *obj, src model.Source) {
	r := src.Range
	p.cfg.Routes = append(p.cfg.Routes, &model.RawRoute{
		APIRef:   o.ref("api_id", src),
		RouteKey: o.str("route_key", model.Str{Range: r}),
		Method: model.Method{
			Authorization:  upper(o.str("authorization_type", model.DefaultStr("NONE", r))),
			AuthorizerRef:  o.str("authorizer_id", model.DefaultStr("", r)),
			APIKeyRequired: o.boolean("api_key_required", model.DefaultBool(false, r)),
			Range:          r,
			Source:         src,
		},
	})
}

func (p *parser) mapV2Stage(o *obj, src model.Source) {
	p.cfg.Stages = append(p.cfg.Stages, &model.Stage{
		ID:            o.in.id,
		APIRef:        o.ref("api_id", src),
		Name:          o.str("name", model.Str{Range: src.Range}),
		DeploymentRef: o.str("deployment_id", model.DefaultStr("", src.Range)),
		AutoDeploy:    o.boolean("auto_deploy", model.DefaultBool(false, src.Range)),
		Source:        src,
	})
}

func (p *parser) mapV2Deployment(o *obj, src model.Source) {
	p.cfg.Deployments = append(p.cfg.Deployments, &model.Deployment{
		ID:        o.in.id,
		IDToken:   p.token(o.in, "id"),
		APIRef:    o.ref("api_id", src),
		StageName: model.DefaultStr("", src.Range),
		Source:    src,
	})
}

func (p *parser) mapV2Authorizer(o *obj, src model.Source) {
	r := src.Range
	p.cfg.Authorizers = append(p.cfg.Authorizers, &model.Authorizer{
		ID:              o.in.id,
		IDToken:         p.token(o.in, "id"),
		APIRef:          o.ref("api_id", src),
		Name:            o.str("name", model.Str{Range: r}),
		Type:            upper(o.str("authorizer_type", model.Str{Range: r})),
		IdentitySources: o.list("identity_sources", model.List{Known: true, Range: r}),
		Source:          src,
	})
}

func (p *parser) mapV2APIMapping(o *obj, src model.Source) {
	p.cfg.Mappings = append(p.cfg.Mappings, &model.Mapping{
		DomainRef: o.ref("domain_name", src),
		APIRef:    o.ref("api_id", src),
		Stage:     o.str("stage", model.Str{Range: src.Range}),
		BasePath:  o.str("api_mapping_key", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}
