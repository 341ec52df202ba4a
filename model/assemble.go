package model

import (
	"sort"
	"strings"
)

// Assemble resolves the references between the flat entities parsers
// emitted: it builds each API's resource paths, attaches methods, routes,
// authorizers, stages and deployments, resolves behaviors to their origins
// and policies (AWS managed ones by ID included), mappings to their domains,
// and links each origin to the API it reaches. It is idempotent only on a
// fresh Config; call it once.
func Assemble(c *Config) {
	apis := map[string]*API{}
	roots := map[string]*API{}
	for _, a := range c.APIs {
		if a.IDToken != "" {
			apis[a.IDToken] = a
		}
		if a.RootIDToken != "" {
			roots[a.RootIDToken] = a
		}
	}
	resolveLookups(c, apis, roots)
	apiOf := func(ref Str) *API {
		if !ref.Known {
			return nil
		}
		return apis[ref.V]
	}

	assembleResources(c, roots, apiOf)
	assembleRoutes(c, apiOf)
	assembleGaps(c, apis, roots)

	// Authorizers.
	auths := map[string]*Authorizer{}
	for _, z := range c.Authorizers {
		if z.IDToken != "" {
			auths[z.IDToken] = z
		}
		if a := apiOf(z.APIRef); a != nil {
			a.Authorizers = append(a.Authorizers, z)
		}
	}
	for _, a := range c.APIs {
		for _, z := range a.Authorizers {
			if z.IDToken != "" {
				auths[z.IDToken] = z
			}
		}
	}
	for _, a := range c.APIs {
		for _, r := range a.Resources {
			for _, m := range r.Methods {
				if m.Authorizer == nil && m.AuthorizerRef.Known && m.AuthorizerRef.V != "" {
					m.Authorizer = auths[m.AuthorizerRef.V]
				}
			}
		}
	}

	// The parts of each REST API a deployment must follow.
	for _, r := range c.Resources {
		if a := apiOf(r.APIRef); a != nil {
			a.Parts = append(a.Parts, Part{Kind: "resource", Address: r.Source.Address, Source: r.Source})
		}
	}
	rawByID := map[string]*RawResource{}
	for _, r := range c.Resources {
		if r.IDToken != "" {
			rawByID[r.IDToken] = r
		}
	}
	for _, m := range c.Methods {
		if a := apiOf(m.APIRef); a != nil {
			var under []string
			ref := m.ResourceRef
			for n := 0; ref.Known && n < 64; n++ {
				r := rawByID[ref.V]
				if r == nil {
					break
				}
				under = append(under, r.Source.Address)
				ref = r.ParentRef
			}
			a.Parts = append(a.Parts, Part{Kind: "method", Address: m.Source.Address, Source: m.Source, Under: under})
		}
	}
	for _, x := range c.Integrations {
		if a := apiOf(x.APIRef); a != nil {
			a.Parts = append(a.Parts, Part{Kind: "integration", Address: x.Source.Address, Source: x.Source})
		}
	}

	// Deployments and stages.
	deps := map[string]*Deployment{}
	for _, d := range c.Deployments {
		if d.IDToken != "" {
			deps[d.IDToken] = d
		}
		if a := apiOf(d.APIRef); a != nil {
			a.Deployments = append(a.Deployments, d)
		}
	}
	for _, s := range c.Stages {
		if a := apiOf(s.APIRef); a != nil {
			a.Stages = append(a.Stages, s)
		}
	}
	for _, a := range c.APIs {
		for _, d := range a.Deployments {
			if !d.StageName.Set || (d.StageName.Known && d.StageName.V == "") {
				continue
			}
			dup := false
			for _, s := range a.Stages {
				if s.Name.Equal(d.StageName) {
					dup = true
					break
				}
			}
			if !dup {
				a.Stages = append(a.Stages, &Stage{
					ID: d.ID + "#stage", APIRef: d.APIRef, Name: d.StageName,
					DeploymentRef: Str{V: d.IDToken, Known: true}, Implicit: true, Source: d.Source,
				})
			}
		}
	}

	// Policies.
	pols := map[string]*Policy{}
	for _, p := range c.Policies {
		if p.IDToken != "" {
			pols[p.IDToken] = p
		}
	}
	policyOf := func(ref Str, kind PolicyKind) *Policy {
		if !ref.Set || !ref.Known || ref.V == "" {
			return nil
		}
		if p, ok := pols[ref.V]; ok && p.Kind == kind {
			return p
		}
		if p, ok := ManagedPolicy(ref.V); ok && p.Kind == kind {
			return p
		}
		return nil
	}

	// Distributions: behaviors to origins and policies.
	for _, d := range c.Distributions {
		for _, b := range d.Behaviors {
			b.CachePolicy = policyOf(b.CachePolicyID, CachePolicy)
			b.OriginRequestPolicy = policyOf(b.OriginRequestPolicyID, OriginRequestPolicy)
			if !b.TargetOriginID.Known {
				continue
			}
			for _, o := range d.Origins {
				if o.ID.Known && o.ID.V == b.TargetOriginID.V {
					b.Origin = o
					b.Targets = []*Origin{o}
					break
				}
			}
			if b.Origin != nil {
				continue
			}
			for _, g := range d.OriginGroups {
				if !g.ID.Known || g.ID.V != b.TargetOriginID.V {
					continue
				}
				b.OriginGroup = g
				for _, m := range g.Members {
					for _, o := range d.Origins {
						if m.Known && o.ID.Known && o.ID.V == m.V {
							b.Targets = append(b.Targets, o)
						}
					}
				}
				if len(b.Targets) > 0 {
					b.Origin = b.Targets[0]
				}
				break
			}
		}
	}

	// Custom domains and mappings. A mapping names its domain by a token or
	// by the domain name itself; when several units declare one name, the
	// mapping belongs to the domain declared beside it.
	domainTokens := map[string]*DomainName{}
	domainNames := map[string][]*DomainName{}
	for _, dn := range c.DomainNames {
		for _, t := range dn.Tokens {
			domainTokens[t] = dn
		}
		if dn.Name.Known && dn.Name.V != "" {
			domainNames[dn.Name.V] = append(domainNames[dn.Name.V], dn)
		}
	}
	for _, m := range c.Mappings {
		m.API = apiOf(m.APIRef)
		if !m.DomainRef.Known {
			continue
		}
		dn := domainTokens[m.DomainRef.V]
		if dn == nil {
			var near []*DomainName
			for _, d := range domainNames[m.DomainRef.V] {
				if sameUnit(d.Source.Range.File, m.Source.Range.File) {
					near = append(near, d)
				}
			}
			switch {
			case len(near) == 1:
				dn = near[0]
			case len(domainNames[m.DomainRef.V]) == 1:
				dn = domainNames[m.DomainRef.V][0]
			}
		}
		if dn != nil {
			dn.Mappings = append(dn.Mappings, m)
		}
	}

	linkOrigins(c, apis)
	linkFunctions(c)
}

