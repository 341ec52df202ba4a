package rules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// EL013 reports a custom error response that turns 403 or 404 into a
// success on a distribution that sends requests to an API.
var EL013 = register(&Rule{
	Code:     "EL013",
	Name:     "error-response-masks-api",
	Severity: Warning,
	Summary:  "A custom error response turns 403 or 404 into a 2xx page on a distribution with an API origin: API errors reach clients as 200 and HTML",
	Doc:      doc("EL013"),
	Run:      runEL013,
})

func runEL013(p *Pass) []Finding {
	var out []Finding
	for _, d := range p.Config.Distributions {
		if len(d.ErrorResponses) == 0 {
			continue
		}
		behaviors, origins := apiBehaviors(p.Config.Symbols, d)
		if len(behaviors) == 0 {
			continue
		}
		for _, e := range d.ErrorResponses {
			if masks(e) {
				out = append(out, maskFinding(d, e, behaviors, origins))
			}
		}
	}
	return out
}

// masks reports whether an error response certainly turns a 403 or 404
// into a 2xx response.
func masks(e *model.ErrorResponse) bool {
	ec, rc := e.ErrorCode, e.ResponseCode
	return ec.Known && (ec.V == 403 || ec.V == 404) && rc.Known && rc.Set && rc.V >= 200 && rc.V <= 299
}

// apiBehaviors returns the behaviors of d that certainly send requests to
// an API Gateway origin (one linked to an API of the scan, or whose domain
// is an execute-api host), and those origins' IDs.
func apiBehaviors(syms *model.Symbols, d *model.Distribution) ([]*model.Behavior, []string) {
	var api []*model.Origin
	for _, o := range d.Origins {
		if o.Link != nil && o.Link.API != nil {
			api = append(api, o)
			continue
		}
		if o.DomainName.Known {
			if _, ok := model.ParseExecuteAPIHost(syms, model.ParseOriginDomain(o.DomainName.V).Host); ok {
				api = append(api, o)
			}
		}
	}
	var bs []*model.Behavior
	var ids []string
	for _, b := range d.Behaviors {
		for _, o := range b.Targets {
			if slices.Contains(api, o) {
				bs = append(bs, b)
				if id := syms.Display(o.ID.V); !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
				break
			}
		}
	}
	return bs, ids
}

func maskFinding(d *model.Distribution, e *model.ErrorResponse, behaviors []*model.Behavior, origins []string) Finding {
	var names []string
	var rel []Related
	for _, b := range behaviors {
		n := "behavior " + quote(b.PathPattern.V)
		if b.Default {
			n = "the default behavior"
		}
		names = append(names, n)
		rel = append(rel, Related{Message: n, Range: b.PathPattern.Range})
	}
	ec, rc := strconv.FormatInt(e.ErrorCode.V, 10), strconv.FormatInt(e.ResponseCode.V, 10)
	page := ""
	if e.ResponsePagePath.IsLiteral() && e.ResponsePagePath.V != "" {
		page = " with " + e.ResponsePagePath.V
	}
	what := "a " + ec
	switch ec {
	case "403":
		what = "a 403 (Missing Authentication Token, Forbidden, an authorizer's or WAF's denial)"
	case "404":
		what = "a 404 (a route or object not found)"
	}
	rng := e.ResponseCode.Range
	if rng.IsZero() {
		rng = e.Range
	}
	return Finding{
		Severity: Warning,
		Range:    rng,
		Message: "custom error response turns every " + ec + " of the distribution into " + rc + page + ", also for " +
			strings.Join(names, ", ") + ", which send requests to API Gateway (origin " + strings.Join(quoteAll(origins), ", ") +
			"): " + what + " from the API reaches clients as " + rc + " and the page's HTML, and API clients cannot tell failure from success",
		Notes: append([]string{
			"custom error responses apply to every behavior of a distribution; to keep a single-page application's fallback without hiding API errors, rewrite the application's routes to /index.html with a CloudFront Function on the site's behaviors instead, or serve the API from its own distribution",
		}, construct(d.Source)...),
		Related: rel,
		Subject: Subject{Distribution: d, ErrorResponse: e},
	}
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = quote(x)
	}
	return out
}
