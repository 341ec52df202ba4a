variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_api_gateway_rest_api" "blog" {
  name = "blog"
}

resource "aws_api_gateway_resource" "posts" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  parent_id   = aws_api_gateway_rest_api.blog.root_resource_id
  path_part   = "posts"
}

resource "aws_api_gateway_resource" "users" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  parent_id   = aws_api_gateway_rest_api.blog.root_resource_id
  path_part   = "users"
}

resource "aws_api_gateway_resource" "favorites" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  parent_id   = aws_api_gateway_resource.users.id
  path_part   = "favorites"
}

locals {
  resources = {
    posts     = aws_api_gateway_resource.posts.id
    users     = aws_api_gateway_resource.users.id
    favorites = aws_api_gateway_resource.favorites.id
  }
}

resource "aws_api_gateway_method" "get" {
  for_each      = local.resources
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  resource_id   = each.value
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_deployment" "blog" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  triggers = {
    redeployment = sha1(jsonencode([local.resources, aws_api_gateway_method.get]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  deployment_id = aws_api_gateway_deployment.blog.id
  stage_name    = "prod"
}
