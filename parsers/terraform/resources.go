package terraform

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/internal/yamlesc"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/openapi"
)

// mappers turn one instance of a resource type into model entities.
var mappers = map[string]func(*loader, *reader, hcl.Body, model.Source){
	"aws_cloudfront_distribution":          (*loader).mapDistribution,
	"aws_cloudfront_cache_policy":          (*loader).mapCachePolicy,
	"aws_cloudfront_origin_request_policy": (*loader).mapOriginRequestPolicy,
	"aws_api_gateway_rest_api":             (*loader).mapRestAPI,
	"aws_api_gateway_resource":             (*loader).mapRestResource,
	"aws_api_gateway_method":               (*loader).mapRestMethod,
	"aws_api_gateway_deployment":           (*loader).mapRestDeployment,
	"aws_api_gateway_stage":                (*loader).mapRestStage,
	"aws_api_gateway_authorizer":           (*loader).mapRestAuthorizer,
	"aws_api_gateway_domain_name":          (*loader).mapDomainName,
	"aws_api_gateway_base_path_mapping":    (*loader).mapBasePathMapping,
	"aws_apigatewayv2_api":                 (*loader).mapV2API,
	"aws_apigatewayv2_route":               (*loader).mapV2Route,
	"aws_apigatewayv2_stage":               (*loader).mapV2Stage,
	"aws_apigatewayv2_deployment":          (*loader).mapV2Deployment,
	"aws_apigatewayv2_authorizer":          (*loader).mapV2Authorizer,
	"aws_apigatewayv2_domain_name":         (*loader).mapDomainName,
	"aws_apigatewayv2_api_mapping":         (*loader).mapV2APIMapping,
}

// dataMappers turn one instance of a data source into model entities.
var dataMappers = map[string]func(*loader, *reader, hcl.Body, model.Source){
	"aws_api_gateway_rest_api": (*loader).mapRestAPILookup,
}

// mapRestAPILookup reads data "aws_api_gateway_rest_api": a REST API
// looked up by name, which Assemble links to the one same-named API of the
// scan.
func (l *loader) mapRestAPILookup(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("name")})
	l.cfg.APILookups = append(l.cfg.APILookups, &model.APILookup{
		Kind:        model.REST,
		Name:        rd.str(c, "name", model.Str{Range: src.Range}),
		IDToken:     l.tokenString(rd.in, "id"),
		RootIDToken: l.tokenString(rd.in, "root_resource_id"),
		Source:      src,
	})
}

// emit maps every instance of the resource types edgelint models, in
// declaration order.
func (l *loader) emit() {
	for _, r := range l.resources {
		if r.data {
			if m := dataMappers[r.typ]; m != nil {
				l.emitResource(r, m)
			}
			continue
		}
		m := mappers[r.typ]
		if m == nil {
			continue
		}
		l.emitResource(r, m)
	}
}

func (l *loader) emitResource(r *resource, m func(*loader, *reader, hcl.Body, model.Source)) {
	defer func() {
		if p := recover(); p != nil {
			l.addErr("error", l.mrange(r.block.DefRange), fmt.Sprintf("internal error while reading %s in %s: %v", r.addr, r.file.name, p))
		}
	}()
	l.expand(r)
	if r.unknown {
		rng := r.block.DefRange
		if r.count != nil {
			rng = r.count.Range()
		} else if r.forEach != nil {
			rng = r.forEach.Range()
		}
		l.noteOnce("instances\x00"+r.addr, l.mrange(rng),
			fmt.Sprintf("the instances of %s depend on values known only at deploy time; it is not analyzed", r.addr))
		l.resourceGap(r, rng)
		return
	}
	full := l.mrange(l.blockRange(r.block))
	head := l.mrange(r.block.DefRange)
	for _, in := range r.instances {
		rd, body := l.newReader(in)
		m(l, rd, body, model.Source{Format: model.FormatTerraform, Address: in.addr, Range: full, Head: head})
	}
}

