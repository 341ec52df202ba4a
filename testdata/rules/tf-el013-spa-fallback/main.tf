# A single-page application and its API behind one distribution: the
# application's fallback (403/404 -> 200 /index.html) applies to the API
# behavior too.
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}

resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "users" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "GET /api/users"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.api.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled             = true
  default_root_object = "index.html"

  origin {
    origin_id   = "site"
    domain_name = aws_s3_bucket.site.bucket_regional_domain_name
    s3_origin_config {
      origin_access_identity = ""
    }
  }

  origin {
    origin_id   = "api"
    domain_name = replace(aws_apigatewayv2_api.api.api_endpoint, "https://", "")
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  custom_error_response {
    error_code         = 403
    response_code      = "200" # want EL013:26 warning "turns every 403 of the distribution into 200 with /index.html, also for behavior"
    response_page_path = "/index.html"
  }

  custom_error_response {
    error_code         = 404
    response_code      = 200 # want EL013:26 warning "turns every 404 of the distribution into 200"
    response_page_path = "/index.html"
  }

  # Near misses: the status is kept (only the page changes), and a 5xx page.
  custom_error_response {
    error_code         = 400
    response_page_path = "/400.html"
  }

  custom_error_response {
    error_code         = 503
    response_code      = "200"
    response_page_path = "/maintenance.html"
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
