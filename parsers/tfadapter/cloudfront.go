package tfadapter

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

var (
	distributionSchema = NewSchema("", []string{"aliases", "default_root_object"},
		"origin", "origin_group", "ordered_cache_behavior", "default_cache_behavior", "custom_error_response")
	originSchema = NewSchema("origin_id", []string{"origin_id", "domain_name", "origin_path", "origin_access_control_id"},
		"custom_header", "custom_origin_config", "s3_origin_config")
	customHeaderSchema = NewSchema("name", []string{"name", "value"})
	customOriginSchema = NewSchema("", []string{"origin_protocol_policy", "origin_ssl_protocols"})
	s3OriginSchema     = NewSchema("", nil)
	originGroupSchema  = NewSchema("origin_id", []string{"origin_id"}, "member")
	memberSchema       = NewSchema("origin_id", []string{"origin_id"})
	behaviorSchema     = NewSchema("", []string{"path_pattern", "target_origin_id", "allowed_methods", "cache_policy_id", "origin_request_policy_id",
		"viewer_protocol_policy"},
		"forwarded_values", "function_association", "lambda_function_association")
	forwardedSchema   = NewSchema("", []string{"headers", "query_string"})
	associationSchema = NewSchema("event_type", []string{"event_type", "function_arn", "lambda_arn"})
	functionSchema    = NewSchema("", []string{"name", "runtime", "code", "key_value_store_associations"})
)

// cloudfrontFunction maps aws_cloudfront_function: its code as the
// evaluator reads it (a literal, a heredoc, file() or templatefile() of a
// file in the repository), unknown when it cannot be known.
func (m *Mapper) cloudfrontFunction(in Instance, src model.Source) {
	o := in.Open(functionSchema)
	r := src.Range
	f := &model.EdgeFunction{
		ID:      in.ID(),
		Source:  src,
		Name:    o.Str("name", model.Str{Range: r}),
		Runtime: o.Str("runtime", model.Str{Range: r}),
		Code:    o.Str("code", model.Str{Range: r}),
		Tokens:  []string{in.Token("arn")},
	}
	if kv := o.List("key_value_store_associations", model.List{Known: true, Range: r}); kv.Known {
		f.KeyValueStores = kv.Items
	} else {
		f.KeyValueStores = []model.Str{model.UnknownStr(kv.Range)}
	}
	m.Cfg.EdgeFunctions = append(m.Cfg.EdgeFunctions, f)
}

// distribution maps aws_cloudfront_distribution. Blocks of a dynamic
// block that cannot be expanded make the distribution Dynamic: it may have
// more origins, behaviors or headers than edgelint sees.
func (m *Mapper) distribution(in Instance, src model.Source) {
	o := in.Open(distributionSchema)
	br := src.Range
	d := &model.Distribution{
		ID:                in.ID(),
		Source:            src,
		Aliases:           o.List("aliases", model.List{Known: true, Range: br}),
		DefaultRootObject: o.Str("default_root_object", model.DefaultStr("", br)),
	}
	// Blocks are read in the order they are written, as the values of a
	// module are evaluated (the first failure is the one reported).
	blocks, types := inOrder(o,
		blockKind{"origin", originSchema}, blockKind{"origin_group", originGroupSchema},
		blockKind{"ordered_cache_behavior", behaviorSchema}, blockKind{"default_cache_behavior", behaviorSchema})
	var def *model.Behavior
	for _, b := range blocks {
		if b.Unknown() {
			d.Dynamic = true
			continue
		}
		switch types[b] {
		case "origin":
			d.Origins = append(d.Origins, origin(b, &d.Dynamic))
		case "origin_group":
			d.OriginGroups = append(d.OriginGroups, originGroup(b, &d.Dynamic))
		case "ordered_cache_behavior":
			d.Behaviors = append(d.Behaviors, behavior(b, false))
		case "default_cache_behavior":
			if def == nil {
				def = behavior(b, true)
			}
		}
	}
	if def != nil {
		d.Behaviors = append(d.Behaviors, def)
	}
	d.ErrorResponses = errorResponses(o)
	if in.Dynamic() {
		d.Dynamic = true
	}
	m.Cfg.Distributions = append(m.Cfg.Distributions, d)
}

