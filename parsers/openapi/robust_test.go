package openapi

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/model"
)

func TestMalformed(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		err   string   // substring of the expected error, "" for none
		paths []string // expected resource paths ("?" for unknown)
		note  string   // substring of an expected note
	}{
		{name: "scalar document", src: `just text`, err: "not an OpenAPI"},
		{name: "list document", src: `[1, 2]`, err: "not an OpenAPI"},
		{name: "not openapi", src: `AWSTemplateFormatVersion: "2010-09-09"`, err: "neither"},
		{name: "no paths", src: `openapi: 3.0.0`},
		{name: "null paths", src: "openapi: 3.0.0\npaths:\n"},
		{name: "paths string", src: "openapi: 3.0.0\npaths: nope", err: "not a mapping"},
		{name: "paths list", src: "openapi: 3.0.0\npaths: [a]", err: "not a mapping"},
		{name: "paths intrinsic", src: "openapi: 3.0.0\npaths: {Fn::If: [c, {}, {}]}", err: "unresolved Fn::If"},
		{name: "path item intrinsic", src: "openapi: 3.0.0\npaths:\n  /a: {Fn::If: [c, {get: {}}, {}]}\n  /b: {get: {}}",
			err: "unresolved Fn::If", paths: []string{"/b"}},
		{name: "operation intrinsic", src: "openapi: 3.0.0\npaths:\n  /a:\n    get: {Fn::If: [c, {}, {}]}\n    put: {}",
			err: "unresolved Fn::If", paths: []string{"/a"}},
		{name: "path item string", src: "openapi: 3.0.0\npaths:\n  /a: text\n  /b: {get: {}}", paths: []string{"/b"}, note: "not a path item"},
		{name: "path item null", src: "openapi: 3.0.0\npaths:\n  /a:\n", paths: []string{"/a"}},
		{name: "path item ref", src: "openapi: 3.1.0\npaths:\n  /a: {$ref: '#/components/pathItems/a'}\n  /b: {get: {}}",
			paths: []string{"/b"}, note: "is a $ref"},
		{name: "operation string", src: "openapi: 3.0.0\npaths:\n  /a: {get: x, put: {}}", paths: []string{"/a"}, note: "not an operation"},
		{name: "operation null", src: "openapi: 3.0.0\npaths:\n  /a: {get: null}", paths: []string{"/a"}, note: "not an operation"},
		{name: "operation list", src: "openapi: 3.0.0\npaths:\n  /a: {get: [1]}", paths: []string{"/a"}, note: "not an operation"},
		{name: "trace", src: "openapi: 3.0.0\npaths:\n  /a: {trace: {}}", paths: []string{"/a"}, note: "TRACE"},
		{name: "security map", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: {x: []}}}", paths: []string{"/a"}, note: "not a list"},
		{name: "requirement string", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [x]}}", paths: []string{"/a"}, note: "not a mapping"},
		{name: "undefined scheme", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{nope: []}]}}", paths: []string{"/a"}, note: "does not declare"},
		{name: "scheme string", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: {s: text}}",
			paths: []string{"/a"}, note: "not a mapping"},
		{name: "schemes list", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: [s]}",
			paths: []string{"/a"}, note: "not a mapping"},
		{name: "components string", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: text",
			paths: []string{"/a"}, note: "does not declare"},
		{name: "scheme bad ref", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: {s: {$ref: 'other.yaml#/x'}}}",
			paths: []string{"/a"}, note: "cannot resolve"},
		{name: "scheme ref loop", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: {s: {$ref: '#/components/securitySchemes/s'}}}",
			paths: []string{"/a"}, note: "cannot resolve"},
		{name: "scheme oauth2", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{o: []}]}}\ncomponents: {securitySchemes: {o: {type: oauth2}}}",
			paths: []string{"/a"}, note: "neither an API key"},
		{name: "authorizer string", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: {s: {type: apiKey, x-amazon-apigateway-authorizer: text}}}",
			paths: []string{"/a"}, note: "not a mapping"},
		{name: "authorizer no type", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: {s: {type: apiKey, x-amazon-apigateway-authorizer: {}}}}",
			paths: []string{"/a"}, note: "states no type"},
		{name: "identity source number", src: "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{s: []}]}}\ncomponents: {securitySchemes: {s: {type: apiKey, x-amazon-apigateway-authorizer: {type: request, identitySource: 3}}}}",
			paths: []string{"/a"}, note: "identitySource is a number"},
		{name: "numeric keys and values", src: "openapi: 3.0.0\npaths:\n  200: {get: {security: [{1: [2]}]}}\ncomponents: {securitySchemes: {1: 2}}",
			paths: []string{"/200"}, note: "not a mapping"},
		{name: "x- keys under paths", src: "openapi: 3.0.0\npaths:\n  x-ext: {get: {}}\n  /a: {get: {}}", paths: []string{"/a"}},
		{name: "two authorizers in one requirement", src: `openapi: 3.0.0
paths:
  /a: {get: {security: [{a: [], b: []}]}}
components:
  securitySchemes:
    a: {type: apiKey, name: A, in: header, x-amazon-apigateway-authorizer: {type: token}}
    b: {type: apiKey, name: B, in: header, x-amazon-apigateway-authorizer: {type: token}}`, paths: []string{"/a"}, note: "more than one authorization"},
		{name: "duplicate after normalisation", src: "openapi: 3.0.0\npaths:\n  /a: {get: {}}\n  /a/: {post: {}}", paths: []string{"/a"}, note: "merged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, loc := decode(t, "m.yaml", c.src)
			res, err := Read(doc, loc, opts(model.NewSymbols(), model.REST, ""))
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("error = %v, want %q", err, c.err)
			}
			if got := paths(res); !reflect.DeepEqual(got, c.paths) {
				t.Errorf("paths = %q, want %q", got, c.paths)
			}
			if c.note != "" && !hasNote(res, c.note) {
				t.Errorf("no note %q in %q", c.note, noteMessages(res))
			}
			for _, n := range res.Notes {
				if n.Severity != model.SevInfo || n.Range.File != "m.yaml" {
					t.Errorf("note %+v", n)
				}
			}
		})
	}
}

