variable "release" {
  type = string
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_method" "items_get" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "items_get" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  resource_id = aws_api_gateway_resource.items.id
  http_method = aws_api_gateway_method.items_get.http_method
  type        = "MOCK"
}

locals {
  parts = [aws_api_gateway_resource.items, aws_api_gateway_method.items_get]
}

resource "aws_api_gateway_deployment" "none" { # want EL010:1 warning "has no triggers: Terraform creates it once"
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

resource "aws_api_gateway_deployment" "ordered" { # want EL010:1 warning "no triggers, only depends_on"
  rest_api_id = aws_api_gateway_rest_api.shop.id
  depends_on  = [aws_api_gateway_integration.items_get]
}

resource "aws_api_gateway_deployment" "constant" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = { # want EL010:14 warning "read no resource (a constant)"
    redeployment = "1"
  }
}

resource "aws_api_gateway_deployment" "partial" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = { # want EL010:14 warning "leave out integration aws_api_gateway_integration.items_get:"
    redeployment = sha1(jsonencode(local.parts))
  }
}

resource "aws_api_gateway_deployment" "id_only" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = { # want EL010:14 warning "leave out integration aws_api_gateway_integration.items_get, method aws_api_gateway_method.items_get, resource aws_api_gateway_resource.items"
    redeployment = aws_api_gateway_rest_api.shop.id
  }
}

# Near misses: triggers that read a variable or a clock follow what
# edgelint cannot tie to the API, and say nothing.
resource "aws_api_gateway_deployment" "release" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = {
    redeployment = var.release
  }
}

resource "aws_api_gateway_deployment" "always" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = {
    redeployment = timestamp()
  }
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.partial.id
  stage_name    = "live"
}
