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

# No stage_name: the deployment's invoke_url names no stage, and the
# stage is a resource of its own.
resource "aws_api_gateway_deployment" "api" { # want EL010:1 warning "no triggers, only depends_on"
  rest_api_id = aws_api_gateway_rest_api.api.id
  depends_on  = [aws_api_gateway_method.orders_get]
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "live"
}

output "invoke_url" {
  value = aws_api_gateway_deployment.api.invoke_url
}

output "deployment" {
  value = aws_api_gateway_deployment.api
}
