variable "api_id" {
  type = string
}

variable "authorizer_id" {
  type    = string
  default = ""
}

# The route is protected when the module is given an authorizer.
resource "aws_apigatewayv2_route" "items" {
  api_id             = var.api_id
  route_key          = "GET /items"
  authorization_type = var.authorizer_id != "" ? "JWT" : "NONE" # want EL003:24 error "Authorization"
  authorizer_id      = var.authorizer_id != "" ? var.authorizer_id : null
}

resource "aws_apigatewayv2_route" "orders" {
  api_id             = var.api_id
  route_key          = "GET /orders"
  authorization_type = length(var.authorizer_id) > 0 ? "JWT" : "NONE" # want EL003:24 error "Authorization"
  authorizer_id      = var.authorizer_id
}
