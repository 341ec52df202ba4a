# The working counterpart of tf-openapi-body: the same OpenAPI 3 body (GET
# /users public, GET /users/{id} behind a Lambda TOKEN authorizer reading the
# Authorization header), served through CloudFront from origin path /prod.
# The /users/* behavior puts Authorization in the key of its own cache
# policy (TTLs above 0, so the header is allowed there and forwarded), the
# other behaviors pair Managed-CachingDisabled with the managed origin request
# policy AllViewerExceptHostHeader, and every path pattern names a resource
# the API has, so a request reaches /prod/users... with its credentials.

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "users_function_arn" {
  type    = string
  default = "arn:aws:lambda:eu-west-1:123456789012:function:users"
}

variable "authorizer_function_arn" {
  type    = string
  default = "arn:aws:lambda:eu-west-1:123456789012:function:token-authorizer"
}

locals {
  users_integration = {
    type       = "aws_proxy"
    httpMethod = "POST"
    uri        = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/${var.users_function_arn}/invocations"
  }
}

resource "aws_api_gateway_rest_api" "users" {
  name = "users"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  body = jsonencode({
    openapi = "3.0.1"
    info = {
      title   = "users"
      version = "1.0"
    }
    paths = {
      "/users" = {
        get = {
          "x-amazon-apigateway-integration" = local.users_integration
        }
      }
      "/users/{id}" = {
        get = {
          parameters = [{
            name     = "id"
            in       = "path"
            required = true
            schema   = { type = "string" }
          }]
          security                          = [{ "lambda-token" = [] }]
          "x-amazon-apigateway-integration" = local.users_integration
        }
      }
    }
    components = {
      securitySchemes = {
        "lambda-token" = {
          type                           = "apiKey"
          name                           = "Authorization"
          in                             = "header"
          "x-amazon-apigateway-authtype" = "custom"
          "x-amazon-apigateway-authorizer" = {
            type                         = "token"
            identitySource               = "method.request.header.Authorization"
            authorizerUri                = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/${var.authorizer_function_arn}/invocations"
            authorizerResultTtlInSeconds = 300
          }
        }
      }
    }
  })
}

resource "aws_api_gateway_deployment" "users" {
  rest_api_id = aws_api_gateway_rest_api.users.id

  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api.users.body)
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.users.id
  deployment_id = aws_api_gateway_deployment.users.id
  stage_name    = "prod"
}
