# Which HTTP API each route belongs to depends on each.value, and the
# instances of var.routes are unknown: the routes may belong to either HTTP
# API, so neither route set is known and neither behavior reaching them is
# reported. HTTP API routes cannot belong to the REST API, whose resources
# are complete: the /rest/* behavior reaches none of them.
variable "routes" {
  type = map(object({ api = string, key = string }))
}

resource "aws_apigatewayv2_api" "a" {
  name          = "a"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_api" "b" {
  name          = "b"
  protocol_type = "HTTP"
}

locals {
  apis = {
    a = aws_apigatewayv2_api.a.id
    b = aws_apigatewayv2_api.b.id
  }
}

resource "aws_apigatewayv2_route" "route" {
  for_each  = var.routes
  api_id    = local.apis[each.value.api]
  route_key = each.value.key
}

resource "aws_apigatewayv2_stage" "a" {
  api_id      = aws_apigatewayv2_api.a.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_stage" "b" {
  api_id      = aws_apigatewayv2_api.b.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_api_gateway_rest_api" "rest" {
  name = "rest"
}

resource "aws_api_gateway_resource" "users" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "users"
}

resource "aws_api_gateway_method" "users" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  resource_id   = aws_api_gateway_resource.users.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_deployment" "rest" { # want EL010:1 warning "no triggers, only depends_on"
  rest_api_id = aws_api_gateway_rest_api.rest.id
  depends_on  = [aws_api_gateway_method.users]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  deployment_id = aws_api_gateway_deployment.rest.id
  stage_name    = "prod"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "a"
    domain_name = replace(aws_apigatewayv2_api.a.api_endpoint, "https://", "")
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "b"
    domain_name = replace(aws_apigatewayv2_api.b.api_endpoint, "https://", "")
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "rest"
    domain_name = "${aws_api_gateway_rest_api.rest.id}.execute-api.eu-west-1.amazonaws.com"
    origin_path = "/prod"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/a/*"
    target_origin_id       = "a"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/b/*"
    target_origin_id       = "b"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/rest/*" # want EL004:30 error "resources with methods: /users"
    target_origin_id       = "rest"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "rest"
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