// ref reads a reference attribute (an ID); absent is unknown and unset.
func (rd *reader) ref(c *hcl.BodyContent, name string, src model.Source) model.Str {
	return rd.str(c, name, model.Str{Range: src.Range})
}

func attrs(names ...string) []hcl.AttributeSchema {
	out := make([]hcl.AttributeSchema, len(names))
	for i, n := range names {
		out[i] = hcl.AttributeSchema{Name: n}
	}
	return out
}

func blockTypes(names ...string) []hcl.BlockHeaderSchema {
	out := make([]hcl.BlockHeaderSchema, len(names))
	for i, n := range names {
		out[i] = hcl.BlockHeaderSchema{Type: n}
	}
	return out
}

// ---- CloudFront -------------------------------------------------------------

var (
	distributionSchema = &hcl.BodySchema{
		Attributes: attrs("aliases", "default_root_object"),
		Blocks:     blockTypes("origin", "origin_group", "ordered_cache_behavior", "default_cache_behavior"),
	}
	originSchema = &hcl.BodySchema{
		Attributes: attrs("origin_id", "domain_name", "origin_path", "origin_access_control_id"),
		Blocks:     blockTypes("custom_header", "custom_origin_config", "s3_origin_config"),
	}
	customHeaderSchema = &hcl.BodySchema{Attributes: attrs("name", "value")}
	customOriginSchema = &hcl.BodySchema{Attributes: attrs("origin_protocol_policy")}
	originGroupSchema  = &hcl.BodySchema{Attributes: attrs("origin_id"), Blocks: blockTypes("member")}
	memberSchema       = &hcl.BodySchema{Attributes: attrs("origin_id")}
	behaviorSchema     = &hcl.BodySchema{
		Attributes: attrs("path_pattern", "target_origin_id", "allowed_methods", "cache_policy_id", "origin_request_policy_id"),
		Blocks:     blockTypes("forwarded_values", "function_association", "lambda_function_association"),
	}
	forwardedSchema   = &hcl.BodySchema{Attributes: attrs("headers", "query_string")}
	associationSchema = &hcl.BodySchema{Attributes: attrs("event_type")}
)

func (l *loader) mapDistribution(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, distributionSchema)
	br := src.Range
	d := &model.Distribution{
		ID:                rd.in.id,
		Source:            src,
		Aliases:           rd.list(c, "aliases", model.List{Known: true, Range: br}),
		DefaultRootObject: rd.str(c, "default_root_object", model.DefaultStr("", br)),
	}
	var def *model.Behavior
	for _, b := range c.Blocks {
		if isUnknownBody(b.Body) {
			d.Dynamic = true
			continue
		}
		r := rd.rng(b)
		switch b.Type {
		case "origin":
			d.Origins = append(d.Origins, rd.origin(b.Body, r))
		case "origin_group":
			d.OriginGroups = append(d.OriginGroups, rd.originGroup(b.Body, r))
		case "ordered_cache_behavior":
			d.Behaviors = append(d.Behaviors, rd.behavior(b.Body, r, false))
		case "default_cache_behavior":
			if def == nil {
				def = rd.behavior(b.Body, r, true)
			}
		}
	}
	if def != nil {
		d.Behaviors = append(d.Behaviors, def)
	}
	if rd.dynamic {
		d.Dynamic = true
	}
	l.cfg.Distributions = append(l.cfg.Distributions, d)
}

