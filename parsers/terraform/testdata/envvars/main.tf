variable "stage" {
  type    = string
  default = "default"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api-${var.region}"
}

resource "aws_api_gateway_stage" "s" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = "d"
  stage_name    = var.stage
}
