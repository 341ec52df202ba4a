# Authorizer IDs that may be empty: a variable given no value, and the
# ID of an authorizer whose count is not known. The routes' authorization
# stays unknown, and nothing is reported.
variable "authorizer_id" {
  type = string
}

variable "auth_enabled" {
  type = bool
}

resource "aws_apigatewayv2_api" "http" {
  name          = "items"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

module "auth" {
  source  = "./modules/auth"
  api_id  = aws_apigatewayv2_api.http.id
  enabled = var.auth_enabled
}

module "routes_var" {
  source        = "./modules/routes"
  api_id        = aws_apigatewayv2_api.http.id
  prefix        = "var"
  authorizer_id = var.authorizer_id
}

module "routes_count" {
  source        = "./modules/routes"
  api_id        = aws_apigatewayv2_api.http.id
  prefix        = "count"
  authorizer_id = module.auth.authorizer_id
}
resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "api"
    domain_name = replace(aws_apigatewayv2_api.http.api_endpoint, "https://", "")
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id         = "api"
    viewer_protocol_policy   = "https-only"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = "59781a5b-3903-41f3-afcb-af62929ccde1" # Managed-CORS-CustomOrigin
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
