// Package openapi reads an API Gateway API definition written as OpenAPI 3.x
// or Swagger 2.0 (an aws_api_gateway_rest_api/aws_apigatewayv2_api body, an
// AWS::ApiGateway::RestApi/AWS::ApiGatewayV2::Api Body, a SAM DefinitionBody)
// into model resources, methods and authorizers, the way API Gateway's import
// interprets it.
//
// The document arrives as a generic tree (map[string]any, []any, string,
// numbers, bool, nil) that the calling parser has already decoded and whose
// CloudFormation intrinsics it has resolved as far as it could; strings may
// hold symbolic tokens (see model.Symbols), which are treated as opaque text.
// Source positions come from the caller through a Locator keyed by the path
// of keys from the document root.
//
// A generic-tree walker is used rather than github.com/getkin/kin-openapi:
// real templates carry API Gateway extensions, CloudFormation leftovers
// (Fn::Sub maps where strings belong, a basePath that is an intrinsic) and
// mixtures of both OpenAPI versions (an "openapi: 3.0.1" document declaring
// its schemes under the Swagger key securityDefinitions, as in
// aws-samples/amazon-api-gateway-url-shortener), which API Gateway accepts
// and a strict decoder rejects or silently drops. Every piece of the tree is
// type-checked where it is read; a piece of the wrong shape is skipped with
// an info note and never stops the rest.
//
// What API Gateway does with the definition (docs.aws.amazon.com/apigateway,
// developer guide):
//   - Each path item is a resource; its get/put/post/delete/options/head/patch
//     operations are methods and x-amazon-apigateway-any-method is ANY.
//     Intermediate resources API Gateway creates implicitly (/a for /a/b) are
//     not emitted: every consumer of REST paths has to assume them anyway.
//   - Security applies per operation only: a root-level security list is
//     ignored on import (api-gateway-known-issues). An operation's security
//     requirements name schemes in components.securitySchemes (OpenAPI 3) or
//     securityDefinitions (Swagger 2); both places are searched, the
//     version's own first. A scheme {type: apiKey, name: x-api-key, in:
//     header} without x-amazon-apigateway-authtype is the API key
//     requirement (api-key-usage-plan-oas); x-amazon-apigateway-authtype
//     awsSigv4 is AWS_IAM; a scheme with x-amazon-apigateway-authorizer (or
//     authtype cognito_user_pools) is an authorizer of the type it names
//     (api-gateway-swagger-extensions-authorizer).
//   - The base path (Swagger basePath; OpenAPI 3 the first server variable
//     named basePath, else the path part of servers[0].url) is ignored
//     unless the import's basepath parameter says prepend or split
//     (api-gateway-import-api-basePath: split drops the first segment of
//     the base path and prepends the rest). HTTP APIs ignore it too by
//     default; the API Gateway v2 ImportApi/ReimportApi basepath parameter
//     (CloudFormation AWS::ApiGatewayV2::Api BasePath), documented as
//     "Valid values are ignore, prepend, and split. The default value is
//     ignore. Supported only for HTTP APIs", is honoured when the caller
//     passes it in Options.BasePath.
//   - HTTP APIs: the path item $default, or an any-method operation with
//     isDefaultRoute: true, is the $default catch-all route
//     (api-gateway-swagger-extensions-any-method).
package openapi
