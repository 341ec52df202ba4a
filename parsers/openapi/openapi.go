package openapi

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// Locator returns the source range of the node at the given key path from the
// document root (e.g. "paths", "/users", "get"); the nearest existing
// ancestor's range if the exact node has none.
type Locator func(path ...string) model.Range

// Options describe the API the definition belongs to.
type Options struct {
	Kind model.APIKind // model.REST or model.HTTP
	// BasePath is the import "basepath" parameter: "ignore" (the default,
	// also when empty), "prepend" or "split".
	BasePath string
	// Source of the API resource; copied into Method.Source with the range
	// of the operation.
	Source model.Source
	// Syms is the scan-wide symbol table. Required for tokens to match the
	// rest of the scan; a private table is used when nil.
	Syms *model.Symbols
	// APIID is the model API.ID; authorizer entity IDs are
	// APIID + "#authorizer:" + scheme name.
	APIID string
}

// Result is what a definition declares.
type Result struct {
	// Resources with full path templates ("/", "/users/{id}", "/{proxy+}")
	// and their methods, in path order.
	Resources []*model.Resource
	// Authorizers from security schemes with x-amazon-apigateway-authorizer
	// or x-amazon-apigateway-authtype cognito_user_pools, in name order.
	Authorizers []*model.Authorizer
	// APIKeySource is the API-level x-amazon-apigateway-api-key-source
	// (HEADER or AUTHORIZER, upper case); not Set when the document has
	// none. The API's own property, when set, overrides it.
	APIKeySource model.Str
	// Notes are limits of the analysis, Severity "info".
	Notes []model.Diagnostic
}

// Read decodes an OpenAPI 3.x or Swagger 2.0 document given as a generic
// tree (map[string]any, []any, string, float64, int, bool, nil, as decoded by
// encoding/json or yaml.v3) and returns the API's resources, methods and
// authorizers.
//
// Pieces of the wrong shape are skipped with an info note. Read returns an
// error, together with whatever it could read, when the resource list itself
// cannot be trusted: the document is not a mapping, it is neither OpenAPI
// nor Swagger, or its paths are not a mapping or are (partly) an unresolved
// intrinsic function. Callers then treat the API's resources as unknown.
func Read(doc any, loc Locator, opts Options) (res Result, err error) {
	r := newReader(loc, opts)
	defer func() {
		if p := recover(); p != nil {
			res = r.res
			err = fmt.Errorf("internal error while reading the API definition: %v", p)
		}
	}()
	err = r.read(doc)
	return r.res, err
}

// reader holds the state of one Read.
type reader struct {
	loc      Locator
	opts     Options
	syms     *model.Symbols
	kind     model.APIKind
	root     map[string]any
	swagger  bool
	apiToken string

	res   Result
	noted map[string]bool
	// schemes are the evaluated security schemes by name.
	schemes map[string]*scheme
	// incomplete is why the resource list is incomplete, if it is.
	incomplete string
}

func newReader(loc Locator, opts Options) *reader {
	if loc == nil {
		loc = func(...string) model.Range { return model.Range{} }
	}
	syms := opts.Syms
	if syms == nil {
		syms = model.NewSymbols()
	}
	kind := opts.Kind
	if kind == "" {
		kind = model.REST
	}
	desc := opts.Source.Address + ".id"
	if opts.Source.Address == "" {
		desc = opts.APIID + ".id"
	}
	return &reader{
		loc:      loc,
		opts:     opts,
		syms:     syms,
		kind:     kind,
		apiToken: syms.Attr(opts.APIID, "id", desc),
		noted:    map[string]bool{},
		schemes:  map[string]*scheme{},
	}
}

// note records an info note, once per kind of construct.
func (r *reader) note(kind string, path []string, format string, args ...any) {
	if r.noted[kind] {
		return
	}
	r.noted[kind] = true
	r.res.Notes = append(r.res.Notes, model.Diagnostic{
		Range:    r.loc(path...),
		Message:  fmt.Sprintf(format, args...),
		Severity: model.SevInfo,
	})
}

