package rules

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/model"
)

// domainFault is one problem with an origin domain.
type domainFault struct {
	severity Severity
	message  string
	fix      string // corrected domain when certain, else ""
	// noEdit: the fix is told but not offered as an edit, because the
	// wrong text was computed (a slash removed by a function), not
	// written where the value is.
	noEdit bool
}

// checkDomain finds the faults EL005 reports in the domain name of an
// API Gateway origin: one linked to an API of the scan, one whose host is
// (or is a misspelling of) an execute-api host, or one whose host carries
// the ID of an API of the scan (ids as for carriedAPI) and is not a
// custom domain name of the scan (domains, lower-cased). Other origins (S3, load balancers) are out
// of scope. Only literal text is judged; symbolic parts (an API ID, a
// region from a parameter) are assumed to be whatever they will be at
// deploy time.
func checkDomain(syms *model.Symbols, ids map[int]*model.API, domains map[string]bool, o *model.Origin) []domainFault {
	d := o.DomainName
	if !d.Known || d.V == "" {
		return nil
	}
	od := model.ParseOriginDomain(d.V)
	api := carriedAPI(ids, od.Host)
	custom := domains[model.LowerHost(strings.TrimSuffix(od.Host, "."))]
	if (o.Link != nil && o.Link.Domain != nil) || custom {
		// A custom domain name of the scan (or its target host), even
		// one whose name is built from an API's ID.
		api = nil
	}
	if o.Link == nil && api == nil && !custom && !looksExecuteAPI(od.Host) {
		return nil
	}
	var out []domainFault
	display := syms.Display
	if od.Scheme != "" {
		out = append(out, domainFault{severity: Error, message: "origin domain " + quote(display(d.V)) + " has a scheme (" + od.Scheme + "://); CloudFront expects a bare host name and connects with the origin protocol policy"})
	}
	if od.Path != "" && od.Path != "/" {
		out = append(out, domainFault{severity: Error, message: "origin domain " + quote(display(d.V)) + " has a path (" + display(od.Path) + "); a path belongs in the origin path, e.g. the API stage"})
	} else if od.Path == "/" {
		out = append(out, domainFault{severity: Error, message: "origin domain " + quote(display(d.V)) + " ends with a slash; CloudFront expects a bare host name"})
	}
	if od.Port != "" {
		out = append(out, domainFault{severity: Error, message: "origin domain " + quote(display(d.V)) + " has a port (:" + od.Port + "); ports are set with https_port/HTTPSPort"})
	}
	hostFaults, fixed, certain := checkHost(syms, ids, od.Host, api)
	out = append(out, hostFaults...)
	if len(out) > 0 && certain {
		// The host, corrected where it is wrong, is the fix; a path
		// is dropped from it (el005 then offers it as a note only).
		if len(hostFaults) == 0 {
			fixed = od.Host
		}
		for i := range out {
			out[i].fix = fixed
		}
	}
	return out
}

// carriedAPI returns the API of the scan whose ID the host carries (ids
// maps the symbol numbers of API ID tokens to their APIs), or nil.
func carriedAPI(ids map[int]*model.API, host string) *model.API {
	if !model.HasToken(host) {
		return nil
	}
	for _, p := range model.Pieces(host) {
		if a, ok := ids[p.Sym]; ok && p.Sym >= 0 {
			return a
		}
	}
	return nil
}

// looksExecuteAPI reports whether a host has an execute-api label or a
// near misspelling of it.
func looksExecuteAPI(host string) bool {
	for _, l := range strings.Split(model.LowerHost(host), ".") {
		if l == "execute-api" || (!model.HasToken(l) && near(l, "execute-api", 2)) {
			return true
		}
	}
	return false
}

// nonAPIServices are labels of hosts of other services that a name built
// from an API's ID could still be (a bucket, a load balancer, a function
// URL, a distribution): such hosts are not judged.
var nonAPIServices = map[string]bool{
	"s3": true, "s3-accelerate": true, "s3-external-1": true, "elb": true, "lambda-url": true,
	"cloudfront": true, "appsync-api": true, "elasticbeanstalk": true, "amplifyapp": true, "awsapprunner": true,
}

func nonAPIHost(labels []string) bool {
	for _, l := range labels {
		if nonAPIServices[l] || strings.HasPrefix(l, "s3-website") {
			return true
		}
	}
	return false
}

