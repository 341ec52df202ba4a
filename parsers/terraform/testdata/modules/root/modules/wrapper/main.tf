module "inner" {
  source     = "./inner"
  stage_name = "live"
}

output "invoke_url" {
  value = module.inner.invoke_url
}