func origin(b Object, dynamic *bool) *model.Origin {
	r := b.Range()
	o := &model.Origin{
		ID:             b.Str("origin_id", model.Str{Range: r}),
		DomainName:     b.Str("domain_name", model.Str{Range: r}),
		OriginPath:     b.Str("origin_path", model.DefaultStr("", r)),
		ProtocolPolicy: model.DefaultStr("", r),
		Range:          r,
	}
	for _, h := range b.Blocks("custom_header", customHeaderSchema) {
		if h.Unknown() {
			// Zero or more headers.
			*dynamic = true
			continue
		}
		o.CustomHeaders = append(o.CustomHeaders, model.Header{
			Name:  h.Str("name", model.Str{Range: h.Range()}),
			Value: h.Str("value", model.Str{Range: h.Range()}),
		})
	}
	custom := false
	for _, c := range b.Blocks("custom_origin_config", customOriginSchema) {
		custom = true
		if c.Unknown() {
			o.ProtocolPolicy = model.UnknownStr(c.Range())
			continue
		}
		o.ProtocolPolicy = c.Str("origin_protocol_policy", model.Str{Range: c.Range()})
		o.SSLProtocols = c.List("origin_ssl_protocols", model.List{Known: true, Range: c.Range()})
	}
	for _, s := range b.Blocks("s3_origin_config", s3OriginSchema) {
		if !s.Unknown() {
			o.S3 = true
		}
	}
	// An origin access control ID (unless empty: none) makes an S3 origin.
	if !custom && b.Written("origin_access_control_id") {
		// Null reads as the absent value: none.
		if s := b.Str("origin_access_control_id", model.KnownStr("", r)); !s.Known || s.V != "" {
			o.S3 = true
		}
	}
	return o
}

func originGroup(b Object, dynamic *bool) *model.OriginGroup {
	r := b.Range()
	g := &model.OriginGroup{ID: b.Str("origin_id", model.Str{Range: r}), Range: r}
	for _, mb := range b.Blocks("member", memberSchema) {
		if mb.Unknown() {
			*dynamic = true
			continue
		}
		g.Members = append(g.Members, mb.Str("origin_id", model.Str{Range: mb.Range()}))
	}
	return g
}

func behavior(o Object, def bool) *model.Behavior {
	r := o.Range()
	b := &model.Behavior{
		Default:               def,
		TargetOriginID:        o.Str("target_origin_id", model.Str{Range: r}),
		AllowedMethods:        o.List("allowed_methods", defaultList(r, "GET", "HEAD")),
		CachePolicyID:         o.Str("cache_policy_id", model.DefaultStr("", r)),
		OriginRequestPolicyID: o.Str("origin_request_policy_id", model.DefaultStr("", r)),
		Range:                 r,
		ViewerProtocolPolicy:  o.Str("viewer_protocol_policy", model.Str{Range: r}),
	}
	if def {
		b.PathPattern = model.DefaultStr("*", r)
	} else {
		b.PathPattern = o.Str("path_pattern", model.Str{Range: r})
	}
	if fv := o.Blocks("forwarded_values", forwardedSchema); len(fv) > 0 {
		f := fv[0]
		b.Legacy = &model.ForwardedValues{
			Headers:     f.List("headers", model.List{Known: true, Range: f.Range()}),
			QueryString: f.Bool("query_string", model.DefaultBool(false, f.Range())),
			Range:       f.Range(),
		}
	}
	assocs, types := inOrder(o,
		blockKind{"function_association", associationSchema}, blockKind{"lambda_function_association", associationSchema})
	for _, a := range assocs {
		lambda := types[a] == "lambda_function_association"
		arn := "function_arn"
		if lambda {
			arn = "lambda_arn"
		}
		b.Functions = append(b.Functions, model.FunctionAssociation{
			EventType:   a.Str("event_type", model.Str{Range: a.Range()}),
			Lambda:      lambda,
			Range:       a.Range(),
			FunctionRef: a.Str(arn, model.Str{Range: a.Range()}),
		})
	}
	return b
}

var (
	cachePolicySchema = NewSchema("", []string{"name", "min_ttl", "default_ttl", "max_ttl"},
		"parameters_in_cache_key_and_forwarded_to_origin")
	policyParamsSchema        = NewSchema("", nil, "headers_config", "cookies_config", "query_strings_config")
	originRequestPolicySchema = NewSchema("", []string{"name"}, "headers_config", "cookies_config", "query_strings_config")
	headersConfigSchema       = NewSchema("", []string{"header_behavior"}, "headers")
	itemsSchema               = NewSchema("", []string{"items"})
	cookiesSchema             = NewSchema("", []string{"cookie_behavior"})
	queryStringsSchema        = NewSchema("", []string{"query_string_behavior"})
)

