variable "monitoring_site_bucket" {
  type = object({
    id                          = string
    arn                         = string
    bucket                      = string
    website_endpoint            = string
    bucket_regional_domain_name = string
    versioning = list(object({
      enabled = bool
    }))
  })
}

variable "api_id" {
  type = string
}
