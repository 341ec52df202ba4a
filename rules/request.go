package rules

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// Requests answers questions about single requests (edgelint trace, the
// language server's hovers) on the analysis the rules share: the origins'
// stages and prefixes, the compiled resource paths, the delivery of
// headers and credentials, and each rule's own decision of what it
// reports. A request and the rules therefore agree: the fault a request
// meets is named by the rule that reports it.
type Requests struct {
	an *analysis
	c  *model.Config
}

// NewRequests computes the shared analysis of c with every rule enabled.
func NewRequests(c *model.Config) *Requests {
	return &Requests{an: analyze(c, nil), c: c}
}

// Display renders a value with its unknown parts shown as <desc>.
func (q *Requests) Display(v string) string { return q.an.display(v) }

// Known reports whether a value is known text with no unknown part.
func (q *Requests) Known(s model.Str) bool { return q.an.patternKnown(s) }

// Request is one viewer request that CloudFront routed to a behavior.
type Request struct {
	Behavior *model.Behavior
	// Origin is the origin the behavior sends it to.
	Origin *model.Origin
	// Method is the viewer's HTTP method, upper case.
	Method string
	// Path is the path CloudFront appends to the origin path: the viewer's,
	// or the one a function produced. PathUnknown, when set, says why it
	// cannot be known (a Lambda@Edge function may rewrite it).
	Path        string
	PathUnknown string
	// Headers are the viewer's headers by lower-case name; HeadersGiven is
	// false when the viewer's headers are not told, and a credential the
	// behavior forwards is then taken to be sent.
	Headers      map[string]string
	HeadersGiven bool
	// Scheme is the viewer's protocol: "https" or "http".
	Scheme string
}

// Fault is what ends a request: the status and body the viewer gets, who
// answers, and the rule that reports the fault ("" when none does).
type Fault struct {
	Rule   string
	Status int
	Body   string
	By     string // "CloudFront" or "API Gateway"
	Why    string
	Range  model.Range
}

// Step is one hop of a request with the source it comes from.
type Step struct {
	What  string
	Range model.Range
}

// Verdict is what becomes of a request at its origin.
type Verdict struct {
	Steps []Step
	// NotAPI: the origin reaches no API of the scan.
	NotAPI bool
	API    *model.API
	// Stage is the name of the stage that serves the request (display
	// form), StageHow how it is chosen; Prefix the forwarded-path prefix
	// of that stage or mapping.
	Stage, StageHow, Prefix string
	Resource                *model.Resource
	Method                  *model.Method
	// Faults in the order the request meets them; the first ends it.
	Faults []Fault
	// Unknown says why the outcome cannot be known; UnknownRule is the
	// rule that reports the doubt, when one does (a warning).
	Unknown, UnknownRule string
}

func (v *Verdict) step(r model.Range, what string) {
	v.Steps = append(v.Steps, Step{What: what, Range: r})
}

func (v *Verdict) fail(f Fault) { v.Faults = append(v.Faults, f) }

func (v *Verdict) unknown(r model.Range, why string) {
	if v.Unknown == "" {
		v.Unknown = why
	}
	v.step(r, "unknown: "+why)
}

// Bodies of the answers a request may get (aws-facts, outcome cheat-sheet).
const (
	bodyMAT          = `{"message":"Missing Authentication Token"}`
	bodyForbidden    = `{"message":"Forbidden"}`
	bodyUnauthorized = `{"message":"Unauthorized"}`
	bodyNotFound     = `{"message":"Not Found"}`
)

// notFoundFault is API Gateway's answer to a path or stage it does not
// serve: 403 Missing Authentication Token (REST) or 404 Not Found (HTTP).
func notFoundFault(a *model.API, rule, why string, r model.Range) Fault {
	if a.Kind == model.HTTP {
		return Fault{Rule: rule, Status: 404, Body: bodyNotFound, By: "API Gateway", Why: why, Range: r}
	}
	return Fault{Rule: rule, Status: 403, Body: bodyMAT, By: "API Gateway", Why: why, Range: r}
}

// MethodAllowed reports whether behavior b lets method m through
// (CloudFront answers 403 otherwise, EL008); known is false when the
// allowed methods are not known. GET and HEAD are in every allowed set.
func MethodAllowed(b *model.Behavior, m string) (allowed, known bool) {
	m = strings.ToUpper(m)
	if m == "GET" || m == "HEAD" {
		return true, true
	}
	if !b.AllowedMethods.AllKnown() {
		return false, false
	}
	for _, it := range b.AllowedMethods.Items {
		if strings.EqualFold(strings.TrimSpace(it.V), m) {
			return true, true
		}
	}
	return false, true
}

