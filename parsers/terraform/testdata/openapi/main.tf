resource "aws_api_gateway_rest_api" "spec" {
  name = "spec"
  body = jsonencode({
    openapi = "3.0.1"
    paths = {
      "/pets" = {
        get = {
          "x-amazon-apigateway-integration" = { type = "MOCK" }
        }
      }
    }
  })
}

resource "aws_api_gateway_rest_api" "from_file" {
  name = "file"
  body = file("${path.module}/api.yaml")
}

resource "aws_api_gateway_rest_api" "outside" {
  name = "outside"
  body = file("../../funcs.go")
}

data "template_file" "spec" {
  template = "x"
}

resource "aws_api_gateway_rest_api" "unknown" {
  name = "unknown"
  body = data.template_file.spec.rendered
}

resource "aws_apigatewayv2_api" "quick" {
  name          = "quick"
  protocol_type = "HTTP"
  target        = "arn:aws:lambda:us-east-1:123456789012:function:f"
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all" {
  name = "Managed-AllViewerExceptHostHeader"
}

data "aws_cloudfront_cache_policy" "custom" {
  name = "my-policy"
}

resource "aws_cloudfront_distribution" "d" {
  origin {
    origin_id   = "q"
    domain_name = trimprefix(aws_apigatewayv2_api.quick.api_endpoint, "https://")
  }
  ordered_cache_behavior {
    path_pattern             = "/custom"
    target_origin_id         = "q"
    cache_policy_id          = data.aws_cloudfront_cache_policy.custom.id
  }
  default_cache_behavior {
    target_origin_id         = "q"
    cache_policy_id          = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all.id
  }
}
