package lsp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
)

// largeModule is a Terraform module with an API of n resources behind a
// distribution whose origin lacks the stage (EL001).
func largeModule(n int) string {
	var b strings.Builder
	b.WriteString(`resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "prod"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  origin {
    origin_id   = "api"
    domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `
resource "aws_api_gateway_resource" "r%[1]d" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "r%[1]d"
}

resource "aws_api_gateway_method" "m%[1]d" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.r%[1]d.id
  http_method   = "GET"
  authorization = "NONE"
}
`, i)
	}
	return b.String()
}

// An analysis of a large module that a newer change supersedes while it
// runs is cancelled: the engine stops after the stage it is in (here the
// parsing) and the rules never run on the stale text; the newer analysis
// publishes.
func TestSupersededAnalysisStops(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.tf")
	src := largeModule(300)
	if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		calls    int
		stages   []string // the first analysis's, after its parsing
		firstErr error
		firstRes *engine.Result
	)
	parsed := make(chan struct{})
	firstDone := make(chan struct{})
	srv := &Server{Debounce: 10 * time.Millisecond, Analyze: func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if !first {
			return EngineAnalyze(ctx, paths, opts)
		}
		opts.Progress = func(stage string) {
			mu.Lock()
			seenParse := len(stages) > 0 || stage == "parse"
			if seenParse {
				stages = append(stages, stage)
			}
			mu.Unlock()
			if stage == "parse" {
				// The module is parsed: a newer change comes in.
				close(parsed)
				select {
				case <-ctx.Done():
				case <-time.After(10 * time.Second):
				}
			}
		}
		res, err := EngineAnalyze(ctx, paths, opts)
		mu.Lock()
		firstRes, firstErr = res, err
		mu.Unlock()
		close(firstDone)
		return res, err
	}}
	c := startClient(t, srv)
	c.initialize(dir, ClientCapabilities{})
	c.open(main)
	select {
	case <-parsed:
	case <-time.After(20 * time.Second):
		t.Fatal("the first analysis did not parse the module")
	}
	c.change(main, 2, src+"\n")
	select {
	case <-firstDone:
	case <-time.After(20 * time.Second):
		t.Fatal("the superseded analysis did not return")
	}
	mu.Lock()
	if !errors.Is(firstErr, context.Canceled) || firstRes != nil {
		t.Errorf("the superseded analysis returned (%v, %v), want (nil, context.Canceled)", firstRes, firstErr)
	}
	if len(stages) != 1 {
		t.Errorf("the superseded analysis went on after its parsing: %q", stages)
	}
	mu.Unlock()
	c.waitDiags(main, "EL001 of the newer analysis", hasCode("EL001"))
}
