variable "origins" {
  default = {
    api = { domain = "api.example.com", headers = { "X-A" = "1", "X-B" = "2" } }
    web = { domain = "web.example.com", headers = {} }
  }
}

variable "unknown_list" {
  type = list(string)
}

variable "stage" {
  type = string
}

resource "aws_cloudfront_distribution" "known" {
  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id   = origin.key
      domain_name = origin.value.domain
      dynamic "custom_header" {
        for_each = origin.value.headers
        iterator = h
        content {
          name  = h.key
          value = h.value
        }
      }
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = ["/a/*", "/b/*"]
    iterator = pat
    content {
      path_pattern     = pat.value
      target_origin_id = "api"
    }
  }

  default_cache_behavior {
    target_origin_id = "web"
  }
}

resource "aws_cloudfront_distribution" "unknown" {
  dynamic "origin" {
    for_each = var.unknown_list
    content {
      origin_id   = origin.value
      domain_name = "x.example.com"
    }
  }

  origin {
    origin_id   = "static"
    domain_name = "s.example.com"
  }

  default_cache_behavior {
    target_origin_id = "static"
  }
}

resource "aws_cloudfront_distribution" "tokencond" {
  origin {
    origin_id   = "static"
    domain_name = "s.example.com"
  }

  dynamic "ordered_cache_behavior" {
    for_each = var.stage == "prod" ? ["/p/*"] : []
    content {
      path_pattern     = ordered_cache_behavior.value
      target_origin_id = "static"
    }
  }

  default_cache_behavior {
    target_origin_id = "static"
  }
}
