package rules

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL003 reports a method a behavior reaches whose authorization needs
// credentials the behavior never delivers to the origin.
var EL003 = register(&Rule{
	Code:     "EL003",
	Name:     "method-requires-auth",
	Severity: Error,
	Summary:  "A reachable method needs credentials (authorizer identity source, API key, SigV4) that the behavior does not deliver",
	Doc:      doc("EL003"),
	Requires: []*Analysis{Origins},
	Run:      runEL003,
})

// need is what one method requires from the viewer.
type need struct {
	creds    []credential
	what     string      // "CUSTOM authorization (authorizer "x")"
	outcome  string      // what the viewer gets
	rng      model.Range // where the requirement is written
	apiKey   bool
	provable bool // false: the requirement itself is not knowable
	// req identifies the requirement in the finding's subject.
	req Requirement
}

func methodNeeds(a *model.API, m *model.Method) []need {
	var out []need
	if m.Authorization.Known {
		auth := strings.ToUpper(m.Authorization.V)
		switch auth {
		case "", "NONE":
		case "AWS_IAM":
			out = append(out, need{
				creds: []credential{{header: "Authorization"}}, what: "AWS_IAM authorization (SigV4)",
				outcome: "unsigned requests get 403 Missing Authentication Token, and a viewer's SigV4 signature cannot survive CloudFront (it signs the viewer's host and path, which CloudFront changes) unless the origin request is signed again at the edge (Lambda@Edge)", rng: m.Authorization.Range, provable: true,
				req: Requirement{Authorization: auth},
			})
		default:
			n := need{what: auth + " authorization", rng: m.Authorization.Range, outcome: "the authorizer is never invoked and API Gateway answers 401 Unauthorized"}
			z := m.Authorizer
			n.req = Requirement{Authorization: auth, Authorizer: z}
			if z != nil {
				n.what += " (authorizer " + quote(authorizerName(z)) + ")"
				sources := z.IdentitySources
				typ := strings.ToUpper(z.Type.V)
				if len(sources.Items) == 0 && sources.Known {
					switch {
					case typ == "TOKEN" || typ == "COGNITO_USER_POOLS" || auth == "COGNITO_USER_POOLS":
						sources.Items = []model.Str{model.DefaultStr("method.request.header.Authorization", z.Source.Range)}
					case typ == "JWT" || auth == "JWT":
						sources.Items = []model.Str{model.DefaultStr("$request.header.Authorization", z.Source.Range)}
					}
				}
				if sources.AllKnown() && len(sources.Items) > 0 {
					n.provable = true
					for _, s := range sources.Items {
						if c, ok := parseIdentitySource(s.V); ok {
							n.creds = append(n.creds, c)
						}
					}
				}
			} else if auth == "COGNITO_USER_POOLS" && !m.AuthorizerRef.Set {
				n.provable = true
				n.creds = []credential{{header: "Authorization"}}
			}
			if len(n.creds) > 0 {
				out = append(out, n)
			}
		}
	}
	if m.APIKeyRequired.Known && m.APIKeyRequired.V && a.Kind == model.REST {
		src := strings.ToUpper(a.APIKeySource.V)
		if !a.APIKeySource.Known || (src != "" && src != "HEADER") {
			return out
		}
		out = append(out, need{
			creds: []credential{{header: "x-api-key"}}, what: "an API key", apiKey: true, provable: true,
			outcome: "API Gateway answers 403 Forbidden", rng: m.APIKeyRequired.Range,
			req: Requirement{APIKey: true},
		})
	}
	return out
}

func methodAllowed(b *model.Behavior, m *model.Method) bool {
	if !b.AllowedMethods.Known || !m.HTTPMethod.Known {
		return true
	}
	hm := strings.ToUpper(m.HTTPMethod.V)
	for _, it := range b.AllowedMethods.Items {
		if !it.Known || hm == "ANY" || strings.EqualFold(it.V, hm) {
			return true
		}
	}
	return false
}

type el003Hit struct {
	f Finding
	// behaviors are those the finding names: the first and the others
	// that also reach the method.
	behaviors map[*model.Behavior]bool
}

