variable "stage" {
  type = string
}

resource "aws_apigatewayv2_api" "p" {
  name          = "p"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "s" {
  api_id = aws_apigatewayv2_api.p.id
  name   = var.stage
}

resource "aws_cloudfront_distribution" "d" {
  origin {
    origin_id   = "a"
    domain_name = replace(aws_apigatewayv2_api.p.api_endpoint, "https://", "")
    origin_path = "/${var.stage}"
  }
  origin {
    origin_id   = "b"
    domain_name = "x.example.com"
    origin_path = var.stage == "prod" ? "/live" : "/test"
  }
  origin {
    origin_id   = "c"
    domain_name = "y.example.com"
    origin_path = "/${sha1(var.stage)}"
  }
  origin {
    origin_id   = "d"
    domain_name = "z.example.com"
    origin_path = "/${aws_apigatewayv2_stage.s.name}"
  }
  origin {
    origin_id   = "e"
    domain_name = "w.example.com"
    origin_path = aws_apigatewayv2_api.p.id == "abc" ? "/x" : "/y"
  }
  origin {
    origin_id   = "f"
    domain_name = local.o.domain
    origin_path = local.o.path
  }
  origin {
    origin_id   = "g"
    domain_name = "v.example.com"
    origin_path = local.l[1]
  }
  origin {
    origin_id   = "h"
    domain_name = "u.example.com"
    origin_path = "/${length([aws_apigatewayv2_api.p.id])}"
  }

  default_cache_behavior {
    target_origin_id = "a"
  }
}

locals {
  o = merge({ path = "/lit", domain = replace(aws_apigatewayv2_api.p.api_endpoint, "https://", "") }, {})
  l = tolist([aws_apigatewayv2_api.p.id, "/listed"])
}
