# The routes of the HTTP API come from var.lambdas, set by the file named
# just ".auto.tfvars" and by "z.auto.tfvars". Terraform loads every
# *.auto.tfvars file, hidden or not, in lexical order: ".auto.tfvars" first,
# then "z.auto.tfvars", whose value wins. The /users behavior reaches the
# /users route.
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
    path_pattern           = "/users"
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
