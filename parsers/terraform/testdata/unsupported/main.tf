resource "aws_api_gateway_rest_api" "x" {
  name = nosuchfunction("x")
}

resource "aws_api_gateway_rest_api" "y" {
  name = try(nosuchfunction("y"), "fallback")
}

resource "aws_api_gateway_rest_api" "z" {
  name = provider::aws::arn_parse("arn:aws:s3:::b").resource
}
