package estate

import (
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
)

func hclList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// policyStyle is how the behaviors of one origin forward requests.
type policyStyle int

const (
	styleCachingDisabled policyStyle = iota // managed CachingDisabled, nothing forwarded
	styleAllViewer                          // + AllViewerExceptHostHeader (Authorization reaches the API)
	styleCORS                               // + CORS-CustomOrigin
	styleLegacy                             // forwarded_values
	styleStatic                             // CachingOptimized (S3 and other origins)
)

func apiStyle(r *rand.Rand, a *api) policyStyle {
	if a.authorized {
		if a.forwardAuth {
			return styleAllViewer
		}
		return styleCachingDisabled
	}
	return []policyStyle{styleCachingDisabled, styleAllViewer, styleAllViewer, styleCORS, styleLegacy}[r.IntN(5)]
}

// tfUnit holds what one Terraform unit's writers share.
type tfUnit struct {
	g      *gen
	u      *unit
	r      *rand.Rand
	dir    string
	region string
	apis   []*api
	ids    []string // Terraform names of the APIs
	styles []policyStyle

	// cdnFile is the distribution's file; hostSeeded is set once the
	// behavior seeded to forward Host (EL007) is written.
	cdnFile    string
	hostSeeded bool
}

func (g *gen) writeTFFlat(u *unit, r *rand.Rand) {
	tu := &tfUnit{g: g, u: u, r: r, dir: u.dir(), region: regions[r.IntN(len(regions))]}
	used := map[string]bool{}
	nAPI := 1
	if k := r.IntN(100); k < 12 {
		nAPI = 2
	} else if k < 15 {
		nAPI = 3
	}
	for i := 0; i < nAPI; i++ {
		kind := restAPI
		if u.shape == shapeTFHTTP {
			kind = httpAPI
		}
		large := kind == restAPI && r.IntN(40) == 0
		a := newAPI(r, kind, large, used)
		if i == 0 && u.fault == "EL001" && kind == httpAPI {
			a.stage = stages[r.IntN(len(stages))]
		}
		tu.apis = append(tu.apis, a)
		id := "api"
		if i > 0 {
			id = fmt.Sprintf("api_%d", i+1)
		}
		if kind == httpAPI {
			id = strings.Replace(id, "api", "http", 1)
		}
		tu.ids = append(tu.ids, id)
	}
	d, styles := wireAPIs(r, tu.apis, used, u, u.shape == shapeTFRest)
	tu.styles = styles
	tu.writeProviders()
	tu.writeVariables()
	api := &text{}
	api.l("# API Gateway for %s (%s team).", u.name, u.team)
	for i, a := range tu.apis {
		api.l("")
		fault := ""
		if i == 0 {
			fault = u.fault
		}
		switch {
		case a.kind == httpAPI:
			tu.httpAPI(api, a, tu.ids[i])
		case u.shape == shapeTFOpenAPI:
			tu.openAPI(api, a, tu.ids[i], i == 0, fault)
		default:
			tu.restAPI(api, path.Join(tu.dir, "api.tf"), a, tu.ids[i], i == 0, fault)
		}
	}
	g.write(path.Join(tu.dir, "api.tf"), api)
	tu.writeLambda()
	tu.writeCDN(d)
	tu.writeOutputs()
	if r.IntN(3) == 0 {
		tfv := &text{}
		tfv.l(`environment = "prod"`)
		tfv.l(`region      = %q`, tu.region)
		g.write(path.Join(tu.dir, "terraform.tfvars"), tfv)
	}
}

func (tu *tfUnit) writeProviders() {
	t := &text{}
	t.l(`terraform {`)
	t.l(`  required_version = ">= 1.5.0"`)
	t.l(``)
	t.l(`  required_providers {`)
	t.l(`    aws = {`)
	t.l(`      source  = "hashicorp/aws"`)
	t.l(`      version = "~> 5.%d"`, 30+tu.r.IntN(60))
	t.l(`    }`)
	t.l(`  }`)
	t.l(``)
	t.l(`  backend "s3" {`)
	t.l(`    bucket         = "tfstate-%s-%d"`, tu.u.team, tu.r.IntN(1000))
	t.l(`    key            = "%s/terraform.tfstate"`, tu.u.name)
	t.l(`    region         = "us-east-1"`)
	t.l(`    dynamodb_table = "terraform-locks"`)
	t.l(`  }`)
	t.l(`}`)
	t.l(``)
	t.l(`provider "aws" {`)
	t.l(`  region = var.region`)
	t.l(``)
	t.l(`  default_tags {`)
	t.l(`    tags = local.tags`)
	t.l(`  }`)
	t.l(`}`)
	t.l(``)
	t.l(`provider "aws" {`)
	t.l(`  alias  = "us_east_1"`)
	t.l(`  region = "us-east-1"`)
	t.l(`}`)
	tu.g.write(path.Join(tu.dir, "providers.tf"), t)
}

