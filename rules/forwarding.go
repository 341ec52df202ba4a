package rules

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// delivery is whether a viewer-supplied value reaches the origin.
type delivery int

const (
	delivered delivery = iota
	notDelivered
	deliveryUnknown
	// notDeliveredLegacyUncertain: legacy forwarding drops Authorization
	// for GET/HEAD; for other methods the AWS documentation is ambiguous.
	notDeliveredLegacyUncertain
)

// credential is one thing an authorization needs from the viewer.
type credential struct {
	header string // header name, when a header
	query  string // query-string parameter, when a query string
}

func (c credential) String() string {
	if c.query != "" {
		return "query string parameter " + quote(c.query)
	}
	return "header " + quote(c.header)
}

// parseIdentitySource reads "method.request.header.X" (REST) and
// "$request.header.X" (HTTP). ok is false for sources that do not come from
// the viewer request (context, stage variables).
func parseIdentitySource(s string) (credential, bool) {
	s = strings.TrimSpace(s)
	for _, pre := range []string{"method.request.header.", "$request.header."} {
		if strings.HasPrefix(s, pre) {
			return credential{header: s[len(pre):]}, true
		}
	}
	for _, pre := range []string{"method.request.querystring.", "$request.querystring."} {
		if strings.HasPrefix(s, pre) {
			return credential{query: s[len(pre):]}, true
		}
	}
	return credential{}, false
}

// deliverHeader decides whether a behavior delivers header h to origin o for
// requests with the given HTTP methods.
func deliverHeader(b *model.Behavior, o *model.Origin, h string, methods []string) delivery {
	for _, ch := range o.CustomHeaders {
		if !ch.Name.Known {
			return deliveryUnknown
		}
		if strings.EqualFold(ch.Name.V, h) {
			return delivered
		}
	}
	if b.CachePolicyID.Set || b.OriginRequestPolicyID.Set {
		return policyDelivers(b, h)
	}
	if b.Legacy == nil {
		return deliveryUnknown
	}
	hs := b.Legacy.Headers
	if !hs.AllKnown() {
		return deliveryUnknown
	}
	if hs.ContainsFold(h) || hs.ContainsFold("*") {
		return delivered
	}
	if !strings.EqualFold(h, "Authorization") {
		// Legacy forwarding passes other viewer headers to custom origins
		// (RequestAndResponseBehaviorCustomOrigin.html, "Other-defined
		// headers").
		return delivered
	}
	for _, m := range methods {
		if m == "GET" || m == "HEAD" || m == "ANY" {
			return notDelivered
		}
	}
	return notDeliveredLegacyUncertain
}

func policyDelivers(b *model.Behavior, h string) delivery {
	if b.CachePolicyID.Set && b.CachePolicy == nil {
		return deliveryUnknown
	}
	if b.OriginRequestPolicyID.Set && b.OriginRequestPolicy == nil {
		return deliveryUnknown
	}
	result := notDelivered
	if cp := b.CachePolicy; cp != nil {
		switch d := headersConfigDelivers(cp, h); d {
		case delivered:
			return delivered
		case deliveryUnknown:
			result = deliveryUnknown
		}
	}
	if orp := b.OriginRequestPolicy; orp != nil {
		switch d := headersConfigDelivers(orp, h); d {
		case delivered:
			return delivered
		case deliveryUnknown:
			result = deliveryUnknown
		}
	}
	return result
}

func headersConfigDelivers(p *model.Policy, h string) delivery {
	hb := p.HeaderBehavior
	if !hb.Known {
		return deliveryUnknown
	}
	switch strings.ToLower(hb.V) {
	case "", "none":
		return notDelivered
	case "allviewer", "allviewerandwhitelistcloudfront":
		return delivered
	case "allexcept":
		if !p.Headers.AllKnown() {
			return deliveryUnknown
		}
		if p.Headers.ContainsFold(h) {
			return notDelivered
		}
		return delivered
	case "whitelist":
		if p.Headers.ContainsFold(h) {
			return delivered
		}
		if !p.Headers.AllKnown() {
			return deliveryUnknown
		}
		return notDelivered
	}
	return deliveryUnknown
}

// deliverQuery decides whether a behavior forwards the viewer's query
// string. A whitelist is not modelled item by item, so it is unknown.
func deliverQuery(b *model.Behavior) delivery {
	if b.CachePolicyID.Set || b.OriginRequestPolicyID.Set {
		if (b.CachePolicyID.Set && b.CachePolicy == nil) || (b.OriginRequestPolicyID.Set && b.OriginRequestPolicy == nil) {
			return deliveryUnknown
		}
		res := notDelivered
		for _, p := range []*model.Policy{b.CachePolicy, b.OriginRequestPolicy} {
			if p == nil {
				continue
			}
			if !p.QueryStringBehavior.Known {
				res = deliveryUnknown
				continue
			}
			switch strings.ToLower(p.QueryStringBehavior.V) {
			case "all":
				return delivered
			case "", "none":
			default:
				res = deliveryUnknown
			}
		}
		return res
	}
	if b.Legacy == nil || !b.Legacy.QueryString.Known {
		return deliveryUnknown
	}
	if b.Legacy.QueryString.V {
		return delivered
	}
	return notDelivered
}

// describeForwarding says, for a message, how the behavior forwards.
func describeForwarding(b *model.Behavior) string {
	var parts []string
	if b.CachePolicy != nil {
		parts = append(parts, "cache policy "+b.CachePolicy.Name)
	}
	if b.OriginRequestPolicy != nil {
		parts = append(parts, "origin request policy "+b.OriginRequestPolicy.Name)
	} else if b.CachePolicy != nil {
		parts = append(parts, "no origin request policy")
	}
	if len(parts) == 0 && b.Legacy != nil {
		hs := b.Legacy.Headers.Values()
		if len(hs) == 0 {
			return "legacy forwarded values with no headers"
		}
		return "legacy forwarded values with headers " + strings.Join(hs, ", ")
	}
	return strings.Join(parts, " and ")
}