func runEL003(p *Pass) []Finding {
	an := origins(p)
	hits := map[string]*el003Hit{}
	var order []string
	var out0 []Finding // questions left undecided by the path matching bounds
	sigsOf := map[*model.API]*needSigs{}
	for _, oi := range an.origins {
		if an.rootCause(oi) {
			continue
		}
		for _, b := range oi.behaviors {
			if _, bad := oi.badStageBehaviors[b]; bad {
				continue
			}
			if _, host := hostFault(an, p.Config.DomainNames, oi, b); host {
				// EL007's fault: every request through b gets 403
				// Forbidden, and its fix delivers every viewer header
				// but Host, the credentials among them.
				continue
			}
			sigs := sigsOf[oi.api]
			if sigs == nil {
				sigs = &needSigs{}
				sigs.build(oi.api)
				sigsOf[oi.api] = sigs
			}
			if !sigs.missingAny(b, oi.origin) {
				// Every credential the API's methods need is delivered
				// (or its delivery unknown), or b allows none of their
				// methods: nothing b reaches can be reported.
				continue
			}
			cr := an.certainReach(oi, b)
			if cr.effect != nil && cr.effect.setsHeaders {
				// The function sets request headers: which credentials
				// reach the origin is not only what the behavior forwards.
				continue
			}
			if f, ok := el003TooComplex(an, oi, b, cr.undecided, sigs); ok {
				out0 = append(out0, f)
			}
			for _, res := range cr.resources {
				for _, m := range res.Methods {
					if !methodAllowed(b, m) {
						continue
					}
					for _, n := range methodNeeds(oi.api, m) {
						if !n.provable {
							continue
						}
						missing, sev := firstMissing(b, oi.origin, m, n)
						if missing == nil {
							continue
						}
						key := n.rng.String() + "|" + n.req.id(oi.api)
						if h, ok := hits[key]; ok {
							// Other methods sharing the requirement (an
							// API-wide setting) may be reached by the
							// same behavior: it is named once.
							if !h.behaviors[b] {
								h.behaviors[b] = true
								h.f.Related = append(h.f.Related, Related{Message: "also reached by " + behaviorName(b), Range: b.PathPattern.Range})
							}
							if sev.Rank() > h.f.Severity.Rank() {
								h.f.Severity = sev
							}
							continue
						}
						hits[key] = &el003Hit{f: el003Finding(an, oi, b, cr, res, m, n, *missing, sev), behaviors: map[*model.Behavior]bool{b: true}}
						order = append(order, key)
					}
				}
			}
		}
	}
	out := make([]Finding, 0, len(order)+len(out0))
	for _, k := range order {
		out = append(out, hits[k].f)
	}
	return append(out, out0...)
}

// el003TooComplex reports, as information, a behavior for which the path
// matching bounds left undecided whether it receives requests for a
// resource with a method whose credentials it certainly does not deliver:
// the fault may be there, and edgelint does not guess. Resources whose
// methods it could not fault anyway are not mentioned.
func el003TooComplex(an *analysis, oi *originInfo, b *model.Behavior, undecided []*model.Resource, sigs *needSigs) (Finding, bool) {
	if len(undecided) == 0 {
		return Finding{}, false
	}
	sigs.build(oi.api)
	// Whether a method is allowed and its credential delivered depends on
	// the signature only: decide each once for this behavior.
	missing := make([]*credential, len(sigs.list))
	done := make([]bool, len(sigs.list))
	for _, res := range undecided {
		for _, k := range sigs.byRes[res] {
			if !done[k] {
				done[k] = true
				sg := sigs.list[k]
				if methodAllowed(b, sg.m) {
					missing[k], _ = firstMissing(b, oi.origin, sg.m, sg.n)
				}
			}
			c := missing[k]
			if c == nil {
				continue
			}
			m, n := sigs.list[k].m, sigs.list[k].n
			path := res.Path.V
			if res.CatchAll {
				path = "$default"
			}
			return Finding{
				Severity: Info,
				Range:    b.PathPattern.Range,
				Message: "too complex to decide whether " + behaviorName(b) + " receives requests for method " + m.HTTPMethod.V + " " + an.display(path) +
					" of " + apiName(oi.api) + ", which requires " + n.what + " that the behavior does not deliver (" + c.String() +
					"): the path matching exceeded its work bounds, so the answer is unknown",
				Notes: []string{
					"the behaviors before it may take every such request (CloudFront's first match wins); check by hand, or simplify the path patterns",
				},
				Related: []Related{{Message: "method " + m.HTTPMethod.V + " " + an.display(path), Range: n.rng}},
				Subject: Subject{Distribution: oi.dist, Behavior: b},
			}, true
		}
	}
	return Finding{}, false
}

// needSigs groups the provable needs of an API's methods by what decides
// whether a behavior meets them: the method's verb and the credentials.
// Built once per API, on first use.
type needSigs struct {
	api   *model.API
	list  []needSig
	byRes map[*model.Resource][]int
}

type needSig struct {
	m *model.Method // a method with the signature (for its verb)
	n need
}

