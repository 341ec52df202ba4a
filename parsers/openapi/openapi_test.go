package openapi

import (
	"reflect"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

const oas3Basic = `openapi: "3.0.1"
info: {title: t, version: "1"}
security:
  - api_key: []
paths:
  /users/:
    parameters:
      - {name: x, in: query}
    summary: not an operation
    get:
      responses: {}
    post:
      security:
        - api_key: []
      responses: {}
  users/{id}:
    put:
      security: []
    x-amazon-apigateway-any-method:
      security:
        - sigv4: []
  /{proxy+}:
    x-amazon-apigateway-any-method: {}
    GET: {}
  /:
    get: {}
components:
  securitySchemes:
    api_key:
      type: apiKey
      name: x-api-key
      in: header
    sigv4:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: awsSigv4
`

func TestOAS3Basics(t *testing.T) {
	syms := model.NewSymbols()
	res := read(t, oas3Basic, opts(syms, model.REST, ""))

	if got, want := paths(res), []string{"/", "/users", "/users/{id}", "/{proxy+}"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("paths = %v, want %v", got, want)
	}
	if len(res.Authorizers) != 0 {
		t.Errorf("authorizers = %d, want 0 (api key and IAM are not authorizers)", len(res.Authorizers))
	}

	users := resource(t, res, "/users")
	if got := methods(users); !reflect.DeepEqual(got, []string{"GET", "POST"}) {
		t.Errorf("/users methods = %v (path-level parameters/summary are not operations)", got)
	}
	if users.Path.Range.Start.Line != lineOf(t, oas3Basic, "/users/:", 0) || users.Range != users.Path.Range {
		t.Errorf("/users range = %v", users.Path.Range)
	}

	// Root-level security is ignored.
	get := method(t, users, "GET")
	if get.Authorization != model.DefaultStr("NONE", get.Range) || get.APIKeyRequired != model.DefaultBool(false, get.Range) {
		t.Errorf("GET /users auth = %+v key = %+v, want defaults NONE/false", get.Authorization, get.APIKeyRequired)
	}
	if get.Range.Start.Line != lineOf(t, oas3Basic, "    get:", 0) {
		t.Errorf("GET /users range = %v", get.Range)
	}
	if get.Source.Address != "aws_api_gateway_rest_api.api" || get.Source.Range != get.Range || get.Source.Format != model.FormatTerraform {
		t.Errorf("GET /users source = %+v", get.Source)
	}
	var rootNote *model.Diagnostic
	for i, n := range res.Notes {
		if strings.Contains(n.Message, "root-level security is ignored") {
			rootNote = &res.Notes[i]
		}
	}
	if rootNote == nil || rootNote.Severity != model.SevInfo || rootNote.Range.Start.Line != 3 {
		t.Errorf("root security note = %+v; notes %q", rootNote, noteMessages(res))
	}

	// Per-operation API key.
	post := method(t, users, "POST")
	secLine := lineOf(t, oas3Basic, "      security:", 0)
	if !post.APIKeyRequired.Known || !post.APIKeyRequired.V || !post.APIKeyRequired.Set || post.APIKeyRequired.Range.Start.Line != secLine {
		t.Errorf("POST /users api key = %+v, want true at line %d", post.APIKeyRequired, secLine)
	}
	if post.Authorization.V != "NONE" || !post.Authorization.Known || post.Authorization.Range.Start.Line != secLine {
		t.Errorf("POST /users authorization = %+v", post.Authorization)
	}
	if post.AuthorizerRef.V != "" || !post.AuthorizerRef.Known || post.Authorizer != nil {
		t.Errorf("POST /users authorizer = %+v", post.AuthorizerRef)
	}

	// Leading slash added; empty security list; IAM via awsSigv4; ANY.
	byID := resource(t, res, "/users/{id}")
	if got := methods(byID); !reflect.DeepEqual(got, []string{"PUT", "ANY"}) {
		t.Errorf("/users/{id} methods = %v", got)
	}
	put := method(t, byID, "PUT")
	if put.Authorization.V != "NONE" || put.Authorization.Set || put.Authorization.Range.Start.Line != lineOf(t, oas3Basic, "security: []", 0) {
		t.Errorf("PUT authorization = %+v", put.Authorization)
	}
	anyM := method(t, byID, "ANY")
	if anyM.Authorization.V != "AWS_IAM" || !anyM.Authorization.Known || anyM.APIKeyRequired.V {
		t.Errorf("ANY /users/{id} = %+v / %+v", anyM.Authorization, anyM.APIKeyRequired)
	}

	// Upper-case keys are accepted; any-method is ANY.
	proxy := resource(t, res, "/{proxy+}")
	if got := methods(proxy); !reflect.DeepEqual(got, []string{"GET", "ANY"}) {
		t.Errorf("/{proxy+} methods = %v", got)
	}
	if proxy.CatchAll {
		t.Errorf("REST /{proxy+} must not be a catch-all")
	}
	if root := resource(t, res, "/"); len(root.Methods) != 1 {
		t.Errorf("/ methods = %v", methods(root))
	}
}

const restAuthorizers = `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /token:
    get:
      security:
        - tok: []
  /request:
    post:
      security:
        - req: []
          api_key: []
  /cognito:
    get:
      security:
        - pool: [email]
  /cognito2:
    get:
      security:
        - pool2: []
  /refd:
    get:
      security:
        - byref: []
securityDefinitions:
  api_key: {type: apiKey, name: x-api-key, in: header}
  tok:
    type: apiKey
    name: X-Token
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: token
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/fn
      authorizerResultTtlInSeconds: 60
  req:
    type: apiKey
    name: Unused
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: request
      identitySource: "method.request.header.Auth, method.request.querystring.Name"
  pool:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer:
      type: cognito_user_pools
      providerARNs: [arn:aws:cognito-idp:us-east-1:1:userpool/x]
  pool2:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer:
      type: COGNITO_USER_POOLS
      identitySource: method.request.header.X-Id-Token
  byref:
    $ref: "#/securityDefinitions/tok"
`

func TestRESTAuthorizers(t *testing.T) {
	syms := model.NewSymbols()
	res := read(t, restAuthorizers, opts(syms, model.REST, ""))
	apiTok := syms.Attr(apiID, "id", "")

	var names []string
	for _, a := range res.Authorizers {
		names = append(names, a.Name.V)
		if a.ID != apiID+"#authorizer:"+a.Name.V || a.IDToken != syms.Attr(a.ID, "id", "") || a.APIRef.V != apiTok {
			t.Errorf("authorizer %s identity: %+v", a.Name.V, a)
		}
		if a.Source.Address != "aws_api_gateway_rest_api.api" {
			t.Errorf("authorizer %s source %+v", a.Name.V, a.Source)
		}
	}
	if want := []string{"byref", "pool", "pool2", "req", "tok"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("authorizers = %v, want %v", names, want)
	}

	cases := []struct {
		path, method, auth, authorizer, typ string
		apiKey                              bool
		sources                             []string
		sourcesSet                          bool
	}{
		{"/token", "GET", "CUSTOM", "tok", "TOKEN", false, []string{"method.request.header.X-Token"}, true},
		{"/request", "POST", "CUSTOM", "req", "REQUEST", true, []string{"method.request.header.Auth", "method.request.querystring.Name"}, true},
		{"/cognito", "GET", "COGNITO_USER_POOLS", "pool", "COGNITO_USER_POOLS", false, []string{"method.request.header.Authorization"}, true},
		{"/cognito2", "GET", "COGNITO_USER_POOLS", "pool2", "COGNITO_USER_POOLS", false, []string{"method.request.header.X-Id-Token"}, true},
		{"/refd", "GET", "CUSTOM", "byref", "TOKEN", false, []string{"method.request.header.X-Token"}, true},
	}
	for _, c := range cases {
		m := method(t, resource(t, res, c.path), c.method)
		a := authorizer(t, res, c.authorizer)
		if m.Authorization.V != c.auth || !m.Authorization.Known || !m.Authorization.Set {
			t.Errorf("%s %s authorization = %+v, want %s", c.method, c.path, m.Authorization, c.auth)
		}
		if m.AuthorizerRef.V != a.IDToken || m.Authorizer != a {
			t.Errorf("%s %s authorizer ref = %q, want %s's token", c.method, c.path, m.AuthorizerRef.V, c.authorizer)
		}
		if m.APIKeyRequired.V != c.apiKey || !m.APIKeyRequired.Known {
			t.Errorf("%s %s api key = %+v, want %v", c.method, c.path, m.APIKeyRequired, c.apiKey)
		}
		if a.Type.V != c.typ || !a.Type.Known {
			t.Errorf("%s type = %+v, want %s", c.authorizer, a.Type, c.typ)
		}
		if got := a.IdentitySources.Values(); !reflect.DeepEqual(got, c.sources) || !a.IdentitySources.Known || a.IdentitySources.Set != c.sourcesSet {
			t.Errorf("%s identity sources = %v (%+v), want %v", c.authorizer, got, a.IdentitySources, c.sources)
		}
	}

	// Ranges of authorizer pieces point at what is written.
	tok := authorizer(t, res, "tok")
	if tok.Type.Range.Start.Line != lineOf(t, restAuthorizers, "type: token", 0) {
		t.Errorf("tok type range %v", tok.Type.Range)
	}
	if tok.IdentitySources.Range.Start.Line != lineOf(t, restAuthorizers, "name: X-Token", 0) {
		t.Errorf("tok identity range %v", tok.IdentitySources.Range)
	}
	if tok.Source.Range.Start.Line != lineOf(t, restAuthorizers, "  tok:", 0) {
		t.Errorf("tok source range %v", tok.Source.Range)
	}
	// A referenced scheme takes its ranges from the target.
	if byref := authorizer(t, res, "byref"); byref.Type.Range != tok.Type.Range {
		t.Errorf("byref type range %v, want %v", byref.Type.Range, tok.Type.Range)
	}
	if len(res.Notes) != 0 {
		t.Errorf("unexpected notes %q", noteMessages(res))
	}
}

func TestCognitoDefaults(t *testing.T) {
	src := `openapi: 3.0.0
paths:
  /a:
    get:
      security: [{noname: []}]
  /b:
    get:
      security: [{bare: []}]
components:
  securitySchemes:
    noname:
      type: apiKey
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer: {type: cognito_user_pools}
    bare:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
`
	syms := model.NewSymbols()
	res := read(t, src, opts(syms, model.REST, ""))
	noname := authorizer(t, res, "noname")
	if got := noname.IdentitySources; got.Set || !got.Known || len(got.Items) != 1 ||
		got.Items[0] != model.DefaultStr("method.request.header.Authorization", got.Range) {
		t.Errorf("noname identity = %+v, want the default Authorization header", got)
	}
	bare := authorizer(t, res, "bare")
	if bare.Type.V != "COGNITO_USER_POOLS" || bare.Type.Range.Start.Line != lineOf(t, src, "authtype: cognito_user_pools", 1) {
		t.Errorf("bare type = %+v", bare.Type)
	}
	if got := bare.IdentitySources.Values(); !reflect.DeepEqual(got, []string{"method.request.header.Authorization"}) {
		t.Errorf("bare identity = %v", got)
	}
	for _, p := range []string{"/a", "/b"} {
		if m := method(t, resource(t, res, p), "GET"); m.Authorization.V != "COGNITO_USER_POOLS" {
			t.Errorf("GET %s = %+v", p, m.Authorization)
		}
	}
}

const httpAPI = `openapi: 3.0.1
info: {title: h, version: "1"}
paths:
  $default:
    x-amazon-apigateway-any-method:
      isDefaultRoute: true
      security:
        - jwt: []
  /pets:
    get:
      security:
        - jwtlist: [read]
    post:
      security:
        - lambda: []
  /fallback:
    x-amazon-apigateway-any-method:
      isDefaultRoute: true
  /iam:
    get:
      security: [{sigv4: []}]
  /keyed:
    get:
      security: [{api_key: []}]
components:
  securitySchemes:
    jwt:
      type: oauth2
      flows: {}
      x-amazon-apigateway-authorizer:
        type: jwt
        jwtConfiguration: {issuer: "https://example.com", audience: [a]}
    jwtlist:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: ["$request.header.X-Token"]
    lambda:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: request
        identitySource: "$request.header.Authorization, $context.routeKey"
        authorizerPayloadFormatVersion: "2.0"
    sigv4:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: awsSigv4
    api_key: {type: apiKey, name: x-api-key, in: header}
`

func TestHTTPAPI(t *testing.T) {
	syms := model.NewSymbols()
	o := opts(syms, model.HTTP, "")
	res := read(t, httpAPI, o)

	def := resource(t, res, "$default")
	if !def.CatchAll {
		t.Errorf("$default is not a catch-all")
	}
	m := method(t, def, "ANY")
	jwt := authorizer(t, res, "jwt")
	if m.Authorization.V != "JWT" || m.AuthorizerRef.V != jwt.IDToken {
		t.Errorf("$default auth = %+v ref %q", m.Authorization, m.AuthorizerRef.V)
	}
	if jwt.Type.V != "JWT" || jwt.IdentitySources.Set || !reflect.DeepEqual(jwt.IdentitySources.Values(), []string{"$request.header.Authorization"}) {
		t.Errorf("jwt authorizer = %+v", jwt)
	}

	if fb := resource(t, res, "/fallback"); !fb.CatchAll {
		t.Errorf("isDefaultRoute any-method does not mark a catch-all")
	}
	if pets := resource(t, res, "/pets"); pets.CatchAll {
		t.Errorf("/pets is a catch-all")
	}

	jl := authorizer(t, res, "jwtlist")
	if got := jl.IdentitySources.Values(); !reflect.DeepEqual(got, []string{"$request.header.X-Token"}) || !jl.IdentitySources.Set {
		t.Errorf("jwtlist identity = %v", got)
	}
	lambda := authorizer(t, res, "lambda")
	if lambda.Type.V != "REQUEST" || !reflect.DeepEqual(lambda.IdentitySources.Values(), []string{"$request.header.Authorization", "$context.routeKey"}) {
		t.Errorf("lambda authorizer = %+v / %v", lambda.Type, lambda.IdentitySources.Values())
	}
	if post := method(t, resource(t, res, "/pets"), "POST"); post.Authorization.V != "CUSTOM" {
		t.Errorf("POST /pets = %+v", post.Authorization)
	}
	if iam := method(t, resource(t, res, "/iam"), "GET"); iam.Authorization.V != "AWS_IAM" {
		t.Errorf("GET /iam = %+v", iam.Authorization)
	}
	// HTTP APIs have no API keys: the requirement is reported, not guessed.
	keyed := method(t, resource(t, res, "/keyed"), "GET")
	if keyed.Authorization.Known || keyed.APIKeyRequired.Known {
		t.Errorf("GET /keyed = %+v / %+v, want unknown", keyed.Authorization, keyed.APIKeyRequired)
	}
	if !hasNote(res, "HTTP APIs do not support") {
		t.Errorf("no API key note: %q", noteMessages(res))
	}

	// Under REST the same $default path is an ordinary resource.
	rest := read(t, httpAPI, opts(model.NewSymbols(), model.REST, ""))
	if r := resource(t, rest, "/$default"); r.CatchAll {
		t.Errorf("REST /$default is a catch-all")
	}
	if !hasNote(rest, "type JWT, which REST APIs do not have") {
		t.Errorf("no REST jwt note: %q", noteMessages(rest))
	}
}

func TestBasePath(t *testing.T) {
	swagger := `swagger: "2.0"
basePath: /a/b/c/
paths:
  /e: {get: {}}
  /: {get: {}}
`
	oasURL := `openapi: 3.0.0
servers:
  - url: https://{host}.example.com/v1/{stage}
    variables:
      host: {default: api}
      stage: {default: prod}
paths:
  /e: {get: {}}
`
	oasVar := `openapi: 3.0.0
servers:
  - url: https://x.execute-api.us-east-1.amazonaws.com/{basePath}
  - url: https://y
    variables:
      basePath: {default: "/dev"}
paths:
  /e: {get: {}}
`
	oasRelative := `openapi: 3.0.0
servers: [{url: /base}]
paths:
  /e: {get: {}}
`
	oasHostOnly := `openapi: 3.0.0
servers: [{url: "https://example.com"}]
paths:
  /e: {get: {}}
`
	unknownBase := `swagger: "2.0"
basePath: {"Fn::Sub": "/${Stage}"}
paths:
  /e: {get: {}}
`
	unresolvedVar := `openapi: 3.0.0
servers: [{url: "https://example.com/{stage}"}]
paths:
  /e: {get: {}}
`
	cases := []struct {
		name, src, mode string
		kind            model.APIKind
		want            []string // "" stands for an unknown path
		note            string
	}{
		{"swagger ignore", swagger, "", model.REST, []string{"/", "/e"}, ""},
		{"swagger explicit ignore", swagger, "ignore", model.REST, []string{"/", "/e"}, ""},
		{"swagger prepend", swagger, "prepend", model.REST, []string{"/a/b/c", "/a/b/c/e"}, ""},
		{"swagger split", swagger, "split", model.REST, []string{"/b/c", "/b/c/e"}, ""},
		{"swagger split case", swagger, "SPLIT", model.REST, []string{"/b/c", "/b/c/e"}, ""},
		{"swagger bad mode", swagger, "append", model.REST, []string{"/", "/e"}, "unknown basepath import mode"},
		{"oas url prepend", oasURL, "prepend", model.REST, []string{"/v1/prod/e"}, ""},
		{"oas url split", oasURL, "split", model.REST, []string{"/prod/e"}, ""},
		{"oas url ignore", oasURL, "", model.REST, []string{"/e"}, ""},
		{"oas variable prepend", oasVar, "prepend", model.REST, []string{"/dev/e"}, ""},
		{"oas variable split", oasVar, "split", model.REST, []string{"/e"}, ""},
		{"oas relative", oasRelative, "prepend", model.REST, []string{"/base/e"}, ""},
		{"oas host only", oasHostOnly, "prepend", model.REST, []string{"/e"}, ""},
		{"http ignore", oasURL, "", model.HTTP, []string{"/e"}, ""},
		{"http prepend", oasURL, "prepend", model.HTTP, []string{"/v1/prod/e"}, ""},
		{"unknown ignore", unknownBase, "", model.REST, []string{"/e"}, ""},
		{"unknown prepend", unknownBase, "prepend", model.REST, []string{""}, "base path is not known"},
		{"unresolved var", unresolvedVar, "split", model.REST, []string{""}, "base path is not known"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, c.src, opts(model.NewSymbols(), c.kind, c.mode))
			var got []string
			for _, r := range res.Resources {
				got = append(got, r.Path.V)
				if wantUnknown := len(c.want) == 1 && c.want[0] == ""; r.Path.Known == wantUnknown {
					t.Errorf("path %+v, want known=%v", r.Path, !wantUnknown)
				}
				if !r.HasMethods() {
					t.Errorf("resource %s lost its methods", r.Path.V)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("paths = %q, want %q", got, c.want)
			}
			if c.note != "" && !hasNote(res, c.note) {
				t.Errorf("no note %q: %q", c.note, noteMessages(res))
			}
			if c.note == "" && len(res.Notes) > 0 {
				t.Errorf("unexpected notes %q", noteMessages(res))
			}
		})
	}
}