func TestUnknownSecurityIsUnknown(t *testing.T) {
	src := "openapi: 3.0.0\npaths:\n  /a: {get: {security: [{nope: []}]}}\n"
	res := read(t, src, opts(model.NewSymbols(), model.REST, ""))
	m := method(t, resource(t, res, "/a"), "GET")
	if m.Authorization.Known || !m.Authorization.Set || m.APIKeyRequired.Known || !m.APIKeyRequired.Set || m.AuthorizerRef.Known {
		t.Errorf("GET /a = %+v %+v %+v, want unknown", m.Authorization, m.APIKeyRequired, m.AuthorizerRef)
	}
}

func TestNilLocatorAndSymbols(t *testing.T) {
	doc := map[string]any{"openapi": "3.0.0", "paths": map[any]any{"/a": map[string]any{"get": nil, "post": map[string]any{}}}}
	res, err := Read(doc, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(res); !reflect.DeepEqual(got, []string{"/a"}) || len(res.Resources[0].Methods) != 1 {
		t.Errorf("paths = %v", got)
	}
}

// TestCorpusW16 reads the virtual-waiting-room public API (Swagger 2, JSON):
// every GET and POST, and the OPTIONS of /assign_queue_num, require the API
// key; nothing has an authorizer.
func TestCorpusW16(t *testing.T) {
	src := corpusFile(t, "virtual-waiting-room-on-aws/deployment/virtual-waiting-room-on-aws-swagger-public-api.json")
	res := read(t, src, opts(model.NewSymbols(), model.REST, ""))
	want := map[string][]string{
		"/assign_queue_num": {"POST", "OPTIONS"},
		"/public_key":       {"GET", "OPTIONS"},
		"/queue_num":        {"GET", "OPTIONS"},
		"/queue_pos_expiry": {"GET", "OPTIONS"},
		"/serving_num":      {"GET", "OPTIONS"},
		"/waiting_num":      {"GET", "OPTIONS"},
		"/generate_token":   {"POST", "OPTIONS"},
	}
	if len(res.Resources) != len(want) {
		t.Errorf("resources = %v", paths(res))
	}
	for p, ms := range want {
		r := resource(t, res, p)
		if got := methods(r); !reflect.DeepEqual(got, ms) {
			t.Errorf("%s methods = %v, want %v", p, got, ms)
		}
		for _, m := range r.Methods {
			key := m.HTTPMethod.V != "OPTIONS" || p == "/assign_queue_num"
			if m.APIKeyRequired.V != key || !m.APIKeyRequired.Known {
				t.Errorf("%s %s api key = %+v, want %v", m.HTTPMethod.V, p, m.APIKeyRequired, key)
			}
			if m.Authorization.V != "NONE" || !m.Authorization.Known || m.Authorizer != nil {
				t.Errorf("%s %s authorization = %+v", m.HTTPMethod.V, p, m.Authorization)
			}
		}
	}
	if len(res.Authorizers) != 0 || len(res.Notes) != 0 {
		t.Errorf("authorizers %d, notes %q", len(res.Authorizers), noteMessages(res))
	}
	// The basePath is an unresolved Fn::Sub: harmless when ignored, unknown
	// when prepended.
	pre := read(t, src, opts(model.NewSymbols(), model.REST, "prepend"))
	if pre.Resources[0].Path.Known || !hasNote(pre, "base path is not known") {
		t.Errorf("prepend with an unknown base path: %v %q", paths(pre), noteMessages(pre))
	}
}

// TestCorpusW17 reads the URL shortener API (OpenAPI 3.0.1 declaring its
// Cognito scheme under securityDefinitions).
func TestCorpusW17(t *testing.T) {
	src := corpusFile(t, "amazon-api-gateway-url-shortener/api.yaml")
	syms := model.NewSymbols()
	res := read(t, src, opts(syms, model.REST, ""))
	if got, want := paths(res), []string{"/app", "/app/{linkId}", "/{linkId}"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("paths = %v, want %v", got, want)
	}
	ua := authorizer(t, res, "UserAuthorizer")
	if ua.Type.V != "COGNITO_USER_POOLS" || !reflect.DeepEqual(ua.IdentitySources.Values(), []string{"method.request.header.Authorization"}) {
		t.Errorf("UserAuthorizer = %+v %v", ua.Type, ua.IdentitySources.Values())
	}
	want := map[string]map[string]string{
		"/{linkId}":     {"GET": "NONE"},
		"/app":          {"GET": "COGNITO_USER_POOLS", "POST": "COGNITO_USER_POOLS", "OPTIONS": "NONE"},
		"/app/{linkId}": {"PUT": "COGNITO_USER_POOLS", "DELETE": "COGNITO_USER_POOLS", "OPTIONS": "NONE"},
	}
	for p, ms := range want {
		r := resource(t, res, p)
		if len(r.Methods) != len(ms) {
			t.Errorf("%s methods = %v", p, methods(r))
		}
		for name, auth := range ms {
			m := method(t, r, name)
			if m.Authorization.V != auth || m.APIKeyRequired.V {
				t.Errorf("%s %s = %+v key %v, want %s", name, p, m.Authorization, m.APIKeyRequired.V, auth)
			}
			if (auth == "COGNITO_USER_POOLS") != (m.Authorizer == ua) {
				t.Errorf("%s %s authorizer = %v", name, p, m.Authorizer)
			}
		}
	}
	get := method(t, resource(t, res, "/app"), "GET")
	if line := lineOf(t, src, "security:", 0); get.Authorization.Range.Start.Line != line {
		t.Errorf("GET /app authorization range %v, want line %d", get.Authorization.Range, line)
	}
}

func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "testdata", "corpus", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRobustnessCorpus feeds every YAML/JSON file of the robustness corpus,
// and every mapping inside it that looks like an API definition, to Read
// under both API kinds and all basepath modes: nothing may panic.
func TestRobustnessCorpus(t *testing.T) {
	root := testutil.SharedCorpus(t)
	var files, defs int
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		var n yaml.Node
		if yaml.Unmarshal(b, &n) != nil {
			return nil
		}
		var doc any
		if yaml.Unmarshal(b, &doc) != nil {
			return nil
		}
		files++
		loc := nodeLocator(p, &n)
		var visit func(v any, depth int)
		visit = func(v any, depth int) {
			if depth > 64 {
				return
			}
			if m, ok := asMap(v); ok {
				_, p1 := m["paths"]
				_, p2 := m["swagger"]
				_, p3 := m["openapi"]
				if p1 || p2 || p3 || depth == 0 {
					defs++
					for _, kind := range []model.APIKind{model.REST, model.HTTP} {
						for _, mode := range []string{"", "prepend", "split"} {
							_, err := Read(v, loc, opts(model.NewSymbols(), kind, mode))
							if err != nil && strings.Contains(err.Error(), "internal error") {
								t.Errorf("%s: %v", p, err)
							}
						}
					}
				}
				for _, e := range m {
					visit(e, depth+1)
				}
			} else if l, ok := asList(v); ok {
				for _, e := range l {
					visit(e, depth+1)
				}
			}
		}
		visit(doc, 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files, %d definitions read", files, defs)
}

// FuzzRead checks that no YAML document makes Read panic.
func FuzzRead(f *testing.F) {
	for _, s := range []string{oas3Basic, restAuthorizers, httpAPI,
		"swagger: '2.0'\nbasePath: /a/b\npaths: {/x: {get: {security: [{k: []}]}}}\nsecurityDefinitions: {k: {$ref: '#/securityDefinitions/k'}}",
		"openapi: 3.0.0\nservers: [{url: 'https://h/{basePath}', variables: {basePath: {default: v1}}}]\npaths: {$default: {x-amazon-apigateway-any-method: {isDefaultRoute: true}}}",
	} {
		f.Add(s, false, "split")
	}
	f.Fuzz(func(t *testing.T, src string, http bool, mode string) {
		var n yaml.Node
		if yaml.Unmarshal([]byte(src), &n) != nil {
			return
		}
		var doc any
		if yaml.Unmarshal([]byte(src), &doc) != nil {
			return
		}
		kind := model.REST
		if http {
			kind = model.HTTP
		}
		_, err := Read(doc, nodeLocator("f.yaml", &n), opts(model.NewSymbols(), kind, mode))
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
	})
}