func (tu *tfUnit) writeVariables() {
	t := &text{}
	t.l(`variable "region" {`)
	t.l(`  description = "AWS region of the regional resources."`)
	t.l(`  type        = string`)
	t.l(`  default     = %q`, tu.region)
	t.l(`}`)
	t.l(``)
	t.l(`variable "environment" {`)
	t.l(`  type    = string`)
	t.l(`  default = "prod"`)
	t.l(`}`)
	if len(tu.apis) > 0 {
		t.l(``)
		t.l(`variable "stage_name" {`)
		t.l(`  description = "Stage of the API that CloudFront forwards to."`)
		t.l(`  type        = string`)
		t.l(`  default     = %q`, tu.apis[0].stage)
		t.l(`}`)
	}
	t.l(``)
	t.l(`variable "log_retention_days" {`)
	t.l(`  type    = number`)
	t.l(`  default = %d`, []int{7, 14, 30, 90}[tu.r.IntN(4)])
	t.l(`}`)
	t.l(``)
	t.l(`locals {`)
	t.l(`  name = "%s-${var.environment}"`, tu.u.name)
	t.l(`  tags = {`)
	t.l(`    team        = %q`, tu.u.team)
	t.l(`    service     = %q`, tu.u.name)
	t.l(`    environment = var.environment`)
	t.l(`    managed_by  = "terraform"`)
	t.l(`  }`)
	t.l(`}`)
	tu.g.write(path.Join(tu.dir, "variables.tf"), t)
}

// stageExpr is how the unit's first API names its stage.
func (tu *tfUnit) stageExpr(first bool, a *api) string {
	if first {
		return "var.stage_name"
	}
	return fmt.Sprintf("%q", a.stage)
}

// restAPI writes a REST API with explicit resources, methods and
// integrations, and (unless EL006 is seeded) its deployment and stage.
func (tu *tfUnit) restAPI(t *text, file string, a *api, id string, first bool, fault string) {
	g, u, r := tu.g, tu.u, tu.r
	if fault == "EL006" {
		g.fault(u, "EL006", file, t.next(), "REST API with methods but no deployment or stage")
	}
	t.l(`resource "aws_api_gateway_rest_api" %q {`, id)
	t.l(`  name        = %q`, a.name)
	t.l(`  description = "%s API (%d resources)"`, a.name, a.resourceCount())
	t.l(``)
	t.l(`  endpoint_configuration {`)
	if fault == "EL014" {
		g.fault(u, "EL014", file, t.next(), "PRIVATE REST API behind the distribution")
		t.l(`    types            = ["PRIVATE"]`)
		t.l(`    vpc_endpoint_ids = [var.vpc_endpoint_id]`)
	} else {
		t.l(`    types = ["REGIONAL"]`)
	}
	t.l(`  }`)
	t.l(`}`)
	if fault == "EL014" {
		t.l(``)
		t.l(`variable "vpc_endpoint_id" {`)
		t.l(`  type    = string`)
		t.l(`  default = "vpce-0123456789abcdef0"`)
		t.l(`}`)
	}
	if a.authorized {
		t.l(``)
		t.l(`resource "aws_api_gateway_authorizer" %q {`, id)
		t.l(`  name            = "%s-token"`, a.name)
		t.l(`  rest_api_id     = aws_api_gateway_rest_api.%s.id`, id)
		t.l(`  type            = "TOKEN"`)
		t.l(`  authorizer_uri  = aws_lambda_function.%s_handler.invoke_arn`, id)
		t.l(`  identity_source = "method.request.header.Authorization"`)
		t.l(`}`)
	}
	var deps []string
	for i, n := range a.nodes {
		rn := fmt.Sprintf("%s_r%d", id, i)
		parent := fmt.Sprintf("aws_api_gateway_rest_api.%s.root_resource_id", id)
		if n.parent >= 0 {
			parent = fmt.Sprintf("aws_api_gateway_resource.%s_r%d.id", id, n.parent)
		}
		t.l(``)
		t.l(`resource "aws_api_gateway_resource" %q {`, rn)
		t.l(`  rest_api_id = aws_api_gateway_rest_api.%s.id`, id)
		t.l(`  parent_id   = %s`, parent)
		t.l(`  path_part   = %q`, n.part)
		t.l(`}`)
		deps = append(deps, "aws_api_gateway_resource."+rn+".id")
		for mi, m := range n.methods {
			mn := rn + "_" + strings.ToLower(m)
			t.l(``)
			t.l(`resource "aws_api_gateway_method" %q {`, mn)
			t.l(`  rest_api_id   = aws_api_gateway_rest_api.%s.id`, id)
			t.l(`  resource_id   = aws_api_gateway_resource.%s.id`, rn)
			t.l(`  http_method   = %q`, m)
			if mi == 0 && n.auth {
				if fault == "EL003" {
					g.fault(u, "EL003", file, t.next(), "CUSTOM authorizer on "+m+" "+n.path+"; the behaviors do not forward Authorization")
				}
				t.l(`  authorization = "CUSTOM"`)
				t.l(`  authorizer_id = aws_api_gateway_authorizer.%s.id`, id)
			} else {
				t.l(`  authorization = "NONE"`)
			}
			if strings.HasPrefix(n.part, "{") {
				t.l(``)
				t.l(`  request_parameters = {`)
				t.l(`    "method.request.path.%s" = true`, strings.Trim(n.part, "{}+"))
				t.l(`  }`)
			}
			t.l(`}`)
			t.l(``)
			t.l(`resource "aws_api_gateway_integration" %q {`, mn)
			t.l(`  rest_api_id             = aws_api_gateway_rest_api.%s.id`, id)
			t.l(`  resource_id             = aws_api_gateway_resource.%s.id`, rn)
			t.l(`  http_method             = aws_api_gateway_method.%s.http_method`, mn)
			if r.IntN(8) == 0 {
				t.l(`  type                    = "MOCK"`)
				t.l(`  request_templates = {`)
				t.l(`    "application/json" = jsonencode({ statusCode = 200 })`)
				t.l(`  }`)
			} else {
				t.l(`  integration_http_method = "POST"`)
				t.l(`  type                    = "AWS_PROXY"`)
				t.l(`  uri                     = aws_lambda_function.%s_handler.invoke_arn`, id)
			}
			t.l(`}`)
			deps = append(deps, "aws_api_gateway_method."+mn+".id", "aws_api_gateway_integration."+mn+".id")
		}
	}
	if fault == "EL006" {
		return
	}
	stale := ""
	if fault == "EL010" {
		// The triggers leave out one method and its integration: a change
		// to them does not redeploy the API.
		var ms []string
		for _, d := range deps {
			if strings.HasPrefix(d, "aws_api_gateway_method.") {
				ms = append(ms, strings.TrimSuffix(strings.TrimPrefix(d, "aws_api_gateway_method."), ".id"))
			}
		}
		mn := ms[r.IntN(len(ms))]
		kept := deps[:0:0]
		for _, d := range deps {
			if d != "aws_api_gateway_method."+mn+".id" && d != "aws_api_gateway_integration."+mn+".id" {
				kept = append(kept, d)
			}
		}
		deps = kept
		stale = "deployment triggers leave out method and integration " + mn
	}
	redeploy := []string{`    redeployment = sha1(jsonencode([`}
	for _, d := range deps {
		redeploy = append(redeploy, `      `+d+`,`)
	}
	redeploy = append(redeploy, `    ]))`)
	tu.deploymentAndStage(t, file, a, id, first, redeploy, r.IntN(2) == 0, stale)
	if r.IntN(3) == 0 {
		t.l(``)
		t.l(`resource "aws_api_gateway_method_settings" %q {`, id)
		t.l(`  rest_api_id = aws_api_gateway_rest_api.%s.id`, id)
		t.l(`  stage_name  = aws_api_gateway_stage.%s.stage_name`, id)
		t.l(`  method_path = "*/*"`)
		t.l(``)
		t.l(`  settings {`)
		t.l(`    metrics_enabled        = true`)
		t.l(`    throttling_rate_limit  = %d`, 100*(1+r.IntN(50)))
		t.l(`    throttling_burst_limit = %d`, 50*(1+r.IntN(50)))
		t.l(`  }`)
		t.l(`}`)
	}
}

