package edgefunc

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/model"
)

func fn(runtime, code string) *model.EdgeFunction {
	return &model.EdgeFunction{
		Name:    model.KnownStr("f", model.Range{}),
		Runtime: model.KnownStr(runtime, model.Range{}),
		Code:    model.KnownStr(code, model.Range{}),
	}
}

func run(t *testing.T, runtime, code string, req Request) Result {
	t.Helper()
	return Run(context.Background(), fn(runtime, code), req)
}

const js1, js2 = model.RuntimeJS1, model.RuntimeJS2

func TestStripPrefix(t *testing.T) {
	code := `function handler(event) {
	var request = event.request;
	request.uri = request.uri.replace(/^\/api/, '');
	if (request.uri === '') request.uri = '/';
	return request;
}`
	for _, c := range []struct{ in, out string }{{"/api/users", "/users"}, {"/api", "/"}, {"/other", "/other"}} {
		r := run(t, js1, code, Request{URI: c.in})
		if r.Outcome != Continue || r.URI != c.out || len(r.Reads) != 0 {
			t.Errorf("%s: got %+v, want continue %s", c.in, r, c.out)
		}
	}
}

func TestEventShape(t *testing.T) {
	code := `function handler(event) {
	var r = event.request;
	var parts = [event.version, event.context.eventType, typeof event.context.distributionDomainName,
		typeof event.context.distributionId, typeof event.context.requestId, event.viewer.ip, r.method,
		r.querystring.a.value, r.headers.host.value, r.cookies.sid.value];
	return { statusCode: 200, statusDescription: 'OK', headers: { 'x-echo': { value: parts.join('|') } } };
}`
	r := run(t, js1, code, Request{Method: "POST", URI: "/x", Querystring: map[string]string{"a": "1"},
		Headers: map[string]string{"Host": "example.com"}, Cookies: map[string]string{"sid": "s"}, ClientIP: "198.51.100.7"})
	want := "1.0|viewer-request|string|string|string|198.51.100.7|POST|1|example.com|s"
	if r.Outcome != Response || r.Status != 200 || r.StatusDescription != "OK" || r.Headers["x-echo"] != want {
		t.Fatalf("got %+v, want echo %s", r, want)
	}
	for _, rd := range []string{"cookie:sid", "header:host", "querystring:a", "viewer:ip", "context:eventType"} {
		_ = rd
	}
	got := strings.Join(r.Reads, ",")
	for _, rd := range []string{"cookies:sid", "headers:host", "querystring:a", "viewer:ip", "context:eventType"} {
		if !strings.Contains(got, rd) {
			t.Errorf("reads %s lack %s", got, rd)
		}
	}
}

func TestRedirect(t *testing.T) {
	code := `function handler(event) {
	return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: 'https://example.com' + event.request.uri } } };
}`
	r := run(t, js2, code, Request{URI: "/a"})
	if r.Outcome != Response || r.Status != 301 || r.Headers["location"] != "https://example.com/a" {
		t.Fatalf("got %+v", r)
	}
}

func TestQuerystringModule(t *testing.T) {
	code := `var qs = require('querystring');
function handler(event) {
	var p = qs.parse('a=1&b=x%20y&a=2&c=+z');
	var s = qs.stringify({ k: 'v w', n: 3, l: ['p', 'q'] });
	event.request.uri = '/' + [p.a.join(','), p.b, p.c, s, qs.escape('a/b'), qs.unescape('%41')].join('|');
	return event.request;
}`
	r := run(t, js1, code, Request{URI: "/"})
	want := "/1,2|x y| z|k=v%20w&n=3&l=p&l=q|a%2Fb|A"
	if r.Outcome != Continue || r.URI != want {
		t.Fatalf("got %+v, want %s", r, want)
	}
}

func TestCryptoModule(t *testing.T) {
	code := `var crypto = require('crypto');
function handler(event) {
	event.request.uri = '/' + crypto.createHash('sha256').update('abc').digest('hex') + '/' +
		crypto.createHmac('sha1', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex');
	return event.request;
}`
	r := run(t, js1, code, Request{URI: "/"})
	want := "/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad/de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9"
	if r.Outcome != Continue || r.URI != want {
		t.Fatalf("got %+v, want %s", r, want)
	}
}

