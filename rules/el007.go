package rules

import (
	"slices"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL007 reports a behavior that forwards the viewer's Host header to an API
// Gateway origin.
var EL007 = register(&Rule{
	Code:     "EL007",
	Name:     "host-header-forwarded",
	Severity: Error,
	Summary:  "A behavior forwards the viewer's Host header to an API Gateway origin (AllViewer policies, a policy or legacy forwarding that holds Host or all headers), and API Gateway answers 403 Forbidden",
	Doc:      doc("EL007"),
	Requires: []*Analysis{Origins},
	Run:      runEL007,
})

// allViewerExceptHost is the managed origin request policy that forwards
// every viewer header but Host (aws-facts §3, §4).
const allViewerExceptHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

// hostForward is how a behavior forwards the viewer's Host header.
type hostForward struct {
	// at is the value of the behavior that selects the forwarding: its
	// origin request policy ID, its cache policy ID, or the legacy
	// header item.
	at model.Str
	// how says it in words; policy is the policy that holds Host (nil
	// for legacy forwarding).
	how    string
	policy *model.Policy
	// orp: the origin request policy forwards it (so replacing that
	// policy by AllViewerExceptHostHeader stops it, unless the cache
	// policy holds Host too: cacheToo).
	orp, cacheToo bool
}

// forwardsHost returns how behavior b certainly forwards the viewer's Host
// header to its origin; ok is false when it does not, or when that is
// unknown (an unknown policy ID, header behavior or header list).
func forwardsHost(b *model.Behavior) (hostForward, bool) {
	if b.MayRewritePath() {
		// A viewer- or origin-request function may set Host (a
		// Lambda@Edge origin-request function can write it).
		return hostForward{}, false
	}
	if b.CachePolicyID.Set || b.OriginRequestPolicyID.Set {
		var hf hostForward
		found := false
		if orp := b.OriginRequestPolicy; b.OriginRequestPolicyID.Set && orp != nil && headersConfigDelivers(orp, "Host") == delivered {
			hf = hostForward{at: b.OriginRequestPolicyID, how: "origin request policy " + policyName(orp) + " " + hostHow(orp), policy: orp, orp: true}
			found = true
		}
		if cp := b.CachePolicy; b.CachePolicyID.Set && cp != nil && headersConfigDelivers(cp, "Host") == delivered {
			if found {
				hf.cacheToo = true
			} else {
				hf = hostForward{at: b.CachePolicyID, how: "cache policy " + policyName(cp) + " " + hostHow(cp), policy: cp}
				found = true
			}
		}
		return hf, found
	}
	if b.Legacy == nil {
		return hostForward{}, false
	}
	for _, h := range b.Legacy.Headers.Items {
		if h.Known && (h.V == "*" || strings.EqualFold(h.V, "Host")) {
			how := "legacy forwarded values forward the Host header"
			if h.V == "*" {
				how = "legacy forwarded values forward all headers (\"*\"), Host among them"
			}
			return hostForward{at: h, how: how}, true
		}
	}
	return hostForward{}, false
}

// hostHow says how a policy's header configuration carries Host.
func hostHow(p *model.Policy) string {
	switch strings.ToLower(p.HeaderBehavior.V) {
	case "allviewer":
		return "forwards all viewer headers, Host among them"
	case "allviewerandwhitelistcloudfront":
		return "forwards all viewer headers (and CloudFront headers), Host among them"
	case "allexcept":
		return "forwards all viewer headers except those it lists, and it does not list Host"
	}
	if p.Kind == model.CachePolicy {
		return "holds Host in the cache key, so it is forwarded"
	}
	return "forwards the Host header"
}

func policyName(p *model.Policy) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Source.Address
}

