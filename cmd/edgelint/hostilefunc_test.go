package main

import (
	"path/filepath"
	"testing"
	"time"
)

// functionModule is a module whose distribution runs a CloudFront Function
// with the given code on its viewer requests.
func functionModule(code string) string {
	return `resource "aws_cloudfront_function" "f" {
  name    = "hostile"
  runtime = "cloudfront-js-2.0"
  code    = <<-EOT
` + code + `
  EOT
}

resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    origin_id   = "o"
    domain_name = "example.com"
  }
  default_cache_behavior {
    target_origin_id       = "o"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.f.arn
    }
  }
}
`
}

// Item 15: a CloudFront Function that never returns, one that allocates
// without end (a string doubled, an array pushed), one that recurses
// without end and one that spends its time in a built-in: edgelint runs
// each within its bounds (edgefunc.DefaultLimits), reports the function
// as an input error naming its file, and still analyzes the ordinary
// configuration beside it.
func TestHostile15CloudFrontFunctions(t *testing.T) {
	for _, c := range []struct{ name, code string }{
		{"loop", "function handler(event) { for (;;) {} }"},
		{"concat", "function handler(event) { var s = 'x'; for (;;) { s += s; } }"},
		{"push", "function handler(event) { var a = []; for (;;) { a.push([a.length, 'xxxxxxxx']); } }"},
		{"recursion", "function f(n) { return f(n + 1) + 1; }\nfunction handler(event) { return f(0); }"},
		{"builtin", "function handler(event) { var a = []; for (var i = 0; i < 1e5; i++) { a = [a]; } JSON.stringify(a); return event.request; }"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			normalTree(t, dir, "infra")
			write(t, filepath.Join(dir, c.name, "main.tf"), functionModule(c.code))
			r := hostileCmd{dir: dir}.run(t, "--format", "json", ".")
			expect{code: exitError, normal: true, names: []string{c.name + "/main.tf", "fails when edgelint runs it"}}.check(t, c.name, r)
			if r.wall > 20*time.Second || r.maxRSS > 1<<30 {
				t.Errorf("%s: %v wall, %d MiB peak", c.name, r.wall, r.maxRSS>>20)
			}
		})
	}
}
