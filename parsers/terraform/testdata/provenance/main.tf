variable "stage" {
  type = string
}

variable "fallback" {
  type    = string
  default = "/Fallback"
}

module "cdn" {
  source = "./modules/cdn"
  origins = [
    {
      id   = "api"
      path = "/Prod"
    },
  ]
  extra = var.stage
}

resource "aws_cloudfront_distribution" "root" {
  enabled = true

  origin {
    origin_id   = "tfvars"
    domain_name = "example.com"
    origin_path = var.stage
  }

  origin {
    origin_id   = "composed"
    domain_name = "example.com"
    origin_path = "/${var.stage}"
  }

  origin {
    origin_id   = "default"
    domain_name = "example.com"
    origin_path = var.fallback
  }

  default_cache_behavior {
    target_origin_id       = "tfvars"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}
