# A plan of a REST API defined by an OpenAPI body passed in a variable
# without a default: the source alone cannot read it; the plan holds the
# rendered body (YAML). The near miss of tfplan-openapi-body: GET /posts
# needs no API key and every behavior forwards a path the body defines.
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
  body = var.openapi_body
}

resource "aws_api_gateway_deployment" "blog" { # want EL010:1 warning "no triggers"
  rest_api_id = aws_api_gateway_rest_api.blog.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  deployment_id = aws_api_gateway_deployment.blog.id
  stage_name    = "prod"
}
