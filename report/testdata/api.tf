resource "aws_api_gateway_rest_api" "blog" {
  name = "blog"
}

resource "aws_api_gateway_resource" "posts" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  parent_id   = aws_api_gateway_rest_api.blog.root_resource_id
  path_part   = "posts"
}

resource "aws_api_gateway_method" "posts_get" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  resource_id   = aws_api_gateway_resource.posts.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_resource" "users" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  parent_id   = aws_api_gateway_rest_api.blog.root_resource_id
  path_part   = "users"
}

resource "aws_api_gateway_method" "users_post" {
  rest_api_id      = aws_api_gateway_rest_api.blog.id
  resource_id      = aws_api_gateway_resource.users.id
  http_method      = "POST"
  authorization    = "CUSTOM"
  authorizer_id    = aws_api_gateway_authorizer.jwt.id
  api_key_required = true
}

resource "aws_api_gateway_authorizer" "jwt" {
  name            = "jwt"
  rest_api_id     = aws_api_gateway_rest_api.blog.id
  type            = "TOKEN"
  identity_source = "method.request.header.Authorization"
}

resource "aws_api_gateway_deployment" "main" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  deployment_id = aws_api_gateway_deployment.main.id
  stage_name    = "prod"
}
