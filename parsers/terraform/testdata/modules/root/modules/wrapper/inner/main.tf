variable "stage_name" {
  type = string
}

resource "aws_api_gateway_rest_api" "this" {
  name = "inner"
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = var.stage_name
}

output "invoke_url" {
  value = aws_api_gateway_stage.this.invoke_url
}
