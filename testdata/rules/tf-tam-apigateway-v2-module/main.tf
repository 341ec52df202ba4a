# A root module calling local copies of terraform-aws-modules/apigateway-v2
# (HTTP API, routes from a map, $default stage) and
# terraform-aws-modules/cloudfront, linked through the API module's outputs.

provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "./modules/apigateway-v2"

  name               = "images"
  protocol_type      = "HTTP"
  create_domain_name = false

  routes = {
    "GET /_next/{proxy+}" = {
      integration = {
        uri                    = "arn:aws:lambda:eu-west-1:123456789012:function:optimizer"
        payload_format_version = "2.0"
      }
    }
  }
}

module "cdn" {
  source = "../tf-tam-cloudfront-module/modules/cloudfront"

  origin = {
    images = {
      domain_name = trimprefix(module.api.api_endpoint, "https://")
      custom_origin_config = {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }

  default_cache_behavior = {
    target_origin_id       = "images"
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior = [
    {
      path_pattern           = "/_next/image*"
      target_origin_id       = "images"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
    {
      path_pattern           = "/images/*" # want EL004:32 "has no route matching /images/x"
      target_origin_id       = "images"
      viewer_protocol_policy = "redirect-to-https"
      cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    },
  ]
}
