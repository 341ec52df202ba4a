variable "names" {
  type    = set(string)
  default = ["a", "b"]
}

resource "aws_apigatewayv2_api" "multi" {
  for_each      = var.names
  name          = "api-${each.key}"
  protocol_type = "HTTP"
}

resource "aws_api_gateway_rest_api" "counted" {
  count = 2
  name  = "rest-${count.index}"
}

resource "aws_api_gateway_rest_api" "none" {
  count = 0
  name  = "never"
}

resource "aws_apigatewayv2_api" "empty" {
  for_each      = {}
  name          = each.key
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "b" {
  api_id = aws_apigatewayv2_api.multi["b"].id
  name   = "$default"
}

resource "aws_api_gateway_stage" "second" {
  rest_api_id   = aws_api_gateway_rest_api.counted[1].id
  deployment_id = "d"
  stage_name    = "s"
}

resource "aws_api_gateway_stage" "each" {
  for_each      = aws_apigatewayv2_api.multi
  rest_api_id   = each.value.id
  deployment_id = "d"
  stage_name    = each.value.name
}
