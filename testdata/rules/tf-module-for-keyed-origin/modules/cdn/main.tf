variable "origins" {
  type = list(object({
    id     = string
    domain = string
    path   = string
  }))
}

resource "aws_cloudfront_distribution" "this" {
  enabled = true

  dynamic "origin" {
    for_each = { for o in var.origins : o.id => o }
    content {
      origin_id   = origin.value.id
      domain_name = origin.value.domain
      origin_path = origin.value.path

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }

  default_cache_behavior {
    target_origin_id       = var.origins[0].id
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