func (rd *reader) origin(body hcl.Body, r model.Range) *model.Origin {
	c := rd.content(body, originSchema)
	o := &model.Origin{
		ID:         rd.str(c, "origin_id", model.Str{Range: r}),
		DomainName: rd.str(c, "domain_name", model.Str{Range: r}),
		OriginPath: rd.str(c, "origin_path", model.DefaultStr("", r)),
		Range:      r,
	}
	o.ProtocolPolicy = model.DefaultStr("", r)
	custom := false
	for _, b := range c.Blocks {
		br := rd.rng(b)
		if isUnknownBody(b.Body) {
			// A dynamic block with an unknown for_each: zero or more.
			switch b.Type {
			case "custom_header":
				rd.dynamic = true
			case "custom_origin_config":
				custom = true
				o.ProtocolPolicy = model.UnknownStr(br)
			}
			continue
		}
		switch b.Type {
		case "custom_header":
			hc := rd.content(b.Body, customHeaderSchema)
			o.CustomHeaders = append(o.CustomHeaders, model.Header{
				Name:  rd.str(hc, "name", model.Str{Range: br}),
				Value: rd.str(hc, "value", model.Str{Range: br}),
			})
		case "custom_origin_config":
			custom = true
			cc := rd.content(b.Body, customOriginSchema)
			o.ProtocolPolicy = rd.str(cc, "origin_protocol_policy", model.Str{Range: br})
		case "s3_origin_config":
			o.S3 = true
		}
	}
	if a := c.Attributes["origin_access_control_id"]; a != nil && !custom {
		if v, _ := rd.value(a).Unmark(); !v.IsKnown() || !v.IsNull() {
			o.S3 = true
		}
	}
	return o
}

func (rd *reader) originGroup(body hcl.Body, r model.Range) *model.OriginGroup {
	c := rd.content(body, originGroupSchema)
	g := &model.OriginGroup{ID: rd.str(c, "origin_id", model.Str{Range: r}), Range: r}
	for _, b := range rd.blocks(c, "member") {
		mc := rd.content(b.Body, memberSchema)
		g.Members = append(g.Members, rd.str(mc, "origin_id", model.Str{Range: rd.rng(b)}))
	}
	return g
}

func (rd *reader) behavior(body hcl.Body, r model.Range, def bool) *model.Behavior {
	c := rd.content(body, behaviorSchema)
	b := &model.Behavior{
		Default:               def,
		TargetOriginID:        rd.str(c, "target_origin_id", model.Str{Range: r}),
		AllowedMethods:        rd.list(c, "allowed_methods", defaultList(r, "GET", "HEAD")),
		CachePolicyID:         rd.str(c, "cache_policy_id", model.DefaultStr("", r)),
		OriginRequestPolicyID: rd.str(c, "origin_request_policy_id", model.DefaultStr("", r)),
		Range:                 r,
	}
	if def {
		b.PathPattern = model.DefaultStr("*", r)
	} else {
		b.PathPattern = rd.str(c, "path_pattern", model.Str{Range: r})
	}
	for _, blk := range c.Blocks {
		br := rd.rng(blk)
		switch blk.Type {
		case "forwarded_values":
			if b.Legacy != nil {
				continue
			}
			fc := rd.content(blk.Body, forwardedSchema)
			b.Legacy = &model.ForwardedValues{
				Headers:     rd.list(fc, "headers", model.List{Known: true, Range: br}),
				QueryString: rd.boolean(fc, "query_string", model.DefaultBool(false, br)),
				Range:       br,
			}
		case "function_association", "lambda_function_association":
			ac := rd.content(blk.Body, associationSchema)
			b.Functions = append(b.Functions, model.FunctionAssociation{
				EventType: rd.str(ac, "event_type", model.Str{Range: br}),
				Lambda:    blk.Type == "lambda_function_association",
				Range:     br,
			})
		}
	}
	return b
}

var (
	cachePolicySchema = &hcl.BodySchema{
		Attributes: attrs("name", "min_ttl", "default_ttl", "max_ttl"),
		Blocks:     blockTypes("parameters_in_cache_key_and_forwarded_to_origin"),
	}
	policyParamsSchema = &hcl.BodySchema{
		Blocks: blockTypes("headers_config", "cookies_config", "query_strings_config"),
	}
	originRequestPolicySchema = &hcl.BodySchema{
		Attributes: attrs("name"),
		Blocks:     blockTypes("headers_config", "cookies_config", "query_strings_config"),
	}
	headersConfigSchema = &hcl.BodySchema{Attributes: attrs("header_behavior"), Blocks: blockTypes("headers")}
	itemsSchema         = &hcl.BodySchema{Attributes: attrs("items")}
	cookiesSchema       = &hcl.BodySchema{Attributes: attrs("cookie_behavior")}
	queryStringsSchema  = &hcl.BodySchema{Attributes: attrs("query_string_behavior")}
)

