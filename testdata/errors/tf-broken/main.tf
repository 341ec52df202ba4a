resource "aws_api_gateway_rest_api" "api" {
  name = "broken"

resource "aws_cloudfront_distribution" "cdn" {
