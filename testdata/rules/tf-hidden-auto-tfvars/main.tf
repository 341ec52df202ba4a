# The routes of the HTTP API come from var.lambdas, whose only value is in
# the file named just ".auto.tfvars" (Terraform loads every file whose name
# ends in .auto.tfvars, hidden or not). The /api/* behavior reaches none of
# them: CloudFront forwards /api/users, and the API has only /users.
variable "lambdas" {
  type = map(object({ route = string }))
}

resource "aws_apigatewayv2_api" "http" {
  name          = "lambdas"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "lambda" {
  for_each  = var.lambdas
  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.value.route
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
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

  ordered_cache_behavior {
    path_pattern           = "/api/*" # want EL004:30 error "routes with methods: /users"
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