// assembleResources builds the full path of every declared REST resource
// and attaches declared methods.
func assembleResources(c *Config, roots map[string]*API, apiOf func(Str) *API) {
	byID := map[string]*RawResource{}
	for _, r := range c.Resources {
		if r.IDToken != "" {
			byID[r.IDToken] = r
		}
	}
	type built struct {
		path Str
		api  *API
		ok   bool
	}
	memo := map[*RawResource]*built{}
	var resolve func(r *RawResource, depth int) *built
	resolve = func(r *RawResource, depth int) *built {
		if b, ok := memo[r]; ok {
			return b
		}
		b := &built{}
		memo[r] = b // cycle guard: an in-progress entry resolves as unknown
		if depth > 256 || !r.PathPart.Known || !r.ParentRef.Known {
			return b
		}
		var parentPath string
		var api *API
		if a, ok := roots[r.ParentRef.V]; ok {
			parentPath, api = "", a
		} else if p, ok := byID[r.ParentRef.V]; ok {
			pb := resolve(p, depth+1)
			if !pb.ok {
				return b
			}
			parentPath, api = pb.path.V, pb.api
		} else {
			return b
		}
		part := strings.Trim(r.PathPart.V, "/")
		b.path = Str{V: parentPath + "/" + part, Known: true, Set: true, Range: r.PathPart.Range}
		b.api, b.ok = api, true
		return b
	}

	resIndex := map[*API]map[string]*Resource{}
	resourceFor := func(a *API, path Str) *Resource {
		idx := resIndex[a]
		if idx == nil {
			idx = map[string]*Resource{}
			for _, r := range a.Resources {
				idx[r.Path.V] = r
			}
			resIndex[a] = idx
		}
		if r, ok := idx[path.V]; ok {
			return r
		}
		r := &Resource{Path: path, Range: path.Range}
		a.Resources = append(a.Resources, r)
		idx[path.V] = r
		return r
	}

	unresolved := func(a *API, why string) {
		if a != nil && a.ResourcesUnknown == "" {
			a.ResourcesUnknown = why
		}
	}
	rawToRes := map[string]*Resource{}
	for _, r := range c.Resources {
		b := resolve(r, 0)
		if !b.ok {
			unresolved(apiOf(r.APIRef), "the path of resource "+r.Source.Address+" cannot be determined")
			continue
		}
		rr := resourceFor(b.api, b.path)
		if r.IDToken != "" {
			rawToRes[r.IDToken] = rr
		}
	}
	for _, m := range c.Methods {
		api := apiOf(m.APIRef)
		var res *Resource
		switch {
		case !m.ResourceRef.Known:
		case roots[m.ResourceRef.V] != nil:
			ra := roots[m.ResourceRef.V]
			if api == nil {
				api = ra
			}
			res = resourceFor(ra, Str{V: "/", Known: true, Set: true, Range: m.ResourceRef.Range})
		default:
			res = rawToRes[m.ResourceRef.V]
		}
		if res == nil {
			unresolved(api, "the resource of method "+m.Source.Address+" cannot be determined")
			continue
		}
		mm := m.Method
		res.Methods = append(res.Methods, &mm)
	}
	for _, a := range c.APIs {
		sort.SliceStable(a.Resources, func(i, j int) bool { return a.Resources[i].Path.V < a.Resources[j].Path.V })
	}
}

