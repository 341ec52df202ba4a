// Package trace follows one viewer request through a CloudFront
// distribution to its origin and, for an API Gateway origin, to the stage,
// resource and method that serve it, and predicts the answer.
//
// It reads the model the rules read and asks the rules' shared analysis
// (rules.Requests) every question the rules answer, so that a request
// fails with the code of the rule that reports its fault: the behavior is
// chosen with the same path matching (pathmatch), the stage from the same
// prefixes, the resource from the same compiled templates, and the
// credentials from the same delivery decisions.
package trace

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/edgelint/edgelint/edgefunc"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
	"github.com/edgelint/edgelint/rules"
)

// Outcomes.
const (
	Reaches = "reaches-integration"
	Fails   = "fails"
	NotAPI  = "not-api"
	Unknown = "unknown"
)

// Request is the viewer request to follow.
type Request struct {
	// Method is the HTTP method (default GET).
	Method string
	// Target is a path ("/posts") or a URL ("https://cdn.example.com/posts").
	Target string
	// Headers are the viewer's headers; when none is given, a credential
	// the behavior forwards is taken to be sent.
	Headers map[string]string
}

// Step is one hop, with its source position.
type Step struct {
	What   string `json:"what"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Trace is the journey of one request.
type Trace struct {
	Distribution  string  `json:"distribution"`
	Method        string  `json:"http_method"`
	Path          string  `json:"path"`
	Behavior      *string `json:"behavior"`
	Origin        *string `json:"origin"`
	OriginRequest *string `json:"origin_request"`
	Function      *string `json:"function"`
	RewrittenPath *string `json:"rewritten_path"`
	API           *string `json:"api"`
	Stage         *string `json:"stage"`
	Resource      *string `json:"resource"`
	APIMethod     *string `json:"method"`
	Outcome       string  `json:"outcome"`
	Status        *int    `json:"status"`
	Body          *string `json:"body"`
	Rule          *string `json:"rule"`
	// ViewerStatus is the status the viewer gets instead of Status when a
	// custom error response turns it into a success (EL013).
	ViewerStatus *int `json:"viewer_status,omitempty"`
	// Also are the rules of the faults the request would meet next.
	Also   []string `json:"also_fails,omitempty"`
	Reason string   `json:"reason"`
	Steps  []Step   `json:"steps"`
}

func strp(s string) *string { return &s }

func (t *Trace) step(r model.Range, format string, args ...any) {
	t.Steps = append(t.Steps, Step{What: fmt.Sprintf(format, args...), File: r.File, Line: r.Start.Line, Column: r.Start.Column})
}

// ParseTarget splits a trace target into its host (for a URL), path and
// scheme. The query string is dropped: CloudFront does not match it.
func ParseTarget(target string) (host, path, scheme string, err error) {
	scheme = "https"
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		u, err := url.Parse(target)
		if err != nil {
			return "", "", "", fmt.Errorf("not a URL: %q", target)
		}
		host, path, scheme = u.Hostname(), u.EscapedPath(), u.Scheme
		if path == "" {
			path = "/"
		}
		return host, path, scheme, nil
	}
	if strings.Contains(target, "://") {
		return "", "", "", fmt.Errorf("not an http or https URL: %q", target)
	}
	path, _, _ = strings.Cut(target, "?")
	if path == "" {
		return "", "", "", fmt.Errorf("empty path")
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return "", path, scheme, nil
}

// Names lists the names a distribution is picked by: its address, its
// logical ID (the last part of the address) and its aliases.
func Names(d *model.Distribution) []string {
	out := []string{d.Source.Address}
	if id := logicalID(d); id != d.Source.Address {
		out = append(out, id)
	}
	for _, al := range d.Aliases.Items {
		if al.IsLiteral() {
			out = append(out, al.V)
		}
	}
	return out
}

// logicalID is the last part of a distribution's address: a CloudFormation
// logical ID, a Terraform resource name.
func logicalID(d *model.Distribution) string {
	a := d.Source.Address
	if i := strings.LastIndexAny(a, ".:/"); i >= 0 && i+1 < len(a) {
		return a[i+1:]
	}
	return a
}

// named reports whether name picks d: its address or logical ID as
// written, or an alias (host names are case-insensitive, and may end
// with a dot).
func named(d *model.Distribution, name string) bool {
	if name == d.Source.Address || name == logicalID(d) {
		return true
	}
	return hasAlias(d, name)
}

func hasAlias(d *model.Distribution, host string) bool {
	for _, al := range d.Aliases.Items {
		if al.IsLiteral() && strings.EqualFold(strings.TrimSuffix(al.V, "."), strings.TrimSuffix(host, ".")) {
			return true
		}
	}
	return false
}

// Select picks the distribution a trace follows: the one named by name
// (address, logical ID or alias), else the one whose aliases include host,
// else the only one. When none or several fit, it returns nil and the
// candidates' addresses.
func Select(c *model.Config, name, host string) (*model.Distribution, []string) {
	var all []string
	for _, d := range c.Distributions {
		all = append(all, describe(d))
	}
	pick := func(match func(d *model.Distribution) bool) (*model.Distribution, []string) {
		var found []*model.Distribution
		for _, d := range c.Distributions {
			if match(d) {
				found = append(found, d)
			}
		}
		if len(found) == 1 {
			return found[0], nil
		}
		if len(found) == 0 {
			return nil, all
		}
		var names []string
		for _, d := range found {
			names = append(names, describe(d))
		}
		return nil, names
	}
	switch {
	case name != "":
		return pick(func(d *model.Distribution) bool { return named(d, name) })
	case host != "" && len(c.Distributions) > 1:
		return pick(func(d *model.Distribution) bool { return hasAlias(d, host) })
	case len(c.Distributions) == 1:
		return c.Distributions[0], nil
	}
	return nil, all
}

// describe names a distribution with where it is written.
func describe(d *model.Distribution) string {
	return d.Source.Address + " (" + d.Source.Range.String() + ")"
}

// Run follows request r through distribution d, running the
// CloudFront Functions of its behavior under ctx.
func Run(ctx context.Context, q *rules.Requests, d *model.Distribution, r Request) *Trace {
	_, path, scheme, _ := ParseTarget(r.Target)
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = "GET"
	}
	t := &Trace{Distribution: d.Source.Address, Method: method, Path: path, Outcome: Unknown}
	b := chooseBehavior(t, q, d, path)
	if b == nil {
		return t
	}
	t.Behavior = strp(behaviorName(b))
	if ok, known := rules.MethodAllowed(b, method); !known {
		t.step(b.AllowedMethods.Range, "allowed methods not known")
	} else if !ok {
		t.step(allowedRange(b), "allowed methods %s: %s is not among them", strings.Join(b.AllowedMethods.Values(), ", "), method)
	} else {
		t.step(allowedRange(b), "allowed methods %s: %s is allowed", allowedList(b), method)
	}
	prng := b.Range
	if b.CachePolicyID.Set {
		prng = b.CachePolicyID.Range
	} else if b.Legacy != nil {
		prng = b.Legacy.Range
	}
	t.step(prng, "policies: %s", policies(b))
	o := b.Origin
	if o == nil {
		t.Outcome = Unknown
		t.Reason = "the behavior's target origin " + quote(q.Display(b.TargetOriginID.V)) + " is not an origin of the scan"
		t.step(b.TargetOriginID.Range, "target origin %s: not found", quote(q.Display(b.TargetOriginID.V)))
		return t
	}
	t.Origin = strp(q.Display(o.ID.V))
	req := rules.Request{Behavior: b, Origin: o, Method: method, Path: path, Scheme: scheme}
	if len(r.Headers) > 0 {
		req.Headers, req.HeadersGiven = map[string]string{}, true
		for k, v := range r.Headers {
			req.Headers[strings.ToLower(k)] = v
		}
	}
	if resp := runFunctions(ctx, t, b, &req); resp != nil {
		// The function answered the viewer: nothing reaches the origin.
		functionResponse(t, d, q, resp)
		return t
	}
	v := q.Evaluate(req)
	if len(v.Faults) == 0 || v.Faults[0].Rule != "EL008" {
		// The request leaves CloudFront (a method the behavior does
		// not allow never does).
		originRequest(t, q, b, o, &req)
	}
	if v.API != nil {
		t.API = strp(v.API.Source.Address)
	}
	if v.Stage != "" {
		t.Stage = strp(v.Stage)
	}
	if v.Resource != nil {
		t.Resource = strp(q.Display(resourcePath(v.Resource)))
	}
	if v.Method != nil {
		t.APIMethod = strp(q.Display(v.Method.HTTPMethod.V))
	}
	for _, s := range v.Steps {
		t.step(s.Range, "%s", s.What)
	}
	switch {
	case len(v.Faults) > 0:
		f := v.Faults[0]
		t.Outcome = Fails
		t.Status = &f.Status
		if f.Body != "" {
			t.Body = strp(f.Body)
		}
		if f.Rule != "" {
			t.Rule = strp(f.Rule)
		}
		for _, g := range v.Faults[1:] {
			if g.Rule != "" {
				t.Also = append(t.Also, g.Rule)
			}
		}
		t.Reason = f.Why
		code := ""
		if f.Rule != "" {
			code = " [" + f.Rule + "]"
		}
		t.step(f.Range, "%s answers %d%s: %s", f.By, f.Status, code, f.Why)
		for _, g := range v.Faults[1:] {
			t.step(g.Range, "then, once fixed, %s answers %d [%s]: %s", g.By, g.Status, g.Rule, g.Why)
		}
		if er := rules.ErrorMask(d, f.Status); er != nil {
			vs := int(er.ResponseCode.V)
			t.ViewerStatus = &vs
			t.step(er.Range, "CloudFront then turns %d into %d with %s (custom error response) [EL013]", f.Status, er.ResponseCode.V, q.Display(er.ResponsePagePath.V))
		}
	case v.NotAPI:
		t.Outcome = NotAPI
		t.Reason = "origin " + quote(q.Display(o.ID.V)) + " is not an API Gateway API of the scan"
		t.step(o.DomainName.Range, "not an API Gateway origin: CloudFront forwards the request to %s", q.Display(model.ParseOriginDomain(o.DomainName.V).Host))
	case v.Unknown != "":
		t.Outcome = Unknown
		t.Reason = v.Unknown
		if v.UnknownRule != "" {
			t.Rule = strp(v.UnknownRule)
		}
	default:
		t.Outcome = Reaches
		t.Reason = "the request reaches the integration of " + deref(t.APIMethod) + " " + deref(t.Resource)
		t.step(v.Method.Range, "reaches the integration")
	}
	return t
}

// originRequest adds the origin request: its URL and the headers that
// matter to API Gateway.
func originRequest(t *Trace, q *rules.Requests, b *model.Behavior, o *model.Origin, req *rules.Request) {
	shown := req.Path
	if req.PathUnknown != "" {
		shown = "<path after the function>"
	}
	host := q.Display(model.ParseOriginDomain(o.DomainName.V).Host)
	op := o.OriginPath
	opText := q.Display(op.V)
	if !op.Known {
		opText = "<origin path>"
	}
	scheme := "https://"
	if o.ProtocolPolicy.Known && strings.EqualFold(strings.TrimSpace(o.ProtocolPolicy.V), "http-only") {
		scheme = "http://"
	}
	t.OriginRequest = strp(scheme + host + strings.TrimSuffix(opText, "/") + shown)
	t.step(o.Range, "origin %s: %s %s", quote(q.Display(o.ID.V)), req.Method, *t.OriginRequest)
	var viewer map[string]string
	if req.HeadersGiven {
		viewer = req.Headers
	}
	for _, h := range q.OriginHeaders(b, o, req.Method, viewer) {
		t.step(h.Range, "header %s: %s", h.Name, h.Value)
	}
}

func allowedRange(b *model.Behavior) model.Range {
	if !b.AllowedMethods.Range.IsZero() {
		return b.AllowedMethods.Range
	}
	return b.Range
}

func allowedList(b *model.Behavior) string {
	if !b.AllowedMethods.Set {
		return "GET, HEAD (CloudFront's default)"
	}
	return strings.Join(b.AllowedMethods.Values(), ", ")
}

func policies(b *model.Behavior) string {
	var out []string
	switch {
	case b.CachePolicy != nil:
		out = append(out, "cache policy "+policyName(b.CachePolicy))
	case b.CachePolicyID.Set:
		out = append(out, "cache policy (not known)")
	}
	switch {
	case b.OriginRequestPolicy != nil:
		out = append(out, "origin request policy "+policyName(b.OriginRequestPolicy))
	case b.OriginRequestPolicyID.Set:
		out = append(out, "origin request policy (not known)")
	case b.CachePolicyID.Set:
		out = append(out, "no origin request policy")
	}
	if b.Legacy != nil {
		out = append(out, "legacy forwarded values (headers "+strings.Join(b.Legacy.Headers.Values(), ", ")+")")
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func policyName(p *model.Policy) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Source.Address
}

func behaviorName(b *model.Behavior) string {
	if b.Default {
		return "default"
	}
	return b.PathPattern.V
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func resourcePath(res *model.Resource) string {
	if res.CatchAll {
		return "$default"
	}
	return res.Path.V
}

// chooseBehavior finds the first behavior whose pattern matches path, and
// says why each one before it does not.
func chooseBehavior(t *Trace, q *rules.Requests, d *model.Distribution, path string) *model.Behavior {
	for _, b := range d.Behaviors {
		if !q.Known(b.PathPattern) {
			t.Outcome = Unknown
			t.Reason = "the path pattern of a behavior is not known, so which behavior the request takes is not known"
			t.step(b.PathPattern.Range, "behavior %s: pattern not known", quote(q.Display(b.PathPattern.V)))
			return nil
		}
		pat := b.PathPattern.V
		if pathmatch.CompileGlob("", normalise(pat)).Match(path) {
			name := quote(pat)
			if b.Default {
				name = "default (*)"
			}
			note := ""
			if !strings.HasPrefix(pat, "/") && !b.Default {
				note = " (CloudFront reads it with a leading \"/\")"
			}
			t.step(b.PathPattern.Range, "behavior %s matches %s%s: chosen", name, path, note)
			return b
		}
		note := ""
		if !strings.HasPrefix(pat, "/") {
			note = " (CloudFront reads it with a leading \"/\")"
		}
		t.step(b.PathPattern.Range, "behavior %q%s does not match %s: %s", pat, note, path, whyNot(normalise(pat), path))
	}
	t.Outcome = Unknown
	t.Reason = "no behavior of the distribution is known to match"
	return nil
}

func normalise(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/" + p
	}
	return p
}

// whyNot says why a normalised pattern does not match path.
func whyNot(pat, path string) string {
	if pathmatch.CompileGlob("", strings.ToLower(pat)).Match(strings.ToLower(path)) {
		return "case differs (path patterns are case-sensitive)"
	}
	if strings.Contains(pat, "?") && pathmatch.CompileGlob("", strings.ReplaceAll(pat, "?", "*")).Match(path) {
		return "\"?\" matches exactly one character, \"*\" any number"
	}
	lit := pathmatch.LiteralPrefix(pat)
	if strings.HasPrefix(lit, path) && len(lit) > len(path) {
		return fmt.Sprintf("the pattern needs a longer path (%q and more)", lit)
	}
	if !strings.ContainsAny(pat, "*?") && strings.HasPrefix(path, pat) {
		return "the pattern has no wildcard and the path is longer"
	}
	if strings.HasPrefix(path, "/") && strings.HasPrefix(pat, "//") {
		return "the pattern begins with \"//\""
	}
	return "different path"
}

// functionAnswer is a viewer-request function's own answer.
type functionAnswer struct {
	status int
	desc   string
	why    string
	rng    model.Range
}

// runFunctions runs the behavior's viewer-request CloudFront Functions on
// the request (edgefunc), in order, each on what the one before produced.
// A Lambda@Edge function, or a CloudFront Function whose result cannot be
// known, leaves the path unknown. It returns the answer of a function that
// answers the viewer itself (or fails), else nil.
func runFunctions(ctx context.Context, t *Trace, b *model.Behavior, req *rules.Request) *functionAnswer {
	for _, f := range b.Functions {
		ev := "(event type not known)"
		if f.EventType.Known {
			ev = f.EventType.V
		}
		if !f.RewritesPath() {
			t.step(f.Range, "%s function: does not change the request", ev)
			continue
		}
		kind := "CloudFront Function"
		if f.Lambda {
			kind = "Lambda@Edge function"
		}
		name := kind + " (" + ev + ")"
		if f.Function != nil {
			name = f.Function.Display()
		}
		if t.Function == nil {
			t.Function = strp(name)
		}
		if req.PathUnknown != "" {
			t.step(f.Range, "%s %s: not run; the path before it is unknown", kind, ev)
			continue
		}
		if f.Lambda || ev != "viewer-request" {
			t.step(f.Range, "%s %s: not run; the path after it is unknown", kind, ev)
			req.PathUnknown = "the " + ev + " " + kind + " may rewrite the path; edgelint does not run it"
			continue
		}
		if f.Function == nil {
			t.step(f.Range, "CloudFront Function viewer-request: its code is not known to edgelint, not run; the path after it is unknown")
			req.PathUnknown = "the code of the viewer-request CloudFront Function is not known to edgelint; the path after it is unknown"
			continue
		}
		in := edgefunc.Request{Method: req.Method, URI: req.Path, Headers: req.Headers}
		res := edgefunc.Run(ctx, f.Function, in)
		switch res.Outcome {
		case edgefunc.Continue:
			if res.URI == req.Path {
				t.step(f.Range, "CloudFront Function %q (viewer-request): the path stays %s%s", name, req.Path, reads(res))
			} else {
				t.step(f.Range, "CloudFront Function %q (viewer-request): rewrites the path to %s%s", name, res.URI, reads(res))
			}
			if !strings.HasPrefix(res.URI, "/") {
				req.PathUnknown = fmt.Sprintf("the function's URI %q does not begin with \"/\"", res.URI)
				continue
			}
			req.Path = res.URI
			t.RewrittenPath = strp(res.URI)
			if req.HeadersGiven {
				req.Headers = res.Headers
			}
		case edgefunc.Response:
			t.step(f.Range, "CloudFront Function %q (viewer-request): answers the viewer itself with %d %s%s", name, res.Status, res.StatusDescription, reads(res))
			return &functionAnswer{status: res.Status, desc: res.StatusDescription, rng: f.Range,
				why: fmt.Sprintf("the CloudFront Function %q answers the viewer itself", name)}
		case edgefunc.Failed:
			// A function that fails makes CloudFront answer 503
			// (CloudFront Developer Guide, "HTTP 503 status code
			// (function execution error)":
			// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-503-service-unavailable.html).
			line := ""
			if res.Line > 0 {
				line = fmt.Sprintf(" (line %d of its code)", res.Line)
			}
			t.step(f.Range, "CloudFront Function %q (viewer-request): fails%s: %s", name, line, res.Reason)
			return &functionAnswer{status: 503, desc: "function execution error", rng: f.Range,
				why: fmt.Sprintf("the CloudFront Function %q fails on this request: %s", name, res.Reason)}
		default:
			t.step(f.Range, "CloudFront Function %q (viewer-request): result unknown: %s", name, res.Reason)
			req.PathUnknown = "the result of the CloudFront Function " + quote(name) + " is unknown: " + res.Reason
		}
	}
	return nil
}

// reads says what a function read of the request besides its method and
// URI: its result holds for requests that carry the same.
func reads(res edgefunc.Result) string {
	if len(res.Reads) == 0 {
		return ""
	}
	return " (it reads " + strings.Join(res.Reads, ", ") + ")"
}

// functionResponse ends a trace with a function's own answer: a failure
// when it is an error status, else a request that reaches no origin.
func functionResponse(t *Trace, d *model.Distribution, q *rules.Requests, a *functionAnswer) {
	t.Reason = a.why
	if a.status >= 400 {
		t.Outcome = Fails
		t.Status = &a.status
		t.Body = strp("(" + a.desc + ")")
		t.step(a.rng, "CloudFront answers %d %s: %s", a.status, a.desc, a.why)
		if er := rules.ErrorMask(d, a.status); er != nil {
			vs := int(er.ResponseCode.V)
			t.ViewerStatus = &vs
			t.step(er.Range, "CloudFront then turns %d into %d with %s (custom error response) [EL013]", a.status, er.ResponseCode.V, q.Display(er.ResponsePagePath.V))
		}
		return
	}
	t.Outcome = NotAPI
	t.Reason += fmt.Sprintf(" (%d %s): the request reaches no origin", a.status, a.desc)
}

// Exit statuses of edgelint trace.
const (
	ExitReaches = 0
	ExitFails   = 1
)

// ExitCode is the exit status for a trace: 1 when it fails, else 0.
func (t *Trace) ExitCode() int {
	if t.Outcome == Fails {
		return ExitFails
	}
	return ExitReaches
}
