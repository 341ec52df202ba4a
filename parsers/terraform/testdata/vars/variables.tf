variable "a" { default = "default-a" }
variable "b" { default = "default-b" }
variable "c" { default = "default-c" }
variable "d" { default = "default-d" }
variable "e" { default = "default-e" }
variable "f" { default = "default-f" }

variable "n" {
  type = number
}

variable "l" {
  type = list(string)
}

variable "o" {
  type = object({
    name  = string
    stage = optional(string, "prod")
  })
  default = { name = "obj" }
}

resource "aws_cloudfront_distribution" "v" {
  aliases = [var.a, var.b, var.c, var.d, var.e, var.f, tostring(var.n + 1), join("+", var.l), var.o.name, var.o.stage]
}