// openAPI writes a REST API defined by an OpenAPI body.
func (tu *tfUnit) openAPI(t *text, a *api, id string, first bool, fault string) {
	g, u := tu.g, tu.u
	if fault == "EL006" {
		g.fault(u, "EL006", path.Join(tu.dir, "api.tf"), t.next(), "REST API (OpenAPI body) with no deployment or stage")
	}
	t.l(`resource "aws_api_gateway_rest_api" %q {`, id)
	t.l(`  name = %q`, a.name)
	t.l(``)
	t.l(`  body = jsonencode({`)
	t.l(`    openapi = "3.0.1"`)
	t.l(`    info = {`)
	t.l(`      title   = %q`, a.name)
	t.l(`      version = "1.%d.0"`, tu.r.IntN(20))
	t.l(`    }`)
	t.l(`    paths = {`)
	for _, ni := range a.methodNodes() {
		n := a.nodes[ni]
		t.l(`      %q = {`, n.path)
		for _, m := range n.methods {
			op := strings.ToLower(m)
			if m == "ANY" {
				op = `"x-amazon-apigateway-any-method"`
			}
			t.l(`        %s = {`, op)
			if strings.HasPrefix(n.part, "{") {
				t.l(`          parameters = [{ name = %q, in = "path", required = true, schema = { type = "string" } }]`, strings.Trim(n.part, "{}+"))
			}
			t.l(`          "x-amazon-apigateway-integration" = {`)
			t.l(`            type                 = "AWS_PROXY"`)
			t.l(`            httpMethod           = "POST"`)
			t.l(`            payloadFormatVersion = "1.0"`)
			t.l(`            uri                  = aws_lambda_function.%s_handler.invoke_arn`, id)
			t.l(`          }`)
			t.l(`        }`)
		}
		t.l(`      }`)
	}
	t.l(`    }`)
	t.l(`  })`)
	t.l(``)
	t.l(`  endpoint_configuration {`)
	t.l(`    types = ["REGIONAL"]`)
	t.l(`  }`)
	t.l(`}`)
	if fault == "EL006" {
		return
	}
	tu.deploymentAndStage(t, path.Join(tu.dir, "api.tf"), a, id, first, []string{`    redeployment = sha1(aws_api_gateway_rest_api.` + id + `.body)`}, false, "")
}

// deploymentAndStage writes the deployment of REST API id, redeployed when
// the triggers' lines (redeploy) change, and its stage, with X-Ray tracing
// when xray is set.
func (tu *tfUnit) deploymentAndStage(t *text, file string, a *api, id string, first bool, redeploy []string, xray bool, stale string) {
	t.l(``)
	t.l(`resource "aws_api_gateway_deployment" %q {`, id)
	t.l(`  rest_api_id = aws_api_gateway_rest_api.%s.id`, id)
	t.l(``)
	if stale != "" {
		tu.g.fault(tu.u, "EL010", file, t.next(), stale)
	}
	t.l(`  triggers = {`)
	for _, line := range redeploy {
		t.l(`%s`, line)
	}
	t.l(`  }`)
	t.l(``)
	t.l(`  lifecycle {`)
	t.l(`    create_before_destroy = true`)
	t.l(`  }`)
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_api_gateway_stage" %q {`, id)
	t.l(`  rest_api_id   = aws_api_gateway_rest_api.%s.id`, id)
	t.l(`  deployment_id = aws_api_gateway_deployment.%s.id`, id)
	t.l(`  stage_name    = %s`, tu.stageExpr(first, a))
	if xray {
		t.l(``)
		t.l(`  xray_tracing_enabled = true`)
	}
	t.l(`}`)
}