// Evaluate follows request r from its behavior to the API: the checks
// CloudFront makes (allowed methods, origin protocol), the origin's faults
// (domain, private endpoint, Host forwarded), the stage, the resource and
// method matched, and the credentials the method needs.
func (q *Requests) Evaluate(r Request) Verdict {
	var v Verdict
	an, b, o := q.an, r.Behavior, r.Origin
	allowedRange := b.AllowedMethods.Range
	if allowedRange.IsZero() {
		allowedRange = b.Range
	}
	if ok, known := MethodAllowed(b, r.Method); known && !ok {
		v.fail(Fault{Rule: "EL008", Status: 403, By: "CloudFront", Range: allowedRange,
			Body: "This distribution is not configured to allow the HTTP request method that was used for this request",
			Why:  behaviorName(b) + " does not allow " + r.Method + " (allowed: " + strings.Join(b.AllowedMethods.Values(), ", ") + ")"})
		return v
	}
	oi := an.byOrig[o]
	if oi == nil {
		if fs := an.domainFaults[o]; len(fs) > 0 {
			// The domain was meant to reach an API (EL005 reports it).
			if fs[0].severity != Error {
				v.unknown(o.DomainName.Range, fs[0].message)
				v.UnknownRule = "EL005"
				return v
			}
			v.fail(Fault{Rule: "EL005", Status: 502, By: "CloudFront", Range: o.DomainName.Range,
				Why: "the origin domain is malformed: " + fs[0].message})
			return v
		}
		if fo := an.foreignOrigin(o); fo != nil {
			// An API that is not in the scan: what its host alone
			// decides (EL009's protocol, EL007's Host header) fails
			// every request; the rest of it is not known.
			q.protocol(&v, fo, b, r.Scheme)
			q.hostHeader(&v, fo, b)
			if len(v.Faults) > 0 {
				return v
			}
		}
		v.NotAPI = true
		return v
	}
	a := oi.api
	v.API = a
	if an.domainOwned(oi) {
		v.fail(Fault{Rule: "EL005", Status: 502, By: "CloudFront", Range: o.DomainName.Range,
			Why: "the origin domain is malformed: " + an.domainFaults[o][0].message})
		return v
	}
	q.protocol(&v, oi, b, r.Scheme)
	if t := privateType(a); t != nil {
		v.fail(Fault{Rule: "EL014", Status: 403, Body: bodyForbidden, By: "API Gateway", Range: t.Range,
			Why: "REST API " + apiName(a) + " is PRIVATE: it answers only requests through an interface VPC endpoint"})
	}
	q.hostHeader(&v, oi, b)
	// The faults above fail every request; the path is followed on, so
	// that the faults it meets next are told too.
	if r.PathUnknown != "" {
		if len(v.Faults) == 0 {
			v.unknown(b.Range, r.PathUnknown)
		}
		return v
	}
	// An unknown part of the origin path is compared as an opaque
	// literal, as the rules compare it (forwardInputs): it meets only the
	// same value on the API's side.
	op := o.OriginPath
	if !op.Known || !utf8.ValidString(op.V) {
		if len(v.Faults) == 0 {
			v.unknown(op.Range, "the origin path is not known")
		}
		return v
	}
	if oi.trailingSlash {
		v.fail(notFoundFault(a, "EL002", "the origin path ends with \"/\", which CloudFront rejects; requests would reach "+op.V+r.Path, op.Range))
		return v
	}
	fwd := strings.TrimSuffix(op.V, "/") + r.Path
	if op.V == "/" {
		fwd = r.Path
	}
	q.stageAndResource(&v, oi, b, r, fwd)
	if len(v.Faults) > 0 {
		v.Unknown, v.UnknownRule = "", ""
	}
	return v
}

// rootRule returns the rule that owns every path failure behind origin
// oi (the rules' rootCause: a malformed domain, a missing or unknown
// stage, an API without stages, an origin path ending with "/"), or "".
func (q *Requests) rootRule(oi *originInfo, b *model.Behavior) string {
	an := q.an
	switch {
	case !an.rootCause(oi):
		if seg, bad := oi.badStageBehaviors[b]; bad && seg != "" {
			return "EL002"
		}
		return ""
	case an.domainOwned(oi):
		return "EL005"
	case oi.stage == stageMissing:
		return "EL001"
	case oi.stage == stageNoStages:
		return "EL006"
	}
	return "EL002"
}

