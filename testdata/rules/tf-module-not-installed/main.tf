# Two registry modules that "terraform init" has not installed, so neither
# is analyzed. module.routes is handed the ID of API "shop" and may declare
# its routes: the route set of "shop" is not known, and the /shop/* behavior
# is not reported. module.alarms is handed only the name of API "admin",
# and a module's name input adds no route to it: the route set of "admin"
# is complete, and the /admin/* behavior reaches none of its routes.
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
  source  = "example-org/http-routes/aws"
  version = "1.2.0"
  api_id  = aws_apigatewayv2_api.shop.id
}

module "alarms" {
  source   = "example-org/api-alarms/aws"
  version  = "0.4.0"
  api_name = "admin"
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