// httpAPI writes an HTTP API with one route per method.
func (tu *tfUnit) httpAPI(t *text, a *api, id string) {
	t.l(`resource "aws_apigatewayv2_api" %q {`, id)
	t.l(`  name          = %q`, a.name)
	t.l(`  protocol_type = "HTTP"`)
	if tu.r.IntN(2) == 0 {
		t.l(``)
		t.l(`  cors_configuration {`)
		t.l(`    allow_origins = ["https://%s.example.com"]`, tu.u.name)
		t.l(`    allow_methods = ["GET", "POST", "PUT", "DELETE"]`)
		t.l(`  }`)
	}
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_apigatewayv2_integration" %q {`, id)
	t.l(`  api_id                 = aws_apigatewayv2_api.%s.id`, id)
	t.l(`  integration_type       = "AWS_PROXY"`)
	t.l(`  integration_uri        = aws_lambda_function.%s_handler.invoke_arn`, id)
	t.l(`  payload_format_version = "2.0"`)
	t.l(`}`)
	for _, ni := range a.methodNodes() {
		n := a.nodes[ni]
		for _, m := range n.methods {
			t.l(``)
			t.l(`resource "aws_apigatewayv2_route" "%s_r%d_%s" {`, id, ni, strings.ToLower(m))
			t.l(`  api_id    = aws_apigatewayv2_api.%s.id`, id)
			t.l(`  route_key = "%s %s"`, m, n.path)
			t.l(`  target    = "integrations/${aws_apigatewayv2_integration.%s.id}"`, id)
			t.l(`}`)
		}
	}
	t.l(``)
	t.l(`resource "aws_apigatewayv2_stage" %q {`, id)
	t.l(`  api_id      = aws_apigatewayv2_api.%s.id`, id)
	t.l(`  name        = %q`, a.stage)
	t.l(`  auto_deploy = true`)
	t.l(`}`)
}

