package openapi

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// scheme is what one security scheme imposes on the operations naming it.
type scheme struct {
	name string
	// path is where the scheme is written (the $ref target for a
	// reference).
	path []string
	// apiKey: the scheme is the API key requirement; apiKnown is false when
	// that cannot be told.
	apiKey, apiKnown bool
	// auth is the method authorization the scheme imposes ("" for none);
	// authKnown is false when it cannot be told.
	auth      string
	authKnown bool
	// authorizer the scheme declares, if any.
	authorizer *model.Authorizer
}

// schemeContainers lists where schemes are declared, the document's own
// version first.
func (r *reader) schemeContainers() [][]string {
	oas3 := []string{"components", "securitySchemes"}
	swagger := []string{"securityDefinitions"}
	if r.swagger {
		return [][]string{swagger, oas3}
	}
	return [][]string{oas3, swagger}
}

// readSchemes evaluates every declared security scheme, in a stable order,
// emitting the authorizers they declare. A name declared in both places is
// taken from the first.
func (r *reader) readSchemes() {
	for _, cpath := range r.schemeContainers() {
		var node any = r.root
		for _, k := range cpath {
			m, _ := asMap(node)
			node = m[k]
		}
		if node == nil {
			continue
		}
		c, ok := asMap(node)
		if !ok {
			r.note("schemes-shape", cpath, "%s is %s, not a mapping; operations using its schemes have unknown authorization",
				strings.Join(cpath, "."), describe(node))
			continue
		}
		for _, name := range sortedKeys(c) {
			if _, done := r.schemes[name]; done {
				continue
			}
			r.schemes[name] = r.evalScheme(name, c[name], join(cpath, name))
		}
	}
}

// evalScheme classifies one security scheme.
func (r *reader) evalScheme(name string, v any, path []string) *scheme {
	s := &scheme{name: name, path: path}
	var m map[string]any
	for depth := 0; ; depth++ {
		var ok bool
		if m, ok = asMap(v); !ok {
			r.note("scheme-shape", s.path, "security scheme %q is %s, not a mapping; operations using it have unknown authorization", name, describe(v))
			return s
		}
		ref, isRef := m["$ref"]
		if !isRef {
			break
		}
		target, tpath, ok := resolvePointer(r.root, str(ref))
		if !ok || depth >= maxRefDepth {
			r.note("scheme-ref", s.path, "security scheme %q is a $ref (%s) that edgelint cannot resolve; operations using it have unknown authorization", name, describe(ref))
			return s
		}
		v, s.path = target, tpath
	}

	authtype := strings.ToLower(strings.TrimSpace(str(m["x-amazon-apigateway-authtype"])))
	azV, hasAz := m["x-amazon-apigateway-authorizer"]
	switch {
	case authtype == "awssigv4":
		s.auth, s.authKnown, s.apiKnown = "AWS_IAM", true, true
	case hasAz || authtype == "cognito_user_pools":
		s.apiKnown = true
		r.authorizerScheme(s, m, azV, hasAz, authtype)
	case authtype == "" && strings.EqualFold(str(m["type"]), "apiKey") &&
		strings.EqualFold(strings.TrimSpace(str(m["name"])), "x-api-key") && strings.EqualFold(str(m["in"]), "header"):
		if r.kind == model.HTTP {
			r.note("http-api-key", s.path, "security scheme %q requires an API key, which HTTP APIs do not support; operations using it have unknown authorization", name)
			return s
		}
		s.apiKey, s.apiKnown, s.authKnown = true, true, true
	default:
		kind := str(m["type"])
		if authtype != "" {
			kind += ", x-amazon-apigateway-authtype " + authtype
		}
		r.note("scheme-unsupported", s.path, "security scheme %q (type %s) is neither an API key, IAM nor an API Gateway authorizer; operations using it have unknown authorization", name, kind)
	}
	return s
}

