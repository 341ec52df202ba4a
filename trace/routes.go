package trace

import (
	"context"
	"regexp"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
	"github.com/edgelint/edgelint/rules"
)

// param is a path parameter of a resource template.
var param = regexp.MustCompile(`\{[^/{}]*\}`)

// Routes lists the API routes behavior b of d reaches. Without a request
// function, or through a viewer-request CloudFront Function whose effect
// the rules found by running it (rules.Requests.KnownRoutes), they are the
// rules'. Through another function that may rewrite the path (one whose
// result edgelint could not reduce to a simple mapping, say), it tries
// viewer paths made of the pattern's
// literal prefix and each route's path (and the route's path alone), runs
// the functions on each and keeps the routes a trace reaches: every route
// listed is reached, but one only other paths reach may be missing.
// complete is false in that case, or when a function's result is unknown.
func Routes(ctx context.Context, q *rules.Requests, d *model.Distribution, b *model.Behavior) (routes []rules.Route, complete bool) {
	if !b.MayRewritePath() {
		return q.Routes(b), true
	}
	if rts, known := q.KnownRoutes(b); known {
		return rts, true
	}
	lit := strings.TrimSuffix(pathmatch.LiteralPrefix(b.PathPattern.V), "/")
	seen := map[*model.Resource]bool{}
	for _, o := range b.Targets {
		if o.Link == nil || o.Link.API == nil {
			continue
		}
		a := o.Link.API
		for _, res := range a.Resources {
			if !res.HasMethods() || !res.Path.IsLiteral() || res.CatchAll || seen[res] {
				continue
			}
			p := param.ReplaceAllString(res.Path.V, "x")
			for _, viewer := range []string{lit + p, p} {
				if !strings.HasPrefix(viewer, "/") {
					continue
				}
				m := "GET"
				if pickable := res.Methods[0].HTTPMethod; pickable.IsLiteral() && pickable.V != "ANY" {
					m = pickable.V
				}
				t := Run(ctx, q, d, Request{Method: m, Target: viewer})
				if t.Behavior == nil || *t.Behavior != behaviorName(b) || t.Outcome != Reaches || t.Resource == nil || *t.Resource != q.Display(res.Path.V) {
					continue
				}
				seen[res] = true
				routes = append(routes, rules.Route{API: a, Resource: res, Path: q.Display(res.Path.V), Viewer: viewer})
				break
			}
		}
	}
	return routes, false
}
