variable "api_id" {
  type = string
}

resource "aws_apigatewayv2_authorizer" "jwt" {
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
  value = aws_apigatewayv2_authorizer.jwt.id
}