func (l *loader) newPolicy(rd *reader, c *hcl.BodyContent, src model.Source, kind model.PolicyKind) *model.Policy {
	p := &model.Policy{
		ID:      rd.in.id,
		IDToken: l.tokenString(rd.in, "id"),
		Kind:    kind,
		Source:  src,
	}
	if n := rd.str(c, "name", model.Str{}); n.IsLiteral() {
		p.Name = n.V
	}
	return p
}

// policyConfigs reads headers_config, cookies_config and
// query_strings_config from c into p.
func (rd *reader) policyConfigs(c *hcl.BodyContent, p *model.Policy, r model.Range) {
	p.HeaderBehavior = model.DefaultStr("none", r)
	p.Headers = model.List{Known: true, Range: r}
	p.CookieBehavior = model.DefaultStr("none", r)
	p.QueryStringBehavior = model.DefaultStr("none", r)
	for _, b := range c.Blocks {
		br := rd.rng(b)
		unknown := isUnknownBody(b.Body)
		switch b.Type {
		case "headers_config":
			hc := rd.content(b.Body, headersConfigSchema)
			p.HeaderBehavior = rd.str(hc, "header_behavior", model.DefaultStr("none", br))
			p.Headers = model.List{Known: !unknown, Range: br}
			for _, hb := range hc.Blocks {
				if isUnknownBody(hb.Body) {
					p.Headers.Known = false
					continue
				}
				ic := rd.content(hb.Body, itemsSchema)
				p.Headers = rd.list(ic, "items", model.List{Known: true, Range: rd.rng(hb)})
			}
		case "cookies_config":
			cc := rd.content(b.Body, cookiesSchema)
			p.CookieBehavior = rd.str(cc, "cookie_behavior", model.DefaultStr("none", br))
		case "query_strings_config":
			qc := rd.content(b.Body, queryStringsSchema)
			p.QueryStringBehavior = rd.str(qc, "query_string_behavior", model.DefaultStr("none", br))
		}
	}
}

func (l *loader) mapCachePolicy(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, cachePolicySchema)
	r := src.Range
	p := l.newPolicy(rd, c, src, model.CachePolicy)
	p.MinTTL = rd.integer(c, "min_ttl", model.Int{V: 0, Known: true, Range: r})
	p.DefaultTTL = rd.integer(c, "default_ttl", model.Int{V: 86400, Known: true, Range: r})
	p.MaxTTL = rd.integer(c, "max_ttl", model.Int{V: 31536000, Known: true, Range: r})
	params := &hcl.BodyContent{}
	pr := r
	if b, _ := rd.firstBlock(c, "parameters_in_cache_key_and_forwarded_to_origin"); b != nil {
		params = rd.content(b.Body, policyParamsSchema)
		pr = rd.rng(b)
	}
	rd.policyConfigs(params, p, pr)
	l.cfg.Policies = append(l.cfg.Policies, p)
}

func (l *loader) mapOriginRequestPolicy(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, originRequestPolicySchema)
	p := l.newPolicy(rd, c, src, model.OriginRequestPolicy)
	rd.policyConfigs(c, p, src.Range)
	l.cfg.Policies = append(l.cfg.Policies, p)
}

// ---- API Gateway REST ---------------------------------------------------------

var restAPISchema = &hcl.BodySchema{
	Attributes: attrs("name", "body", "disable_execute_api_endpoint", "api_key_source", "parameters"),
	Blocks:     blockTypes("endpoint_configuration"),
}

