# An HTTP API with only a named stage: like a REST API, the stage must lead
# the forwarded path. One origin omits it, the other names it.
resource "aws_apigatewayv2_api" "http" {
  name          = "items"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "items" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /items"
}

resource "aws_apigatewayv2_stage" "live" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "live"
  auto_deploy = true
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "no-stage"
    domain_name = replace(aws_apigatewayv2_api.http.api_endpoint, "https://", "") # want EL001:19 warning "which has no $default stage, without a stage in its origin path: only viewer URLs that begin with /live/ reach the API; / and every other path get 404 Not Found"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "with-stage"
    domain_name = replace(aws_apigatewayv2_api.http.api_endpoint, "https://", "")
    origin_path = "/${aws_apigatewayv2_stage.live.name}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/items"
    target_origin_id       = "with-stage"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  default_cache_behavior {
    target_origin_id       = "no-stage"
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
