# Execute-api hosts written in the same ways as the faulty ones, but
# correct: each origin is linked to the API and nothing fires.
locals {
  name = "execute-api"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  # Joined from the API's ID, "execute-api", the region and the suffix.
  origin {
    origin_id   = "api-join"
    domain_name = join(".", [aws_api_gateway_rest_api.this.id, local.name, data.aws_region.current.name, "amazonaws.com"])
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # The host of the invoke URL, cut out by a regular expression.
  origin {
    origin_id   = "api-regex"
    domain_name = replace(aws_api_gateway_stage.production.invoke_url, "/^https?://([^/]*).*/", "$1")
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # China's regions are under amazonaws.com.cn.
  origin {
    origin_id   = "api-cn"
    domain_name = "${aws_api_gateway_rest_api.this.id}.execute-api.cn-north-1.amazonaws.com.cn"
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # Host names are case-insensitive.
  origin {
    origin_id   = "api-upper"
    domain_name = upper("${aws_api_gateway_rest_api.this.id}.execute-api.eu-west-1.amazonaws.com")
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # A bucket named after the API's ID: another service's host is not
  # judged.
  origin {
    origin_id   = "bucket"
    domain_name = "${aws_api_gateway_rest_api.this.id}-assets.s3.eu-west-1.amazonaws.com"
    s3_origin_config {
      origin_access_identity = ""
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/orders"
    target_origin_id       = "api-regex"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/orders/*"
    target_origin_id       = "api-upper"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/order?"
    target_origin_id       = "api-cn"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "bucket"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "api-join"
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