// bodyUnknown is the reason given when an OpenAPI body cannot be read.
const bodyUnknown = "resources come from the OpenAPI body"

func (l *loader) mapRestAPI(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, restAPISchema)
	r := src.Range
	a := &model.API{
		ID:                        rd.in.id,
		Kind:                      model.REST,
		Source:                    src,
		Name:                      rd.str(c, "name", model.Str{Range: r}),
		IDToken:                   l.tokenString(rd.in, "id"),
		RootIDToken:               l.tokenString(rd.in, "root_resource_id"),
		EndpointTypes:             defaultList(r, "EDGE"),
		DisableExecuteAPIEndpoint: rd.boolean(c, "disable_execute_api_endpoint", model.DefaultBool(false, r)),
		APIKeySource:              rd.str(c, "api_key_source", model.DefaultStr("HEADER", r)),
		Range:                     r,
	}
	if b, unknown := rd.firstBlock(c, "endpoint_configuration"); b != nil {
		br := rd.rng(b)
		if unknown {
			a.EndpointTypes = model.List{Set: true, Range: br}
		} else {
			ec := rd.content(b.Body, &hcl.BodySchema{Attributes: attrs("types")})
			a.EndpointTypes = rd.list(ec, "types", defaultList(br, "EDGE"))
		}
	}
	basePath := ""
	if pa := c.Attributes["parameters"]; pa != nil {
		if v, marks := rd.value(pa).UnmarkDeep(); !hasTokMark(marks) && v.IsWhollyKnown() && !v.IsNull() &&
			(v.Type().IsMapType() || v.Type().IsObjectType()) {
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				if strings.EqualFold(k.AsString(), "basepath") && e.Type() == cty.String && !e.IsNull() {
					basePath = e.AsString()
				}
			}
		}
	}
	l.readBody(rd, c.Attributes["body"], a, basePath)
	l.cfg.APIs = append(l.cfg.APIs, a)
}

// readBody reads the resources of an API from its OpenAPI body, when the
// body is a known JSON or YAML document.
func (l *loader) readBody(rd *reader, attr *hcl.Attribute, a *model.API, basePath string) {
	if attr == nil {
		return
	}
	rng := l.mrange(attr.Expr.Range())
	v, marks := rd.value(attr).UnmarkDeep()
	if v.IsKnown() && v.IsNull() {
		return
	}
	if !v.IsKnown() || v.Type() != cty.String || (hasTokMark(marks) && (!model.HasToken(v.AsString()) || !tokensIntact(v.AsString()))) {
		a.ResourcesUnknown = bodyUnknown
		return
	}
	if _, whole := model.TokenSym(strings.TrimSpace(v.AsString())); whole {
		a.ResourcesUnknown = bodyUnknown
		return
	}
	doc, err := DecodeDocument(v.AsString())
	if err != nil {
		a.ResourcesUnknown = bodyUnknown
		l.noteOnce("body\x00"+a.ID, rng, "the OpenAPI body of "+a.Source.Address+" cannot be decoded: "+err.Error())
		return
	}
	res, err := openapi.Read(doc, l.bodyLocator(attr.Expr, rng), openapi.Options{
		Kind:     a.Kind,
		BasePath: basePath,
		Source:   a.Source,
		Syms:     l.syms,
		APIID:    a.ID,
	})
	a.Resources = append(a.Resources, res.Resources...)
	a.Authorizers = append(a.Authorizers, res.Authorizers...)
	if res.APIKeySource.Set && !a.APIKeySource.Set {
		// api_key_source, when set, overrides the body's extension.
		a.APIKeySource = res.APIKeySource
	}
	l.errs = append(l.errs, res.Notes...)
	if err != nil {
		a.ResourcesUnknown = bodyUnknown + ": " + err.Error()
	}
}

func (l *loader) bodyLocator(expr hcl.Expression, whole model.Range) openapi.Locator {
	return BodyLocator(expr, whole, l.mrange)
}

