variable "api_url" {
  type = string
}

variable "deployment" {
  type = object({
    invoke_url = string
  })
}
