resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "regex"
    domain_name = regex("^https://([^/]+)", aws_api_gateway_deployment.api.invoke_url)[0] # want EL001:19 error "without a stage"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "trim"
    domain_name = trimsuffix(trimprefix(aws_api_gateway_deployment.api.invoke_url, "https://"), "/DEV") # want EL001:19 error "without a stage"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # The stage is in the origin path: quiet.
  origin {
    origin_id   = "with-path"
    domain_name = split("/", aws_api_gateway_deployment.api.invoke_url)[2]
    origin_path = "/${aws_api_gateway_deployment.api.stage_name}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "regex"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/api/orders*" # want EL012:30 warning "it is shadowed by behavior"
    target_origin_id       = "trim"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "with-path"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