// BodyLocator locates a path of keys of an OpenAPI body written as
// jsonencode/yamlencode of an HCL object: the deepest object item the path
// reaches (the operation, its security list), so that a finding lands on
// the line that declares it. Other bodies (templatefile, file, strings)
// are located at the whole expression. rng converts a range of the
// expression's source.
func BodyLocator(expr hcl.Expression, whole model.Range, rng func(hcl.Range) model.Range) openapi.Locator {
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || (call.Name != "jsonencode" && call.Name != "yamlencode") || len(call.Args) != 1 {
		return func(...string) model.Range { return whole }
	}
	root, ok := call.Args[0].(*hclsyntax.ObjectConsExpr)
	if !ok {
		return func(...string) model.Range { return whole }
	}
	return func(path ...string) model.Range {
		obj, found := root, hcl.Range{}
		for _, key := range path {
			var next *hclsyntax.ObjectConsItem
			for i := range obj.Items {
				if objectKey(obj.Items[i].KeyExpr) == key {
					next = &obj.Items[i]
					break
				}
			}
			if next == nil {
				break
			}
			found = hcl.RangeBetween(next.KeyExpr.Range(), next.ValueExpr.Range())
			o, isObj := next.ValueExpr.(*hclsyntax.ObjectConsExpr)
			if !isObj {
				break
			}
			obj = o
		}
		if found.Filename == "" {
			return whole
		}
		return rng(found)
	}
}

// objectKey is the text of an object constructor key: a bare name or a
// literal string; "" for anything else.
func objectKey(e hclsyntax.Expression) string {
	if k := hcl.ExprAsKeyword(e); k != "" {
		return k
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// DecodeDocument decodes a JSON or YAML document (an OpenAPI body) into a
// generic tree, as openapi.Read takes it.
func DecodeDocument(s string) (any, error) {
	var doc any
	if err := json.Unmarshal([]byte(s), &doc); err == nil {
		return doc, nil
	}
	n, err := yamlesc.Parse([]byte(s))
	if err != nil {
		return nil, err
	}
	if err := n.Decode(&doc); err != nil {
		return nil, err
	}
	doc = normalizeYAML(doc)
	if _, ok := doc.(map[string]any); !ok {
		return nil, fmt.Errorf("the document is not a mapping")
	}
	return doc, nil
}

func (l *loader) mapRestResource(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("rest_api_id", "parent_id", "path_part")})
	l.cfg.Resources = append(l.cfg.Resources, &model.RawResource{
		APIRef:    rd.ref(c, "rest_api_id", src),
		ParentRef: rd.ref(c, "parent_id", src),
		PathPart:  rd.str(c, "path_part", model.Str{Range: src.Range}),
		IDToken:   l.tokenString(rd.in, "id"),
		Source:    src,
	})
}

func (l *loader) mapRestMethod(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{
		Attributes: attrs("rest_api_id", "resource_id", "http_method", "authorization", "authorizer_id", "api_key_required"),
	})
	r := src.Range
	l.cfg.Methods = append(l.cfg.Methods, &model.RawMethod{
		APIRef:      rd.ref(c, "rest_api_id", src),
		ResourceRef: rd.ref(c, "resource_id", src),
		Method: model.Method{
			HTTPMethod:     upper(rd.str(c, "http_method", model.Str{Range: r})),
			Authorization:  upper(rd.str(c, "authorization", model.DefaultStr("NONE", r))),
			AuthorizerRef:  rd.str(c, "authorizer_id", model.DefaultStr("", r)),
			APIKeyRequired: rd.boolean(c, "api_key_required", model.DefaultBool(false, r)),
			Range:          r,
			Source:         src,
		},
	})
}