func TestSecurityAlternatives(t *testing.T) {
	src := `openapi: 3.0.0
paths:
  /same:
    get:
      security: [{api_key: []}, {api_key: []}]
  /differ:
    get:
      security:
        - iam: []
        - api_key: []
  /optional:
    get:
      security: [{}]
components:
  securitySchemes:
    api_key: {type: apiKey, name: X-API-Key, in: header}
    iam: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
`
	res := read(t, src, opts(model.NewSymbols(), model.REST, ""))
	same := method(t, resource(t, res, "/same"), "GET")
	if !same.APIKeyRequired.V || same.Authorization.V != "NONE" {
		t.Errorf("/same = %+v %+v", same.Authorization, same.APIKeyRequired)
	}
	differ := method(t, resource(t, res, "/differ"), "GET")
	if differ.Authorization.V != "AWS_IAM" || differ.APIKeyRequired.V {
		t.Errorf("/differ = %+v %+v, want the first alternative (AWS_IAM, no key)", differ.Authorization, differ.APIKeyRequired)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "GET /differ lists alternatives") ||
		res.Notes[0].Range.Start.Line != lineOf(t, src, "security:", 1) {
		t.Errorf("notes = %+v", res.Notes)
	}
	opt := method(t, resource(t, res, "/optional"), "GET")
	if opt.Authorization.V != "NONE" || !opt.Authorization.Known || opt.APIKeyRequired.V {
		t.Errorf("/optional = %+v %+v", opt.Authorization, opt.APIKeyRequired)
	}
}

