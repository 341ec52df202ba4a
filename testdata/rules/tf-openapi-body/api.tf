# A REST API defined entirely by an OpenAPI 3 body written with jsonencode:
# GET /users is public, GET /users/{id} is protected by a Lambda TOKEN
# authorizer declared as a security scheme (x-amazon-apigateway-authtype
# custom, identity source the Authorization header). The distribution in
# cdn.tf serves the API from origin path /prod, but its /users* behavior
# uses CachingDisabled without an origin request policy, so CloudFront strips
# Authorization and the authorizer answers 401; and its /api/* behavior
# forwards /prod/api/..., a prefix the API has no resource for (403 Missing
# Authentication Token).

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
          security                          = [{ "lambda-token" = [] }] # want EL003:11 "GET /users/{id} of"
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