func (l *loader) mapRestDeployment(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("rest_api_id", "stage_name")})
	l.cfg.Deployments = append(l.cfg.Deployments, &model.Deployment{
		ID:        rd.in.id,
		IDToken:   l.tokenString(rd.in, "id"),
		APIRef:    rd.ref(c, "rest_api_id", src),
		StageName: rd.str(c, "stage_name", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}

func (l *loader) mapRestStage(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("rest_api_id", "stage_name", "deployment_id")})
	l.cfg.Stages = append(l.cfg.Stages, &model.Stage{
		ID:            rd.in.id,
		APIRef:        rd.ref(c, "rest_api_id", src),
		Name:          rd.str(c, "stage_name", model.Str{Range: src.Range}),
		DeploymentRef: rd.ref(c, "deployment_id", src),
		AutoDeploy:    model.DefaultBool(false, src.Range),
		Source:        src,
	})
}

func (l *loader) mapRestAuthorizer(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("rest_api_id", "name", "type", "identity_source")})
	r := src.Range
	ids := model.List{Known: true, Range: r,
		Items: []model.Str{model.DefaultStr("method.request.header.Authorization", r)}}
	if a := c.Attributes["identity_source"]; a != nil {
		s := rd.str(c, "identity_source", model.DefaultStr("method.request.header.Authorization", r))
		if s.Set {
			ids = splitList(s)
		}
	}
	l.cfg.Authorizers = append(l.cfg.Authorizers, &model.Authorizer{
		ID:              rd.in.id,
		IDToken:         l.tokenString(rd.in, "id"),
		APIRef:          rd.ref(c, "rest_api_id", src),
		Name:            rd.str(c, "name", model.Str{Range: r}),
		Type:            upper(rd.str(c, "type", model.DefaultStr("TOKEN", r))),
		IdentitySources: ids,
		Source:          src,
	})
}

// mapDomainName maps both REST and HTTP API custom domain names.
func (l *loader) mapDomainName(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("domain_name")})
	d := &model.DomainName{
		ID:     rd.in.id,
		Tokens: []string{l.tokenString(rd.in, "id")},
		Name:   rd.str(c, "domain_name", model.Str{Range: src.Range}),
		Source: src,
		V2:     rd.in.res.typ == "aws_apigatewayv2_domain_name",
	}
	if d.V2 {
		d.TargetHosts = []string{l.syms.Attr(rd.in.id, "target_domain_name", rd.in.addr+".domain_name_configuration[0].target_domain_name")}
	} else {
		d.TargetHosts = []string{l.tokenString(rd.in, "regional_domain_name"), l.tokenString(rd.in, "cloudfront_domain_name")}
	}
	l.cfg.DomainNames = append(l.cfg.DomainNames, d)
}