// protocol adds EL009's fault when the request reaches the origin over
// plain HTTP.
func (q *Requests) protocol(v *Verdict, oi *originInfo, b *model.Behavior, scheme string) {
	pp := oi.origin.ProtocolPolicy
	if sev, _, plain, ok := plainHTTP(oi); ok {
		switch {
		case sev == Error:
			v.fail(Fault{Rule: "EL009", Status: 502, By: "CloudFront", Range: pp.Range,
				Why: "the origin protocol policy is http-only: API Gateway accepts HTTPS only, and CloudFront cannot connect"})
		case scheme == "http" && slices.Contains(plain, b):
			v.fail(Fault{Rule: "EL009", Status: 502, By: "CloudFront", Range: pp.Range,
				Why: "the origin protocol policy is match-viewer and this viewer uses HTTP (viewer protocol policy allow-all): API Gateway accepts HTTPS only"})
		}
		return
	}
	if f, ok := el009SSL(q.an, oi); ok {
		v.fail(Fault{Rule: "EL009", Status: 502, By: "CloudFront", Range: f.Range, Why: f.Message})
	}
}

// hostHeader fails the request when the behavior forwards the viewer's
// Host header to the origin's API (EL007).
func (q *Requests) hostHeader(v *Verdict, oi *originInfo, b *model.Behavior) {
	if hf, host := hostFault(q.an, q.c.DomainNames, oi, b); host {
		v.fail(Fault{Rule: "EL007", Status: 403, Body: bodyForbidden, By: "API Gateway", Range: hf.at.Range,
			Why: hf.how + ": API Gateway finds no API for the distribution's host name"})
	}
}

// stageAndResource finds the stage, the resource and the method that serve
// forwarded path fwd, and the credentials the method needs.
func (q *Requests) stageAndResource(v *Verdict, oi *originInfo, b *model.Behavior, r Request, fwd string) {
	an, a := q.an, oi.api
	if !oi.prefixesUsable {
		if oi.stage == stageNoStages {
			v.fail(notFoundFault(a, "EL006", "API "+apiName(a)+" has no stage: it is not deployed", a.Source.Range))
			return
		}
		v.unknown(oi.origin.Range, "which stages or base path mappings serve the API is not known")
		return
	}
	pre, ok := matchPrefix(oi.prefixes, fwd)
	if !ok {
		if oi.prefixesUndecided {
			v.unknown(oi.origin.Range, "a stage name of the API is not known")
			return
		}
		rule, rng := q.rootRule(oi, b), oi.origin.OriginPath.Range
		if _, bad := oi.badStageBehaviors[b]; bad {
			rng = b.PathPattern.Range
		}
		if rule == "" {
			switch oi.stage {
			case stageMissing, stageFromViewer:
				rule = "EL001"
				if _, none := an.matchesNoResource(oi, b); oi.stage == stageFromViewer && none {
					// No path of the behavior reaches a resource,
					// whatever stage it names (EL004).
					rule = "EL004"
				}
			case stageNoStages:
				rule = "EL006"
			case stageUnknownName:
				rule = "EL002"
			}
		}
		if rule == "" {
			if _, none := an.matchesNoResource(oi, b); none {
				// No forwarded path of the behavior begins with a base
				// path the custom domain maps (EL004).
				rule, rng = "EL004", b.PathPattern.Range
			}
		}
		what := "stage"
		if oi.customDomain {
			what = "base path mapping"
		}
		v.fail(notFoundFault(a, rule, "the forwarded path "+quote(an.display(fwd))+" begins with no "+what+" of API "+apiName(a)+" (serves "+prefixList(oi.prefixes)+")", rng))
		return
	}
	v.Prefix = pre
	v.Stage, v.StageHow = q.stageName(oi, pre)
	v.step(oi.origin.OriginPath.Range, "stage "+quote(v.Stage)+": "+v.StageHow)
	if a.ResourcesUnknown != "" {
		v.unknown(a.Source.Range, "the API's resources are not known: "+a.ResourcesUnknown)
		return
	}
	res, params, how := q.matchResource(oi, pre, fwd)
	switch {
	case how == matchUnknown:
		v.unknown(a.Source.Range, "a resource path of the API is not known")
		return
	case res == nil:
		rest := strings.TrimPrefix(fwd, pre)
		if rest == "" {
			rest = "/"
		}
		rule, rng := q.rootRule(oi, b), b.PathPattern.Range
		why := "API " + apiName(a) + " has no " + resourceWord(a) + " that matches " + quote(an.display(rest)) + " with a method (has " + pathList(an.methodPaths(a)) + ")"
		if rule != "" {
			// The origin's fault sends every path to the wrong place.
			rng = oi.origin.OriginPath.Range
			if oi.repeatedStage != "" {
				why += ": the origin path repeats stage " + quote(oi.repeatedStage) + ", which the base path mapping already supplies"
			}
		} else if _, fires := rootViewer(an, oi, b); fires && rest == "/" {
			rule = "EL011"
		} else if _, none := an.matchesNoResource(oi, b); none {
			rule = "EL004"
		}
		v.fail(notFoundFault(a, rule, why, rng))
		return
	case how == matchTrailingSlash:
		v.step(res.Range, "resource "+an.display(resourcePath(res))+" matches only if API Gateway ignores the trailing slash (AWS does not document it)")
		v.Resource = res
		v.unknown(res.Range, "whether API Gateway routes a path with a trailing slash is not documented")
		return
	}
	v.Resource = res
	desc := resourceWord(a) + " " + an.display(resourcePath(res))
	if len(params) > 0 {
		desc += " (" + strings.Join(params, ", ") + ")"
	}
	v.step(res.Range, desc)
	m := pickMethod(res, r.Method)
	if m == nil {
		if proxyAlso(q, oi, pre, fwd, res) {
			v.unknown(res.Range, "the "+resourceWord(a)+" has no "+r.Method+" method and a greedy {proxy+} also matches: whether API Gateway falls back to it is not documented")
			return
		}
		v.fail(notFoundFault(a, "", resourceWord(a)+" "+an.display(resourcePath(res))+" has no "+r.Method+" method (has "+methodList(res)+")", res.Range))
		return
	}
	v.Method = m
	v.step(m.Range, "method "+an.display(m.HTTPMethod.V)+", authorization "+authDesc(m))
	q.credentials(v, oi, b, m, r)
}

