variable "origins" {
  type = list(object({
    id   = string
    path = string
  }))
}

variable "extra" {
  type = string
}

variable "own" {
  type    = string
  default = "/Own"
}

resource "aws_cloudfront_distribution" "this" {
  enabled = true

  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id   = origin.value.id
      domain_name = "example.com"
      origin_path = origin.value.path
    }
  }

  origin {
    origin_id   = "extra"
    domain_name = "example.com"
    origin_path = var.extra
  }

  origin {
    origin_id   = "own"
    domain_name = "example.com"
    origin_path = var.own
  }

  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}
