# The working variant of tf-tam-cloudfront-module, calling the same local
# copies of terraform-aws-modules/cloudfront and the API module: quiet.

provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "../tf-tam-cloudfront-module/modules/api"
}

module "cdn" {
  source = "../tf-tam-cloudfront-module/modules/cloudfront"

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
      origin_path = "/prod"
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
      path_pattern           = "/orders"
      target_origin_id       = "api"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
    {
      path_pattern           = "/order*"
      target_origin_id       = "legacy"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
  ]
}
