# A plan of a REST API defined by an OpenAPI body passed in a variable
# without a default: the source alone cannot read it; the plan holds the
# rendered body (YAML). GET /posts requires an API key the distribution does
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

# The OpenAPI document, rendered by the pipeline.
variable "openapi_body" {
  type = string
}

resource "aws_api_gateway_rest_api" "blog" {
  name = "blog"
  body = var.openapi_body # want EL003:10 error "requires an API key"
}

resource "aws_api_gateway_deployment" "blog" { # want EL010:1 warning "no triggers"
  rest_api_id = aws_api_gateway_rest_api.blog.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  deployment_id = aws_api_gateway_deployment.blog.id
  stage_name    = "prod"
}
