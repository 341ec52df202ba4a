variable "api_id" {
  type = string
}

variable "prefix" {
  type = string
}

variable "authorizer_id" {
  type    = string
  default = ""
}

# The route is protected when the module is given an authorizer.
resource "aws_apigatewayv2_route" "items" {
  api_id             = var.api_id
  route_key          = "GET /${var.prefix}/items"
  authorization_type = var.authorizer_id != "" ? "JWT" : "NONE"
  authorizer_id      = var.authorizer_id != "" ? var.authorizer_id : null
}

resource "aws_apigatewayv2_route" "orders" {
  api_id             = var.api_id
  route_key          = "GET /${var.prefix}/orders"
  authorization_type = length(var.authorizer_id) > 0 ? "JWT" : "NONE"
  authorizer_id      = var.authorizer_id
}
