package testutil

import (
	"fmt"
	"strings"
)

// APIModule is a Terraform module: a REST API with n resources, each with
// a method, a deployment whose triggers follow them, and a distribution in
// front of its stage without the stage in the origin path (one EL001
// finding), for tests that need a module of a given size.
func APIModule(n int) string {
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

// methodIDs lists the IDs of APIModule's n methods, which the
// deployment's triggers read (so that it redeploys when they change).
func methodIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("aws_api_gateway_method.m%d.id", i)
	}
	return strings.Join(ids, ", ")
}