func TestRuntimeSyntax(t *testing.T) {
	for _, c := range []struct {
		name, code string
	}{
		{"const", "const x = 1;\nfunction handler(event) { return event.request; }"},
		{"let", "function handler(event) {\n  let r = event.request;\n  return r;\n}"},
		{"for-of let", "function handler(event) { for (let k of [1]) {} return event.request; }"},
		{"async", "async function handler(event) { return event.request; }"},
	} {
		r := run(t, js1, c.code, Request{URI: "/"})
		if r.Outcome != Failed || !strings.Contains(r.Reason, "cloudfront-js-1.0") {
			t.Errorf("1.0 %s: got %+v, want a syntax error", c.name, r)
		}
		if r := run(t, js2, c.code, Request{URI: "/"}); r.Outcome != Continue {
			t.Errorf("2.0 %s: got %+v, want continue", c.name, r)
		}
	}
	r := run(t, js1, "function handler(event) {\n  let r = event.request;\n  return r;\n}", Request{URI: "/"})
	if r.Line != 2 {
		t.Errorf("line %d, want 2", r.Line)
	}
	// Arrow functions and template literals are 1.0 features.
	r = run(t, js1, "var f = (u) => `${u}/index.html`;\nfunction handler(event) { event.request.uri = f(''); return event.request; }", Request{URI: "/"})
	if r.Outcome != Continue || r.URI != "/index.html" {
		t.Errorf("1.0 arrow: got %+v", r)
	}
}

func TestAsyncHandler(t *testing.T) {
	code := `async function handler(event) {
	const u = await Promise.resolve('/v2' + event.request.uri);
	event.request.uri = u;
	return event.request;
}`
	r := run(t, js2, code, Request{URI: "/a"})
	if r.Outcome != Continue || r.URI != "/v2/a" {
		t.Fatalf("got %+v", r)
	}
	r = run(t, js2, `async function handler(event) { throw new Error('no'); }`, Request{URI: "/a"})
	if r.Outcome != Failed || !strings.Contains(r.Reason, "no") {
		t.Fatalf("rejected: got %+v", r)
	}
	r = run(t, js2, `function handler(event) { return new Promise(function () {}); }`, Request{URI: "/a"})
	if r.Outcome != Failed || !strings.Contains(r.Reason, "never settles") {
		t.Fatalf("pending: got %+v", r)
	}
}

func TestImport(t *testing.T) {
	code := `import qs from 'querystring';
function handler(event) { event.request.uri = '/' + qs.escape(' '); return event.request; }`
	r := run(t, js2, code, Request{URI: "/"})
	if r.Outcome != Continue || r.URI != "/%20" {
		t.Fatalf("got %+v", r)
	}
	if r := run(t, js1, code, Request{URI: "/"}); r.Outcome != Failed {
		t.Fatalf("1.0 import: got %+v", r)
	}
}

func TestKeyValueStoreUnknown(t *testing.T) {
	code := `import cf from 'cloudfront';
const kvs = cf.kvs('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
async function handler(event) {
	try {
		const v = await kvs.get(event.request.uri);
		event.request.uri = v;
	} catch (e) {}
	return event.request;
}`
	r := run(t, js2, code, Request{URI: "/a"})
	if r.Outcome != Unknown || !strings.Contains(r.Reason, "KeyValueStore") {
		t.Fatalf("got %+v", r)
	}
	r = run(t, js2, `import cf from 'cloudfront';
function handler(event) { cf.selectRequestOriginById('other'); return event.request; }`, Request{URI: "/a"})
	if r.Outcome != Unknown || !strings.Contains(r.Reason, "origin") {
		t.Fatalf("origin: got %+v", r)
	}
	if r := run(t, js1, "var cf = require('cloudfront');\nfunction handler(e) { return e.request; }", Request{URI: "/"}); r.Outcome != Failed {
		t.Fatalf("1.0 cloudfront module: got %+v", r)
	}
}

