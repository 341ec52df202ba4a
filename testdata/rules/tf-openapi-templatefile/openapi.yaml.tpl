openapi: "3.0.1"
info:
  title: orders
  version: "2024-05-01"
servers:
  - url: "https://orders.example.com/{basePath}"
    variables:
      basePath:
        default: "v1"
paths:
  /orders:
    get:
      operationId: listOrders
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${orders_function_arn}/invocations"
    post:
      operationId: createOrder
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${orders_function_arn}/invocations"
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - name: orderId
          in: path
          required: true
          schema:
            type: string
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${orders_function_arn}/invocations"
