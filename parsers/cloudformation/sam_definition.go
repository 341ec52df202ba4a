package cloudformation

import (
	"strings"

	"github.com/edgelint/edgelint/model"
)

// samOp is one operation of a SAM API's definition during editing.
type samOp struct {
	path, method string // keys under "paths"
	op           map[string]any
	ev           *samEvent // the function event that added it, if any
}

// operationKeys are the operation keys of an OpenAPI path item.
var operationKeys = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true,
	"x-amazon-apigateway-any-method": true,
}

// eventPath normalises a function event path as SAM does: a leading "/"
// and no trailing one.
func eventPath(p string) string {
	p = strings.TrimSpace(p)
	if p == "$default" {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// eventMethod maps an event method to its OpenAPI operation key.
func eventMethod(m string) string {
	m = strings.ToLower(strings.TrimSpace(m))
	if m == "any" || m == "*" {
		return "x-amazon-apigateway-any-method"
	}
	return m
}

// samEdit applies what the SAM transform adds to an API definition: the
// function events' operations, CORS preflight operations and the Auth
// section (authorizer security schemes, the default authorizer and the API
// key requirement).
func (t *template) samEdit(a *samAPI, api *model.API, d *definition) {
	doc, ok := d.doc.(map[string]any)
	if !ok {
		return
	}
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		if doc["paths"] != nil {
			return
		}
		paths = map[string]any{}
		doc["paths"] = paths
	}

	var ops []*samOp
	byKey := map[string]*samOp{}
	for _, e := range a.events {
		if !e.path.Known || !e.method.Known || model.HasToken(e.path.V) {
			if api.ResourcesUnknown == "" {
				api.ResourcesUnknown = "the path or method of event " + e.name + " of " + e.fn.id + " is not known statically"
			}
			continue
		}
		p, m := eventPath(e.path.V), eventMethod(e.method.V)
		item, ok := paths[p].(map[string]any)
		if !ok {
			if paths[p] != nil {
				continue
			}
			item = map[string]any{}
			paths[p] = item
			d.setLoc(e.rng, "paths", p)
		}
		// An operation the definition already declares (without an
		// integration) gets the event's integration and keeps the rest.
		op, ok := item[m].(map[string]any)
		if !ok {
			op = map[string]any{}
			item[m] = op
			d.setLoc(e.rng, "paths", p, m)
		}
		op["x-amazon-apigateway-integration"] = map[string]any{"type": "aws_proxy", "httpMethod": "POST"}
		o := &samOp{path: p, method: m, op: op, ev: e}
		byKey[p+" "+m] = o
	}

	// CORS preflight operations on every path (REST APIs).
	if a.kind == model.REST && a.props.has("Cors") {
		_, corsNode := a.props.field("Cors")
		corsRng := a.rng
		if corsNode != nil {
			corsRng = corsNode.Rng
		}
		for p, item := range paths {
			im, ok := item.(map[string]any)
			if !ok || strings.HasPrefix(p, "x-") {
				continue
			}
			if _, has := im["options"]; !has {
				im["options"] = map[string]any{"x-amazon-apigateway-integration": map[string]any{"type": "mock"}}
				d.setLoc(corsRng, "paths", p, "options")
			}
		}
	}

	for _, p := range sortedKeys(paths) {
		im, ok := paths[p].(map[string]any)
		if !ok || strings.HasPrefix(p, "x-") {
			continue
		}
		for _, m := range sortedKeys(im) {
			op, ok := im[m].(map[string]any)
			if !ok || !operationKeys[strings.ToLower(m)] {
				continue
			}
			if o := byKey[p+" "+m]; o != nil {
				ops = append(ops, o)
				continue
			}
			ops = append(ops, &samOp{path: p, method: strings.ToLower(m), op: op})
		}
	}
	t.samAuth(a, doc, d, ops)
}

// samAuth applies a SAM API's Auth section to the operations.
func (t *template) samAuth(a *samAPI, doc map[string]any, d *definition, ops []*samOp) {
	auth := a.props.obj("Auth")
	oas3 := a.kind == model.HTTP || doc["openapi"] != nil
	schemesPath := []string{"securityDefinitions"}
	if oas3 {
		schemesPath = []string{"components", "securitySchemes"}
	}
	schemes := map[string]any{}
	names := map[string]bool{"AWS_IAM": true}

	authorizers := auth.obj("Authorizers")
	if authorizers.n != nil {
		for i, k := range authorizers.n.Keys {
			def := t.object(authorizers.n.Vals[i], k.Rng)
			names[k.Str] = true
			var s map[string]any
			if a.kind == model.REST {
				s = t.samRESTScheme(def, d, child(schemesPath, k.Str))
			} else {
				s = t.samHTTPScheme(def, d, child(schemesPath, k.Str))
			}
			if s != nil {
				schemes[k.Str] = s
				d.setLoc(def.rng, child(schemesPath, k.Str)...)
			}
		}
	}

	def := auth.str("DefaultAuthorizer")
	apiKey := auth.boolean("ApiKeyRequired", false)
	defaultToPreflight := auth.boolean("AddDefaultAuthorizerToCorsPreflight", true)
	keyToPreflight := auth.boolean("AddApiKeyRequiredToCorsPreflight", true)
	if a.kind == model.HTTP {
		apiKey = model.DefaultBool(false, auth.rng)
	}
	usesIAM, usesKey := false, false

	preflight := func(b model.Bool) bool { return b.V || !b.Known }
	for _, o := range ops {
		options := o.method == "options"
		secPath := []string{"paths", o.path, o.method, "security"}

		existing, hasExisting := o.op["security"].([]any)
		if o.op["security"] != nil && !hasExisting {
			continue // a shape the OpenAPI reader reports
		}
		existingAuth, existingKey, existingNone := false, false, false
		for _, req := range existing {
			rm, _ := req.(map[string]any)
			for n := range rm {
				switch {
				case n == "NONE":
					existingNone = true
				case n == "api_key":
					existingKey = true
				case names[n]:
					existingAuth = true
				}
			}
		}
		_, integrated := o.op["x-amazon-apigateway-integration"]

		// The authorizer: the event's own, else the definition's own, else
		// the default one (operations with an integration only, CORS
		// preflight only when allowed).
		var authName model.Str // set or known: replaces the definition's authorizers
		var key model.Bool     // set: replaces the definition's API key requirement
		var evAuth obj
		if o.ev != nil {
			evAuth = o.ev.props.obj("Auth")
		}
		switch z := evAuth.str("Authorizer"); {
		case o.ev != nil && z.Set:
			authName = z
			if z.Known && z.V == "NONE" {
				authName.V = ""
			}
		case existingAuth || existingNone:
		case integrated && def.Set && (!options || preflight(defaultToPreflight)):
			authName = def
		}
		switch k := evAuth.boolean("ApiKeyRequired", false); {
		case o.ev != nil && k.Set:
			key = k
		case existingKey:
		case apiKey.Set && (!options || preflight(keyToPreflight)):
			key = apiKey
		}

		add := map[string]any{}
		unknown := false
		if authName.Set || authName.Known {
			switch {
			case !authName.Known || model.HasToken(authName.V):
				unknown = true
			case authName.V != "":
				add[authName.V] = []any{}
				usesIAM = usesIAM || authName.V == "AWS_IAM"
			}
		}
		if key.Set {
			switch {
			case !key.Known:
				unknown = true
			case key.V:
				add["api_key"] = []any{}
				usesKey = true
			}
		}
		rng := firstRange(authName.Range, key.Range)
		if unknown {
			o.op["security"] = "unknown"
			d.setLoc(firstRange(rng, d.locate(secPath...)), secPath...)
			continue
		}
		if len(add) == 0 && !existingNone && !authName.Set && !key.Set {
			continue
		}

		// Keep the definition's other requirements; drop what the
		// transform replaces and SAM's NONE marker.
		var sec []any
		for _, req := range existing {
			rm, _ := req.(map[string]any)
			merged := map[string]any{}
			for n, v := range rm {
				switch {
				case n == "NONE":
				case names[n] && (authName.Set || authName.Known):
				case n == "api_key" && key.Set:
				default:
					merged[n] = v
				}
			}
			for n, v := range add {
				merged[n] = v
			}
			if len(merged) > 0 {
				sec = append(sec, merged)
			}
		}
		if len(sec) == 0 && len(add) > 0 {
			sec = []any{add}
		}
		o.op["security"] = sec
		if !rng.IsZero() && (len(add) > 0 || !hasExisting) {
			d.setLoc(rng, secPath...)
		}
	}

	if usesIAM {
		if _, ok := schemes["AWS_IAM"]; !ok {
			schemes["AWS_IAM"] = map[string]any{
				"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4",
			}
			d.setLoc(def.Range, child(schemesPath, "AWS_IAM")...)
		}
	}
	if usesKey {
		schemes["api_key"] = map[string]any{"type": "apiKey", "name": "x-api-key", "in": "header"}
		d.setLoc(apiKey.Range, child(schemesPath, "api_key")...)
	}
	if len(schemes) == 0 {
		return
	}
	container := doc
	for i, k := range schemesPath {
		if i == len(schemesPath)-1 {
			break
		}
		next, ok := container[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			container[k] = next
		}
		container = next
	}
	last := schemesPath[len(schemesPath)-1]
	existing, ok := container[last].(map[string]any)
	if !ok {
		existing = map[string]any{}
		container[last] = existing
	}
	for _, n := range sortedKeys(schemes) {
		existing[n] = schemes[n]
	}
}

// firstRange returns the first range that is set.
func firstRange(rs ...model.Range) model.Range {
	for _, r := range rs {
		if !r.IsZero() {
			return r
		}
	}
	return model.Range{}
}

// samRESTScheme is the security scheme SAM generates for a REST API
// authorizer (a Lambda TOKEN or REQUEST authorizer, or Cognito).
func (t *template) samRESTScheme(def obj, d *definition, path []string) map[string]any {
	if def.n == nil {
		return nil
	}
	az := map[string]any{}
	s := map[string]any{"type": "apiKey", "in": "header", "x-amazon-apigateway-authorizer": az}
	azPath := child(path, "x-amazon-apigateway-authorizer")
	d.setLoc(def.rng, azPath...)
	identity := def.obj("Identity")
	header := identity.strDef("Header", "Authorization")
	headerVal := func() any {
		if header.Known && !model.HasToken(header.V) {
			return header.V
		}
		return map[string]any{"Fn::Unknown": nil}
	}
	switch {
	case def.has("UserPoolArn"):
		s["x-amazon-apigateway-authtype"] = "cognito_user_pools"
		s["name"] = headerVal()
		az["type"] = "cognito_user_pools"
		d.setLoc(header.Range, child(path, "name")...)
		d.setLoc(def.rng, child(azPath, "type")...)
	case def.has("FunctionArn"):
		s["x-amazon-apigateway-authtype"] = "custom"
		payload := def.strDef("FunctionPayloadType", "TOKEN")
		d.setLoc(payload.Range, child(azPath, "type")...)
		switch {
		case !payload.Known:
			az["type"] = map[string]any{"Fn::Unknown": nil}
		case strings.EqualFold(payload.V, "REQUEST"):
			az["type"] = "request"
			s["name"] = "Unused"
			src, rng := t.samIdentity(identity, []string{"method.request.header.", "method.request.querystring.", "stageVariables.", "context."})
			if src != nil {
				az["identitySource"] = strings.Join(src, ", ")
				d.setLoc(rng, child(azPath, "identitySource")...)
			}
		default:
			az["type"] = "token"
			s["name"] = headerVal()
			d.setLoc(header.Range, child(path, "name")...)
		}
	default:
		return nil
	}
	return s
}

// samHTTPScheme is the security scheme SAM generates for an HTTP API
// authorizer (JWT or Lambda).
func (t *template) samHTTPScheme(def obj, d *definition, path []string) map[string]any {
	if def.n == nil {
		return nil
	}
	azPath := child(path, "x-amazon-apigateway-authorizer")
	d.setLoc(def.rng, azPath...)
	switch {
	case def.has("JwtConfiguration"):
		az := map[string]any{"type": "jwt"}
		src := def.strDef("IdentitySource", "$request.header.Authorization")
		if src.Known && !model.HasToken(src.V) {
			az["identitySource"] = src.V
			if src.Set {
				d.setLoc(src.Range, child(azPath, "identitySource")...)
			}
		} else {
			az["identitySource"] = map[string]any{"Fn::Unknown": nil}
		}
		return map[string]any{"type": "oauth2", "x-amazon-apigateway-authorizer": az}
	case def.has("FunctionArn"):
		az := map[string]any{"type": "request"}
		src, rng := t.samIdentity(def.obj("Identity"), []string{"$request.header.", "$request.querystring.", "$stageVariables.", "$context."})
		if src != nil {
			l := make([]any, len(src))
			for i, s := range src {
				l[i] = s
			}
			az["identitySource"] = l
			d.setLoc(rng, child(azPath, "identitySource")...)
		}
		return map[string]any{"type": "apiKey", "name": "Unused", "in": "header", "x-amazon-apigateway-authorizer": az}
	}
	return nil
}

// samIdentity builds the identity sources of a Lambda authorizer from its
// Identity section (Headers, QueryStrings, StageVariables, Context), with
// the given prefixes. It returns nil when there is no Identity section.
func (t *template) samIdentity(identity obj, prefixes []string) ([]string, model.Range) {
	if identity.n == nil {
		return nil, model.Range{}
	}
	out := []string{}
	for i, key := range []string{"Headers", "QueryStrings", "StageVariables", "Context"} {
		l := identity.list(key)
		for _, it := range l.Items {
			if it.Known && !model.HasToken(it.V) {
				out = append(out, prefixes[i]+it.V)
			}
		}
	}
	return out, identity.rng
}