func (r *reader) read(doc any) error {
	root, ok := asMap(doc)
	if !ok {
		return fmt.Errorf("the API definition is %s, not an OpenAPI or Swagger document", describe(doc))
	}
	r.root = root
	_, hasSwagger := root["swagger"]
	_, hasOpenAPI := root["openapi"]
	pathsV, hasPaths := root["paths"]
	if !hasSwagger && !hasOpenAPI && !hasPaths {
		return errors.New("the API definition has neither an openapi/swagger version nor paths")
	}
	r.swagger = hasSwagger && !hasOpenAPI

	if sec, ok := root["security"]; ok && sec != nil {
		if l, isList := asList(sec); !isList || len(l) > 0 {
			r.note("root-security", []string{"security"},
				"root-level security is ignored by API Gateway; only each operation's own security applies")
		}
	}

	if v, ok := root["x-amazon-apigateway-api-key-source"]; ok {
		rng := r.loc("x-amazon-apigateway-api-key-source")
		if s, isStr := v.(string); isStr {
			r.res.APIKeySource = model.Str{V: strings.ToUpper(strings.TrimSpace(s)), Known: true, Set: true, Range: rng}
		} else {
			r.res.APIKeySource = model.Str{Set: true, Range: rng}
		}
	}

	r.readSchemes()

	if !hasPaths || pathsV == nil {
		return nil
	}
	if name, ok := intrinsicName(pathsV); ok {
		return fmt.Errorf("the definition's paths are an unresolved %s; the API's resources cannot be known", name)
	}
	paths, ok := asMap(pathsV)
	if !ok {
		return fmt.Errorf("the definition's paths are %s, not a mapping; the API's resources cannot be known", describe(pathsV))
	}
	r.readPaths(paths)
	if r.incomplete != "" {
		return errors.New(r.incomplete)
	}
	return nil
}

// ---- paths -------------------------------------------------------------------

// methodRank orders operations within a resource.
var methodRank = map[string]int{
	"get": 0, "put": 1, "post": 2, "delete": 3, "options": 4, "head": 5, "patch": 6,
	"x-amazon-apigateway-any-method": 7,
}

func (r *reader) readPaths(paths map[string]any) {
	base := r.basePrefix()
	byPath := map[string]*model.Resource{}
	keys := sortedKeys(paths)
	sort.SliceStable(keys, func(i, j int) bool { return normalizePath(keys[i]) < normalizePath(keys[j]) })
	for _, key := range keys {
		if strings.HasPrefix(key, "x-") {
			continue
		}
		itemPath := []string{"paths", key}
		if key == "Ref" || strings.HasPrefix(key, "Fn::") {
			r.incomplete = fmt.Sprintf("the definition's paths hold an unresolved %s; the API's resources cannot be known", key)
			continue
		}
		item := paths[key]
		if name, ok := intrinsicName(item); ok {
			r.incomplete = fmt.Sprintf("path %s is an unresolved %s; the API's resources cannot be known", key, name)
			continue
		}
		var im map[string]any
		if item != nil {
			var ok bool
			if im, ok = asMap(item); !ok {
				r.note("path-item-shape", itemPath, "path %s is %s, not a path item; skipped", key, describe(item))
				continue
			}
		}
		if ref, ok := im["$ref"]; ok {
			r.note("path-item-ref", itemPath, "path %s is a $ref (%s), which edgelint does not follow; skipped", key, str(ref))
			continue
		}

		rng := r.loc(itemPath...)
		catchAll := r.kind == model.HTTP && (key == "$default" || key == "/$default")
		var pathStr model.Str
		if catchAll {
			pathStr = model.KnownStr("$default", rng)
		} else {
			pathStr = base.apply(normalizePath(key), rng)
		}

		res := byPath[pathStr.V]
		if res == nil || !pathStr.Known {
			res = &model.Resource{Path: pathStr, CatchAll: catchAll, Range: rng}
			r.res.Resources = append(r.res.Resources, res)
			if pathStr.Known {
				byPath[pathStr.V] = res
			}
		} else {
			r.note("duplicate-path", itemPath, "path %s repeats the resource %s; their methods are merged", key, pathStr.V)
		}

		ops := make([]string, 0, len(im))
		for k := range im {
			if _, ok := methodRank[strings.ToLower(k)]; ok {
				ops = append(ops, k)
			} else if strings.EqualFold(k, "trace") {
				r.note("trace", join(itemPath, k), "path %s declares a TRACE operation, which API Gateway does not support; skipped", key)
			}
		}
		sort.Slice(ops, func(i, j int) bool {
			ri, rj := methodRank[strings.ToLower(ops[i])], methodRank[strings.ToLower(ops[j])]
			if ri != rj {
				return ri < rj
			}
			return ops[i] < ops[j]
		})
		for _, op := range ops {
			m, defaultRoute := r.readOperation(key, op, im[op])
			if m == nil {
				continue
			}
			if defaultRoute && r.kind == model.HTTP {
				res.CatchAll = true
			}
			res.Methods = append(res.Methods, m)
		}
	}
}

// normalizePath ensures a leading "/" and strips a trailing one (except for
// the root).
func normalizePath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// readOperation reads one operation; nil when it is not an operation
// object. defaultRoute reports isDefaultRoute: true on an any-method.
func (r *reader) readOperation(pathKey, opKey string, v any) (m *model.Method, defaultRoute bool) {
	opPath := []string{"paths", pathKey, opKey}
	lower := strings.ToLower(opKey)
	method := strings.ToUpper(lower)
	if lower == "x-amazon-apigateway-any-method" {
		method = "ANY"
	}
	if name, isFn := intrinsicName(v); isFn {
		r.incomplete = fmt.Sprintf("%s %s is an unresolved %s; the API's methods cannot be known", method, pathKey, name)
		return nil, false
	}
	op, ok := asMap(v)
	if !ok {
		r.note("operation-shape", opPath, "%s %s is %s, not an operation; skipped", method, pathKey, describe(v))
		return nil, false
	}
	opRange := r.loc(opPath...)
	m = &model.Method{
		HTTPMethod: model.KnownStr(method, opRange),
		Range:      opRange,
		Source:     r.opts.Source,
	}
	m.Source.Range = opRange
	r.applySecurity(m, op, opPath, method+" "+pathKey)
	if method == "ANY" {
		defaultRoute, _ = asBool(op["isDefaultRoute"])
	}
	return m, defaultRoute
}

