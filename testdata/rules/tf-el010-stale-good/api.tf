variable "release" {
  type    = string
  default = "1"
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

# Triggers that cover every part of the API: whole resources, through a
# local and a for expression.
locals {
  everything = concat(local.parts, [aws_api_gateway_integration.items_get])
}

resource "aws_api_gateway_deployment" "partial" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = {
    redeployment = sha1(jsonencode([for p in local.everything : p.id]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_deployment" "ids" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = {
    redeployment = sha1(join(",", [aws_api_gateway_resource.items.id, aws_api_gateway_method.items_get.id, aws_api_gateway_integration.items_get.id]))
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
