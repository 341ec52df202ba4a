module "back" {
  source = "../"
}

resource "aws_api_gateway_rest_api" "sub" {
  name = "sub"
}
