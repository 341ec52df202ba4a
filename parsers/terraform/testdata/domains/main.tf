resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_domain_name" "d" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/x"
}

resource "aws_api_gateway_base_path_mapping" "m" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.d.domain_name
  stage_name  = "prod"
  base_path   = "v1"
}

resource "aws_apigatewayv2_api" "h" {
  name          = "h"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "s" {
  api_id = aws_apigatewayv2_api.h.id
  name   = "live"
}

resource "aws_apigatewayv2_domain_name" "d2" {
  domain_name = "h.example.com"

  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/y"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_api_mapping" "m2" {
  api_id      = aws_apigatewayv2_api.h.id
  domain_name = aws_apigatewayv2_domain_name.d2.id
  stage       = aws_apigatewayv2_stage.s.id
}

locals {
  where = "${terraform.workspace}:${path.module}"
}

resource "aws_cloudfront_distribution" "cdn" {
  comment = local.where

  origin {
    origin_id   = "custom"
    domain_name = aws_api_gateway_domain_name.d.domain_name
  }
  origin {
    origin_id   = "regional"
    domain_name = aws_api_gateway_domain_name.d.regional_domain_name
  }
  origin {
    origin_id   = "v2target"
    domain_name = aws_apigatewayv2_domain_name.d2.domain_name_configuration[0].target_domain_name
  }
  origin {
    origin_id   = "where"
    domain_name = "${local.where}.example.com"
  }

  default_cache_behavior {
    target_origin_id = "custom"
  }
}

resource "aws_api_gateway_authorizer" "req" {
  name            = "req"
  rest_api_id     = aws_api_gateway_rest_api.api.id
  type            = "request"
  identity_source = "method.request.header.Authorization, method.request.querystring.token"
}

resource "aws_api_gateway_authorizer" "tok" {
  name        = "tok"
  rest_api_id = aws_api_gateway_rest_api.api.id
}

resource "aws_api_gateway_method" "root" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "ANY"
  authorization = "custom"
  authorizer_id = aws_api_gateway_authorizer.req.id
}

resource "aws_api_gateway_deployment" "v5" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "v5stage"
}

resource "aws_cloudfront_distribution" "v5" {
  origin {
    origin_id   = "dep"
    domain_name = replace(aws_api_gateway_deployment.v5.invoke_url, "/^https?://([^/]*).*/", "$1")
    origin_path = "/${aws_api_gateway_deployment.v5.stage_name}"
  }

  default_cache_behavior {
    target_origin_id = "dep"
  }
}