// assembleRoutes turns HTTP/WebSocket route keys into resources.
func assembleRoutes(c *Config, apiOf func(Str) *API) {
	for _, rt := range c.Routes {
		a := apiOf(rt.APIRef)
		if a == nil {
			continue
		}
		if a.Kind == WebSocket {
			continue
		}
		if !rt.RouteKey.Known {
			if a.ResourcesUnknown == "" {
				a.ResourcesUnknown = "the route key of " + rt.Source.Address + " cannot be determined"
			}
			continue
		}
		method, path, catchAll, ok := ParseRouteKey(rt.RouteKey.V)
		if !ok {
			continue
		}
		var res *Resource
		for _, r := range a.Resources {
			if r.Path.V == path && r.CatchAll == catchAll {
				res = r
				break
			}
		}
		if res == nil {
			res = &Resource{Path: Str{V: path, Known: true, Set: true, Range: rt.RouteKey.Range}, CatchAll: catchAll, Range: rt.RouteKey.Range}
			a.Resources = append(a.Resources, res)
		}
		m := rt.Method
		if !m.HTTPMethod.Set && !m.HTTPMethod.Known {
			m.HTTPMethod = Str{V: method, Known: true, Set: true, Range: rt.RouteKey.Range}
		}
		res.Methods = append(res.Methods, &m)
	}
}

// assembleGaps marks the resources of every API a route gap may belong to
// as not fully known.
func assembleGaps(c *Config, apis, roots map[string]*API) {
	if len(c.RouteGaps) == 0 {
		return
	}
	// An API by the symbol number of its ID or root resource ID (its own
	// or a lookup's), and by its entity ID for its other attributes.
	bySym := map[int]*API{}
	for _, m := range []map[string]*API{apis, roots} {
		for tok, a := range m {
			if n, ok := TokenSym(tok); ok {
				bySym[n] = a
			}
		}
	}
	byEntity := map[string]*API{}
	for _, a := range c.APIs {
		byEntity[a.ID] = a
	}
	for _, g := range c.RouteGaps {
		for _, ref := range g.APIRefs {
			for _, p := range Pieces(ref) {
				if p.Sym < 0 {
					continue
				}
				a := bySym[p.Sym]
				if a == nil {
					if sym, ok := c.Symbols.Get(p.Sym); ok && sym.Kind == SymAttr {
						a = byEntity[sym.Entity]
					}
				}
				if a != nil && a.ResourcesUnknown == "" {
					a.ResourcesUnknown = g.Reason
				}
			}
		}
	}
}

// ParseRouteKey splits an HTTP API route key ("GET /pets/{id}", "ANY /",
// "$default") into method and path.
func ParseRouteKey(key string) (method, path string, catchAll, ok bool) {
	key = strings.TrimSpace(key)
	if key == "$default" {
		return "ANY", "$default", true, true
	}
	m, p, found := strings.Cut(key, " ")
	if !found {
		return "", "", false, false
	}
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "/") {
		return "", "", false, false
	}
	return strings.ToUpper(strings.TrimSpace(m)), p, false, true
}

// resolveLookups maps the tokens of APIs looked up by name to the one API
// of that kind and name in the scan, if there is exactly one.
func resolveLookups(c *Config, apis, roots map[string]*API) {
	for _, l := range c.APILookups {
		if !l.Name.IsLiteral() || l.Name.V == "" {
			continue
		}
		var found *API
		n := 0
		for _, a := range c.APIs {
			if a.Kind == l.Kind && a.Name.IsLiteral() && a.Name.V == l.Name.V {
				found, n = a, n+1
			}
		}
		if n != 1 {
			continue
		}
		l.API = found
		if l.IDToken != "" {
			apis[l.IDToken] = found
		}
		if l.RootIDToken != "" && found.RootIDToken != "" {
			roots[l.RootIDToken] = found
		}
	}
}
