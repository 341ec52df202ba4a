package rules

import (
	"slices"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL009 reports an API Gateway origin that CloudFront may reach over plain
// HTTP, or with no TLS version the API accepts.
var EL009 = register(&Rule{
	Code:     "EL009",
	Name:     "origin-not-https",
	Severity: Error,
	Summary:  "An API Gateway origin is reached over HTTP (http-only; match-viewer behind a behavior that lets viewers in over HTTP is a warning), or its SSL protocols hold no TLS version the API accepts",
	Doc:      doc("EL009"),
	Requires: []*Analysis{Origins},
	Run:      runEL009,
})

func runEL009(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	for _, oi := range slices.Concat(an.origins, an.foreign) {
		if oi.unused {
			continue
		}
		if sev, how, plain, ok := plainHTTP(oi); ok {
			out = append(out, el009Protocol(an, oi, sev, how, plain))
			continue
		}
		if f, ok := el009SSL(an, oi); ok {
			out = append(out, f)
		}
	}
	return out
}

// plainHTTP reports whether CloudFront reaches origin oi over plain HTTP:
// always (http-only, an error), or for the viewers that come over HTTP
// through the behaviors plain (match-viewer with a viewer protocol policy
// allow-all, a warning); how says it in words.
func plainHTTP(oi *originInfo) (sev Severity, how string, plain []*model.Behavior, ok bool) {
	pp := oi.origin.ProtocolPolicy
	if !pp.Known {
		return "", "", nil, false
	}
	switch strings.ToLower(strings.TrimSpace(pp.V)) {
	case "http-only":
		return Error, "connects to it over HTTP on port 80 only", nil, true
	case "match-viewer":
		for _, b := range oi.behaviors {
			if v := b.ViewerProtocolPolicy; v.Known && strings.EqualFold(strings.TrimSpace(v.V), "allow-all") {
				plain = append(plain, b)
			}
		}
		if len(plain) > 0 {
			return Warning, "connects to it with the viewer's protocol, and " + behaviorName(plain[0]) +
				" lets viewers in over HTTP (viewer protocol policy allow-all): those requests reach it over HTTP", plain, true
		}
	}
	return "", "", nil, false
}

func el009Protocol(an *analysis, oi *originInfo, sev Severity, how string, plain []*model.Behavior) Finding {
	o := oi.origin
	host := an.display(model.ParseOriginDomain(o.DomainName.V).Host)
	f := Finding{
		Severity: sev,
		Range:    o.ProtocolPolicy.Range,
		Message: "origin " + quote(an.display(o.ID.V)) + " (" + quote(host) + ", " + apiName(oi.api) + ") has origin protocol policy " + quote(o.ProtocolPolicy.V) +
			": CloudFront " + how + ", but API Gateway serves HTTPS only, so CloudFront cannot connect and answers 502 Bad Gateway",
		Notes:   []string{"set the origin protocol policy to \"https-only\""},
		Related: via(o.ProtocolPolicy),
		Subject: Subject{Distribution: oi.dist, Origin: o, Aspect: AspectProtocol},
	}
	for _, b := range plain {
		f.Related = append(f.Related, Related{Message: behaviorName(b) + " allows HTTP viewers", Range: b.ViewerProtocolPolicy.Range})
	}
	f.Fix = valueFix("set the origin protocol policy to \"https-only\"", o.ProtocolPolicy, "https-only")
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	return f
}

// el009SSL reports an origin whose SSL protocols, all known, hold none the
// API accepts: TLSv1.2 always; TLSv1 and TLSv1.1 only on a REST API's
// execute-api endpoint, whose security policy is TLS_1_0. HTTP APIs
// enforce TLS_1_2 on every endpoint; a custom domain's security policy is
// not read, so there only a list without any TLS version is certain.
func el009SSL(an *analysis, oi *originInfo) (Finding, bool) {
	o := oi.origin
	ps := o.SSLProtocols
	if !ps.Set || !ps.AllKnown() || len(ps.Items) == 0 || ps.ContainsFold("TLSv1.2") {
		return Finding{}, false
	}
	tls10 := ps.ContainsFold("TLSv1") || ps.ContainsFold("TLSv1.1")
	if tls10 && (oi.api == nil || oi.api.Kind == model.REST || oi.customDomain) {
		// A REST API's TLS_1_0 policy accepts TLS 1.0 and 1.1; a custom
		// domain's security policy is not read; an API not in the scan
		// may be either kind.
		return Finding{}, false
	}
	host := an.display(model.ParseOriginDomain(o.DomainName.V).Host)
	why := "API Gateway accepts TLS 1.0 at the oldest, never SSLv3"
	if tls10 {
		why = "HTTP APIs accept TLS 1.2 or later only"
	}
	f := Finding{
		Severity: Error,
		Range:    ps.Range,
		Message: "origin " + quote(an.display(o.ID.V)) + " (" + quote(host) + ", " + apiName(oi.api) + ") lets CloudFront use only " +
			strings.Join(ps.Values(), ", ") + " with the origin: " + why + ", so the TLS handshake fails and CloudFront answers 502 Bad Gateway",
		Notes:   []string{"add \"TLSv1.2\" to the origin SSL protocols (origin_ssl_protocols, OriginSSLProtocols)"},
		Subject: Subject{Distribution: oi.dist, Origin: o, Aspect: AspectSSLProtocols},
	}
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	return f, true
}
