locals {
  name = "my-api"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  # A name of the project where "execute-api" belongs: the host carries
  # the API's ID but does not exist.
  origin {
    origin_id   = "api-name"
    domain_name = join(".", [aws_api_gateway_rest_api.this.id, local.name, data.aws_region.current.name, "amazonaws.com"]) # want EL005:19 error "carries the ID of API"
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # Every slash removed from the invoke URL: the stage is glued to the
  # domain suffix.
  origin {
    origin_id   = "api-glued"
    domain_name = replace(replace(aws_api_gateway_stage.production.invoke_url, "https://", ""), "/", "") # want EL005:19 error "glued to it; the host does not exist"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # A fully qualified name with the root dot.
  origin {
    origin_id   = "api-dot"
    domain_name = "${aws_api_gateway_rest_api.this.id}.execute-api.eu-west-1.amazonaws.com." # want EL005:19 error "ends with a dot"
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
    origin_id   = "api-partition"
    domain_name = "${aws_api_gateway_rest_api.this.id}.execute-api.cn-north-1.amazonaws.com" # want EL005:19 error "the domain suffix of region"
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # The API's ID on a host of its own that no custom domain of the scan
  # declares.
  origin {
    origin_id   = "api-own-host"
    domain_name = "${aws_api_gateway_rest_api.this.id}.api.example.com" # want EL005:19 warning "nor a custom domain name of the scan"
    origin_path = "/production"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/orders"
    target_origin_id       = "api-glued"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/orders/*"
    target_origin_id       = "api-dot"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/cn/*"
    target_origin_id       = "api-partition"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/own/*"
    target_origin_id       = "api-own-host"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "api-name"
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
