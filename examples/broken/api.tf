# A blog API behind CloudFront, with three mistakes edgelint finds before
# deploy. Run: go run ./cmd/edgelint examples/broken

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

resource "aws_api_gateway_method" "posts_get" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  resource_id   = aws_api_gateway_resource.posts.id
  http_method   = "GET"
  authorization = "NONE"
}

# Users need a token: CloudFront must forward the Authorization header.
resource "aws_api_gateway_method" "users_get" {
  rest_api_id   = aws_api_gateway_rest_api.blog.id
  resource_id   = aws_api_gateway_resource.users.id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.token.id
}

resource "aws_api_gateway_authorizer" "token" {
  name           = "token"
  rest_api_id    = aws_api_gateway_rest_api.blog.id
  authorizer_uri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations"
}

resource "aws_api_gateway_deployment" "blog" {
  rest_api_id = aws_api_gateway_rest_api.blog.id
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.posts.id,
      aws_api_gateway_resource.users.id,
      aws_api_gateway_method.posts_get.id,
      aws_api_gateway_method.users_get.id,
    ]))
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