func TestTokensAreOpaque(t *testing.T) {
	syms := model.NewSymbols()
	stage := syms.Unknown("cfn:t.yaml:param:Stage", "Stage")
	doc := map[string]any{
		"swagger":  "2.0",
		"basePath": "/" + stage,
		"paths": map[string]any{
			"/items/" + stage: map[string]any{"get": map[string]any{}},
		},
	}
	res, err := Read(doc, nil, opts(syms, model.REST, "prepend"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(res), []string{"/" + stage + "/items/" + stage}; !reflect.DeepEqual(got, want) {
		t.Errorf("paths = %q, want %q", got, want)
	}
}

// TestAPIKeySource reads the API-level x-amazon-apigateway-api-key-source.
func TestAPIKeySource(t *testing.T) {
	syms := model.NewSymbols()
	for _, c := range []struct {
		doc  map[string]any
		set  bool
		want string
	}{
		{map[string]any{"openapi": "3.0.1", "paths": map[string]any{}, "x-amazon-apigateway-api-key-source": "authorizer"}, true, "AUTHORIZER"},
		{map[string]any{"swagger": "2.0", "paths": map[string]any{}, "x-amazon-apigateway-api-key-source": "HEADER"}, true, "HEADER"},
		{map[string]any{"openapi": "3.0.1", "paths": map[string]any{}}, false, ""},
	} {
		res, err := Read(c.doc, nil, opts(syms, model.REST, ""))
		if err != nil {
			t.Fatal(err)
		}
		if s := res.APIKeySource; s.Set != c.set || s.V != c.want || (c.set && !s.Known) {
			t.Errorf("%v: APIKeySource = %+v, want set %v %q", c.doc, s, c.set, c.want)
		}
	}
}