// ---- base path -----------------------------------------------------------------

// prefix is the path prefix the basepath mode adds to every resource.
type prefix struct {
	v     string
	known bool
}

func (p prefix) apply(path string, rng model.Range) model.Str {
	if !p.known {
		return model.UnknownStr(rng)
	}
	if p.v == "" {
		return model.KnownStr(path, rng)
	}
	if path == "/" {
		return model.KnownStr(p.v, rng)
	}
	return model.KnownStr(p.v+path, rng)
}

// basePrefix returns the prefix to apply under the basepath mode.
func (r *reader) basePrefix() prefix {
	mode := strings.ToLower(strings.TrimSpace(r.opts.BasePath))
	switch mode {
	case "", "ignore":
		return prefix{known: true}
	case "prepend", "split":
	default:
		r.note("basepath-mode", nil, "unknown basepath import mode %q; the base path is ignored", r.opts.BasePath)
		return prefix{known: true}
	}
	bp, known, where := r.basePath()
	if !known {
		r.note("basepath-unknown", where, "the base path is not known statically; with basepath=%s the API's resource paths cannot be known", mode)
		return prefix{}
	}
	if mode == "split" && bp != "" {
		if i := strings.IndexByte(bp[1:], '/'); i >= 0 {
			bp = bp[1+i:]
		} else {
			bp = ""
		}
	}
	return prefix{v: bp, known: true}
}

// basePath returns the document's base path normalised to "" (none) or
// "/a/b", whether it is known, and where it is written.
func (r *reader) basePath() (string, bool, []string) {
	if r.swagger || r.root["openapi"] == nil {
		if v, ok := r.root["basePath"]; ok {
			return normalizeBase(v, []string{"basePath"})
		}
		if r.swagger {
			return "", true, nil
		}
	}
	serversV, ok := r.root["servers"]
	if !ok || serversV == nil {
		return "", true, nil
	}
	servers, ok := asList(serversV)
	if !ok {
		return "", false, []string{"servers"}
	}
	// A server variable named basePath wins, even when the URL does not
	// use it; the first one found counts.
	for i, s := range servers {
		sm, _ := asMap(s)
		vars, _ := asMap(sm["variables"])
		if bv, ok := vars["basePath"]; ok {
			where := []string{"servers", fmt.Sprint(i), "variables", "basePath"}
			bm, ok := asMap(bv)
			if !ok {
				return "", false, where
			}
			if _, ok := bm["default"]; !ok {
				return "", false, where
			}
			return normalizeBase(bm["default"], join(where, "default"))
		}
	}
	if len(servers) == 0 {
		return "", true, nil
	}
	where := []string{"servers", "0", "url"}
	sm, ok := asMap(servers[0])
	if !ok {
		return "", false, []string{"servers", "0"}
	}
	u, ok := asString(sm["url"])
	if !ok {
		if sm["url"] == nil {
			return "", true, nil
		}
		return "", false, where
	}
	path := urlPath(u)
	if strings.Contains(path, "{") {
		vars, _ := asMap(sm["variables"])
		path, ok = substitute(path, vars)
		if !ok {
			return "", false, where
		}
	}
	return normalizeBase(path, where)
}

// urlPath returns the path part of a server URL (absolute or relative).
func urlPath(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	rest, hasHost := "", false
	if i := strings.Index(u, "://"); i >= 0 {
		rest, hasHost = u[i+3:], true
	} else if strings.HasPrefix(u, "//") {
		rest, hasHost = u[2:], true
	}
	if !hasHost {
		return u
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return ""
}

// substitute replaces {name} server variables by their defaults.
func substitute(s string, vars map[string]any) (string, bool) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", false
		}
		vm, _ := asMap(vars[s[i+1:i+j]])
		d, ok := asString(vm["default"])
		if !ok {
			return "", false
		}
		b.WriteString(s[:i])
		b.WriteString(d)
		s = s[i+j+1:]
	}
}

// normalizeBase turns a base path value into "" or "/a/b".
func normalizeBase(v any, where []string) (string, bool, []string) {
	if v == nil {
		return "", true, where
	}
	s, ok := asString(v)
	if !ok {
		return "", false, where
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true, where
	}
	s = normalizePath(s)
	if s == "/" {
		s = ""
	}
	return s, true, where
}
