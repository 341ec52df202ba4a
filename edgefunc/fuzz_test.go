package edgefunc

import (
	"context"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
)

// FuzzRun runs fuzzed function code on a fuzzed request URI in both
// runtimes: no code may panic the runner or outlast its bounds (a run ends
// well within the wall-time bound plus the confirmation run), and a
// result is one of the four outcomes.
func FuzzRun(f *testing.F) {
	for _, code := range []string{
		`function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\/api/, ''); return r; }`,
		`function handler(event) { return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/x' } } }; }`,
		`function handler(event) { while (true) {} }`,
		`function handler(event) { var s = 'a'; for (;;) { s += s; } }`,
		`async function handler(event) { return event.request; }`,
		`import cf from 'cloudfront'; const kvs = cf.kvs(); async function handler(event) { const v = await kvs.get('k'); event.request.uri = v; return event.request; }`,
		`var qs = require('querystring'); function handler(event) { event.request.uri = '/' + qs.stringify({a: 1}); return event.request; }`,
		`function handler(event) { throw new Error('x'); }`,
		`function handler(event) { return handler(event); }`,
		`function handler(`,
	} {
		f.Add(code, "/api/posts", false)
		f.Add(code, "/", true)
	}
	f.Fuzz(func(t *testing.T, code, uri string, v2 bool) {
		defer testutil.Watchdog("a CloudFront Function run")()
		runtime := "cloudfront-js-1.0"
		if v2 {
			runtime = "cloudfront-js-2.0"
		}
		start := time.Now()
		res := Run(context.Background(), fn(runtime, code), Request{Method: "GET", URI: uri})
		if d := time.Since(start); d > 4*DefaultLimits.Wall+time.Second {
			t.Fatalf("a run took %v", d)
		}
		switch res.Outcome {
		case Unknown, Continue, Response, Failed:
		default:
			t.Fatalf("outcome %v", res.Outcome)
		}
	})
}
