# Viewer-request CloudFront Functions that send the paths somewhere the
# API has no resource: edgelint runs them and reports the rewritten path.
resource "aws_cloudfront_function" "strip_typo" {
  name    = "strip-app"
  runtime = "cloudfront-js-1.0"
  code    = <<-EOT
    function handler(event) {
      var request = event.request;
      request.uri = request.uri.replace(/^\/app/, '') || '/';
      return request;
    }
  EOT
}

resource "aws_cloudfront_function" "to_v1" {
  name    = "to-v1"
  runtime = "cloudfront-js-1.0"
  code    = file("${path.module}/functions/to-v1.js")
}

resource "aws_cloudfront_function" "index" {
  name    = "index-html"
  runtime = "cloudfront-js-2.0"
  code    = "function handler(event) { event.request.uri = '/index.html'; return event.request; }"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "shop-api"
    domain_name = "${aws_api_gateway_rest_api.shop.id}.execute-api.${var.region}.amazonaws.com"
    origin_path = "/${aws_api_gateway_stage.prod.stage_name}"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*" # want EL004:30 "(aws_cloudfront_function.strip_typo) forwards the viewer path unchanged"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.strip_typo.arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api2/*" # want EL004:30 "(aws_cloudfront_function.to_v1) rewrites the viewer path /api2/x to /v1/x"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.to_v1.arn
    }
  }

  default_cache_behavior { # want EL004:3 "(aws_cloudfront_function.index) rewrites every viewer path to /index.html"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.index.arn
    }
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