// rootViewer returns the viewer path behavior b of origin oi sends to the
// root of its API, which has no method, when EL011 reports it.
func rootViewer(an *analysis, oi *originInfo, b *model.Behavior) (string, bool) {
	for _, h := range an.rootHits(oi) {
		if h.b == b {
			return h.viewer, true
		}
	}
	return "", false
}

// RootWithoutMethod returns a viewer path behavior b sends to the root of
// an API that has no method there (what EL011 reports: the home URL, or a
// path its viewer-request function rewrites to the root); ok is false
// when EL011 does not report b.
func (q *Requests) RootWithoutMethod(b *model.Behavior) (viewer string, ok bool) {
	for _, o := range b.Targets {
		if oi := q.an.byOrig[o]; oi != nil {
			if v, ok := rootViewer(q.an, oi, b); ok {
				return v, true
			}
		}
	}
	return "", false
}

// matchPrefix returns the longest prefix under which fwd is served.
func matchPrefix(prefixes []string, fwd string) (string, bool) {
	best, found := "", false
	for _, p := range prefixes {
		if (p == "" || fwd == p || strings.HasPrefix(fwd, p+"/")) && (!found || len(p) > len(best)) {
			best, found = p, true
		}
	}
	return best, found
}

func prefixList(ps []string) string {
	var out []string
	for _, p := range ps {
		if p == "" {
			p = "/ ($default)"
		}
		out = append(out, quote(p))
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// stageName names the stage that serves prefix pre, and how it is chosen.
func (q *Requests) stageName(oi *originInfo, pre string) (name, how string) {
	if oi.customDomain {
		dn := oi.origin.Link.Domain
		var best *model.Mapping
		bestBase := ""
		for _, m := range dn.Mappings {
			base := ""
			if !noBasePath(m.BasePath) {
				base = "/" + strings.Trim(m.BasePath.V, "/")
			}
			if (pre == base || strings.HasPrefix(pre, base+"/")) && (best == nil || len(base) > len(bestBase)) {
				best, bestBase = m, base
			}
		}
		if best != nil && best.Stage.Known {
			bp := bestBase
			if bp == "" {
				bp = "(none)"
			}
			return q.an.display(best.Stage.V), "the base path mapping " + quote(q.an.display(bp)) + " of custom domain " + quote(q.an.display(dn.Name.V))
		}
		return q.an.display(strings.TrimPrefix(pre, "/")), "a base path mapping of custom domain " + quote(q.an.display(dn.Name.V)) + " (prefix " + quote(q.an.display(pre)) + ")"
	}
	if pre == "" {
		return "$default", "the API's $default stage (no stage segment)"
	}
	return q.an.display(strings.TrimPrefix(pre, "/")), "the first segment of the forwarded path"
}

type matchKind int

const (
	matchNone matchKind = iota
	matchExact
	matchTrailingSlash
	matchUnknown
)

// matchResource returns the most specific resource with methods that
// serves fwd under prefix pre (a literal segment before a {param}, a
// {param} before a greedy {proxy+}, a catch-all last), with its path
// parameters.
func (q *Requests) matchResource(oi *originInfo, pre, fwd string) (*model.Resource, []string, matchKind) {
	an, a := q.an, oi.api
	type cand struct {
		res  *model.Resource
		rank []int
	}
	var exact, loose []cand
	for _, res := range a.Resources {
		if !res.HasMethods() {
			continue
		}
		if !res.Path.Known {
			return nil, nil, matchUnknown
		}
		for _, p := range resourcePaths(res) {
			t, err := an.template(pre, p, true)
			if err != nil {
				continue
			}
			c := cand{res: res, rank: specificity(p, res.CatchAll)}
			if t.Match(fwd) {
				exact = append(exact, c)
				break
			}
			if lt, err := an.template(pre, p, false); err == nil && lt.Match(fwd) {
				loose = append(loose, c)
			}
		}
	}
	pick := func(cs []cand) *model.Resource {
		sort.SliceStable(cs, func(i, j int) bool { return lessRank(cs[i].rank, cs[j].rank) })
		return cs[0].res
	}
	if len(exact) > 0 {
		res := pick(exact)
		return res, pathParams(resourcePath(res), strings.TrimPrefix(fwd, pre)), matchExact
	}
	if len(loose) > 0 {
		return pick(loose), nil, matchTrailingSlash
	}
	return nil, nil, matchNone
}

// specificity ranks a resource path segment by segment: 0 a literal, 1 a
// {param}, 2 a greedy {param+}; a catch-all ranks after everything.
func specificity(p string, catchAll bool) []int {
	if catchAll {
		return []int{3}
	}
	var out []int
	for _, s := range strings.Split(strings.Trim(p, "/"), "/") {
		switch {
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "+}"):
			out = append(out, 2)
		case strings.HasPrefix(s, "{"):
			out = append(out, 1)
		default:
			out = append(out, 0)
		}
	}
	return out
}

func lessRank(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) > len(b)
}

