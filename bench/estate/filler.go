package estate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
)

// The files below have nothing to do with CloudFront or API Gateway, as
// most files of a real estate: VPCs, buckets, roles, queues, tables,
// CI workflows, Kubernetes manifests, package manifests.

// tfSnippets write one unrelated Terraform resource group each.
var tfSnippets = []func(t *text, r *rand.Rand, n string){
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_s3_bucket" "%s" {`, n)
		t.l(`  bucket = "${local.name}-%s-%d"`, n, r.IntN(100000))
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_s3_bucket_versioning" "%s" {`, n)
		t.l(`  bucket = aws_s3_bucket.%s.id`, n)
		t.l(`  versioning_configuration {`)
		t.l(`    status = "Enabled"`)
		t.l(`  }`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_s3_bucket_server_side_encryption_configuration" "%s" {`, n)
		t.l(`  bucket = aws_s3_bucket.%s.id`, n)
		t.l(`  rule {`)
		t.l(`    apply_server_side_encryption_by_default {`)
		t.l(`      sse_algorithm = "aws:kms"`)
		t.l(`    }`)
		t.l(`  }`)
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_vpc" "%s" {`, n)
		t.l(`  cidr_block           = "10.%d.0.0/16"`, r.IntN(250))
		t.l(`  enable_dns_hostnames = true`)
		t.l(`  tags = {`)
		t.l(`    Name = "${local.name}-%s"`, n)
		t.l(`  }`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_subnet" "%s_private" {`, n)
		t.l(`  count             = 3`)
		t.l(`  vpc_id            = aws_vpc.%s.id`, n)
		t.l(`  cidr_block        = cidrsubnet(aws_vpc.%s.cidr_block, 4, count.index)`, n)
		t.l(`  availability_zone = element(["a", "b", "c"], count.index)`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_security_group" "%s" {`, n)
		t.l(`  name   = "${local.name}-%s"`, n)
		t.l(`  vpc_id = aws_vpc.%s.id`, n)
		t.l(``)
		t.l(`  ingress {`)
		t.l(`    from_port   = 443`)
		t.l(`    to_port     = 443`)
		t.l(`    protocol    = "tcp"`)
		t.l(`    cidr_blocks = [aws_vpc.%s.cidr_block]`, n)
		t.l(`  }`)
		t.l(``)
		t.l(`  egress {`)
		t.l(`    from_port   = 0`)
		t.l(`    to_port     = 0`)
		t.l(`    protocol    = "-1"`)
		t.l(`    cidr_blocks = ["0.0.0.0/0"]`)
		t.l(`  }`)
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_dynamodb_table" "%s" {`, n)
		t.l(`  name         = "${local.name}-%s"`, n)
		t.l(`  billing_mode = "PAY_PER_REQUEST"`)
		t.l(`  hash_key     = "pk"`)
		t.l(`  range_key    = "sk"`)
		t.l(``)
		t.l(`  attribute {`)
		t.l(`    name = "pk"`)
		t.l(`    type = "S"`)
		t.l(`  }`)
		t.l(``)
		t.l(`  attribute {`)
		t.l(`    name = "sk"`)
		t.l(`    type = "S"`)
		t.l(`  }`)
		t.l(``)
		t.l(`  point_in_time_recovery {`)
		t.l(`    enabled = %v`, r.IntN(2) == 0)
		t.l(`  }`)
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_sqs_queue" "%s_dlq" {`, n)
		t.l(`  name = "${local.name}-%s-dlq"`, n)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_sqs_queue" "%s" {`, n)
		t.l(`  name                       = "${local.name}-%s"`, n)
		t.l(`  visibility_timeout_seconds = %d`, 30*(1+r.IntN(10)))
		t.l(`  redrive_policy = jsonencode({`)
		t.l(`    deadLetterTargetArn = aws_sqs_queue.%s_dlq.arn`, n)
		t.l(`    maxReceiveCount     = %d`, 1+r.IntN(9))
		t.l(`  })`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_sns_topic" "%s" {`, n)
		t.l(`  name = "${local.name}-%s"`, n)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_sns_topic_subscription" "%s" {`, n)
		t.l(`  topic_arn = aws_sns_topic.%s.arn`, n)
		t.l(`  protocol  = "sqs"`)
		t.l(`  endpoint  = aws_sqs_queue.%s.arn`, n)
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`data "aws_iam_policy_document" "%s" {`, n)
		t.l(`  statement {`)
		t.l(`    sid       = "Read"`)
		t.l(`    actions   = ["s3:GetObject", "s3:ListBucket"]`)
		t.l(`    resources = ["arn:aws:s3:::${local.name}-%s/*"]`, n)
		t.l(`  }`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_iam_role" "%s" {`, n)
		t.l(`  name = "${local.name}-%s"`, n)
		t.l(`  assume_role_policy = jsonencode({`)
		t.l(`    Version = "2012-10-17"`)
		t.l(`    Statement = [{`)
		t.l(`      Effect    = "Allow"`)
		t.l(`      Action    = "sts:AssumeRole"`)
		t.l(`      Principal = { Service = "%s.amazonaws.com" }`, []string{"ecs-tasks", "lambda", "ec2", "states"}[r.IntN(4)])
		t.l(`    }]`)
		t.l(`  })`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_iam_role_policy" "%s" {`, n)
		t.l(`  role   = aws_iam_role.%s.id`, n)
		t.l(`  policy = data.aws_iam_policy_document.%s.json`, n)
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_ecs_cluster" "%s" {`, n)
		t.l(`  name = "${local.name}-%s"`, n)
		t.l(``)
		t.l(`  setting {`)
		t.l(`    name  = "containerInsights"`)
		t.l(`    value = "enabled"`)
		t.l(`  }`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_ecs_task_definition" "%s" {`, n)
		t.l(`  family                   = "${local.name}-%s"`, n)
		t.l(`  requires_compatibilities = ["FARGATE"]`)
		t.l(`  network_mode             = "awsvpc"`)
		t.l(`  cpu                      = %d`, 256*(1+r.IntN(4)))
		t.l(`  memory                   = %d`, 512*(1+r.IntN(8)))
		t.l(`  container_definitions = jsonencode([{`)
		t.l(`    name      = "%s"`, n)
		t.l(`    image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/%s:%d"`, n, r.IntN(500))
		t.l(`    essential = true`)
		t.l(`    portMappings = [{ containerPort = 8080 }]`)
		t.l(`  }])`)
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_cloudwatch_log_group" "%s" {`, n)
		t.l(`  name              = "/${local.name}/%s"`, n)
		t.l(`  retention_in_days = %d`, []int{7, 14, 30, 90, 365}[r.IntN(5)])
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_cloudwatch_metric_alarm" "%s_errors" {`, n)
		t.l(`  alarm_name          = "${local.name}-%s-errors"`, n)
		t.l(`  comparison_operator = "GreaterThanThreshold"`)
		t.l(`  evaluation_periods  = %d`, 1+r.IntN(5))
		t.l(`  metric_name         = "Errors"`)
		t.l(`  namespace           = "AWS/Lambda"`)
		t.l(`  period              = 300`)
		t.l(`  statistic           = "Sum"`)
		t.l(`  threshold           = %d`, r.IntN(20))
		t.l(`}`)
	},
	func(t *text, r *rand.Rand, n string) {
		t.l(`resource "aws_kms_key" "%s" {`, n)
		t.l(`  description             = "${local.name} %s"`, n)
		t.l(`  deletion_window_in_days = %d`, 7+r.IntN(23))
		t.l(`  enable_key_rotation     = true`)
		t.l(`}`)
		t.l(``)
		t.l(`resource "aws_kms_alias" "%s" {`, n)
		t.l(`  name          = "alias/${local.name}-%s"`, n)
		t.l(`  target_key_id = aws_kms_key.%s.key_id`, n)
		t.l(`}`)
	},
}

var tfFileNames = []string{"storage.tf", "network.tf", "iam.tf", "queues.tf", "data.tf", "monitoring.tf", "ecs.tf", "kms.tf", "database.tf", "events.tf"}

// writeTFPlain writes a Terraform root module without CloudFront or API
// Gateway.
func (g *gen) writeTFPlain(u *unit, r *rand.Rand) {
	dir := u.dir()
	main := &text{}
	main.l(`terraform {`)
	main.l(`  required_providers {`)
	main.l(`    aws = {`)
	main.l(`      source  = "hashicorp/aws"`)
	main.l(`      version = ">= 4.0"`)
	main.l(`    }`)
	main.l(`  }`)
	main.l(`}`)
	main.l(``)
	main.l(`provider "aws" {`)
	main.l(`  region = var.region`)
	main.l(`}`)
	main.l(``)
	main.l(`variable "region" {`)
	main.l(`  type    = string`)
	main.l(`  default = %q`, regions[r.IntN(len(regions))])
	main.l(`}`)
	main.l(``)
	main.l(`variable "environment" {`)
	main.l(`  type    = string`)
	main.l(`  default = "prod"`)
	main.l(`}`)
	main.l(``)
	main.l(`locals {`)
	main.l(`  name = "%s-${var.environment}"`, u.name)
	main.l(`}`)
	g.write(path.Join(dir, "main.tf"), main)
	nFiles := 1 + r.IntN(5)
	perm := r.Perm(len(tfFileNames))
	for f := 0; f < nFiles; f++ {
		t := &text{}
		for k := 1 + r.IntN(3); k > 0; k-- {
			if t.lines > 0 {
				t.l(``)
			}
			tfSnippets[r.IntN(len(tfSnippets))](t, r, fmt.Sprintf("%s_%d", strings.ReplaceAll(words[r.IntN(len(words))], "-", "_"), f*10+k))
		}
		g.write(path.Join(dir, tfFileNames[perm[f]]), t)
	}
	if r.IntN(3) == 0 {
		t := &text{}
		t.l(`environment = %q`, []string{"prod", "staging", "dev"}[r.IntN(3)])
		g.write(path.Join(dir, "terraform.tfvars"), t)
	}
}

// cfnSnippets write one unrelated CloudFormation resource each, as a map
// (for JSON templates) rendered by cfnYAML for YAML ones.
var cfnSnippets = []func(r *rand.Rand, n string) (string, map[string]any){
	func(_ *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Bucket", map[string]any{"Type": "AWS::S3::Bucket", "Properties": map[string]any{
			"BucketEncryption":        map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "aws:kms"}}}},
			"VersioningConfiguration": map[string]any{"Status": "Enabled"},
		}}
	},
	func(_ *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Table", map[string]any{"Type": "AWS::DynamoDB::Table", "Properties": map[string]any{
			"BillingMode":          "PAY_PER_REQUEST",
			"AttributeDefinitions": []any{map[string]any{"AttributeName": "pk", "AttributeType": "S"}},
			"KeySchema":            []any{map[string]any{"AttributeName": "pk", "KeyType": "HASH"}},
		}}
	},
	func(r *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Queue", map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{
			"VisibilityTimeout":      30 * (1 + r.IntN(10)),
			"MessageRetentionPeriod": 345600,
		}}
	},
	func(r *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Topic", map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{
			"TopicName": n + fmt.Sprint(r.IntN(1000)),
		}}
	},
	func(_ *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Role", map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
				"Effect": "Allow", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
			}}},
			"ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		}}
	},
	func(r *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "LogGroup", map[string]any{"Type": "AWS::Logs::LogGroup", "Properties": map[string]any{
			"LogGroupName":    "/app/" + n,
			"RetentionInDays": []int{7, 14, 30, 90}[r.IntN(4)],
		}}
	},
	func(r *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Rule", map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{
			"ScheduleExpression": fmt.Sprintf("rate(%d minutes)", 5*(1+r.IntN(12))),
			"State":              "ENABLED",
		}}
	},
	func(r *rand.Rand, n string) (string, map[string]any) {
		return camel(n) + "Vpc", map[string]any{"Type": "AWS::EC2::VPC", "Properties": map[string]any{
			"CidrBlock":          fmt.Sprintf("10.%d.0.0/16", r.IntN(250)),
			"EnableDnsHostnames": true,
			"EnableDnsSupport":   true,
		}}
	},
}

