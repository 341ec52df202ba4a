resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_resource" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "api"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.api.id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "orders_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}

# AWS provider v5: the deployment creates stage "DEV" itself, and its
# invoke_url ends in /DEV.
resource "aws_api_gateway_deployment" "api" { # want EL010:1 warning "no triggers, only depends_on"
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "DEV"
  depends_on  = [aws_api_gateway_method.orders_get]
}