// pathParams binds the parameters of template tpl to path p.
func pathParams(tpl, p string) []string {
	ts := strings.Split(strings.Trim(tpl, "/"), "/")
	ps := strings.Split(strings.Trim(p, "/"), "/")
	var out []string
	for i, s := range ts {
		if i >= len(ps) || !strings.HasPrefix(s, "{") {
			continue
		}
		name := strings.Trim(s, "{}")
		if strings.HasSuffix(name, "+") {
			out = append(out, strings.TrimSuffix(name, "+")+"="+strings.Join(ps[i:], "/"))
			break
		}
		out = append(out, name+"="+ps[i])
	}
	return out
}

// pickMethod returns the method of res that serves verb: the method
// itself, GET for HEAD, or ANY.
func pickMethod(res *model.Resource, verb string) *model.Method {
	verb = strings.ToUpper(verb)
	var anyM, get *model.Method
	for _, m := range res.Methods {
		hm := strings.ToUpper(m.HTTPMethod.V)
		switch {
		case !m.HTTPMethod.Known:
			continue
		case hm == verb:
			return m
		case hm == "ANY":
			anyM = m
		case hm == "GET":
			get = m
		}
	}
	if verb == "HEAD" && get != nil {
		return get
	}
	return anyM
}

// proxyAlso reports whether a greedy resource other than res serves fwd
// too (API Gateway's fallback to it is disputed, aws-facts §2).
func proxyAlso(q *Requests, oi *originInfo, pre, fwd string, res *model.Resource) bool {
	for _, o := range oi.api.Resources {
		if o == res || !o.HasMethods() || !o.Path.Known || (!o.CatchAll && !strings.Contains(o.Path.V, "+}")) {
			continue
		}
		for _, p := range resourcePaths(o) {
			if t, err := q.an.template(pre, p, true); err == nil && t.Match(fwd) {
				return true
			}
		}
	}
	return false
}