// authorizerScheme reads a scheme that declares an authorizer.
func (r *reader) authorizerScheme(s *scheme, m map[string]any, azV any, hasAz bool, authtype string) {
	azPath := join(s.path, "x-amazon-apigateway-authorizer")
	var az map[string]any
	if hasAz && azV != nil {
		var ok bool
		if az, ok = asMap(azV); !ok {
			r.note("authorizer-shape", azPath, "the authorizer of security scheme %q is %s, not a mapping; its type is unknown", s.name, describe(azV))
		}
	}

	var typ model.Str
	switch t := strings.TrimSpace(str(az["type"])); {
	case t != "":
		typ = model.KnownStr(strings.ToUpper(t), r.loc(join(azPath, "type")...))
	case authtype == "cognito_user_pools":
		typ = model.KnownStr("COGNITO_USER_POOLS", r.loc(join(s.path, "x-amazon-apigateway-authtype")...))
	default:
		typ = model.Str{Range: r.loc(azPath...)}
		if az != nil {
			r.note("authorizer-type", azPath, "the authorizer of security scheme %q states no type; its kind is unknown", s.name)
		}
	}
	if typ.Known {
		s.auth, s.authKnown = authorization(r.kind, typ.V)
		if !s.authKnown {
			r.note("authorizer-type", join(azPath, "type"), "the authorizer of security scheme %q has type %s, which %s APIs do not have; its authorization is unknown",
				s.name, typ.V, r.kind)
		}
	}

	id := r.opts.APIID + "#authorizer:" + s.name
	rng := r.loc(s.path...)
	a := &model.Authorizer{
		ID:              id,
		IDToken:         r.syms.Attr(id, "id", r.authorizerDesc(s.name)),
		APIRef:          model.KnownStr(r.apiToken, rng),
		Name:            model.KnownStr(s.name, rng),
		Type:            typ,
		IdentitySources: r.identitySources(s, m, az, azPath, typ),
		Source:          r.opts.Source,
	}
	a.Source.Range = rng
	r.res.Authorizers = append(r.res.Authorizers, a)
	s.authorizer = a
}

func (r *reader) authorizerDesc(name string) string {
	base := r.opts.Source.Address
	if base == "" {
		base = r.opts.APIID
	}
	return base + " authorizer " + name + ".id"
}

// authorization maps an authorizer type to the method authorization it
// imposes for the API kind.
func authorization(kind model.APIKind, typ string) (string, bool) {
	if kind == model.HTTP {
		switch typ {
		case "REQUEST":
			return "CUSTOM", true
		case "JWT":
			return "JWT", true
		}
		return "", false
	}
	switch typ {
	case "TOKEN", "REQUEST":
		return "CUSTOM", true
	case "COGNITO_USER_POOLS":
		return "COGNITO_USER_POOLS", true
	}
	return "", false
}

// identitySources returns the identity sources of a scheme's authorizer.
func (r *reader) identitySources(s *scheme, m, az map[string]any, azPath []string, typ model.Str) model.List {
	isPath := join(azPath, "identitySource")
	isV, hasIS := az["identitySource"]
	azRange := r.loc(azPath...)
	fromName := func() (model.List, bool) {
		name := strings.TrimSpace(str(m["name"]))
		if name == "" {
			return model.List{}, false
		}
		var prefix string
		switch strings.ToLower(str(m["in"])) {
		case "", "header":
			prefix = "method.request.header."
		case "query":
			prefix = "method.request.querystring."
		default:
			return model.List{}, false
		}
		rng := r.loc(join(s.path, "name")...)
		return model.List{Items: []model.Str{model.KnownStr(prefix+name, rng)}, Known: true, Set: true, Range: rng}, true
	}
	def := func(v string) model.List {
		return model.List{Items: []model.Str{model.DefaultStr(v, azRange)}, Known: true, Range: azRange}
	}
	switch {
	case !typ.Known:
	case r.kind == model.REST && typ.V == "TOKEN":
		// A token authorizer reads the header the scheme names.
		if l, ok := fromName(); ok {
			return l
		}
	case r.kind == model.REST && typ.V == "COGNITO_USER_POOLS":
		if hasIS {
			return r.parseIdentity(isV, isPath)
		}
		if l, ok := fromName(); ok {
			return l
		}
		return def("method.request.header.Authorization")
	case r.kind == model.HTTP && typ.V == "JWT":
		if hasIS {
			return r.parseIdentity(isV, isPath)
		}
		return def("$request.header.Authorization")
	case typ.V == "REQUEST":
		if hasIS {
			return r.parseIdentity(isV, isPath)
		}
		return model.List{Known: true, Range: azRange}
	}
	if hasIS {
		return r.parseIdentity(isV, isPath)
	}
	return model.List{Range: azRange}
}