func newPolicy(in Instance, o Object, src model.Source, kind model.PolicyKind) *model.Policy {
	p := &model.Policy{ID: in.ID(), IDToken: in.Token("id"), Kind: kind, Source: src}
	if n := o.Str("name", model.Str{}); n.IsLiteral() {
		p.Name = n.V
	}
	return p
}

// policyConfigs reads headers_config, cookies_config and
// query_strings_config of o (nil: none written) into p; r is where they
// are absent.
func policyConfigs(o Object, p *model.Policy, r model.Range) {
	p.HeaderBehavior = model.DefaultStr("none", r)
	p.Headers = model.List{Known: true, Range: r}
	p.CookieBehavior = model.DefaultStr("none", r)
	p.QueryStringBehavior = model.DefaultStr("none", r)
	if o == nil {
		return
	}
	for _, h := range o.Blocks("headers_config", headersConfigSchema) {
		p.HeaderBehavior = h.Str("header_behavior", model.DefaultStr("none", h.Range()))
		p.Headers = model.List{Known: !h.Unknown(), Range: h.Range()}
		for _, items := range h.Blocks("headers", itemsSchema) {
			if items.Unknown() {
				p.Headers.Known = false
				continue
			}
			p.Headers = items.List("items", model.List{Known: true, Range: items.Range()})
		}
	}
	for _, c := range o.Blocks("cookies_config", cookiesSchema) {
		p.CookieBehavior = c.Str("cookie_behavior", model.DefaultStr("none", c.Range()))
	}
	for _, q := range o.Blocks("query_strings_config", queryStringsSchema) {
		p.QueryStringBehavior = q.Str("query_string_behavior", model.DefaultStr("none", q.Range()))
	}
}

func (m *Mapper) cachePolicy(in Instance, src model.Source) {
	o := in.Open(cachePolicySchema)
	r := src.Range
	p := newPolicy(in, o, src, model.CachePolicy)
	p.MinTTL = o.Int("min_ttl", model.Int{V: 0, Known: true, Range: r})
	p.DefaultTTL = o.Int("default_ttl", model.Int{V: 86400, Known: true, Range: r})
	p.MaxTTL = o.Int("max_ttl", model.Int{V: 31536000, Known: true, Range: r})
	var params Object
	pr := r
	if bs := o.Blocks("parameters_in_cache_key_and_forwarded_to_origin", policyParamsSchema); len(bs) > 0 {
		params, pr = bs[0], bs[0].Range()
	}
	policyConfigs(params, p, pr)
	m.Cfg.Policies = append(m.Cfg.Policies, p)
}

func (m *Mapper) originRequestPolicy(in Instance, src model.Source) {
	o := in.Open(originRequestPolicySchema)
	p := newPolicy(in, o, src, model.OriginRequestPolicy)
	policyConfigs(o, p, src.Range)
	m.Cfg.Policies = append(m.Cfg.Policies, p)
}

// ---- custom error responses ----------------------------------------------------

var errorResponseSchema = NewSchema("error_code", []string{"error_code", "response_code", "response_page_path"})

// errorResponses reads the custom_error_response blocks of a
// distribution. A block that stands for unknown blocks is left out: it
// may be any number of responses, and what they say is unknown.
// response_code is a string in the provider's schema ("200"); one that is
// not a literal integer is unknown.
func errorResponses(o Object) []*model.ErrorResponse {
	var out []*model.ErrorResponse
	for _, b := range o.Blocks("custom_error_response", errorResponseSchema) {
		if b.Unknown() {
			continue
		}
		r := b.Range()
		e := &model.ErrorResponse{
			ErrorCode:        b.Int("error_code", model.Int{Range: r}),
			ResponsePagePath: b.Str("response_page_path", model.DefaultStr("", r)),
			Range:            r,
		}
		rc := b.Str("response_code", model.DefaultStr("", r))
		e.ResponseCode = model.Int{Set: rc.Set && rc.V != "", Range: rc.Range}
		if rc.IsLiteral() && rc.V != "" {
			if v, err := strconv.ParseInt(strings.TrimSpace(rc.V), 10, 64); err == nil {
				e.ResponseCode.V, e.ResponseCode.Known = v, true
			}
		} else if rc.IsLiteral() {
			e.ResponseCode.Known = true // absent or empty: the origin's status is kept
		}
		out = append(out, e)
	}
	return out
}
