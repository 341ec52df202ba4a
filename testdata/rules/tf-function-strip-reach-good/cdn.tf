# Behavior /api/* strips /api with a viewer-request CloudFront Function:
# /api/account reaches GET /account, which needs no token; /api/orders
# reaches POST /orders, which the behavior allows; and /api/ becomes /,
# the API root, which has a method.
resource "aws_cloudfront_function" "strip_api" {
  name    = "strip-api"
  runtime = "cloudfront-js-2.0"
  code    = <<-EOT
    async function handler(event) {
      const request = event.request;
      request.uri = request.uri.replace(/^\/api(?=\/|$)/, '') || '/';
      return request;
    }
  EOT
}

# Every path becomes /index.html, which /{proxy+} serves.
resource "aws_cloudfront_function" "index" {
  name    = "index-html"
  runtime = "cloudfront-js-2.0"
  code    = "function handler(event) { event.request.uri = '/index.html'; return event.request; }"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "shop-api"
    domain_name = "${aws_api_gateway_rest_api.shop.id}.execute-api.eu-west-1.amazonaws.com"
    origin_path = "/${aws_api_gateway_stage.prod.stage_name}"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "site"
    domain_name = "www.example.com"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.strip_api.arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/app/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.index.arn
    }
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
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