// parseIdentity reads an identitySource written as a comma-separated string
// or as a list.
func (r *reader) parseIdentity(v any, path []string) model.List {
	rng := r.loc(path...)
	out := model.List{Known: true, Set: true, Range: rng}
	switch t := v.(type) {
	case nil:
	case string:
		for _, part := range strings.Split(t, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out.Items = append(out.Items, model.KnownStr(part, rng))
			}
		}
	case []any:
		for i, e := range t {
			ep := join(path, strconv.Itoa(i))
			if s, ok := asString(e); ok {
				for _, part := range strings.Split(s, ",") {
					if part = strings.TrimSpace(part); part != "" {
						out.Items = append(out.Items, model.KnownStr(part, r.loc(ep...)))
					}
				}
				continue
			}
			out.Items = append(out.Items, model.UnknownStr(r.loc(ep...)))
		}
	default:
		r.note("identity-shape", path, "an authorizer identitySource is %s; its identity sources are unknown", describe(v))
		return model.List{Set: true, Range: rng}
	}
	return out
}

// alternative is the outcome of one security requirement object.
type alternative struct {
	hasAuth    bool
	auth       string
	authKnown  bool
	authorizer *model.Authorizer
	apiKey     bool
	apiKnown   bool
}

// applySecurity sets a method's authorization from its operation's security.
func (r *reader) applySecurity(m *model.Method, op map[string]any, opPath []string, what string) {
	secV, present := op["security"]
	if !present || secV == nil {
		m.Authorization = model.DefaultStr("NONE", m.Range)
		m.AuthorizerRef = model.DefaultStr("", m.Range)
		m.APIKeyRequired = model.DefaultBool(false, m.Range)
		return
	}
	secPath := join(opPath, "security")
	rng := r.loc(secPath...)
	list, ok := asList(secV)
	if !ok {
		r.note("security-shape", secPath, "the security of %s is %s, not a list; its authorization is unknown", what, describe(secV))
		m.Authorization = model.UnknownStr(rng)
		m.AuthorizerRef = model.UnknownStr(rng)
		m.APIKeyRequired = model.Bool{Set: true, Range: rng}
		return
	}
	if len(list) == 0 {
		m.Authorization = model.DefaultStr("NONE", rng)
		m.AuthorizerRef = model.DefaultStr("", rng)
		m.APIKeyRequired = model.DefaultBool(false, rng)
		return
	}
	first := r.requirement(list[0], join(secPath, "0"), what)
	for i := 1; i < len(list); i++ {
		if r.requirement(list[i], join(secPath, strconv.Itoa(i)), what) != first {
			r.note("security-alternatives", secPath, "the security of %s lists alternatives with different requirements; edgelint uses the first", what)
			break
		}
	}
	if first.authKnown {
		m.Authorization = model.KnownStr(first.auth, rng)
	} else {
		m.Authorization = model.UnknownStr(rng)
	}
	switch {
	case first.authorizer != nil:
		m.AuthorizerRef = model.KnownStr(first.authorizer.IDToken, rng)
		m.Authorizer = first.authorizer
	case first.authKnown:
		m.AuthorizerRef = model.DefaultStr("", rng)
	default:
		m.AuthorizerRef = model.UnknownStr(rng)
	}
	if first.apiKnown {
		m.APIKeyRequired = model.KnownBool(first.apiKey, rng)
	} else {
		m.APIKeyRequired = model.Bool{Set: true, Range: rng}
	}
}

// requirement evaluates one security requirement object: its schemes all
// apply together.
func (r *reader) requirement(req any, path []string, what string) alternative {
	alt := alternative{authKnown: true, apiKnown: true}
	rm, ok := asMap(req)
	if !ok {
		r.note("requirement-shape", path, "a security requirement of %s is %s, not a mapping; its authorization is unknown", what, describe(req))
		return alternative{hasAuth: true}
	}
	for _, name := range sortedKeys(rm) {
		s := r.schemes[name]
		if s == nil {
			r.note("undefined-scheme", join(path, name), "%s requires security scheme %q, which the definition does not declare; its authorization is unknown", what, name)
			s = &scheme{name: name}
		}
		if !s.apiKnown {
			alt.apiKnown = false
		} else if s.apiKey {
			alt.apiKey = true
		}
		if s.auth == "" && s.authorizer == nil && s.authKnown {
			continue
		}
		if !alt.hasAuth {
			alt.hasAuth = true
			alt.auth, alt.authKnown, alt.authorizer = s.auth, s.authKnown, s.authorizer
			continue
		}
		if alt.auth != s.auth || alt.authKnown != s.authKnown || alt.authorizer != s.authorizer {
			r.note("multi-auth", path, "a security requirement of %s combines more than one authorization scheme; edgelint uses the first", what)
		}
	}
	if !alt.hasAuth {
		alt.auth = "NONE"
	}
	return alt
}
