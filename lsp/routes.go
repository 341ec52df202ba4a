package lsp

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/trace"
	"github.com/edgelint/edgelint/vfs"
)

// routeModel is the model of a unit kept for the route hovers: built on the
// first such hover after a change (gen is the schedule it reflects), with
// the rules' shared analysis of single requests.
type routeModel struct {
	gen uint64
	cfg *model.Config
	q   *rules.Requests

	// routes memoises trace.Routes by behavior: hovers ask again, and the
	// path matching each answer spends comes out of the distribution's
	// budget in q, which a repeated question would drain.
	mu     sync.Mutex
	routes map[*model.Behavior]behaviorRoutesOf
}

type behaviorRoutesOf struct {
	rts      []rules.Route
	complete bool
}

// routesOf returns trace.Routes of behavior b of d, computed once (unless
// ctx ended while it was).
func (rm *routeModel) routesOf(ctx context.Context, d *model.Distribution, b *model.Behavior) ([]rules.Route, bool) {
	rm.mu.Lock()
	r, ok := rm.routes[b]
	rm.mu.Unlock()
	if ok {
		return r.rts, r.complete
	}
	r.rts, r.complete = trace.Routes(ctx, rm.q, d, b)
	if ctx.Err() != nil {
		return r.rts, r.complete
	}
	rm.mu.Lock()
	if rm.routes == nil {
		rm.routes = map[*model.Behavior]behaviorRoutesOf{}
	}
	rm.routes[b] = r
	rm.mu.Unlock()
	return r.rts, r.complete
}

// routes returns the model of path's unit as the open documents read now,
// built once per change.
func (s *Server) routes(ctx context.Context, path string) (*routeModel, map[string][]byte, PositionEncodingKind) {
	s.mu.Lock()
	gen, enc, roots := s.gen, s.enc, s.roots
	overlay := make(map[string][]byte, len(s.docs))
	for p, d := range s.docs {
		if d.size == 0 {
			overlay[p] = d.text
		}
	}
	s.mu.Unlock()
	key := unitKey(path)
	s.rmu.Lock()
	rm := s.routeModels[key]
	s.rmu.Unlock()
	if rm != nil && rm.gen == gen {
		return rm, overlay, enc
	}
	opts := s.Options
	opts.Overlay = overlay
	opts.Only = []string{path}
	opts.Model = true
	res, err := s.analyze(ctx, analysisPaths(roots, []string{path}), opts)
	if err != nil || res.Config == nil {
		return nil, overlay, enc
	}
	rm = &routeModel{gen: gen, cfg: res.Config, q: rules.NewRequests(res.Config)}
	s.rmu.Lock()
	if s.routeModels == nil {
		s.routeModels = map[string]*routeModel{}
	}
	s.routeModels[key] = rm
	s.rmu.Unlock()
	return rm, overlay, enc
}

// routeHover returns what a hover at pos in path shows of the request
// routes: over a behavior's path pattern, the API routes it reaches; over
// an API resource (or route) or one of its methods, the behaviors that
// reach it.
func (s *Server) routeHover(ctx context.Context, path string, pos Position) (string, *Range) {
	rm, overlay, enc := s.routes(ctx, path)
	if rm == nil {
		return "", nil
	}
	src, ok := overlay[path]
	if !ok {
		src, _ = (*vfs.FS)(nil).ReadFile(path)
	}
	t := newText(src)
	at := func(r model.Range) (Range, bool) {
		if r.IsZero() || absPath(r.File) != path {
			return Range{}, false
		}
		lr := t.lspRange(r, enc)
		return lr, contains(lr, pos)
	}
	for _, d := range rm.cfg.Distributions {
		for _, b := range d.Behaviors {
			if !b.PathPattern.Set {
				continue // the default behavior's pattern is not written
			}
			if lr, in := at(b.PathPattern.Range); in {
				rts, complete := rm.routesOf(ctx, d, b)
				return behaviorRoutes(rm.q, d, b, rts, complete), &lr
			}
		}
	}
	for _, a := range rm.cfg.APIs {
		for _, res := range a.Resources {
			rs := []model.Range{res.Range}
			for _, m := range res.Methods {
				rs = append(rs, m.Range)
			}
			for _, r := range rs {
				if lr, in := at(r); in {
					return resourceBehaviors(ctx, rm, a, res), &lr
				}
			}
		}
	}
	return "", nil
}

// behaviorRoutes lists the API routes a behavior reaches (after its
// request functions, trace.Routes).
func behaviorRoutes(q *rules.Requests, d *model.Distribution, b *model.Behavior, rts []rules.Route, complete bool) string {
	var sb strings.Builder
	sb.WriteString(safetext.Escape(fmt.Sprintf("**Behavior %q** of %s reaches:", q.Display(b.PathPattern.V), d.Source.Address)))
	if len(rts) == 0 {
		sb.WriteString("\n\nno API route known to edgelint")
	}
	for _, rt := range rts {
		var verbs []string
		for _, m := range rt.Resource.Methods {
			verbs = append(verbs, q.Display(m.HTTPMethod.V))
		}
		line := fmt.Sprintf("\n- `%s %s` of %s", strings.Join(verbs, ","), rt.Path, rt.API.Source.Address)
		if rt.Viewer != "" {
			line += fmt.Sprintf(" (e.g. %#q)", q.Display(rt.Viewer))
		}
		sb.WriteString(safetext.Escape(line))
	}
	if !complete {
		sb.WriteString("\n\n(found by running the behavior's request functions on sample paths: a function edgelint cannot run, or other paths, may reach more)")
	}
	return sb.String()
}

// resourceBehaviors lists the behaviors that reach an API resource (after
// their request functions, trace.Routes).
func resourceBehaviors(ctx context.Context, rm *routeModel, a *model.API, res *model.Resource) string {
	q := rm.q
	var sb strings.Builder
	p := q.Display(res.Path.V)
	if res.CatchAll {
		p = "$default"
	}
	sb.WriteString(safetext.Escape(fmt.Sprintf("**%s** of %s is reached by:", p, a.Source.Address)))
	n := 0
	for _, d := range rm.cfg.Distributions {
		for _, b := range d.Behaviors {
			reaches := false
			for _, o := range b.Targets {
				reaches = reaches || (o.Link != nil && o.Link.API == a)
			}
			if !reaches {
				continue
			}
			rts, _ := rm.routesOf(ctx, d, b)
			for _, rt := range rts {
				if rt.Resource != res {
					continue
				}
				name := "the default behavior"
				if !b.Default {
					name = fmt.Sprintf("behavior %q", q.Display(b.PathPattern.V))
				}
				line := fmt.Sprintf("\n- %s of %s", name, d.Source.Address)
				if rt.Viewer != "" {
					line += fmt.Sprintf(" (e.g. %#q)", q.Display(rt.Viewer))
				}
				sb.WriteString(safetext.Escape(line))
				n++
				break
			}
		}
	}
	if n == 0 {
		sb.WriteString("\n\nno CloudFront behavior known to edgelint")
	}
	return sb.String()
}
