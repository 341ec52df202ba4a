# A REST API defined by its OpenAPI body: triggers must read the body.
resource "aws_api_gateway_rest_api" "api" {
  name = "notes"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "notes", version = "1" }
    paths = {
      "/notes" = {
        get = {
          x-amazon-apigateway-integration = { type = "MOCK" }
        }
      }
    }
  })
}

resource "aws_api_gateway_deployment" "stale" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = { # want EL010:14 warning "leave out the body of aws_api_gateway_rest_api.api"
    redeployment = aws_api_gateway_rest_api.api.root_resource_id
  }
}

# Near miss: the body's hash.
resource "aws_api_gateway_deployment" "current" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api.api.body)
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.current.id
  stage_name    = "live"
}
