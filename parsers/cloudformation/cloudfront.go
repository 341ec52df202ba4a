package cloudformation

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// distribution reads an AWS::CloudFront::Distribution.
func (t *template) distribution(r *resource) {
	props := t.object(r.props, r.rng)
	cfg := props.obj("DistributionConfig")
	d := &model.Distribution{
		ID:                r.eid,
		Source:            t.source(r),
		Aliases:           cfg.list("Aliases"),
		DefaultRootObject: cfg.strDef("DefaultRootObject", ""),
	}
	if cfg.unknown {
		d.Dynamic = true
	}

	origins, known := cfg.objs("Origins")
	if !known {
		d.Dynamic = true
	}
	for _, o := range origins {
		d.Origins = append(d.Origins, t.origin(o))
	}

	groups := cfg.obj("OriginGroups")
	items, known := groups.objs("Items")
	if !known {
		d.Dynamic = true
	}
	for _, g := range items {
		og := &model.OriginGroup{ID: g.str("Id"), Range: g.rng}
		members, known := g.obj("Members").objs("Items")
		if !known {
			d.Dynamic = true
		}
		for _, m := range members {
			og.Members = append(og.Members, m.str("OriginId"))
		}
		d.OriginGroups = append(d.OriginGroups, og)
	}

	ordered, known := cfg.objs("CacheBehaviors")
	if !known {
		d.Dynamic = true
	}
	for _, b := range ordered {
		d.Behaviors = append(d.Behaviors, t.behavior(b, false))
	}
	if def := cfg.obj("DefaultCacheBehavior"); def.present() {
		d.Behaviors = append(d.Behaviors, t.behavior(def, true))
	} else if !cfg.unknown {
		t.warn(cfg.rng, "distribution %s has no DefaultCacheBehavior", r.id)
	}
	d.ErrorResponses = errorResponses(cfg)
	t.cfg.Distributions = append(t.cfg.Distributions, d)
}

func (t *template) origin(o obj) *model.Origin {
	out := &model.Origin{
		ID:         o.str("Id"),
		DomainName: o.str("DomainName"),
		OriginPath: o.strDef("OriginPath", ""),
		Range:      o.rng,
	}
	headers, _ := o.objs("OriginCustomHeaders")
	for _, h := range headers {
		out.CustomHeaders = append(out.CustomHeaders, model.Header{Name: h.str("HeaderName"), Value: h.str("HeaderValue")})
	}
	custom := o.obj("CustomOriginConfig")
	if custom.present() {
		out.ProtocolPolicy = custom.str("OriginProtocolPolicy")
		out.SSLProtocols = custom.list("OriginSSLProtocols")
	} else {
		out.ProtocolPolicy = model.Str{Range: o.rng}
	}
	if o.obj("S3OriginConfig").present() {
		out.S3 = true
	} else if oac := o.str("OriginAccessControlId"); oac.Set && (!oac.Known || oac.V != "") {
		out.S3 = true
	}
	return out
}

func (t *template) behavior(b obj, isDefault bool) *model.Behavior {
	out := &model.Behavior{
		Default:               isDefault,
		TargetOriginID:        b.str("TargetOriginId"),
		CachePolicyID:         b.strDef("CachePolicyId", ""),
		OriginRequestPolicyID: b.strDef("OriginRequestPolicyId", ""),
		Range:                 b.rng,
		ViewerProtocolPolicy:  b.str("ViewerProtocolPolicy"),
	}
	if isDefault {
		out.PathPattern = model.DefaultStr("*", b.rng)
	} else {
		out.PathPattern = b.str("PathPattern")
	}
	if b.has("AllowedMethods") {
		out.AllowedMethods = b.list("AllowedMethods")
	} else {
		out.AllowedMethods = model.List{
			Items: []model.Str{model.DefaultStr("GET", b.rng), model.DefaultStr("HEAD", b.rng)},
			Known: true, Range: b.rng,
		}
	}
	if fv := b.obj("ForwardedValues"); fv.present() {
		out.Legacy = &model.ForwardedValues{
			Headers:     fv.list("Headers"),
			QueryString: fv.boolean("QueryString", false),
			Range:       fv.rng,
		}
	}
	fns, _ := b.objs("FunctionAssociations")
	for _, f := range fns {
		out.Functions = append(out.Functions, model.FunctionAssociation{EventType: f.str("EventType"), Range: f.rng, FunctionRef: f.str("FunctionARN")})
	}
	lambdas, _ := b.objs("LambdaFunctionAssociations")
	for _, f := range lambdas {
		out.Functions = append(out.Functions, model.FunctionAssociation{EventType: f.str("EventType"), Lambda: true, Range: f.rng, FunctionRef: f.str("LambdaFunctionARN")})
	}
	return out
}

