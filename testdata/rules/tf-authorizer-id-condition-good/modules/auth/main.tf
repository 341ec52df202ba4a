variable "api_id" {
  type = string
}

variable "enabled" {
  type = bool
}

# Whether the authorizer exists is not known: its ID may be absent.
resource "aws_apigatewayv2_authorizer" "jwt" {
  count            = var.enabled ? 1 : 0
  api_id           = var.api_id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"
  jwt_configuration {
    audience = ["client"]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example"
  }
}

output "authorizer_id" {
  value = one(aws_apigatewayv2_authorizer.jwt[*].id)
}
