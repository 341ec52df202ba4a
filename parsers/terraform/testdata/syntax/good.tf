resource "aws_api_gateway_rest_api" "good" {
  name = "good"
}
