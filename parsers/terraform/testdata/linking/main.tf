# The three ways real configurations point an origin at a REST API, and
# their variants, all evaluate to "<api id>.execute-api.<region>.<suffix>".
provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_api_gateway_rest_api" "x" {
  name = "blog"
}

resource "aws_api_gateway_resource" "posts" {
  rest_api_id = aws_api_gateway_rest_api.x.id
  parent_id   = aws_api_gateway_rest_api.x.root_resource_id
  path_part   = "posts"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id = aws_api_gateway_rest_api.x.id
  resource_id = aws_api_gateway_resource.posts.id
  http_method = "get"
}

resource "aws_api_gateway_deployment" "d" {
  rest_api_id = aws_api_gateway_rest_api.x.id
}

resource "aws_api_gateway_stage" "s" {
  rest_api_id   = aws_api_gateway_rest_api.x.id
  deployment_id = aws_api_gateway_deployment.d.id
  stage_name    = "prod"
}

resource "aws_apigatewayv2_api" "h" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_cloudfront_distribution" "cdn" {
  aliases = ["café.example.com", "b.example.com"]

  origin {
    origin_id   = "interp"
    domain_name = "${aws_api_gateway_rest_api.x.id}.execute-api.${var.region}.amazonaws.com"
    origin_path = "/${aws_api_gateway_stage.s.stage_name}"
  }
  origin {
    origin_id   = "replace"
    domain_name = replace(aws_api_gateway_stage.s.invoke_url, "/^https?://([^/]*).*/", "$1")
  }
  origin {
    origin_id   = "regex"
    domain_name = element(regex("^https?://([^/:]+)", aws_api_gateway_stage.s.invoke_url), 0)
  }
  origin {
    origin_id   = "split"
    domain_name = split("/", aws_api_gateway_stage.s.invoke_url)[2]
  }
  origin {
    origin_id   = "http"
    domain_name = trimprefix(aws_apigatewayv2_api.h.api_endpoint, "https://")
  }

  ordered_cache_behavior {
    path_pattern     = "/posts"
    target_origin_id = "replace"
    allowed_methods  = ["GET", "HEAD", "OPTIONS"]
  }

  default_cache_behavior {
    target_origin_id = "interp"
  }
}