func methodList(res *model.Resource) string {
	var out []string
	for _, m := range res.Methods {
		out = append(out, m.HTTPMethod.V)
	}
	return strings.Join(out, ", ")
}

func authDesc(m *model.Method) string {
	s := "NONE"
	if m.Authorization.Known && m.Authorization.V != "" {
		s = strings.ToUpper(m.Authorization.V)
	} else if !m.Authorization.Known {
		s = "(unknown)"
	}
	if z := m.Authorizer; z != nil {
		s += " (authorizer " + quote(authorizerName(z)) + ")"
	}
	if m.APIKeyRequired.Known && m.APIKeyRequired.V {
		s += ", API key required"
	}
	return s
}

// credentials checks each credential method m needs against what the
// behavior delivers and what the viewer sends.
func (q *Requests) credentials(v *Verdict, oi *originInfo, b *model.Behavior, m *model.Method, r Request) {
	for _, n := range methodNeeds(oi.api, m) {
		if !n.provable {
			v.unknown(n.rng, "what "+n.what+" needs is not known")
			return
		}
		for _, c := range n.creds {
			var d delivery
			if c.query != "" {
				d = deliverQuery(b)
			} else {
				d = deliverHeader(b, oi.origin, c.header, []string{strings.ToUpper(m.HTTPMethod.V)})
			}
			status, body := 401, bodyUnauthorized
			switch {
			case n.apiKey:
				status, body = 403, bodyForbidden
			case strings.EqualFold(n.req.Authorization, "AWS_IAM"):
				status, body = 403, bodyMAT
			}
			switch d {
			case notDelivered:
				v.step(n.rng, n.what+" needs "+c.String()+"; the behavior does not deliver it ("+describeForwarding(b)+")")
				v.fail(Fault{Rule: "EL003", Status: status, Body: body, By: "API Gateway", Range: n.rng,
					Why: n.what + " needs " + c.String() + ", which never reaches the origin"})
				return
			case notDeliveredLegacyUncertain:
				v.unknown(n.rng, "legacy forwarded values may drop "+c.String()+" for "+m.HTTPMethod.V+" (AWS documents it ambiguously)")
				return
			case deliveryUnknown:
				v.unknown(n.rng, "whether the behavior delivers "+c.String()+" is not known")
				return
			}
			src := "forwarded from the viewer"
			if custom := customHeader(oi.origin, c.header); custom != nil {
				src = "set as an origin custom header"
			} else if c.header != "" && r.HeadersGiven {
				if _, sent := r.Headers[strings.ToLower(c.header)]; !sent {
					v.step(n.rng, n.what+" needs "+c.String()+", which the behavior forwards, but this request does not send it")
					v.fail(Fault{Status: status, Body: body, By: "API Gateway", Range: n.rng, Why: "the request sends no " + c.String()})
					return
				}
			} else if c.header != "" {
				src += " (the viewer must send it)"
			}
			v.step(n.rng, n.what+" needs "+c.String()+": "+src)
			if strings.EqualFold(n.req.Authorization, "AWS_IAM") {
				v.unknown(n.rng, "a SigV4 signature made by the viewer does not survive CloudFront unless it is signed again at the edge")
				return
			}
		}
	}
}

func customHeader(o *model.Origin, h string) *model.Header {
	for i, ch := range o.CustomHeaders {
		if ch.Name.Known && strings.EqualFold(ch.Name.V, h) {
			return &o.CustomHeaders[i]
		}
	}
	return nil
}

// HeaderFact is a header as it reaches the origin.
type HeaderFact struct {
	Name, Value string
	Range       model.Range
}