func (s *needSigs) build(a *model.API) {
	if s.api == a {
		return
	}
	s.api, s.list, s.byRes = a, nil, map[*model.Resource][]int{}
	at := map[string]int{}
	for _, res := range a.Resources {
		for _, m := range res.Methods {
			for _, n := range methodNeeds(a, m) {
				if !n.provable {
					continue
				}
				var key strings.Builder
				key.WriteString(strings.ToUpper(m.HTTPMethod.V))
				for _, c := range n.creds {
					key.WriteString("\x00" + c.header + "\x01" + c.query)
				}
				k, ok := at[key.String()]
				if !ok {
					k = len(s.list)
					at[key.String()] = k
					s.list = append(s.list, needSig{m: m, n: n})
				}
				s.byRes[res] = append(s.byRes[res], k)
			}
		}
	}
}

// missingAny reports whether behavior b, through origin o, allows a
// method of the API whose provable need it certainly does not meet: the
// only methods EL003 reports. Whether b allows a method and delivers its
// credentials depends on the signature only.
func (s *needSigs) missingAny(b *model.Behavior, o *model.Origin) bool {
	for _, sg := range s.list {
		if !methodAllowed(b, sg.m) {
			continue
		}
		if c, _ := firstMissing(b, o, sg.m, sg.n); c != nil {
			return true
		}
	}
	return false
}

// firstMissing returns the first credential the behavior certainly does not
// deliver, with the severity that certainty allows; nil when every one is
// delivered or delivery is unknown.
func firstMissing(b *model.Behavior, o *model.Origin, m *model.Method, n need) (*credential, Severity) {
	methods := []string{strings.ToUpper(m.HTTPMethod.V)}
	for _, c := range n.creds {
		var d delivery
		if c.query != "" {
			d = deliverQuery(b)
		} else {
			d = deliverHeader(b, o, c.header, methods)
		}
		switch d {
		case notDelivered:
			return &c, Error
		case notDeliveredLegacyUncertain:
			return &c, Warning
		}
	}
	return nil, ""
}

func behaviorName(b *model.Behavior) string {
	if b.Default {
		return "the default behavior"
	}
	return "behavior " + quote(b.PathPattern.V)
}

func el003Finding(an *analysis, oi *originInfo, b *model.Behavior, cr certain, res *model.Resource, m *model.Method, n need, c credential, sev Severity) Finding {
	path := resourcePath(res)
	through := ""
	if d := an.throughFunction(cr.effect, b.PathPattern.V, cr.witness[res]); d != "" {
		through = ", which receives its requests (" + d + "),"
	}
	f := Finding{
		Severity: sev,
		Range:    n.rng,
		Message: "method " + m.HTTPMethod.V + " " + an.display(path) + " of " + apiName(oi.api) + " requires " + n.what +
			", but " + behaviorName(b) + through + " does not deliver the " + c.String() + " to the origin (" + describeForwarding(b) + "): " + n.outcome,
		Subject: Subject{API: oi.api, Resource: res, Method: m, Requirement: &n.req},
	}
	if sev == Warning {
		f.Notes = append(f.Notes, "with legacy forwarded values CloudFront removes Authorization from GET and HEAD requests; AWS documents no certain behaviour for other methods")
	}
	switch {
	case c.query != "":
		f.Notes = append(f.Notes, "forward the query string (cache policy or origin request policy query strings, or legacy query_string = true)")
	case n.req.Authorization == "AWS_IAM" && !n.apiKey:
		f.Notes = append(f.Notes, "forwarding Authorization is not enough: a SigV4 signature covers the host and path the viewer signed, and CloudFront changes both (the origin's domain and origin path), so API Gateway answers 403 (the signature does not match) to a request signed by the viewer; sign the origin request again at the edge (a Lambda@Edge origin-request function with credentials for the API), or use another authorization for requests through CloudFront")
	case strings.EqualFold(c.header, "Authorization"):
		f.Notes = append(f.Notes, "forward Authorization with the managed origin request policy AllViewerExceptHostHeader (b689b0a8-53d0-40ab-baf2-68738e2966ac) or put it in the cache policy key; an origin request policy cannot list it by name")
	default:
		f.Notes = append(f.Notes, "forward "+quote(c.header)+" through the cache policy key or an origin request policy, or set it as an origin custom header when it is a shared secret")
	}
	src := m.Source
	if src.Path == "" {
		src = oi.api.Source
	}
	f.Notes = append(f.Notes, construct(src)...)
	f.Related = append(f.Related, Related{Message: "reached through " + behaviorName(b), Range: b.PathPattern.Range})
	if through != "" {
		f.Related = append(f.Related, Related{Message: cr.effect.name(), Range: cr.effect.fn.Source.Anchor()})
	}
	return f
}
