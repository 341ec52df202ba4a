package edgefunc

import (
	"context"
	"testing"
	"time"
)

// TestHostileBuiltins runs functions whose time goes into built-ins, which
// goja does not interrupt: every run still ends within its bounds (the run
// is abandoned) and fails as an input error.
func TestHostileBuiltins(t *testing.T) {
	for _, body := range []string{
		"var a = []; for (var i=0;i<1e5;i++) a=[a]; JSON.stringify(a);",
		"JSON.parse('['.repeat(500000) + ']'.repeat(500000));",
		"var s = 'x'.repeat(1000000); for (;;) { s.split(''); }",
		"var s = 'x'.repeat(1000000); for (;;) { [...s]; }",
		"var a = new Array(1e6); a.sort();",
		"var a = []; a[4e9] = 1; a.reverse();",
		"Array.prototype.concat.apply([], new Array(1e6));",
		"var a = []; a.length = 4e9; a.join('x');",
		"'x'.repeat(1e9);",
		"new Uint8Array(4e9);",
		"eval('while(1){}');",
		"(function(){}).constructor('while(1){}')();",
	} {
		code := "function handler(event) { " + body + " return event.request; }"
		done := make(chan Result, 1)
		go func() { done <- Run(context.Background(), fn(js2, code), Request{URI: "/"}) }()
		select {
		case r := <-done:
			if r.Outcome != Failed {
				t.Errorf("%s: got %+v, want failed", body, r)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still running after 5 s", body)
		}
	}
}