// OriginHeaders lists the headers that matter to API Gateway as they
// reach origin o through behavior b for a request with the given method
// and viewer headers (lower-case names; nil when not told): Host,
// Authorization, x-api-key and the origin's custom headers.
func (q *Requests) OriginHeaders(b *model.Behavior, o *model.Origin, method string, viewer map[string]string) []HeaderFact {
	an := q.an
	host := an.display(model.ParseOriginDomain(o.DomainName.V).Host)
	var out []HeaderFact
	if hf, ok := forwardsHost(b); ok {
		out = append(out, HeaderFact{Name: "Host", Value: "the viewer's host (" + hf.how + ")", Range: hf.at.Range})
	} else {
		if b.MayRewritePath() {
			out = append(out, HeaderFact{Name: "Host", Value: host + " unless a function sets it", Range: o.DomainName.Range})
		} else {
			out = append(out, HeaderFact{Name: "Host", Value: host + " (the origin's domain)", Range: o.DomainName.Range})
		}
	}
	// The forwarding of viewer headers is decided by the policies (the
	// origin request policy first), or by the legacy forwarded values.
	fwd := b.Range
	switch {
	case b.OriginRequestPolicyID.Set:
		fwd = b.OriginRequestPolicyID.Range
	case b.CachePolicyID.Set:
		fwd = b.CachePolicyID.Range
	case b.Legacy != nil:
		fwd = b.Legacy.Range
	}
	for _, h := range []string{"Authorization", "x-api-key"} {
		if customHeader(o, h) != nil {
			continue
		}
		var val string
		switch deliverHeader(b, o, h, []string{strings.ToUpper(method)}) {
		case delivered:
			val = "forwarded from the viewer"
			if viewer != nil {
				if s, ok := viewer[strings.ToLower(h)]; ok {
					val = s + " (from the viewer)"
				} else {
					val = "forwarded, but not sent by this request"
				}
			}
		case notDelivered:
			val = "not forwarded (" + describeForwarding(b) + ")"
		case notDeliveredLegacyUncertain:
			val = "perhaps dropped (legacy forwarded values)"
		default:
			val = "unknown"
		}
		out = append(out, HeaderFact{Name: h, Value: val, Range: fwd})
	}
	for _, ch := range o.CustomHeaders {
		name, val := "<unknown>", "<unknown>"
		if ch.Name.Known {
			name = an.display(ch.Name.V)
		}
		if ch.Value.Known {
			val = an.display(ch.Value.V)
		}
		out = append(out, HeaderFact{Name: name, Value: val + " (origin custom header)", Range: ch.Name.Range})
	}
	return out
}

// Route is an API resource a behavior reaches, with a viewer path that
// reaches it.
type Route struct {
	API      *model.API
	Resource *model.Resource
	Path     string // the resource path, display form
	Viewer   string // a viewer path the behavior receives that reaches it
}

// Routes lists the API resources (with methods) that behavior b of d
// certainly receives requests for, through each origin it targets, in the
// API's order: what EL003 and EL008 judge.
func (q *Requests) Routes(b *model.Behavior) []Route {
	out, _ := q.KnownRoutes(b)
	return out
}

// KnownRoutes is Routes, with known false when what the behavior forwards
// to some API origin it targets cannot be known (an unknown value, a
// viewer-request function whose effect is unknown or that answers every
// request itself): the list may then miss routes. Through a function
// whose effect edgelint found by running it (a path forwarded unchanged,
// a prefix replaced, every path made one), the routes are those the
// rewritten paths reach, with the viewer paths that reach them.
func (q *Requests) KnownRoutes(b *model.Behavior) (routes []Route, known bool) {
	an := q.an
	var out []Route
	known = true
	for _, o := range b.Targets {
		oi := an.byOrig[o]
		if oi == nil {
			continue
		}
		cr := an.certainReach(oi, b)
		known = known && cr.known && len(cr.undecided) == 0
		for _, res := range cr.resources {
			rt := Route{API: oi.api, Resource: res, Path: an.display(resourcePath(res)), Viewer: cr.witness[res]}
			out = append(out, rt)
		}
	}
	return out, known
}

// SampleViewerPath is a readable viewer path behavior b's pattern matches.
func SampleViewerPath(b *model.Behavior) string {
	return pathmatch.CompileGlob("", normalise(b.PathPattern.V)).Sample()
}

// ErrorMask returns the custom error response of d that turns status, a
// 403 or 404, into a 2xx answer (what EL013 reports), or nil.
func ErrorMask(d *model.Distribution, status int) *model.ErrorResponse {
	for _, er := range d.ErrorResponses {
		if masks(er) && er.ErrorCode.V == int64(status) {
			return er
		}
	}
	return nil
}
