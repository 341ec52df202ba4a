resource "aws_cloudfront_distribution" "wide" {
  path_pattern = "/🚀/*"
}