func (l *loader) mapBasePathMapping(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("api_id", "domain_name", "stage_name", "base_path")})
	l.cfg.Mappings = append(l.cfg.Mappings, &model.Mapping{
		DomainRef: rd.ref(c, "domain_name", src),
		APIRef:    rd.ref(c, "api_id", src),
		Stage:     rd.str(c, "stage_name", model.DefaultStr("", src.Range)),
		BasePath:  rd.str(c, "base_path", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}

// ---- API Gateway v2 -----------------------------------------------------------

var v2APISchema = &hcl.BodySchema{
	Attributes: attrs("name", "protocol_type", "body", "route_key", "target", "disable_execute_api_endpoint"),
}

func (l *loader) mapV2API(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, v2APISchema)
	r := src.Range
	kind := model.HTTP
	if p := rd.str(c, "protocol_type", model.Str{Range: r}); p.IsLiteral() && strings.EqualFold(p.V, "WEBSOCKET") {
		kind = model.WebSocket
	}
	id := l.tokenString(rd.in, "id")
	a := &model.API{
		ID:                        rd.in.id,
		Kind:                      kind,
		Source:                    src,
		Name:                      rd.str(c, "name", model.Str{Range: r}),
		IDToken:                   id,
		EndpointTypes:             defaultList(r, "REGIONAL"),
		DisableExecuteAPIEndpoint: rd.boolean(c, "disable_execute_api_endpoint", model.DefaultBool(false, r)),
		APIKeySource:              model.DefaultStr("", r),
		Range:                     r,
	}
	l.readBody(rd, c.Attributes["body"], a, "")
	l.cfg.APIs = append(l.cfg.APIs, a)

	// Quick create: a target makes API Gateway create a route and an
	// auto-deployed $default stage.
	if kind != model.HTTP || (c.Attributes["target"] == nil && c.Attributes["route_key"] == nil) {
		return
	}
	if t := c.Attributes["target"]; t != nil {
		if v, _ := rd.value(t).Unmark(); v.IsKnown() && v.IsNull() {
			return
		}
	}
	l.cfg.AddQuickCreate(model.Str{V: id, Known: true, Range: r}, rd.in.id+"#$default",
		rd.str(c, "route_key", model.DefaultStr("$default", r)), r, src)
}

func (l *loader) mapV2Route(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{
		Attributes: attrs("api_id", "route_key", "authorization_type", "authorizer_id", "api_key_required"),
	})
	r := src.Range
	l.cfg.Routes = append(l.cfg.Routes, &model.RawRoute{
		APIRef:   rd.ref(c, "api_id", src),
		RouteKey: rd.str(c, "route_key", model.Str{Range: r}),
		Method: model.Method{
			Authorization:  upper(rd.str(c, "authorization_type", model.DefaultStr("NONE", r))),
			AuthorizerRef:  rd.str(c, "authorizer_id", model.DefaultStr("", r)),
			APIKeyRequired: rd.boolean(c, "api_key_required", model.DefaultBool(false, r)),
			Range:          r,
			Source:         src,
		},
	})
}

func (l *loader) mapV2Stage(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("api_id", "name", "deployment_id", "auto_deploy")})
	l.cfg.Stages = append(l.cfg.Stages, &model.Stage{
		ID:            rd.in.id,
		APIRef:        rd.ref(c, "api_id", src),
		Name:          rd.str(c, "name", model.Str{Range: src.Range}),
		DeploymentRef: rd.str(c, "deployment_id", model.DefaultStr("", src.Range)),
		AutoDeploy:    rd.boolean(c, "auto_deploy", model.DefaultBool(false, src.Range)),
		Source:        src,
	})
}

func (l *loader) mapV2Deployment(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("api_id")})
	l.cfg.Deployments = append(l.cfg.Deployments, &model.Deployment{
		ID:        rd.in.id,
		IDToken:   l.tokenString(rd.in, "id"),
		APIRef:    rd.ref(c, "api_id", src),
		StageName: model.DefaultStr("", src.Range),
		Source:    src,
	})
}

func (l *loader) mapV2Authorizer(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("api_id", "name", "authorizer_type", "identity_sources")})
	r := src.Range
	l.cfg.Authorizers = append(l.cfg.Authorizers, &model.Authorizer{
		ID:              rd.in.id,
		IDToken:         l.tokenString(rd.in, "id"),
		APIRef:          rd.ref(c, "api_id", src),
		Name:            rd.str(c, "name", model.Str{Range: r}),
		Type:            upper(rd.str(c, "authorizer_type", model.Str{Range: r})),
		IdentitySources: rd.list(c, "identity_sources", model.List{Known: true, Range: r}),
		Source:          src,
	})
}

func (l *loader) mapV2APIMapping(rd *reader, body hcl.Body, src model.Source) {
	c := rd.content(body, &hcl.BodySchema{Attributes: attrs("api_id", "domain_name", "stage", "api_mapping_key")})
	l.cfg.Mappings = append(l.cfg.Mappings, &model.Mapping{
		DomainRef: rd.ref(c, "domain_name", src),
		APIRef:    rd.ref(c, "api_id", src),
		Stage:     rd.str(c, "stage", model.Str{Range: src.Range}),
		BasePath:  rd.str(c, "api_mapping_key", model.DefaultStr("", src.Range)),
		Source:    src,
	})
}