// writeCFNPlain writes a CloudFormation template without CloudFront or
// API Gateway, in YAML or JSON.
func (g *gen) writeCFNPlain(u *unit, r *rand.Rand) {
	res := map[string]any{}
	for k := 1 + r.IntN(8); k > 0; k-- {
		id, body := cfnSnippets[r.IntN(len(cfnSnippets))](r, fmt.Sprintf("%s-%d", words[r.IntN(len(words))], k))
		res[id] = body
	}
	tmpl := map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Description":              u.name + " supporting resources (" + u.team + ")",
		"Resources":                res,
	}
	t := &text{}
	if r.IntN(4) == 0 {
		data, _ := json.MarshalIndent(tmpl, "", "  ")
		t.raw(string(data) + "\n")
		g.write(path.Join(u.dir(), u.name+".json"), t)
		return
	}
	t.raw(toYAML(tmpl, 0))
	name := []string{"template.yaml", "template.yml", "stack.yaml", u.name + ".template"}[r.IntN(4)]
	g.write(path.Join(u.dir(), name), t)
}

// toYAML renders maps (keys sorted), slices and scalars as block YAML.
func toYAML(v any, ind int) string {
	var b strings.Builder
	pad := strings.Repeat("  ", ind)
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			switch c := x[k].(type) {
			case map[string]any, []any:
				b.WriteString(pad + k + ":\n" + toYAML(c, ind+1))
			default:
				b.WriteString(pad + k + ": " + scalar(c) + "\n")
			}
		}
	case []any:
		for _, e := range x {
			s := toYAML(e, ind+1)
			if m, ok := e.(map[string]any); ok && len(m) > 0 {
				s = strings.TrimPrefix(s, pad+"  ")
				b.WriteString(pad + "- " + s)
				continue
			}
			b.WriteString(pad + "- " + strings.TrimSpace(s) + "\n")
		}
	default:
		b.WriteString(pad + scalar(x) + "\n")
	}
	return b.String()
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	default:
		return fmt.Sprint(x)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// writeUnitExtras writes the files that sit beside a unit's
