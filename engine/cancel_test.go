package engine_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// cancelAPI is a Terraform API with n resources, each with a method, and
// a distribution in front of its stage without the stage in the origin
// path (an EL001 finding).
func cancelAPI(n int) string {
	var b strings.Builder
	b.WriteString(`resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers    = { redeployment = sha1(jsonencode([` + methodIDs(n) + `])) }
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

// methodIDs lists the IDs of cancelAPI's n methods, which the
// deployment's triggers read (so that it redeploys when they change).
func methodIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("aws_api_gateway_method.m%d.id", i)
	}
	return strings.Join(ids, ", ")
}

// stages counts the stages runs reach (engine.Options.Progress), and
// calls at, when set, at each.
type stages struct {
	mu sync.Mutex
	n  map[string]int
	at func(stage string, n int)
}

func (s *stages) progress(stage string) {
	s.mu.Lock()
	s.n[stage]++
	n := s.n[stage]
	at := s.at
	s.mu.Unlock()
	if at != nil {
		at(stage, n)
	}
}

func (s *stages) count(stage string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[stage]
}

// An analysis superseded while its components are analyzed (an editor's
// newer change) starts no further component and returns the context's
// error, with no result.
func TestCancelBetweenComponents(t *testing.T) {
	const units, cancelAt, jobs = 120, 3, 2
	dir := t.TempDir()
	for i := 0; i < units; i++ {
		d := filepath.Join(dir, fmt.Sprintf("stack%03d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(cancelAPI(2)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &stages{n: map[string]int{}}

	// Uncancelled, every unit is a component analyzed to the end.
	res, err := engine.RunContext(context.Background(), []string{dir}, engine.Options{Jobs: jobs, Progress: s.progress})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.count("parse"); got != units {
		t.Fatalf("an uncancelled run parsed %d components, want %d", got, units)
	}
	if len(res.Findings) != units {
		t.Fatalf("an uncancelled run found %d findings, want one a unit (%d)", len(res.Findings), units)
	}

	s.n = map[string]int{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.at = func(stage string, n int) {
		if stage == "parse" && n == cancelAt {
			cancel()
		}
	}
	res, err = engine.RunContext(ctx, []string{dir}, engine.Options{Jobs: jobs, Progress: s.progress})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("cancelled run returned (%v, %v), want (nil, context.Canceled)", res, err)
	}
	// The components already running when it was cancelled may end
	// their parsing; no other one is started.
	if got := s.count("parse"); got > cancelAt+jobs {
		t.Errorf("a run cancelled after %d components parsed %d of %d", cancelAt, got, units)
	}
	if got := s.count("check"); got > cancelAt+jobs-1 {
		t.Errorf("a run cancelled after %d components checked %d", cancelAt, got)
	}
	for _, later := range []string{"components", "joins", "fixes", "suppressions"} {
		if got := s.count(later); got > 0 {
			t.Errorf("a cancelled run went on to stage %s", later)
		}
	}
}

// A large module superseded while it is parsed is not checked: the rules
// do not run on it, and the run returns the context's error.
func TestCancelLargeModule(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cancelAPI(400)), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &stages{n: map[string]int{}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.at = func(stage string, _ int) {
		if stage == "parse" {
			cancel()
		}
	}
	res, err := engine.RunContext(ctx, []string{dir}, engine.Options{Progress: s.progress})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("cancelled run returned (%v, %v), want (nil, context.Canceled)", res, err)
	}
	if got := s.count("check"); got != 0 {
		t.Errorf("the rules ran on a module cancelled while it was parsed (%d checks)", got)
	}

	// The same module, uncancelled, is checked and reports its finding.
	s.n, s.at = map[string]int{}, nil
	res, err = engine.RunContext(context.Background(), []string{dir}, engine.Options{Progress: s.progress})
	if err != nil {
		t.Fatal(err)
	}
	if s.count("check") != 1 || len(res.Findings) != 1 {
		t.Fatalf("uncancelled: %d checks, %d findings; want 1 and 1", s.count("check"), len(res.Findings))
	}
}

// A run whose context is done before it starts discovers nothing.
func TestCancelBeforeDiscovery(t *testing.T) {
	s := &stages{n: map[string]int{}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := engine.RunContext(ctx, []string{t.TempDir()}, engine.Options{Progress: s.progress})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("got (%v, %v), want (nil, context.Canceled)", res, err)
	}
	if got := s.count("discovery"); got != 0 {
		t.Errorf("discovery ran %d times", got)
	}
}