func (tu *tfUnit) writeLambda() {
	t := &text{}
	t.l(`data "aws_iam_policy_document" "lambda_assume" {`)
	t.l(`  statement {`)
	t.l(`    actions = ["sts:AssumeRole"]`)
	t.l(`    principals {`)
	t.l(`      type        = "Service"`)
	t.l(`      identifiers = ["lambda.amazonaws.com"]`)
	t.l(`    }`)
	t.l(`  }`)
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_iam_role" "lambda" {`)
	t.l(`  name               = "${local.name}-lambda"`)
	t.l(`  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json`)
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_iam_role_policy_attachment" "lambda_logs" {`)
	t.l(`  role       = aws_iam_role.lambda.name`)
	t.l(`  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"`)
	t.l(`}`)
	for i, id := range tu.ids {
		t.l(``)
		t.l(`resource "aws_lambda_function" "%s_handler" {`, id)
		t.l(`  function_name = "${local.name}-%s"`, id)
		t.l(`  role          = aws_iam_role.lambda.arn`)
		t.l(`  runtime       = %q`, []string{"nodejs20.x", "python3.12", "java21", "provided.al2023"}[tu.r.IntN(4)])
		t.l(`  handler       = "index.handler"`)
		t.l(`  s3_bucket     = "artifacts-%s"`, tu.u.team)
		t.l(`  s3_key        = "%s/%s-%d.zip"`, tu.u.name, id, tu.r.IntN(10000))
		t.l(`  memory_size   = %d`, []int{128, 256, 512, 1024}[tu.r.IntN(4)])
		t.l(`  timeout       = %d`, 3+tu.r.IntN(27))
		t.l(``)
		t.l(`  environment {`)
		t.l(`    variables = {`)
		t.l(`      TABLE_NAME = "${local.name}-%d"`, i)
		t.l(`      LOG_LEVEL  = "info"`)
		t.l(`    }`)
		t.l(`  }`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_lambda_permission" "%s_invoke" {`, id)
		t.l(`  statement_id  = "AllowAPIGatewayInvoke"`)
		t.l(`  action        = "lambda:InvokeFunction"`)
		t.l(`  function_name = aws_lambda_function.%s_handler.function_name`, id)
		t.l(`  principal     = "apigateway.amazonaws.com"`)
		if tu.apis[i].kind == httpAPI {
			t.l(`  source_arn    = "${aws_apigatewayv2_api.%s.execution_arn}/*/*"`, id)
		} else {
			t.l(`  source_arn    = "${aws_api_gateway_rest_api.%s.execution_arn}/*/*"`, id)
		}
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_cloudwatch_log_group" "%s_handler" {`, id)
		t.l(`  name              = "/aws/lambda/${aws_lambda_function.%s_handler.function_name}"`, id)
		t.l(`  retention_in_days = var.log_retention_days`)
		t.l(`}`)
	}
	tu.g.write(path.Join(tu.dir, "lambda.tf"), t)
}

// apiDomain is the origin domain of API i (seeded EL005 misspells it).
func (tu *tfUnit) apiDomain(i int, fault string) (expr, what string) {
	a, id := tu.apis[i], tu.ids[i]
	if fault == "EL005" {
		switch tu.r.IntN(3) {
		case 0:
			return fmt.Sprintf(`"${aws_%s.%s.id}.excute-api.${var.region}.amazonaws.com"`, apiType(a), id), "execute-api misspelled excute-api"
		case 1:
			return fmt.Sprintf(`"${aws_%s.%s.id}.execute-api.${var.region}.amazonaws.con"`, apiType(a), id), "amazonaws.com misspelled amazonaws.con"
		default:
			return fmt.Sprintf(`"${aws_%s.%s.id}.execute-api.eu-wset-1.amazonaws.com"`, apiType(a), id), "region misspelled eu-wset-1"
		}
	}
	if a.kind == httpAPI {
		if tu.r.IntN(2) == 0 {
			return fmt.Sprintf(`replace(aws_apigatewayv2_api.%s.api_endpoint, "https://", "")`, id), ""
		}
		return fmt.Sprintf(`trimprefix(aws_apigatewayv2_api.%s.api_endpoint, "https://")`, id), ""
	}
	switch k := tu.r.IntN(4); {
	case k == 0 && fault != "EL006":
		return fmt.Sprintf(`replace(aws_api_gateway_stage.%s.invoke_url, "/^https?://([^/]*).*/", "$1")`, id), ""
	case k == 1:
		return fmt.Sprintf(`"${aws_api_gateway_rest_api.%s.id}.execute-api.%s.amazonaws.com"`, id, tu.region), ""
	}
	return fmt.Sprintf(`"${aws_api_gateway_rest_api.%s.id}.execute-api.${var.region}.amazonaws.com"`, id), ""
}

func apiType(a *api) string {
	if a.kind == httpAPI {
		return "apigatewayv2_api"
	}
	return "api_gateway_rest_api"
}

// originPath is the origin path of API i, "" for none.
func (tu *tfUnit) originPath(i int, fault string) (string, string) {
	a, id := tu.apis[i], tu.ids[i]
	switch fault {
	case "EL001":
		return "", "origin path missing: no stage in the forwarded path"
	case "EL002":
		w := wrongStage(a.stage)
		return fmt.Sprintf("%q", "/"+w), "origin path /" + w + " is not stage " + a.stage
	case "EL006":
		return fmt.Sprintf("%q", "/"+a.stage), ""
	}
	if a.kind == httpAPI {
		if a.stage == "$default" {
			return "", ""
		}
		return fmt.Sprintf(`"/${aws_apigatewayv2_stage.%s.name}"`, id), ""
	}
	if tu.r.IntN(3) == 0 {
		return fmt.Sprintf("%q", "/"+a.stage), ""
	}
	return fmt.Sprintf(`"/${aws_api_gateway_stage.%s.stage_name}"`, id), ""
}

// wrongStage misspells a stage name the way people do: another case of
// its first letter.
func wrongStage(s string) string {
	if up := strings.ToUpper(s[:1]) + s[1:]; up != s {
		return up
	}
	if low := strings.ToLower(s[:1]) + s[1:]; low != s {
		return low
	}
	return s + "-stage"
}

func (tu *tfUnit) writeCDN(d *dist) {
	g, u, r := tu.g, tu.u, tu.r
	file := path.Join(tu.dir, "cdn.tf")
	t := &text{}
	hasS3 := false
	for _, o := range d.origins {
		if o.kind == originS3 {
			hasS3 = true
		}
	}
	if hasS3 {
		t.l(`resource "aws_s3_bucket" "static" {`)
		t.l(`  bucket = "${local.name}-static-%d"`, r.IntN(100000))
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_s3_bucket_public_access_block" "static" {`)
		t.l(`  bucket                  = aws_s3_bucket.static.id`)
		t.l(`  block_public_acls       = true`)
		t.l(`  block_public_policy     = true`)
		t.l(`  ignore_public_acls      = true`)
		t.l(`  restrict_public_buckets = true`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_cloudfront_origin_access_control" "static" {`)
		t.l(`  name                              = "${local.name}-static"`)
		t.l(`  origin_access_control_origin_type = "s3"`)
		t.l(`  signing_behavior                  = "always"`)
		t.l(`  signing_protocol                  = "sigv4"`)
		t.l(`}`)
		t.l(``)
	}
	t.l(`resource "aws_cloudfront_distribution" "cdn" {`)
	t.l(`  enabled         = true`)
	t.l(`  is_ipv6_enabled = true`)
	t.l(`  comment         = "%s (%s)"`, u.name, u.team)
	t.l(`  price_class     = %q`, []string{"PriceClass_100", "PriceClass_200", "PriceClass_All"}[r.IntN(3)])
	tu.cdnFile = file
	for _, o := range d.origins {
		t.l(``)
		t.l(`  origin {`)
		t.l(`    origin_id   = %q`, o.id)
		switch o.kind {
		case originAPI:
			fault := ""
			if o.api == 0 {
				fault = u.fault
			}
			dom, what := tu.apiDomain(o.api, fault)
			op, opWhat := tu.originPath(o.api, fault)
			switch fault {
			case "EL005":
				g.fault(u, "EL005", file, t.next(), what)
			case "EL001":
				g.fault(u, "EL001", file, t.next(), opWhat)
			}
			t.l(`    domain_name = %s`, dom)
			if op != "" {
				if fault == "EL002" {
					g.fault(u, "EL002", file, t.next(), opWhat)
				}
				t.l(`    origin_path = %s`, op)
			}
			t.l(``)
			t.l(`    custom_origin_config {`)
			t.l(`      http_port              = 80`)
			t.l(`      https_port             = 443`)
			if fault == "EL009" {
				g.fault(u, "EL009", file, t.next(), "API origin with origin protocol policy http-only")
				t.l(`      origin_protocol_policy = "http-only"`)
			} else {
				t.l(`      origin_protocol_policy = "https-only"`)
			}
			t.l(`      origin_ssl_protocols   = ["TLSv1.2"]`)
			t.l(`    }`)
		case originS3:
			t.l(`    domain_name = aws_s3_bucket.static.bucket_regional_domain_name`)
			if o.id != "s3-"+fmt.Sprint(len(tu.apis)) {
				t.l(`    origin_path = "/%s"`, o.id)
			}
			t.l(`    origin_access_control_id = aws_cloudfront_origin_access_control.static.id`)
		default:
			t.l(`    domain_name = %q`, o.host)
			t.l(``)
			t.l(`    custom_origin_config {`)
			t.l(`      http_port              = 80`)
			t.l(`      https_port             = 443`)
			t.l(`      origin_protocol_policy = "https-only"`)
			t.l(`      origin_ssl_protocols   = ["TLSv1.2"]`)
			t.l(`    }`)
		}
		t.l(`  }`)
	}
	for _, b := range d.behaviors {
		t.l(``)
		t.l(`  ordered_cache_behavior {`)
		if b.fault {
			g.fault(u, "EL004", file, t.next(), "behavior "+b.pattern+" reaches no resource")
		}
		if b.shadowed != "" {
			g.fault(u, "EL012", file, t.next(), b.shadowed)
		}
		t.l(`    path_pattern           = %q`, b.pattern)
		tu.behaviorBody(t, d, b.origin, b.methods, b.blocked)
		t.l(`  }`)
	}
	t.l(``)
	if d.rootless != "" {
		g.fault(u, "EL011", file, t.next(), d.rootless)
	}
	t.l(`  default_cache_behavior {`)
	methods := []string{"GET", "HEAD"}
	if d.origins[d.def].kind == originAPI {
		methods = allMethods
	}
	tu.behaviorBody(t, d, d.def, methods, "")
	t.l(`  }`)
	if u.fault == "EL013" {
		// A single-page application's fallback on a distribution with API
		// behaviors.
		t.l(``)
		t.l(`  custom_error_response {`)
		t.l(`    error_code         = 404`)
		g.fault(u, "EL013", file, t.next(), "custom error response turns the APIs' 404 into 200")
		t.l(`    response_code      = "200"`)
		t.l(`    response_page_path = "/index.html"`)
		t.l(`  }`)
	}
	t.l(``)
	t.l(`  restrictions {`)
	t.l(`    geo_restriction {`)
	t.l(`      restriction_type = "none"`)
	t.l(`    }`)
	t.l(`  }`)
	t.l(``)
	t.l(`  viewer_certificate {`)
	t.l(`    cloudfront_default_certificate = true`)
	t.l(`  }`)
	t.l(`}`)
	g.write(file, t)
}

func (tu *tfUnit) behaviorBody(t *text, d *dist, oi int, methods []string, blocked string) {
	o := d.origins[oi]
	style := styleStatic
	if o.kind == originAPI {
		style = tu.styles[o.api]
	}
	// The first behavior of the first API's origin forwards Host when
	// the unit's fault is EL007.
	host := tu.u.fault == "EL007" && !tu.hostSeeded && o.kind == originAPI && o.api == 0
	if host {
		tu.hostSeeded = true
	}
	t.l(`    target_origin_id       = %q`, o.id)
	t.l(`    viewer_protocol_policy = "redirect-to-https"`)
	if blocked != "" {
		tu.g.fault(tu.u, "EL008", tu.cdnFile, t.next(), blocked)
	}
	t.l(`    allowed_methods        = %s`, hclList(methods))
	t.l(`    cached_methods         = ["GET", "HEAD"]`)
	t.l(`    compress               = true`)
	switch style {
	case styleLegacy:
		t.l(``)
		t.l(`    forwarded_values {`)
		t.l(`      query_string = true`)
		if host {
			tu.g.fault(tu.u, "EL007", tu.cdnFile, t.next(), "legacy forwarded values forward Host to the API")
			t.l(`      headers      = ["Accept", "Host"]`)
		} else {
			t.l(`      headers      = ["Accept", "Origin"]`)
		}
		t.l(``)
		t.l(`      cookies {`)
		t.l(`        forward = "none"`)
		t.l(`      }`)
		t.l(`    }`)
		t.l(``)
		t.l(`    min_ttl     = 0`)
		t.l(`    default_ttl = 0`)
		t.l(`    max_ttl     = 0`)
	case styleStatic:
		t.l(`    cache_policy_id        = %q`, cachingOptimized)
	default:
		t.l(`    cache_policy_id        = %q`, cachingDisabled)
		switch {
		case host:
			tu.g.fault(tu.u, "EL007", tu.cdnFile, t.next(), "managed AllViewer origin request policy forwards Host to the API")
			t.l(`    origin_request_policy_id = %q`, allViewer)
		case style == styleAllViewer:
			t.l(`    origin_request_policy_id = %q`, allViewerNoHost)
		case style == styleCORS:
			t.l(`    origin_request_policy_id = %q`, corsCustomOrigin)
		}
	}
}

func (tu *tfUnit) writeOutputs() {
	t := &text{}
	t.l(`output "distribution_domain_name" {`)
	t.l(`  value = aws_cloudfront_distribution.cdn.domain_name`)
	t.l(`}`)
	for i, id := range tu.ids {
		t.l(``)
		t.l(`output "%s_id" {`, id)
		if tu.apis[i].kind == httpAPI {
			t.l(`  value = aws_apigatewayv2_api.%s.id`, id)
		} else {
			t.l(`  value = aws_api_gateway_rest_api.%s.id`, id)
		}
		t.l(`}`)
	}
	tu.g.write(path.Join(tu.dir, "outputs.tf"), t)
}

// writeTFModules writes a root module that calls ./modules/api and the
// shared CloudFront module, whose ordered behaviors are a dynamic block
// over the list the root passes in.
func (g *gen) writeTFModules(u *unit, r *rand.Rand) {
	tu := &tfUnit{g: g, u: u, r: r, dir: u.dir(), region: regions[r.IntN(len(regions))]}
	used := map[string]bool{}
	a := newAPI(r, restAPI, r.IntN(30) == 0, used)
	tu.apis, tu.ids = []*api{a}, []string{"this"}
	full := newDist(r, tu.apis, used, u.fault == "EL004")
	d := &dist{origins: full.origins[:1], def: 0}
	for _, b := range full.behaviors {
		if b.origin == 0 {
			d.behaviors = append(d.behaviors, b)
		}
	}
	defaultToAPI := r.IntN(2) == 0
	if !defaultToAPI {
		// The static origin of the shared module.
		d.origins = append(d.origins, origin{id: "static", kind: originS3})
		d.def = 1
	}
	setAuth(r, tu.apis, 0, d, u.fault == "EL003")
	modDir := path.Join(tu.dir, "modules", "api")
	t := &text{}
	t.l(`# %s: REST API and its CloudFront distribution.`, u.name)
	t.l(``)
	t.l(`terraform {`)
	t.l(`  required_version = ">= 1.5.0"`)
	t.l(``)
	t.l(`  required_providers {`)
	t.l(`    aws = {`)
	t.l(`      source  = "hashicorp/aws"`)
	t.l(`      version = "~> 5.0"`)
	t.l(`    }`)
	t.l(`  }`)
	t.l(`}`)
	t.l(``)
	t.l(`provider "aws" {`)
	t.l(`  region = var.region`)
	t.l(`}`)
	t.l(``)
	t.l(`module "api" {`)
	t.l(`  source = "./modules/api"`)
	t.l(``)
	t.l(`  name       = %q`, a.name)
	t.l(`  stage_name = var.stage_name`)
	t.l(`  handler    = aws_lambda_function.handler.invoke_arn`)
	t.l(`}`)
	t.l(``)
	t.l(`module "cdn" {`)
	rel := strings.Repeat("../", strings.Count(tu.dir, "/")+1) + cdnModuleDir
	t.l(`  source = %q`, rel)
	t.l(``)
	t.l(`  name                   = %q`, u.name)
	switch u.fault {
	case "EL005":
		g.fault(u, "EL005", path.Join(tu.dir, "main.tf"), t.next(), "execute-api misspelled excute-api (module argument)")
		t.l(`  api_domain             = "${module.api.rest_api_id}.excute-api.${var.region}.amazonaws.com"`)
	default:
		t.l(`  api_domain             = "${module.api.rest_api_id}.execute-api.${var.region}.amazonaws.com"`)
	}
	if u.fault == "EL002" {
		w := wrongStage(a.stage)
		g.fault(u, "EL002", path.Join(tu.dir, "main.tf"), t.next(), "origin path /"+w+" is not stage "+a.stage+" (module argument)")
		t.l(`  api_origin_path        = "/%s"`, w)
	} else {
		t.l(`  api_origin_path        = "/${module.api.stage_name}"`)
	}
	t.l(`  static_domain          = aws_s3_bucket.static.bucket_regional_domain_name`)
	t.l(`  default_to_api         = %v`, defaultToAPI)
	fwd := a.forwardAuth || (!a.authorized && r.IntN(2) == 0)
	t.l(`  forward_viewer_headers = %v`, fwd)
	t.l(``)
	t.l(`  behaviors = [`)
	for _, b := range d.behaviors {
		if b.fault {
			g.fault(u, "EL004", path.Join(tu.dir, "main.tf"), t.next(), "behavior "+b.pattern+" reaches no resource (module argument)")
		}
		t.l(`    { path_pattern = %q, allowed_methods = %s },`, b.pattern, hclList(b.methods))
	}
	t.l(`  ]`)
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_s3_bucket" "static" {`)
	t.l(`  bucket = "%s-%s-static"`, u.team, u.name)
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_iam_role" "handler" {`)
	t.l(`  name = "%s-handler"`, u.name)
	t.l(`  assume_role_policy = jsonencode({`)
	t.l(`    Version = "2012-10-17"`)
	t.l(`    Statement = [{`)
	t.l(`      Effect    = "Allow"`)
	t.l(`      Action    = "sts:AssumeRole"`)
	t.l(`      Principal = { Service = "lambda.amazonaws.com" }`)
	t.l(`    }]`)
	t.l(`  })`)
	t.l(`}`)
	t.l(``)
	t.l(`resource "aws_lambda_function" "handler" {`)
	t.l(`  function_name = "%s-handler"`, u.name)
	t.l(`  role          = aws_iam_role.handler.arn`)
	t.l(`  runtime       = "nodejs20.x"`)
	t.l(`  handler       = "index.handler"`)
	t.l(`  s3_bucket     = "artifacts-%s"`, u.team)
	t.l(`  s3_key        = "%s/handler.zip"`, u.name)
	t.l(`}`)
	g.write(path.Join(tu.dir, "main.tf"), t)

	v := &text{}
	v.l(`variable "region" {`)
	v.l(`  type    = string`)
	v.l(`  default = %q`, tu.region)
	v.l(`}`)
	v.l(``)
	v.l(`variable "stage_name" {`)
	v.l(`  type    = string`)
	v.l(`  default = %q`, a.stage)
	v.l(`}`)
	g.write(path.Join(tu.dir, "variables.tf"), v)
	o := &text{}
	o.l(`output "distribution_domain_name" {`)
	o.l(`  value = module.cdn.domain_name`)
	o.l(`}`)
	g.write(path.Join(tu.dir, "outputs.tf"), o)

	// The API module body: the same writer as a flat unit, with the stage
	// name and the handler from the module's variables.
	m := &text{}
	tu.restAPI(m, path.Join(modDir, "main.tf"), a, "this", true, u.fault)
	mt := m.b.String()
	mt = strings.ReplaceAll(mt, "aws_lambda_function.this_handler.invoke_arn", "var.handler")
	mt = strings.ReplaceAll(mt, `"${local.name}`, `"${var.name}`)
	m2 := &text{}
	m2.raw(mt)
	g.write(path.Join(modDir, "main.tf"), m2)
	mv := &text{}
	mv.l(`variable "name" {`)
	mv.l(`  type = string`)
	mv.l(`}`)
	mv.l(``)
	mv.l(`variable "stage_name" {`)
	mv.l(`  type = string`)
	mv.l(`}`)
	mv.l(``)
	mv.l(`variable "handler" {`)
	mv.l(`  description = "Invoke ARN of the Lambda function behind every method."`)
	mv.l(`  type        = string`)
	mv.l(`}`)
	g.write(path.Join(modDir, "variables.tf"), mv)
	mo := &text{}
	mo.l(`output "rest_api_id" {`)
	mo.l(`  value = aws_api_gateway_rest_api.this.id`)
	mo.l(`}`)
	mo.l(``)
	mo.l(`output "stage_name" {`)
	if u.fault == "EL006" {
		mo.l(`  value = var.stage_name`)
	} else {
		mo.l(`  value = aws_api_gateway_stage.this.stage_name`)
	}
	mo.l(`}`)
	g.write(path.Join(modDir, "outputs.tf"), mo)
}

// writeSharedCDNModule writes the CloudFront module the module-calling
// roots share.
func (g *gen) writeSharedCDNModule() error {
	t := &text{}
	t.raw(`locals {
  caching_disabled       = "` + cachingDisabled + `"
  caching_optimized      = "` + cachingOptimized + `"
  all_viewer_except_host = "` + allViewerNoHost + `"
}

resource "aws_cloudfront_origin_access_control" "static" {
  name                              = "${var.name}-static"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  is_ipv6_enabled = true
  comment         = var.name

  origin {
    origin_id   = "api"
    domain_name = var.api_domain
    origin_path = var.api_origin_path

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id                = "static"
    domain_name              = var.static_domain
    origin_access_control_id = aws_cloudfront_origin_access_control.static.id
  }

  dynamic "ordered_cache_behavior" {
    for_each = var.behaviors
    content {
      path_pattern             = ordered_cache_behavior.value.path_pattern
      target_origin_id         = "api"
      viewer_protocol_policy   = "redirect-to-https"
      allowed_methods          = ordered_cache_behavior.value.allowed_methods
      cached_methods           = ["GET", "HEAD"]
      cache_policy_id          = local.caching_disabled
      origin_request_policy_id = var.forward_viewer_headers ? local.all_viewer_except_host : null
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "static"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = local.caching_optimized
  }

  default_cache_behavior {
    target_origin_id         = var.default_to_api ? "api" : "static"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = var.default_to_api ? ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] : ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = var.default_to_api ? local.caching_disabled : local.caching_optimized
    origin_request_policy_id = var.default_to_api && var.forward_viewer_headers ? local.all_viewer_except_host : null
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
`)
	g.write(cdnModuleDir+"/main.tf", t)
	v := &text{}
	v.raw(`variable "name" {
  type = string
}

variable "api_domain" {
  description = "Host name of the API's execute-api endpoint."
  type        = string
}

variable "api_origin_path" {
  description = "Origin path: the API stage, e.g. \"/prod\"."
  type        = string
}

variable "static_domain" {
  type = string
}

variable "default_to_api" {
  type    = bool
  default = false
}

variable "forward_viewer_headers" {
  description = "Forward all viewer headers but Host (AllViewerExceptHostHeader) to the API."
  type        = bool
  default     = false
}

variable "behaviors" {
  description = "Ordered cache behaviors routed to the API."
  type = list(object({
    path_pattern    = string
    allowed_methods = list(string)
  }))
  default = []
}
`)
	g.write(cdnModuleDir+"/variables.tf", v)
	o := &text{}
	o.raw(`output "domain_name" {
  value = aws_cloudfront_distribution.this.domain_name
}

output "id" {
  value = aws_cloudfront_distribution.this.id
}
`)
	g.write(cdnModuleDir+"/outputs.tf", o)
	rd := &text{}
	rd.raw("# cloudfront-api\n\nCloudFront distribution in front of a REST API, with a static S3 origin.\n")
	g.write(cdnModuleDir+"/README.md", rd)
	return g.err
}
