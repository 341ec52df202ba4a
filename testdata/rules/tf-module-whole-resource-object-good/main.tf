module "site" {
  source = "./modules/site"
}

# The whole aws_s3_bucket resource goes to a variable of an object type
# naming attributes edgelint does not model (website_endpoint).
module "cdn" {
  source                 = "./modules/cdn"
  monitoring_site_bucket = module.site.bucket
  api_id                 = module.site.api_id
}
