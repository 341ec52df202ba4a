variable "function_name" {
  type = string
}

variable "source_arn" {
  type = string
}

resource "aws_lambda_permission" "this" {
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = var.source_arn
}
