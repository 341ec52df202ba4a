package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// writeModule writes a 50-file Terraform module: a REST API (with a
// deployment and a stage), a distribution in front of it whose behavior
// path matches no resource (one EL004), and unrelated resources in most
// files. It returns the directory and the distribution's file.
func writeModule(b testing.TB) (dir, cdn string) {
	dir, err := filepath.EvalSymlinks(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	files := map[string]string{
		"api.tf": `resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}
`,
		"resources.tf": `resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "orders"
}
`,
		"methods.tf": `resource "aws_api_gateway_method" "orders_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}
`,
		"deploy.tf": `resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_resource.orders.id, aws_api_gateway_method.orders_get.id]))
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "prod"
}
`,
		"cdn.tf": `resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "api"
    domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
    origin_path = "/${aws_api_gateway_stage.prod.stage_name}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/orders"
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
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
`,
		"variables.tf": `variable "env" {
  type    = string
  default = "prod"
}
`,
	}
	for i := len(files); i < 50; i++ {
		var sb strings.Builder
		for j := 0; j < 4; j++ {
			fmt.Fprintf(&sb, `resource "aws_s3_bucket" "b%d_%d" {
  bucket = "edgelint-${var.env}-%d-%d"
  tags = {
    Team = "platform"
  }
}

resource "aws_iam_role" "r%d_%d" {
  name               = "role-%d-%d"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

`, i, j, i, j, i, j, i, j)
		}
		files[fmt.Sprintf("misc%02d.tf", i)] = sb.String()
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir, filepath.Join(dir, "cdn.tf")
}

// BenchmarkSaveToDiagnostics measures, through the real server and engine,
// the time from textDocument/didSave of one file of a 50-file module to
// the textDocument/publishDiagnostics of its finding.
func BenchmarkSaveToDiagnostics(b *testing.B) {
	dir, cdn := writeModule(b)
	c := startClient(b, &Server{})
	c.initialize(dir, ClientCapabilities{})
	c.open(cdn)
	c.waitDiags(cdn, "EL004", hasCode("EL004"))
	// Wait for the open's analysis to settle.
	time.Sleep(50 * time.Millisecond)

	save := DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cdn)}}
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		_, before := c.published(cdn)
		start := time.Now()
		c.notify("textDocument/didSave", save)
		c.waitDiags(cdn, "a new publication", func(ds []Diagnostic) bool {
			_, n := c.published(cdn)
			return n > before && hasCode("EL004")(ds)
		})
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	if len(lat) > 0 {
		b.ReportMetric(pct(0.50), "p50-ms")
		b.ReportMetric(pct(0.95), "p95-ms")
	}
}
