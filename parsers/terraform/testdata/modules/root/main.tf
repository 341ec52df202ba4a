provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source     = "./modules/api"
  stage_name = "prod"
}

module "cdn" {
  source = "./modules/cdn"
  origins = [
    {
      id     = "api"
      domain = "${module.api.id}.execute-api.eu-west-1.amazonaws.com"
      path   = "/${module.api.stage_name}"
    },
    {
      id     = "nested"
      domain = replace(module.nested.invoke_url, "/^https://([^/]+)/.*$/", "$1")
      path   = "/live"
    },
  ]
}

module "counted" {
  count      = 2
  source     = "./modules/api"
  name       = "counted-${count.index}"
  stage_name = "s${count.index}"
}

module "nested" {
  source = "./modules/wrapper"
}

module "registry" {
  source  = "terraform-aws-modules/apigateway-v2/aws"
  version = "1.1.0"
  name    = "reg"
}

module "missing" {
  source = "git::https://example.com/missing.git?ref=v1"
}

output "registry_endpoint" {
  value = module.registry.api_endpoint
}
