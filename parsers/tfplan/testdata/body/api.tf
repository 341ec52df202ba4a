# A plan of a REST API defined by an OpenAPI body written as jsonencode of
# an object; the plan holds the rendered body, the source locates its
# operations. GET /posts requires an API key the distribution does
# not forward (403 Forbidden), and the /api/users behavior forwards
# /prod/api/users, which no path of the body matches (403 Missing
# Authentication Token).
provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "backend_url" {
  type = string
}

resource "aws_api_gateway_rest_api" "blog" {
  name = "blog"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "blog", version = "1.0" }
    components = {
      securitySchemes = {
        api_key = { type = "apiKey", name = "x-api-key", in = "header" }
      }
    }
    paths = {
      "/posts" = {
        get = {
          security = [{ api_key = [] }]
          "x-amazon-apigateway-integration" = {
            type       = "http_proxy"
            httpMethod = "GET"
            uri        = "${var.backend_url}/posts"
          }
        }
      }
      "/users/{id}" = {
        get = {
          "x-amazon-apigateway-integration" = {
            type       = "http_proxy"
            httpMethod = "GET"
            uri        = "${var.backend_url}/users/{id}"
          }
        }
      }
    }
  })
}

resource "aws_api_gateway_deployment" "blog" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  deployment_id = aws_api_gateway_deployment.blog.id
  stage_name    = "prod"
}
