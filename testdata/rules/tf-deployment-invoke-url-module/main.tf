module "api" {
  source = "./modules/api"
}

module "cdn" {
  source     = "./modules/cdn"
  api_url    = module.api.invoke_url
  deployment = module.api.deployment
}