// awsDomain reports whether a host ends in an AWS domain suffix (literal,
// or a token such as the partition's URL suffix).
func awsDomain(host string) bool {
	if strings.HasSuffix(host, string(model.TokenClose)) {
		return true
	}
	for _, s := range model.APIDomainSuffixes {
		if strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}

// checkHost reports what keeps a host from being an execute-api host
// "{api-id}.execute-api.{region}.{suffix}" (model.ParseExecuteAPIHost)
// when it is meant to be one: it has an execute-api label or a
// misspelling of it, or it carries the ID of api (ids as for carriedAPI).
// It returns the faults, the corrected host and whether that correction
// is certain. Every host that carries api's ID and is not linked to it
// gets at least one fault; a host that is linked gets warnings at most.
func checkHost(syms *model.Symbols, ids map[int]*model.API, host string, api *model.API) (out []domainFault, fixed string, certain bool) {
	display := syms.Display
	what := "origin domain " + quote(display(host))
	certain = true
	h := host
	if strings.HasSuffix(h, ".") {
		// A fully qualified name with the root dot: CloudFront wants the
		// host name without it (a deployment with one fails:
		// https://github.com/mozilla/fxa-dev/pull/223).
		h = strings.TrimRight(h, ".")
		out = append(out, domainFault{severity: Error, message: what + " ends with a dot; CloudFront expects the host name without the DNS root"})
	}
	labels := strings.Split(model.LowerHost(h), ".")
	fix := append([]string(nil), labels...)
	idx := -1
	for i, l := range labels {
		if l == "execute-api" || (!model.HasToken(l) && l != "" && near(l, "execute-api", 2)) {
			idx = i
			break
		}
	}
	// finish checks that a certain correction is a host that reaches an
	// API, and gives up the correction otherwise.
	finish := func() ([]domainFault, string, bool) {
		f := strings.Join(fix, ".")
		if len(out) == 0 {
			return nil, h, true
		}
		if certain {
			if _, ok := model.ParseExecuteAPIHost(syms, f); !ok && idx >= 0 {
				certain = false
			}
		}
		if !certain {
			f = ""
		}
		return out, f, certain
	}
	if idx < 0 {
		if api == nil || nonAPIHost(labels) {
			return finish()
		}
		// The host carries the API's ID but names no execute-api
		// endpoint: another label where "execute-api" belongs, or a
		// name of its own.
		sev := Warning
		if awsDomain("." + strings.Join(labels, ".")) {
			sev = Error
		}
		if n, ok := model.TokenSym(labels[0]); ok && ids[n] == api && len(labels) >= 4 && model.RegionLabelOK(syms, labels[2]) && model.SuffixOK(syms, strings.Join(labels[3:], ".")) {
			fix[1] = "execute-api"
			if _, ok := model.ParseExecuteAPIHost(syms, strings.Join(fix, ".")); ok {
				msg := what + " carries the ID of API " + apiName(api) + " but " + quote(display(labels[1])) + " is not \"execute-api\"; the host does not exist"
				if strings.HasPrefix(labels[1], "execute-api-") {
					// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-ip-address-type.html
					msg += " (an API has no FIPS or dual-stack host name of its own: dual stack is its IP address type, and its execute-api host in GovCloud is FIPS)"
				}
				out = append(out, domainFault{severity: Error, message: msg})
				idx = 1
				return finish()
			}
			fix[1] = labels[1]
		}
		out = append(out, domainFault{severity: sev, message: what + " carries the ID of API " + apiName(api) + " but is neither its execute-api host ({api-id}.execute-api.{region}.amazonaws.com) nor a custom domain name of the scan; the host reaches no API"})
		certain = false
		return finish()
	}
	if labels[idx] != "execute-api" {
		out = append(out, domainFault{severity: Error, message: what + ": " + quote(labels[idx]) + " is not \"execute-api\"; the request goes to a host that does not exist"})
		fix[idx] = "execute-api"
	}
	switch {
	case idx == 0:
		out = append(out, domainFault{severity: Error, message: what + " has no API ID before execute-api"})
		certain = false
	case idx > 1:
		out = append(out, domainFault{severity: Error, message: what + " has " + strconv.Itoa(idx) + " labels before execute-api; an execute-api host has one, the API ID"})
		certain = false
	}
	if idx+1 >= len(labels) {
		out = append(out, domainFault{severity: Error, message: what + " has no region and suffix after execute-api"})
		certain = false
		return finish()
	}
	region := labels[idx+1]
	switch {
	case model.HasToken(region):
		if !model.RegionLabelOK(syms, region) {
			out = append(out, domainFault{severity: Error, message: what + ": " + quote(display(region)) + " is not an AWS region"})
			certain = false
		}
	case !model.KnownRegion(region) && !model.RegionShaped(region):
		msg := what + ": " + quote(region) + " is not an AWS region"
		if s := nearestRegion(region); s != "" {
			msg += " (did you mean " + quote(s) + "?)"
			fix[idx+1] = s
		} else {
			certain = false
		}
		out = append(out, domainFault{severity: Error, message: msg})
	case !model.KnownRegion(region):
		out = append(out, domainFault{severity: Warning, message: what + ": " + quote(region) + " is not a region edgelint knows; check the spelling"})
		certain = false
	}
	if idx+2 >= len(labels) {
		out = append(out, domainFault{severity: Error, message: what + " has no domain suffix after the region"})
		certain = false
		return finish()
	}
	suffix := strings.Join(labels[idx+2:], ".")
	newSuffix, ok := suffix, model.SuffixOK(syms, suffix)
	if !ok {
		var msg string
		var glued bool
		newSuffix, msg, glued = suffixFault(syms, suffix, api)
		// Text glued to a suffix is left where a function removed the
		// slash before it: no edit of the written text undoes that.
		out = append(out, domainFault{severity: Error, message: what + ": " + msg, noEdit: glued})
		if newSuffix == "" {
			certain = false
			newSuffix = suffix
		}
	}
	fix = append(fix[:idx+2], newSuffix)
	if r := fix[idx+1]; !model.HasToken(r) && !model.HasToken(newSuffix) && model.SuffixOK(syms, newSuffix) &&
		newSuffix != "vpce.amazonaws.com" && model.PartitionSuffix(r) != newSuffix {
		out = append(out, domainFault{severity: Error, message: what + ": the domain suffix of region " + quote(r) + " is " + quote(model.PartitionSuffix(r)) + ", not " + quote(newSuffix)})
		certain = false
	}
	if len(out) == 0 && api != nil {
		if _, ok := model.ParseExecuteAPIHost(syms, h); !ok {
			out = append(out, domainFault{severity: Error, message: what + " carries the ID of API " + apiName(api) + " but is not its execute-api host ({api-id}.execute-api.{region}.amazonaws.com)"})
			certain = false
		}
	}
	return finish()
}

// suffixFault explains why the text after an execute-api host's region is
// not a domain suffix, and returns the intended suffix when it is certain:
// a near misspelling of one, or one with text glued after it (a stage of
// a URL whose slash was removed; glued is then true).
func suffixFault(syms *model.Symbols, s string, api *model.API) (suffix, msg string, glued bool) {
	display := syms.Display
	if !model.HasToken(s) {
		if best := suggest.Nearest(s, model.APIDomainSuffixes, suggest.Options{Limit: 2, Ties: suggest.None, Differ: true}); best != "" {
			return best, quote(s) + " is not an API Gateway domain suffix; did you mean " + quote(best) + "?", false
		}
	}
	// The longest suffix the text starts with, then what follows it.
	var base, rest string
	for _, x := range model.APIDomainSuffixes {
		if strings.HasPrefix(s, x) && len(x) > len(base) {
			base, rest = x, s[len(x):]
		}
	}
	if p := model.Pieces(s); base == "" && len(p) == 2 && p[0].Sym >= 0 && p[1].Sym < 0 {
		if sym, ok := syms.Get(p[0].Sym); ok && sym.Kind == model.SymPseudo && sym.Key == model.PseudoURLSuffix {
			rest = p[1].Text
			base = s[:len(s)-len(rest)]
		}
	}
	switch {
	case base == "" || rest == "":
		return "", quote(display(s)) + " is not an API Gateway domain suffix (" + strings.Join(model.APIDomainSuffixes, ", ") + ")", false
	case strings.HasPrefix(rest, "."):
		return "", quote(display(s)) + " has labels after the domain suffix " + quote(display(base)) + "; the host does not exist", false
	}
	msg = quote(display(s)) + " is the domain suffix " + quote(display(base)) + " with " + quote(display(rest)) + " glued to it; the host does not exist"
	if api != nil {
		for _, st := range api.Stages {
			if st.Name.Known && strings.EqualFold(st.Name.V, rest) {
				msg += " (" + quote(rest) + " is a stage of the API: it belongs in the origin path, \"/" + st.Name.V + "\")"
				break
			}
		}
	}
	return base, msg, true
}

func nearestRegion(r string) string {
	return suggest.Nearest(r, model.KnownRegions(), suggest.Options{Limit: 2, Ties: suggest.Least})
}

// near reports whether a and b differ by 1..limit edits.
func near(a, b string, limit int) bool {
	if a == b {
		return false
	}
	_, ok := suggest.Distance(a, b, limit)
	return ok
}
