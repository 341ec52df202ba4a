package model

import (
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/lazyre"
)

// knownRegions are the AWS regions that serve API Gateway execute-api
// endpoints (commercial, GovCloud, China, European Sovereign Cloud and the
// isolated ISO partitions).
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
		us-gov-east-1 us-gov-west-1 cn-north-1 cn-northwest-1 eusc-de-east-1
		us-iso-east-1 us-iso-west-1 us-isob-east-1 us-isof-south-1 us-isof-east-1 eu-isoe-west-1`) {
		knownRegions[r] = true
	}
}

// regionShape is the grammar of region names; a name that fits it but is
// not known may be a region newer than the list.
var regionShape = lazyre.New(`^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|eusc-[a-z]{2}|us-iso[bf]?|eu-isoe)-(east|west|north|south|central|northeast|northwest|southeast|southwest)-[0-9]+$`)

// KnownRegion reports whether r is an AWS region edgelint knows.
func KnownRegion(r string) bool { return knownRegions[r] }

// RegionShaped reports whether r fits the grammar of AWS region names.
func RegionShaped(r string) bool { return regionShape().MatchString(r) }

// KnownRegions returns the known region names, sorted.
func KnownRegions() []string {
	out := make([]string, 0, len(knownRegions))
	for r := range knownRegions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// APIDomainSuffixes are the DNS suffixes of execute-api hosts, one per
// partition: aws and aws-us-gov, aws-cn, and the European Sovereign Cloud,
// whose endpoints are under amazonaws.eu
// (https://github.com/fwdcloudsec/granted/discussions/948), and the
// isolated partitions aws-iso, aws-iso-b, aws-iso-f and aws-iso-e (the
// dnsSuffix of each partition in the AWS SDKs' partitions.json).
var APIDomainSuffixes = []string{"amazonaws.com", "amazonaws.com.cn", "amazonaws.eu",
	"c2s.ic.gov", "sc2s.sgov.gov", "csp.hci.ic.gov", "cloud.adc-e.uk"}

// vpceSuffix is the suffix of the host of an interface VPC endpoint:
// "{vpce-dns-name}.execute-api.{region}.vpce.amazonaws.com".
const vpceSuffix = "vpce.amazonaws.com"

// PartitionSuffix returns the DNS suffix of the partition of a literal
// region name.
func PartitionSuffix(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "amazonaws.com.cn"
	case strings.HasPrefix(region, "eusc-"):
		return "amazonaws.eu"
	case strings.HasPrefix(region, "us-isob-"):
		return "sc2s.sgov.gov"
	case strings.HasPrefix(region, "us-isof-"):
		return "csp.hci.ic.gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "c2s.ic.gov"
	case strings.HasPrefix(region, "eu-isoe-"):
		return "cloud.adc-e.uk"
	}
	return "amazonaws.com"
}

// ExecuteAPIHost is a host name taken apart as API Gateway's endpoint
// "{first}.execute-api.{region}.{suffix}"; First is the API ID (or, for a
// private API, "{api-id}-{vpce-id}").
type ExecuteAPIHost struct {
	First, Region, Suffix string
}

// LowerHost lower-cases the literal text of a host name. Host names are
// case-insensitive (RFC 4343 §3; RFC 9110 §4.2.3: "the scheme and host are
// case-insensitive"), so an execute-api host written in capitals reaches
// the same API. Tokens are left alone.
func LowerHost(h string) string { return strings.ToLower(h) }

// ParseExecuteAPIHost returns the parts of host when it is an execute-api
// host that can exist: exactly one label before "execute-api", then a
// region and the domain suffix of the region's partition and nothing
// else. The region is a token (the stack's or provider's region, an
// unknown value) or a literal of the region grammar; the suffix is one of
// APIDomainSuffixes, that of an interface VPC endpoint, or a token (the
// partition's URL suffix, an unknown value). A trailing dot, an empty
// label or text glued to the suffix make it no such host. API Gateway has
// no separate FIPS or dual-stack host for an API: dual stack is the API's
// IP address type on the same host, and APIs in GovCloud are FIPS on it
// by default (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-ip-address-type.html;
// https://repost.aws/questions/QUZXk242swQbKyEVAjffuKIA).
func ParseExecuteAPIHost(syms *Symbols, host string) (ExecuteAPIHost, bool) {
	labels := strings.Split(LowerHost(host), ".")
	if len(labels) < 4 || labels[1] != "execute-api" || labels[0] == "" {
		return ExecuteAPIHost{}, false
	}
	h := ExecuteAPIHost{First: labels[0], Region: labels[2], Suffix: strings.Join(labels[3:], ".")}
	if !RegionLabelOK(syms, h.Region) || !SuffixOK(syms, h.Suffix) {
		return ExecuteAPIHost{}, false
	}
	if !HasToken(h.Region) && !HasToken(h.Suffix) && h.Suffix != vpceSuffix && PartitionSuffix(h.Region) != h.Suffix {
		return ExecuteAPIHost{}, false
	}
	return h, true
}

// RegionLabelOK reports whether a host label may be a region: a literal of
// the region grammar, or text with a token that may denote one. A label
// that is exactly a token of something that is not a region (an API or
// resource ID, the account ID, the URL suffix) is not.
func RegionLabelOK(syms *Symbols, l string) bool {
	if !HasToken(l) {
		return knownRegions[l] || RegionShaped(l)
	}
	n, ok := TokenSym(l)
	if !ok {
		// Text around the stack's region or an ID makes no region;
		// around an unknown value it may.
		for _, p := range Pieces(l) {
			if p.Sym < 0 {
				continue
			}
			if sym, ok := syms.Get(p.Sym); ok && (sym.Kind == SymPseudo || !regionSymbol(sym)) {
				return false
			}
		}
		return true
	}
	sym, ok := syms.Get(n)
	return !ok || regionSymbol(sym)
}

// regionSymbol reports whether a symbol may denote a region: the pseudo
// region, an unknown value, or an attribute that is not an ID.
func regionSymbol(sym Symbol) bool {
	switch sym.Kind {
	case SymPseudo:
		return sym.Key == PseudoRegion
	case SymAttr:
		return sym.Attr != "id" && sym.Attr != "root_resource_id"
	}
	return true
}

// SuffixOK reports whether the text after an execute-api host's region may
// be its domain suffix: a known suffix, a token that may denote one, or
// literal text around an unknown value. Text after the partition's URL
// suffix token (a label or glued characters) is not.
func SuffixOK(syms *Symbols, s string) bool {
	if !HasToken(s) {
		if s == vpceSuffix {
			return true
		}
		for _, x := range APIDomainSuffixes {
			if s == x {
				return true
			}
		}
		return false
	}
	p := Pieces(s)
	if last := p[len(p)-1]; last.Sym < 0 && len(p) > 1 {
		if sym, ok := syms.Get(p[len(p)-2].Sym); ok && sym.Kind == SymPseudo && sym.Key == PseudoURLSuffix {
			return false
		}
	}
	for _, x := range p {
		if x.Sym < 0 {
			continue
		}
		if sym, ok := syms.Get(x.Sym); ok && sym.Kind == SymPseudo && sym.Key != PseudoURLSuffix {
			// The region, account or stack name is no domain.
			return false
		}
	}
	return true
}

// reservedDomains are the names set aside for documentation and testing
// (RFC 2606, RFC 6761): example.com, example.net and example.org and the
// top-level names example, test, invalid and localhost.
var reservedDomains = []string{"example.com", "example.net", "example.org", "example", "test", "invalid", "localhost"}

// ReservedDomain reports whether host is, or is under, a name reserved for
// documentation and testing. No deployment owns such a name: two
// configurations that both use one share a placeholder, not a domain.
func ReservedDomain(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	for _, r := range reservedDomains {
		if h == r || strings.HasSuffix(h, "."+r) {
			return true
		}
	}
	return false
}
