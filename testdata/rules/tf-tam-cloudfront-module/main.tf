# A root module calling a local copy of terraform-aws-modules/cloudfront
# (origins and behaviors built with dynamic blocks) and a local API module.

provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "./modules/api"
}

module "cdn" {
  source = "./modules/cloudfront"

  origin = {
    api = {
      domain_name = "${module.api.id}.execute-api.eu-west-1.amazonaws.com"
      origin_path = "/${module.api.stage_name}"
      custom_origin_config = {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
    legacy = {
      domain_name = "${module.api.id}.execute-api.eu-west-1.amazonaws.com"
      origin_path = "/production" # want EL002:21 "has no such stage"
      custom_origin_config = {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }

  default_cache_behavior = {
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior = [
    {
      path_pattern           = "/orders/*"
      target_origin_id       = "api"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
    {
      path_pattern           = "/api/orders" # want EL004:32 "has no resource matching /api/orders"
      target_origin_id       = "api"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
    {
      path_pattern           = "/legacy/*"
      target_origin_id       = "legacy"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
  ]
}