// hostToCustomDomain reports whether a Host header forwarded to origin oi
// may be accepted: the viewer's host may be a custom domain name of the
// API. That is so when an alias of the distribution is (or may be) such a
// name: the origin's own custom domain, or a custom domain of the scan
// mapped to the API (API Gateway's regional endpoints find a custom domain
// by Host, and what an execute-api host does with one is not documented,
// so it is not judged). With no alias the viewer's host is the
// distribution's own domain name, which is no custom domain.
func hostToCustomDomain(oi *originInfo, domains []*model.DomainName) bool {
	if oi.api == nil {
		// An execute-api host: no custom domain name is in question.
		return false
	}
	var names []model.Str
	if dn := oi.origin.Link.Domain; dn != nil {
		names = append(names, dn.Name)
	}
	for _, dn := range domains {
		for _, m := range dn.Mappings {
			if m.API == oi.api || m.API == nil {
				names = append(names, dn.Name)
				break
			}
		}
	}
	if len(names) == 0 {
		return false
	}
	al := oi.dist.Aliases
	if !al.AllKnown() {
		return true
	}
	for _, a := range al.Items {
		for _, n := range names {
			if !a.IsLiteral() || !n.IsLiteral() || strings.EqualFold(strings.TrimSuffix(a.V, "."), strings.TrimSuffix(n.V, ".")) {
				return true
			}
		}
	}
	return false
}

// hostFault returns the Host forwarding behavior b certainly has towards
// origin oi when EL007 reports it; EL003 defers to it (the fix, the
// AllViewerExceptHostHeader policy, delivers every viewer header but
// Host, credentials among them).
func hostFault(an *analysis, domains []*model.DomainName, oi *originInfo, b *model.Behavior) (hostForward, bool) {
	if !an.enabled("EL007") || an.domainOwned(oi) || oi.unused || hostToCustomDomain(oi, domains) {
		return hostForward{}, false
	}
	return forwardsHost(b)
}

func runEL007(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	seen := map[*model.Behavior]bool{}
	for _, oi := range slices.Concat(an.origins, an.foreign) {
		for _, b := range oi.behaviors {
			if seen[b] {
				// A behavior on an origin group is reported once.
				continue
			}
			hf, ok := hostFault(an, p.Config.DomainNames, oi, b)
			if !ok {
				continue
			}
			seen[b] = true
			out = append(out, el007Finding(an, oi, b, hf))
		}
	}
	return out
}

func el007Finding(an *analysis, oi *originInfo, b *model.Behavior, hf hostForward) Finding {
	o := oi.origin
	host := an.display(model.ParseOriginDomain(o.DomainName.V).Host)
	f := Finding{
		Severity: Error,
		Range:    hf.at.Range,
		Message: behaviorName(b) + " forwards the viewer's Host header to origin " + quote(an.display(o.ID.V)) + " (" + quote(host) + ", " + apiName(oi.api) +
			"): " + hf.how + ". API Gateway finds the API by the Host header, which then names the distribution, not " + quote(host) +
			", so it answers 403 {\"message\":\"Forbidden\"} to every request",
		Related: via(hf.at),
		Subject: Subject{Distribution: oi.dist, Behavior: b, Aspect: AspectHostHeader},
	}
	switch {
	case hf.policy != nil && hf.orp:
		f.Notes = append(f.Notes, "use the managed origin request policy AllViewerExceptHostHeader ("+allViewerExceptHost+"): it forwards every other viewer header (Authorization among them), the query string and cookies, and CloudFront sets Host to the origin's domain")
	case hf.policy != nil:
		f.Notes = append(f.Notes, "remove Host from the cache policy's headers; to forward the other viewer headers use the managed origin request policy AllViewerExceptHostHeader ("+allViewerExceptHost+")")
	default:
		f.Notes = append(f.Notes, "remove Host (or \"*\") from the forwarded headers, or move to a cache policy with the managed origin request policy AllViewerExceptHostHeader ("+allViewerExceptHost+")")
	}
	if hf.cacheToo {
		f.Notes = append(f.Notes, "the cache policy "+policyName(b.CachePolicy)+" holds Host in its key too: remove it there as well")
	}
	if p := hf.policy; p != nil && !p.Managed && !p.Source.Range.IsZero() {
		f.Related = append(f.Related, Related{Message: "policy " + policyName(p), Range: p.HeaderBehavior.Range})
	}
	if oi.customDomain {
		f.Notes = append(f.Notes, "forwarding Host works only when the viewer's host is a custom domain name of the API and the origin is that name: make the custom domain an alias of the distribution, or stop forwarding Host")
	}
	if hf.orp && !hf.cacheToo && hf.at.IsLiteral() {
		f.Fix = valueFix("use the managed origin request policy AllViewerExceptHostHeader", hf.at, allViewerExceptHost)
	}
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	return f
}
