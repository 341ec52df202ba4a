package rules

import (
	"testing"

	"github.com/edgelint/edgelint/model"
)

func TestFunctionMapping(t *testing.T) {
	for _, c := range []struct {
		name     string
		in, out  []string
		kind     effectKind
		from, to string
		fails    bool
	}{
		{name: "identity", in: []string{"/api/", "/api/a"}, out: []string{"/api/", "/api/a"}, kind: effectIdentity},
		{name: "strip", in: []string{"/api/", "/api/users", "/api/a/b"}, out: []string{"/", "/users", "/a/b"}, kind: effectPrefix, from: "/api", to: ""},
		{name: "replace", in: []string{"/api/x", "/api/users/1"}, out: []string{"/v1/x", "/v1/users/1"}, kind: effectPrefix, from: "/api", to: "/v1"},
		{name: "add", in: []string{"/x", "/users"}, out: []string{"/prod/x", "/prod/users"}, kind: effectPrefix, from: "", to: "/prod"},
		{name: "constant", in: []string{"/a", "/b/c"}, out: []string{"/index.html", "/index.html"}, kind: effectConstant, to: "/index.html"},
		// A conditional strip: no one mapping explains both.
		{name: "mixed", in: []string{"/api/users", "/users"}, out: []string{"/users", "/users/x"}, fails: true},
		{name: "suffix", in: []string{"/a", "/b"}, out: []string{"/a/index.html", "/b/index.html"}, fails: true},
	} {
		e := mapping(c.in, c.out)
		if c.fails {
			if e != nil {
				t.Errorf("%s: got %+v, want none", c.name, e)
			}
			continue
		}
		if e == nil || e.kind != c.kind || e.from != c.from || e.to != c.to {
			t.Errorf("%s: got %+v, want kind %d %q → %q", c.name, e, c.kind, c.from, c.to)
		}
	}
}

func TestForwardedPattern(t *testing.T) {
	for _, c := range []struct {
		pat  string
		e    funcEffect
		want string
		ok   bool
	}{
		{"/api/*", funcEffect{kind: effectPrefix, from: "/api"}, "/*", true},
		{"api/*", funcEffect{kind: effectPrefix, from: "/api", to: "/v1"}, "/v1/*", true},
		{"/*", funcEffect{kind: effectPrefix, from: "/api"}, "", false},
		{"/api*", funcEffect{kind: effectPrefix, from: "/api"}, "", false},
		{"*", funcEffect{kind: effectConstant, to: "/index.html"}, "/index.html", true},
		{"*", funcEffect{kind: effectConstant, to: "/a*"}, "", false},
		{"/x/*", funcEffect{kind: effectIdentity}, "/x/*", true},
		{"/x/*", funcEffect{kind: effectUnknown}, "", false},
		{"/x/*", funcEffect{kind: effectResponse}, "", false},
	} {
		got, ok := forwardedPattern(c.pat, &c.e)
		if got != c.want || ok != c.ok {
			t.Errorf("%s %+v: got %q %v, want %q %v", c.pat, c.e, got, ok, c.want, c.ok)
		}
	}
}

func TestCodePaths(t *testing.T) {
	code := "function handler(e) { var u = e.request.uri;\n" +
		"if (u.startsWith('/api/v2/')) u = u.replace(/^\\/api\\/v2/, '');\n" +
		"if (u === \"/\") u = `/index.html`; var s = 'a/b'; var d = '/';\n" +
		"return e.request; }"
	got := codePaths(code)
	want := []string{"/api/v2/", "/api/v2", "/", "/index.html"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

// TestEffectSetsHeaders: a function that adds a request header is known
// to set headers (EL003 then does not judge the credentials the behavior
// forwards); one that only rewrites the path is not.
func TestEffectSetsHeaders(t *testing.T) {
	for _, c := range []struct {
		code string
		sets bool
	}{
		{"function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\\/api/, ''); return r; }", false},
		{"function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\\/api/, ''); r.headers = { 'x-api-key': { value: 'k' } }; return r; }", true},
	} {
		var rng model.Range
		fn := &model.EdgeFunction{Runtime: model.KnownStr("cloudfront-js-1.0", rng), Code: model.KnownStr(c.code, rng)}
		b := &model.Behavior{PathPattern: model.KnownStr("/api/*", rng), Functions: []model.FunctionAssociation{{EventType: model.KnownStr("viewer-request", rng), Function: fn}}}
		an := &analysis{syms: model.NewSymbols()}
		e := an.effect(&originInfo{api: &model.API{}}, b)
		if e.kind != effectPrefix || e.from != "/api" || e.to != "" {
			t.Fatalf("%s: effect %+v, want /api stripped", c.code, e)
		}
		if e.setsHeaders != c.sets {
			t.Errorf("%s: setsHeaders %v, want %v", c.code, e.setsHeaders, c.sets)
		}
	}
}
