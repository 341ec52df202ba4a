package rules

import (
	"strings"

	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// knownRegions are the AWS regions that serve API Gateway execute-api
// endpoints (commercial, GovCloud, China and European Sovereign Cloud
// partitions).
var knownRegions = map[string]bool{}

func init() {
	for _, r := range strings.Fields(`
		us-east-1 us-east-2 us-west-1 us-west-2
		af-south-1
		ap-east-1 ap-east-2 ap-south-1 ap-south-2
		ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7
		ap-northeast-1 ap-northeast-2 ap-northeast-3
		ca-central-1 ca-west-1
		eu-central-1 eu-central-2 eu-west-1 eu-west-2 eu-west-3 eu-south-1 eu-south-2 eu-north-1
		il-central-1 me-south-1 me-central-1 mx-central-1 sa-east-1
		us-gov-east-1 us-gov-west-1 cn-north-1 cn-northwest-1 eusc-de-east-1`) {
		knownRegions[r] = true
	}
}

// regionShape is the grammar of region names; a name that fits it but is
// not known may be a region newer than this list (warning, not error).
var regionShape = lazyre.New(`^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|eusc-[a-z]{2})-(east|west|north|south|central|northeast|northwest|southeast|southwest)-[0-9]+$`)

var suffixes = []string{"amazonaws.com", "amazonaws.com.cn", "vpce.amazonaws.com"}

// domainFault is one problem with an origin domain.
type domainFault struct {
	severity Severity
	message  string
	fix      string // corrected domain when certain, else ""
}

// checkDomain finds the faults EL005 reports in the domain name of an
// API Gateway origin: one linked to an API of the scan, or whose host is
// (or is a misspelling of) an execute-api host. Other origins (S3, load
// balancers) are out of scope. Only literal text is judged; symbolic parts
// (an API ID, a region from a parameter) are assumed to be whatever they
// will be at deploy time.
func checkDomain(syms *model.Symbols, o *model.Origin) []domainFault {
	d := o.DomainName
	if !d.Known || d.V == "" {
		return nil
	}
	od := model.ParseOriginDomain(d.V)
	if o.Link == nil && !looksExecuteAPI(od.Host) {
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
	out = append(out, checkExecuteAPIHost(syms, od.Host)...)
	if len(out) > 0 && len(out) == countShapeFaults(out) {
		// Offer the bare host when only scheme/path/port are wrong.
		fixed := od.Host
		for i := range out {
			out[i].fix = fixed
		}
	}
	return out
}

func countShapeFaults(f []domainFault) int {
	n := 0
	for _, x := range f {
		if strings.Contains(x.message, "has a scheme") || strings.Contains(x.message, "has a path") ||
			strings.Contains(x.message, "has a port") || strings.Contains(x.message, "ends with a slash") {
			n++
		}
	}
	return n
}

// looksExecuteAPI reports whether a host has an execute-api label or a
// near misspelling of it.
func looksExecuteAPI(host string) bool {
	for _, l := range strings.Split(host, ".") {
		if l == "execute-api" || (!model.HasToken(l) && near(l, "execute-api", 2)) {
			return true
		}
	}
	return false
}

// checkExecuteAPIHost reports misspellings in a host that is meant to be an
// API Gateway execute-api endpoint: "<id>.execute-api.<region>.amazonaws.com".
func checkExecuteAPIHost(syms *model.Symbols, host string) []domainFault {
	labels := strings.Split(host, ".")
	idx := -1
	for i, l := range labels {
		if l == "execute-api" || (!model.HasToken(l) && l != "" && near(l, "execute-api", 2)) {
			idx = i
			break
		}
	}
	if idx < 0 {
		return nil
	}
	var out []domainFault
	display := syms.Display
	fixed := append([]string(nil), labels...)
	certain := true
	if labels[idx] != "execute-api" {
		out = append(out, domainFault{severity: Error, message: "origin domain " + quote(display(host)) + ": " + quote(labels[idx]) + " is not \"execute-api\"; the request goes to a host that does not exist"})
		fixed[idx] = "execute-api"
	}
	if idx+1 >= len(labels) {
		out = append(out, domainFault{severity: Error, message: "origin domain " + quote(display(host)) + " has no region and suffix after execute-api"})
		return out
	}
	region := labels[idx+1]
	if !model.HasToken(region) && !knownRegions[region] {
		switch {
		case !regionShape().MatchString(region):
			msg := "origin domain " + quote(display(host)) + ": " + quote(region) + " is not an AWS region"
			if s := nearestRegion(region); s != "" {
				msg += " (did you mean " + quote(s) + "?)"
				fixed[idx+1] = s
			} else {
				certain = false
			}
			out = append(out, domainFault{severity: Error, message: msg})
		default:
			out = append(out, domainFault{severity: Warning, message: "origin domain " + quote(display(host)) + ": " + quote(region) + " is not a region edgelint knows; check the spelling"})
			certain = false
		}
	}
	suffix := strings.Join(labels[idx+2:], ".")
	if !model.HasToken(suffix) {
		ok := false
		for _, s := range suffixes {
			if suffix == s {
				ok = true
			}
		}
		if !ok {
			msg := "origin domain " + quote(display(host)) + ": " + quote(suffix) + " is not an API Gateway domain suffix (amazonaws.com, amazonaws.com.cn)"
			best := ""
			for _, s := range suffixes[:2] {
				if near(suffix, s, 2) {
					best = s
					break
				}
			}
			if best != "" {
				msg += "; did you mean " + quote(best) + "?"
				fixed = append(fixed[:idx+2], strings.Split(best, ".")...)
			} else {
				certain = false
			}
			out = append(out, domainFault{severity: Error, message: msg})
		}
	}
	if len(out) > 0 && certain {
		f := strings.Join(fixed, ".")
		for i := range out {
			out[i].fix = f
		}
	}
	return out
}

func nearestRegion(r string) string {
	best, bestD := "", 3
	for k := range knownRegions {
		if d, ok := pathmatch.EditDistance(r, k, 2); ok && (d < bestD || (d == bestD && k < best)) {
			best, bestD = k, d
		}
	}
	return best
}

// near reports whether a and b differ by 1..limit edits.
func near(a, b string, limit int) bool {
	if a == b {
		return false
	}
	_, ok := pathmatch.EditDistance(a, b, limit)
	return ok
}
