# A viewer-request CloudFront Function strips the prefix the behavior
# matches before CloudFront forwards the path: edgelint runs it and sees
# the paths reach the API's resources.
resource "aws_cloudfront_function" "strip_api" {
  name    = "strip-api"
  runtime = "cloudfront-js-1.0"
  publish = true
  code    = <<-EOT
    function handler(event) {
      var request = event.request;
      request.uri = request.uri.replace(/^\/api/, '');
      if (request.uri === '') {
        request.uri = '/';
      }
      return request;
    }
  EOT
}

resource "aws_cloudfront_function" "strip_v2" {
  name    = "strip-v2"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = file("${path.module}/functions/strip-v2.js")
}

# Old links are redirected: no request reaches the API.
resource "aws_cloudfront_function" "redirect" {
  name    = "redirect-old"
  runtime = "cloudfront-js-1.0"
  code    = "function handler(event) { return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/api' + event.request.uri.substring(4) } } }; }"
}

# The path comes from a KeyValueStore, which edgelint cannot read.
resource "aws_cloudfront_function" "routes" {
  name    = "routes"
  runtime = "cloudfront-js-2.0"
  code    = <<-EOT
    import cf from 'cloudfront';
    const kvs = cf.kvs();
    async function handler(event) {
      const request = event.request;
      request.uri = await kvs.get(request.uri);
      return request;
    }
  EOT
}

# A single-page app on S3: every path becomes /index.html, which S3 serves.
resource "aws_cloudfront_function" "spa" {
  name    = "spa-index"
  runtime = "cloudfront-js-2.0"
  code    = "function handler(event) { event.request.uri = '/index.html'; return event.request; }"
}

# Only /svc/v2/ paths are stripped: the paths the code tests for are
# sampled too, and no one mapping explains them all (unknown, quiet).
resource "aws_cloudfront_function" "v2_only" {
  name    = "v2-only"
  runtime = "cloudfront-js-2.0"
  code    = <<-EOT
    function handler(event) {
      const request = event.request;
      if (request.uri.startsWith('/svc/v2/')) {
        request.uri = request.uri.substring(7);
      }
      return request;
    }
  EOT
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

  origin {
    origin_id   = "site"
    domain_name = "shop-site.s3.eu-west-1.amazonaws.com"
    s3_origin_config {
      origin_access_identity = ""
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.strip_api.arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/v2/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.strip_v2.arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/old/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = "arn:aws:cloudfront::123456789012:function/redirect-old"
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/go/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.routes.arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/svc/*"
    target_origin_id       = "shop-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.v2_only.arn
    }
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.spa.arn
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
