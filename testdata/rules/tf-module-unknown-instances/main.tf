# Two modules whose instances are unknown (for_each over variables without
# a value), so neither is analyzed. module.routes declares routes and is
# handed the ID of API "shop": its route set is not known, and the /shop/*
# behavior is not reported. module.permissions is handed the execution ARN
# of API "admin" but declares no route: the route set of "admin" is
# complete, and the /admin/* behavior reaches none of its routes.
variable "routes" {
  type = map(string)
}

variable "functions" {
  type = set(string)
}

resource "aws_apigatewayv2_api" "shop" {
  name          = "shop"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_api" "admin" {
  name          = "admin"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "admin" {
  api_id    = aws_apigatewayv2_api.admin.id
  route_key = "GET /users"
}

module "routes" {
  source    = "./modules/route"
  for_each  = var.routes
  api_id    = aws_apigatewayv2_api.shop.id
  route_key = each.value
}

module "permissions" {
  source        = "./modules/permission"
  for_each      = var.functions
  function_name = each.key
  source_arn    = "${aws_apigatewayv2_api.admin.execution_arn}/*/*"
}

resource "aws_apigatewayv2_stage" "shop" {
  api_id      = aws_apigatewayv2_api.shop.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_stage" "admin" {
  api_id      = aws_apigatewayv2_api.admin.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "shop"
    domain_name = replace(aws_apigatewayv2_api.shop.api_endpoint, "https://", "")
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "admin"
    domain_name = replace(aws_apigatewayv2_api.admin.api_endpoint, "https://", "")
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/shop/*"
    target_origin_id       = "shop"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/admin/*" # want EL004:30 error "routes with methods: /users"
    target_origin_id       = "admin"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "admin"
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
