# A partner API defined by an OpenAPI 3 body in which GET /reports needs both
# a Lambda REQUEST authorizer (identity source the Authorization header) and
# an API key. The API takes its API key from the authorizer
# (x-amazon-apigateway-api-key-source AUTHORIZER): the Lambda returns the
# partner's key as usageIdentifierKey, so clients never send x-api-key. The
# distribution forwards Authorization through its own cache policy key
# (TTLs above 0), which is all the method needs: nothing should be reported.

variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  lambda_uri = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${var.region}:123456789012:function:reports/invocations"
  auth_uri   = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${var.region}:123456789012:function:partner-authorizer/invocations"
}

resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  body = jsonencode({
    openapi                              = "3.0.1"
    info                                 = { title = "partners", version = "1.0" }
    "x-amazon-apigateway-api-key-source" = "AUTHORIZER"
    paths = {
      "/reports" = {
        get = {
          security = [{ "partner-auth" = [], "api_key" = [] }]
          "x-amazon-apigateway-integration" = {
            type       = "aws_proxy"
            httpMethod = "POST"
            uri        = local.lambda_uri
          }
        }
      }
    }
    components = {
      securitySchemes = {
        api_key = {
          type = "apiKey"
          name = "x-api-key"
          in   = "header"
        }
        "partner-auth" = {
          type                           = "apiKey"
          name                           = "Authorization"
          in                             = "header"
          "x-amazon-apigateway-authtype" = "custom"
          "x-amazon-apigateway-authorizer" = {
            type                         = "request"
            identitySource               = "method.request.header.Authorization"
            authorizerUri                = local.auth_uri
            authorizerResultTtlInSeconds = 300
          }
        }
      }
    }
  })
}

resource "aws_api_gateway_deployment" "partners" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api.partners.body)
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id   = aws_api_gateway_rest_api.partners.id
  deployment_id = aws_api_gateway_deployment.partners.id
  stage_name    = "live"
}

resource "aws_cloudfront_cache_policy" "by_authorization" {
  name        = "partners-by-authorization"
  min_ttl     = 1
  default_ttl = 30
  max_ttl     = 300

  parameters_in_cache_key_and_forwarded_to_origin {
    headers_config {
      header_behavior = "whitelist"
      headers {
        items = ["Authorization"]
      }
    }
    cookies_config {
      cookie_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_distribution" "partners" {
  enabled = true

  origin {
    origin_id   = "partners-api"
    domain_name = "${aws_api_gateway_rest_api.partners.id}.execute-api.${var.region}.amazonaws.com"
    origin_path = "/live"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "partners-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.by_authorization.id
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