// configuration: READMEs, sources, events, build files.
func (g *gen) writeUnitExtras(u *unit, r *rand.Rand) {
	dir := u.dir()
	g.writeString(path.Join(dir, "README.md"), fmt.Sprintf("# %s\n\nOwned by the %s team. Deployed by CI on merge to main.\n", u.name, u.team))
	if u.shape.terraform() {
		if r.IntN(2) == 0 {
			g.writeString(path.Join(dir, ".terraform.lock.hcl"), "# This file is maintained automatically by \"terraform init\".\n\nprovider \"registry.terraform.io/hashicorp/aws\" {\n  version     = \"5.61.0\"\n  constraints = \"~> 5.0\"\n}\n")
		}
		if r.IntN(4) == 0 {
			// An initialized working directory: skipped by discovery.
			g.writeString(path.Join(dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", "5.61.0", "linux_amd64", "LICENSE.txt"), "Mozilla Public License Version 2.0\n")
			g.writeString(path.Join(dir, ".terraform", "modules", "vpc", "main.tf"), "resource \"aws_vpc\" \"this\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n")
		}
		return
	}
	if u.shape == shapeServerless {
		return // its sources and package.json are written with it
	}
	// Serverless project layout: sources, test events, build spec.
	for k := 1 + r.IntN(3); k > 0; k-- {
		w := words[r.IntN(len(words))]
		g.writeString(path.Join(dir, "src", w, "app.py"), fmt.Sprintf("import json\n\n\ndef handler(event, context):\n    return {\"statusCode\": 200, \"body\": json.dumps({\"resource\": %q})}\n", w))
		ev := map[string]any{"httpMethod": "GET", "path": "/" + w, "headers": map[string]any{"Accept": "application/json"}, "queryStringParameters": nil}
		data, _ := json.MarshalIndent(ev, "", "  ")
		g.writeString(path.Join(dir, "events", w+".json"), string(data)+"\n")
	}
	if r.IntN(2) == 0 {
		g.writeString(path.Join(dir, "samconfig.toml"), fmt.Sprintf("version = 0.1\n[default.deploy.parameters]\nstack_name = %q\ncapabilities = \"CAPABILITY_IAM\"\n", u.name))
	}
	if r.IntN(2) == 0 {
		g.writeString(path.Join(dir, "buildspec.yml"), "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n  build:\n    commands:\n      - sam build\n      - sam package --s3-bucket $ARTIFACT_BUCKET --output-template-file packaged.yaml\nartifacts:\n  files:\n    - packaged.yaml\n")
	}
	if r.IntN(3) == 0 {
		params := []map[string]string{{"ParameterKey": "Environment", "ParameterValue": "prod"}}
		data, _ := json.MarshalIndent(params, "", "  ")
		g.writeString(path.Join(dir, "parameters", "prod.json"), string(data)+"\n")
	}
}

// writeRepoFiles writes the repository-level files: CI workflows,
// Kubernetes manifests, front-end packages (with node_modules), tooling
// configuration. They scale with the number of units.
func (g *gen) writeRepoFiles() error {
	r := newRand(uint64(len(g.units)), 0xf11e)
	g.writeString("README.md", "# Infrastructure monorepo\n\nTerraform under teams/*/terraform, CloudFormation and SAM under teams/*/stacks.\n")
	g.writeString(".pre-commit-config.yaml", "repos:\n  - repo: https://github.com/antonbabenko/pre-commit-terraform\n    rev: v1.96.1\n    hooks:\n      - id: terraform_fmt\n      - id: terraform_validate\n  - repo: local\n    hooks:\n      - id: edgelint\n        name: edgelint\n        entry: edgelint\n        language: system\n        pass_filenames: false\n")
	g.writeString("renovate.json", "{\n  \"extends\": [\"config:recommended\"],\n  \"terraform\": {\"enabled\": true}\n}\n")
	for i := 0; i < max(1, len(g.units)/8); i++ {
		team := teams[i%len(teams)]
		w := words[r.IntN(len(words))]
		g.writeString(fmt.Sprintf(".github/workflows/%s-%s-%d.yml", team, w, i), workflow(r, team, w))
	}
	for i := 0; i < max(1, len(g.units)/4); i++ {
		team := teams[r.IntN(len(teams))]
		w := words[r.IntN(len(words))] + "-" + suffixes[r.IntN(len(suffixes))]
		g.writeString(fmt.Sprintf("k8s/%s/%s-%d/deployment.yaml", team, w, i), k8sManifest(r, w))
		if r.IntN(2) == 0 {
			g.writeString(fmt.Sprintf("k8s/%s/%s-%d/values.yaml", team, w, i), fmt.Sprintf("replicaCount: %d\nimage:\n  repository: registry.example.com/%s\n  tag: \"1.%d.%d\"\nresources:\n  limits:\n    cpu: 500m\n    memory: 512Mi\ningress:\n  enabled: true\n  hosts:\n    - host: %s.internal.example.com\n", 1+r.IntN(5), w, r.IntN(20), r.IntN(100), w))
		}
	}
	for i := 0; i < max(1, len(g.units)/10); i++ {
		w := staticWords[r.IntN(len(staticWords))]
		dir := fmt.Sprintf("web/%s-%d", w, i)
		g.writeString(dir+"/package.json", packageJSON(r, w))
		g.writeString(dir+"/tsconfig.json", "{\n  \"compilerOptions\": {\n    \"target\": \"ES2022\",\n    \"module\": \"ESNext\",\n    \"strict\": true,\n    \"jsx\": \"react-jsx\"\n  },\n  \"include\": [\"src\"]\n}\n")
		g.writeString(dir+"/src/index.tsx", "export const App = () => null;\n")
		g.writeString(dir+"/docker-compose.yml", fmt.Sprintf("services:\n  web:\n    build: .\n    ports:\n      - \"%d:3000\"\n    environment:\n      API_URL: https://api.example.com\n", 3000+r.IntN(1000)))
		for k := 0; k < 3; k++ {
			pkg := []string{"react", "lodash", "left-pad", "yaml", "aws-sdk", "typescript"}[r.IntN(6)]
			g.writeString(fmt.Sprintf("%s/node_modules/%s-%d/package.json", dir, pkg, k), fmt.Sprintf("{\n  \"name\": %q,\n  \"version\": \"1.0.%d\",\n  \"main\": \"index.js\"\n}\n", pkg, k))
		}
	}
	return g.err
}

func workflow(r *rand.Rand, team, w string) string {
	return fmt.Sprintf(`name: %s %s
on:
  push:
    branches: [main]
    paths:
      - "teams/%s/**"
  pull_request:
permissions:
  contents: read
  id-token: write
jobs:
  plan:
    runs-on: ubuntu-latest
    timeout-minutes: %d
    steps:
      - uses: actions/checkout@v4
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: 1.%d.0
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/ci-%s
          aws-region: us-east-1
      - run: terraform -chdir=teams/%s/terraform init -backend=false
      - run: edgelint teams/%s
`, team, w, team, 10+r.IntN(50), 5+r.IntN(5), team, team, team)
}

func k8sManifest(r *rand.Rand, w string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  labels:
    app: %[1]s
spec:
  replicas: %[2]d
  selector:
    matchLabels:
      app: %[1]s
  template:
    metadata:
      labels:
        app: %[1]s
    spec:
      containers:
        - name: %[1]s
          image: registry.example.com/%[1]s:1.%[3]d.0
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: %[1]s
spec:
  selector:
    app: %[1]s
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: %[1]s-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "search,checkout"
`, w, 1+r.IntN(6), r.IntN(40))
}

func packageJSON(r *rand.Rand, w string) string {
	m := map[string]any{
		"name":    w,
		"version": fmt.Sprintf("0.%d.%d", r.IntN(30), r.IntN(10)),
		"private": true,
		"scripts": map[string]any{"build": "vite build", "test": "vitest run", "lint": "eslint ."},
		"dependencies": map[string]any{
			"react": "^18.3.1", "react-dom": "^18.3.1", "@tanstack/react-query": "^5.51.0",
		},
		"devDependencies": map[string]any{"typescript": "^5.5.0", "vite": "^5.3.0", "vitest": "^2.0.0"},
	}
	data, _ := json.MarshalIndent(m, "", "  ")
	return string(data) + "\n"
}
