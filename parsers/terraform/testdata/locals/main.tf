locals {
  base   = "api"
  full   = "${local.base}-${local.suffix}"
  suffix = upper("v1")
  obj    = merge({ a = 1 }, { b = local.full })
  c1     = local.c2
  c2     = "${local.c1}x"
}

resource "aws_api_gateway_rest_api" "x" {
  name = local.obj.b
}

resource "aws_api_gateway_rest_api" "y" {
  name = local.c1
}