// edgeFunction reads an AWS::CloudFront::Function.
func (t *template) edgeFunction(r *resource) {
	props := t.object(r.props, r.rng)
	conf := props.obj("FunctionConfig")
	f := &model.EdgeFunction{
		ID:      r.eid,
		Source:  t.source(r),
		Name:    props.str("Name"),
		Runtime: conf.str("Runtime"),
		Code:    props.str("FunctionCode"),
		Tokens:  []string{t.functionARN(r.eid, r.id)},
	}
	kvs, known := conf.objs("KeyValueStoreAssociations")
	if !known {
		f.KeyValueStores = append(f.KeyValueStores, model.UnknownStr(conf.rng))
	}
	for _, k := range kvs {
		f.KeyValueStores = append(f.KeyValueStores, k.str("KeyValueStoreARN"))
	}
	t.cfg.EdgeFunctions = append(t.cfg.EdgeFunctions, f)
}

// policy reads an AWS::CloudFront::CachePolicy or OriginRequestPolicy.
func (t *template) policy(r *resource, kind model.PolicyKind) {
	props := t.object(r.props, r.rng)
	p := &model.Policy{
		ID:      r.eid,
		IDToken: t.idToken(r.eid, r.id),
		Kind:    kind,
		Source:  t.source(r),
	}
	var params obj
	if kind == model.CachePolicy {
		c := props.obj("CachePolicyConfig")
		p.MinTTL = c.integer("MinTTL")
		p.DefaultTTL = c.integer("DefaultTTL")
		p.MaxTTL = c.integer("MaxTTL")
		p.Name = displayName(c.str("Name"), t.syms, r.id)
		params = c.obj("ParametersInCacheKeyAndForwardedToOrigin")
	} else {
		params = props.obj("OriginRequestPolicyConfig")
		p.Name = displayName(params.str("Name"), t.syms, r.id)
	}
	headers := params.obj("HeadersConfig")
	p.HeaderBehavior = headers.str("HeaderBehavior")
	p.Headers = headers.list("Headers")
	p.QueryStringBehavior = params.obj("QueryStringsConfig").str("QueryStringBehavior")
	p.CookieBehavior = params.obj("CookiesConfig").str("CookieBehavior")
	t.cfg.Policies = append(t.cfg.Policies, p)
}

// displayName renders a name for people, falling back to the logical ID.
func displayName(s model.Str, syms *model.Symbols, fallback string) string {
	if !s.Known || strings.TrimSpace(s.V) == "" {
		return fallback
	}
	return syms.Display(s.V)
}

// ---- custom error responses ----------------------------------------------------

// errorResponses reads a distribution's CustomErrorResponses: the known
// items of the list (an unknown list or item says nothing).
func errorResponses(cfg obj) []*model.ErrorResponse {
	items, _ := cfg.objs("CustomErrorResponses")
	var out []*model.ErrorResponse
	for _, it := range items {
		if it.unknown {
			continue
		}
		e := &model.ErrorResponse{
			ErrorCode:        it.integer("ErrorCode"),
			ResponseCode:     it.integer("ResponseCode"),
			ResponsePagePath: it.strDef("ResponsePagePath", ""),
			Range:            it.rng,
		}
		if !e.ResponseCode.Set {
			e.ResponseCode.Known = true // absent: the origin's status is kept
		}
		out = append(out, e)
	}
	return out
}