func TestNondeterminism(t *testing.T) {
	r := run(t, js2, `function handler(event) { event.request.uri = '/' + Math.random(); return event.request; }`, Request{URI: "/"})
	if r.Outcome != Unknown {
		t.Fatalf("random uri: got %+v", r)
	}
	r = run(t, js2, `function handler(event) { event.request.uri = '/' + Date.now(); return event.request; }`, Request{URI: "/"})
	if r.Outcome != Unknown {
		t.Fatalf("clock uri: got %+v", r)
	}
	// Randomness that does not reach the result leaves it known.
	r = run(t, js2, `function handler(event) { var id = Math.random(); event.request.uri = '/x'; return event.request; }`, Request{URI: "/"})
	if r.Outcome != Continue || r.URI != "/x" {
		t.Fatalf("unused random: got %+v", r)
	}
}

func TestFailures(t *testing.T) {
	for _, c := range []struct {
		name, code, reason string
		limit              bool
	}{
		{"throw", "function handler(event) {\n  throw new Error('boom');\n}", "boom", false},
		{"syntax", "function handler(event) {\n  return event.request;\n", "syntax error", false},
		{"no handler", "function other(event) { return event.request; }", "no function handler", false},
		{"bad return", "function handler(event) { return 3; }", "neither", false},
		{"bad uri", "function handler(event) { event.request.uri = 'x'; return event.request; }", "does not begin", false},
		{"loop", "function handler(event) { for (;;) {} }", "longer than", true},
		{"loop at top", "while (true) {}\nfunction handler(event) { return event.request; }", "longer than", true},
		{"concat", "function handler(event) { var s = 'x'; for (;;) s += s; }", "", true},
		{"push", "function handler(event) { var a = []; for (;;) a.push({ n: a.length }); }", "", true},
		{"recursion", "function f(n) { return f(n + 1) + 1; }\nfunction handler(event) { return f(0); }", "deeper", true},
		{"repeat", "function handler(event) { event.request.uri = '/' + 'x'.repeat(1e9); return event.request; }", "repeat", true},
		{"typed array", "function handler(event) { var a = new Uint8Array(4e9); return event.request; }", "Uint8Array", true},
		{"array fill", "function handler(event) { var a = new Array(1e9).fill(0); return event.request; }", "Array", true},
		{"timer", "function handler(event) { setTimeout(function () {}, 10); return event.request; }", "throws", false},
		{"require", "var fs = require('fs');\nfunction handler(event) { return event.request; }", "fs", false},
	} {
		start := time.Now()
		r := run(t, js2, c.code, Request{URI: "/"})
		if r.Outcome != Failed || !strings.Contains(r.Reason, c.reason) || r.Limit != c.limit {
			t.Errorf("%s: got %+v", c.name, r)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", c.name, d)
		}
	}
	r := run(t, js2, "function handler(event) {\n  throw new Error('boom');\n}", Request{URI: "/"})
	if r.Line != 2 {
		t.Errorf("throw line %d, want 2", r.Line)
	}
	big := fn(js2, "function handler(e) { return e.request; }\n"+strings.Repeat("// pad\n", 20000))
	if r := Run(context.Background(), big, Request{URI: "/"}); r.Outcome != Failed || !r.Limit {
		t.Errorf("large source: got %+v", r)
	}
}

func TestUnknownInputs(t *testing.T) {
	f := fn(js2, "function handler(e) { return e.request; }")
	f.Code = model.UnknownStr(model.Range{})
	if r := Run(context.Background(), f, Request{URI: "/"}); r.Outcome != Unknown {
		t.Errorf("unknown code: %+v", r)
	}
	f = fn("cloudfront-js-9.0", "function handler(e) { return e.request; }")
	if r := Run(context.Background(), f, Request{URI: "/"}); r.Outcome != Unknown {
		t.Errorf("unknown runtime: %+v", r)
	}
	if r := Run(context.Background(), nil, Request{URI: "/"}); r.Outcome != Unknown {
		t.Errorf("nil: %+v", r)
	}
}
