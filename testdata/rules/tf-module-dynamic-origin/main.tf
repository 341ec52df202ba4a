provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "./modules/api"
}

module "cdn" {
  source = "./modules/cdn"
  origins = [
    {
      id     = "api"
      domain = "${module.api.id}.execute-api.eu-west-1.amazonaws.com"
      path   = "/Prod" # want EL002:16 "stage names are case-sensitive"
    },
  ]
}
