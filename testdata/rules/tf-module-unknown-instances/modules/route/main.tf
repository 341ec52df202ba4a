variable "api_id" {
  type = string
}

variable "route_key" {
  type = string
}

resource "aws_apigatewayv2_route" "this" {
  api_id    = var.api_id
  route_key = var.route_key
}
