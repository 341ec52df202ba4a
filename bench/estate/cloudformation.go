package estate

import (
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
)

// cfnUnit holds what one CloudFormation unit's writers share.
type cfnUnit struct {
	g      *gen
	u      *unit
	r      *rand.Rand
	file   string
	apis   []*api
	ids    []string // logical IDs of the APIs
	styles []policyStyle
	// implicit: a SAM unit whose functions use the implicit
	// ServerlessRestApi (stage Prod).
	implicit bool

	// hostSeeded is set once the behavior seeded to forward Host (EL007)
	// is written.
	hostSeeded bool
}

func yamlList(items []string) string { return "[" + strings.Join(items, ", ") + "]" }

const lambdaURI = `!Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${%s.Arn}/invocations"`

func (g *gen) writeCFNWired(u *unit, r *rand.Rand) {
	names := []string{"template.yaml", "template.yml", "stack.yaml", u.name + ".template", "cloudformation/main.yaml"}
	cu := &cfnUnit{g: g, u: u, r: r, file: path.Join(u.dir(), names[r.IntN(len(names))])}
	used := map[string]bool{}
	nAPI := 1
	if u.shape != shapeSAM && r.IntN(10) == 0 {
		nAPI = 2
	}
	if u.shape == shapeSAM && u.fault != "EL002" && r.IntN(3) == 0 {
		cu.implicit = true
	}
	for i := 0; i < nAPI; i++ {
		kind := restAPI
		if u.shape == shapeCFNHTTP {
			kind = httpAPI
		}
		large := u.shape == shapeCFNRest && r.IntN(40) == 0
		a := newAPI(r, kind, large, used)
		if i == 0 && u.fault == "EL001" && kind == httpAPI {
			a.stage = stages[r.IntN(len(stages))]
		}
		if cu.implicit {
			a.stage = "Prod"
		}
		id := "Api"
		switch {
		case cu.implicit:
			id = "ServerlessRestApi"
		case kind == httpAPI:
			id = "HttpApi"
		}
		if i > 0 {
			id += fmt.Sprint(i + 1)
		}
		cu.apis = append(cu.apis, a)
		cu.ids = append(cu.ids, id)
	}
	d, styles := wireAPIs(r, cu.apis, used, u, u.shape == shapeCFNRest)
	cu.styles = styles
	t := &text{}
	t.l(`AWSTemplateFormatVersion: "2010-09-09"`)
	if u.shape == shapeSAM {
		t.l(`Transform: AWS::Serverless-2016-10-31`)
	}
	t.l(`Description: %s behind CloudFront (%s team)`, u.name, u.team)
	t.l(``)
	t.l(`Parameters:`)
	t.l(`  Environment:`)
	t.l(`    Type: String`)
	t.l(`    Default: prod`)
	t.l(`    AllowedValues: [dev, staging, prod]`)
	if !cu.implicit {
		t.l(`  StageName:`)
		t.l(`    Type: String`)
		t.l(`    Default: %s`, cu.apis[0].stage)
	}
	t.l(`  ArtifactBucket:`)
	t.l(`    Type: String`)
	t.l(`    Default: artifacts-%s`, u.team)
	if u.shape == shapeSAM {
		t.l(``)
		t.l(`Globals:`)
		t.l(`  Function:`)
		t.l(`    Runtime: %s`, []string{"python3.12", "nodejs20.x", "java21"}[r.IntN(3)])
		t.l(`    Timeout: %d`, 3+r.IntN(27))
		t.l(`    MemorySize: %d`, []int{128, 256, 512}[r.IntN(3)])
		t.l(`    Tracing: Active`)
	}
	t.l(``)
	t.l(`Resources:`)
	if u.shape != shapeSAM {
		cu.role(t)
	}
	for i, a := range cu.apis {
		fault := ""
		if i == 0 {
			fault = u.fault
		}
		switch u.shape {
		case shapeCFNRest:
			cu.handler(t, cu.ids[i])
			cu.restAPI(t, a, cu.ids[i], i == 0, fault)
		case shapeCFNBody:
			cu.handler(t, cu.ids[i])
			cu.bodyAPI(t, a, cu.ids[i], i == 0, fault)
		case shapeSAM:
			cu.samAPI(t, a, cu.ids[i])
		case shapeCFNHTTP:
			cu.handler(t, cu.ids[i])
			cu.httpAPI(t, a, cu.ids[i])
		}
	}
	cu.distribution(t, d)
	t.l(``)
	t.l(`Outputs:`)
	t.l(`  DistributionDomainName:`)
	t.l(`    Value: !GetAtt Distribution.DomainName`)
	t.l(`  ApiId:`)
	t.l(`    Value: !Ref %s`, cu.ids[0])
	t.l(`    Export:`)
	t.l(`      Name: !Sub "${AWS::StackName}-ApiId"`)
	g.write(cu.file, t)
}

func (cu *cfnUnit) role(t *text) {
	t.l(`  HandlerRole:`)
	t.l(`    Type: AWS::IAM::Role`)
	t.l(`    Properties:`)
	t.l(`      AssumeRolePolicyDocument:`)
	t.l(`        Version: "2012-10-17"`)
	t.l(`        Statement:`)
	t.l(`          - Effect: Allow`)
	t.l(`            Principal:`)
	t.l(`              Service: lambda.amazonaws.com`)
	t.l(`            Action: sts:AssumeRole`)
	t.l(`      ManagedPolicyArns:`)
	t.l(`        - !Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"`)
	t.l(``)
}

func (cu *cfnUnit) handler(t *text, id string) {
	t.l(`  %sHandler:`, id)
	t.l(`    Type: AWS::Lambda::Function`)
	t.l(`    Properties:`)
	t.l(`      Runtime: %s`, []string{"python3.12", "nodejs20.x", "java21", "provided.al2023"}[cu.r.IntN(4)])
	t.l(`      Handler: index.handler`)
	t.l(`      Role: !GetAtt HandlerRole.Arn`)
	t.l(`      Timeout: %d`, 3+cu.r.IntN(27))
	t.l(`      Code:`)
	t.l(`        S3Bucket: !Ref ArtifactBucket`)
	t.l(`        S3Key: %s/%s-%d.zip`, cu.u.name, strings.ToLower(id), cu.r.IntN(10000))
	t.l(`      Environment:`)
	t.l(`        Variables:`)
	t.l(`          ENVIRONMENT: !Ref Environment`)
	t.l(``)
	t.l(`  %sPermission:`, id)
	t.l(`    Type: AWS::Lambda::Permission`)
	t.l(`    Properties:`)
	t.l(`      Action: lambda:InvokeFunction`)
	t.l(`      FunctionName: !Ref %sHandler`, id)
	t.l(`      Principal: apigateway.amazonaws.com`)
	t.l(`      SourceArn: !Sub "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${%s}/*"`, id)
	t.l(``)
}

func (cu *cfnUnit) stageValue(first bool, a *api) string {
	if first {
		return "!Ref StageName"
	}
	return a.stage
}

func (cu *cfnUnit) restAPI(t *text, a *api, id string, first bool, fault string) {
	g, u, r := cu.g, cu.u, cu.r
	if fault == "EL006" {
		g.fault(u, "EL006", cu.file, t.next(), "REST API with methods but no deployment or stage")
	}
	t.l(`  %s:`, id)
	t.l(`    Type: AWS::ApiGateway::RestApi`)
	t.l(`    Properties:`)
	t.l(`      Name: %s`, a.name)
	t.l(`      EndpointConfiguration:`)
	if fault == "EL014" {
		g.fault(u, "EL014", cu.file, t.next(), "PRIVATE REST API behind the distribution")
		t.l(`        Types: [PRIVATE]`)
		t.l(`        VpcEndpointIds: [vpce-0123456789abcdef0]`)
	} else {
		t.l(`        Types: [REGIONAL]`)
	}
	t.l(``)
	if a.authorized {
		t.l(`  %sAuthorizer:`, id)
		t.l(`    Type: AWS::ApiGateway::Authorizer`)
		t.l(`    Properties:`)
		t.l(`      Name: %s-token`, a.name)
		t.l(`      RestApiId: !Ref %s`, id)
		t.l(`      Type: TOKEN`)
		t.l(`      IdentitySource: method.request.header.Authorization`)
		t.l(`      AuthorizerUri: `+lambdaURI, id+"Handler")
		t.l(``)
	}
	var methods []string
	for i, n := range a.nodes {
		rn := fmt.Sprintf("%sR%d", id, i)
		t.l(`  %s:`, rn)
		t.l(`    Type: AWS::ApiGateway::Resource`)
		t.l(`    Properties:`)
		t.l(`      RestApiId: !Ref %s`, id)
		if n.parent < 0 {
			t.l(`      ParentId: !GetAtt %s.RootResourceId`, id)
		} else {
			t.l(`      ParentId: !Ref %sR%d`, id, n.parent)
		}
		t.l(`      PathPart: "%s"`, n.part)
		t.l(``)
		for mi, m := range n.methods {
			mn := rn + camel(strings.ToLower(m))
			methods = append(methods, mn)
			t.l(`  %s:`, mn)
			t.l(`    Type: AWS::ApiGateway::Method`)
			t.l(`    Properties:`)
			t.l(`      RestApiId: !Ref %s`, id)
			t.l(`      ResourceId: !Ref %s`, rn)
			t.l(`      HttpMethod: %s`, m)
			if mi == 0 && n.auth {
				if fault == "EL003" {
					g.fault(u, "EL003", cu.file, t.next(), "CUSTOM authorizer on "+m+" "+n.path+"; the behaviors do not forward Authorization")
				}
				t.l(`      AuthorizationType: CUSTOM`)
				t.l(`      AuthorizerId: !Ref %sAuthorizer`, id)
			} else {
				t.l(`      AuthorizationType: NONE`)
			}
			t.l(`      Integration:`)
			if r.IntN(8) == 0 {
				t.l(`        Type: MOCK`)
				t.l(`        RequestTemplates:`)
				t.l(`          application/json: '{"statusCode": 200}'`)
			} else {
				t.l(`        Type: AWS_PROXY`)
				t.l(`        IntegrationHttpMethod: POST`)
				t.l(`        Uri: `+lambdaURI, id+"Handler")
			}
			t.l(``)
		}
	}
	if fault == "EL006" {
		return
	}
	if fault == "EL010" {
		// The DependsOn leaves out one method (or, with one method, is
		// missing): the deployment may snapshot the API without it.
		k := r.IntN(len(methods))
		g.fault(u, "EL010", cu.file, t.next(), "deployment DependsOn leaves out method "+methods[k])
		methods = append(methods[:k:k], methods[k+1:]...)
	}
	t.l(`  %sDeployment:`, id)
	t.l(`    Type: AWS::ApiGateway::Deployment`)
	if len(methods) > 0 {
		t.l(`    DependsOn:`)
	}
	for _, m := range methods {
		t.l(`      - %s`, m)
	}
	t.l(`    Properties:`)
	t.l(`      RestApiId: !Ref %s`, id)
	t.l(`      Description: %s deployment`, a.name)
	t.l(``)
	cu.stage(t, a, id, first)
}

func (cu *cfnUnit) stage(t *text, a *api, id string, first bool) {
	t.l(`  %sStage:`, id)
	t.l(`    Type: AWS::ApiGateway::Stage`)
	t.l(`    Properties:`)
	t.l(`      RestApiId: !Ref %s`, id)
	t.l(`      DeploymentId: !Ref %sDeployment`, id)
	t.l(`      StageName: %s`, cu.stageValue(first, a))
	if cu.r.IntN(2) == 0 {
		t.l(`      TracingEnabled: true`)
		t.l(`      MethodSettings:`)
		t.l(`        - ResourcePath: "/*"`)
		t.l(`          HttpMethod: "*"`)
		t.l(`          MetricsEnabled: true`)
		t.l(`          ThrottlingRateLimit: %d`, 100*(1+cu.r.IntN(50)))
	}
	t.l(``)
}

// bodyAPI writes a REST API defined by an inline OpenAPI Body.
func (cu *cfnUnit) bodyAPI(t *text, a *api, id string, first bool, fault string) {
	g, u := cu.g, cu.u
	if fault == "EL006" {
		g.fault(u, "EL006", cu.file, t.next(), "REST API (OpenAPI Body) with no deployment or stage")
	}
	t.l(`  %s:`, id)
	t.l(`    Type: AWS::ApiGateway::RestApi`)
	t.l(`    Properties:`)
	t.l(`      Name: %s`, a.name)
	t.l(`      EndpointConfiguration:`)
	t.l(`        Types: [REGIONAL]`)
	t.l(`      Body:`)
	t.l(`        openapi: "3.0.1"`)
	t.l(`        info:`)
	t.l(`          title: %s`, a.name)
	t.l(`          version: "1.%d.0"`, cu.r.IntN(20))
	t.l(`        paths:`)
	for _, ni := range a.methodNodes() {
		n := a.nodes[ni]
		t.l(`          %s:`, n.path)
		for _, m := range n.methods {
			op := strings.ToLower(m)
			if m == "ANY" {
				op = "x-amazon-apigateway-any-method"
			}
			t.l(`            %s:`, op)
			if strings.HasPrefix(n.part, "{") {
				t.l(`              parameters:`)
				t.l(`                - name: %s`, strings.Trim(n.part, "{}+"))
				t.l(`                  in: path`)
				t.l(`                  required: true`)
				t.l(`                  schema:`)
				t.l(`                    type: string`)
			}
			t.l(`              x-amazon-apigateway-integration:`)
			t.l(`                type: aws_proxy`)
			t.l(`                httpMethod: POST`)
			t.l(`                uri: `+lambdaURI, id+"Handler")
		}
	}
	t.l(``)
	if fault == "EL006" {
		return
	}
	t.l(`  %sDeployment:`, id)
	t.l(`    Type: AWS::ApiGateway::Deployment`)
	t.l(`    Properties:`)
	t.l(`      RestApiId: !Ref %s`, id)
	t.l(``)
	cu.stage(t, a, id, first)
}

// samAPI writes an AWS::Serverless::Api (or the implicit one) and one
// function per first path segment with an Api event per method.
func (cu *cfnUnit) samAPI(t *text, a *api, id string) {
	if !cu.implicit {
		t.l(`  %s:`, id)
		t.l(`    Type: AWS::Serverless::Api`)
		t.l(`    Properties:`)
		t.l(`      Name: %s`, a.name)
		t.l(`      StageName: !Ref StageName`)
		t.l(`      EndpointConfiguration:`)
		t.l(`        Type: REGIONAL`)
		t.l(`      TracingEnabled: true`)
		t.l(``)
	}
	for ti, tp := range a.tops {
		fn := camel(tp.word) + "Function"
		t.l(`  %s:`, fn)
		t.l(`    Type: AWS::Serverless::Function`)
		t.l(`    Properties:`)
		t.l(`      Handler: %s.handler`, strings.ReplaceAll(tp.word, "-", "_"))
		t.l(`      CodeUri: src/%s/`, tp.word)
		t.l(`      Policies:`)
		t.l(`        - AWSLambdaBasicExecutionRole`)
		t.l(`      Events:`)
		k := 0
		for _, n := range a.nodes {
			// A greedy resource at the root (EL011's seeded fault) is
			// served by the first function.
			rootProxy := ti == 0 && n.path == "/{proxy+}"
			if n.path != "/"+tp.word && !strings.HasPrefix(n.path, "/"+tp.word+"/") && !rootProxy {
				continue
			}
			for _, m := range n.methods {
				t.l(`        E%d%d:`, ti, k)
				t.l(`          Type: Api`)
				t.l(`          Properties:`)
				if !cu.implicit {
					t.l(`            RestApiId: !Ref %s`, id)
				}
				t.l(`            Path: %s`, n.path)
				t.l(`            Method: %s`, strings.ToLower(m))
				k++
			}
		}
		t.l(``)
	}
}

func (cu *cfnUnit) httpAPI(t *text, a *api, id string) {
	t.l(`  %s:`, id)
	t.l(`    Type: AWS::ApiGatewayV2::Api`)
	t.l(`    Properties:`)
	t.l(`      Name: %s`, a.name)
	t.l(`      ProtocolType: HTTP`)
	t.l(``)
	t.l(`  %sIntegration:`, id)
	t.l(`    Type: AWS::ApiGatewayV2::Integration`)
	t.l(`    Properties:`)
	t.l(`      ApiId: !Ref %s`, id)
	t.l(`      IntegrationType: AWS_PROXY`)
	t.l(`      IntegrationUri: !GetAtt %sHandler.Arn`, id)
	t.l(`      PayloadFormatVersion: "2.0"`)
	t.l(``)
	for _, ni := range a.methodNodes() {
		n := a.nodes[ni]
		for _, m := range n.methods {
			t.l(`  %sR%d%s:`, id, ni, camel(strings.ToLower(m)))
			t.l(`    Type: AWS::ApiGatewayV2::Route`)
			t.l(`    Properties:`)
			t.l(`      ApiId: !Ref %s`, id)
			t.l(`      RouteKey: "%s %s"`, m, n.path)
			t.l(`      Target: !Sub "integrations/${%sIntegration}"`, id)
			t.l(``)
		}
	}
	t.l(`  %sStage:`, id)
	t.l(`    Type: AWS::ApiGatewayV2::Stage`)
	t.l(`    Properties:`)
	t.l(`      ApiId: !Ref %s`, id)
	t.l(`      StageName: "%s"`, a.stage)
	t.l(`      AutoDeploy: true`)
	t.l(``)
}

func (cu *cfnUnit) apiDomain(i int, fault string) (string, string) {
	a, id := cu.apis[i], cu.ids[i]
	if fault == "EL005" {
		switch cu.r.IntN(3) {
		case 0:
			return fmt.Sprintf(`!Sub "${%s}.excute-api.${AWS::Region}.amazonaws.com"`, id), "execute-api misspelled excute-api"
		case 1:
			return fmt.Sprintf(`!Sub "${%s}.execute-api.${AWS::Region}.amazonaws.con"`, id), "amazonaws.com misspelled amazonaws.con"
		default:
			return fmt.Sprintf(`!Sub "${%s}.execute-api.eu-wset-1.amazonaws.com"`, id), "region misspelled eu-wset-1"
		}
	}
	if a.kind == httpAPI && cu.r.IntN(2) == 0 {
		return fmt.Sprintf(`!Select [2, !Split ["/", !GetAtt %s.ApiEndpoint]]`, id), ""
	}
	switch cu.r.IntN(3) {
	case 0:
		return fmt.Sprintf(`!Sub "${%s}.execute-api.${AWS::Region}.${AWS::URLSuffix}"`, id), ""
	case 1:
		return fmt.Sprintf(`!Join [".", [!Ref %s, "execute-api", !Ref "AWS::Region", "amazonaws.com"]]`, id), ""
	}
	return fmt.Sprintf(`!Sub "${%s}.execute-api.${AWS::Region}.amazonaws.com"`, id), ""
}

func (cu *cfnUnit) originPath(i int, fault string) (string, string) {
	a, id := cu.apis[i], cu.ids[i]
	switch fault {
	case "EL001":
		return "", "origin path missing: no stage in the forwarded path"
	case "EL002":
		w := wrongStage(a.stage)
		return "/" + w, "origin path /" + w + " is not stage " + a.stage
	case "EL006":
		return "/" + a.stage, ""
	}
	if a.kind == httpAPI {
		if a.stage == "$default" {
			return "", ""
		}
		return "/" + a.stage, ""
	}
	if cu.u.shape == shapeSAM || cu.r.IntN(3) == 0 {
		if i == 0 && !cu.implicit && cu.r.IntN(2) == 0 {
			return `!Sub "/${StageName}"`, ""
		}
		return "/" + a.stage, ""
	}
	return fmt.Sprintf(`!Sub "/${%sStage}"`, id), ""
}

func (cu *cfnUnit) distribution(t *text, d *dist) {
	g, u, r := cu.g, cu.u, cu.r
	hasS3 := false
	for _, o := range d.origins {
		if o.kind == originS3 {
			hasS3 = true
		}
	}
	if hasS3 {
		t.l(`  StaticBucket:`)
		t.l(`    Type: AWS::S3::Bucket`)
		t.l(`    Properties:`)
		t.l(`      PublicAccessBlockConfiguration:`)
		t.l(`        BlockPublicAcls: true`)
		t.l(`        BlockPublicPolicy: true`)
		t.l(`        IgnorePublicAcls: true`)
		t.l(`        RestrictPublicBuckets: true`)
		t.l(``)
		t.l(`  StaticOriginAccessControl:`)
		t.l(`    Type: AWS::CloudFront::OriginAccessControl`)
		t.l(`    Properties:`)
		t.l(`      OriginAccessControlConfig:`)
		t.l(`        Name: !Sub "${AWS::StackName}-static"`)
		t.l(`        OriginAccessControlOriginType: s3`)
		t.l(`        SigningBehavior: always`)
		t.l(`        SigningProtocol: sigv4`)
		t.l(``)
	}
	t.l(`  Distribution:`)
	t.l(`    Type: AWS::CloudFront::Distribution`)
	t.l(`    Properties:`)
	t.l(`      DistributionConfig:`)
	t.l(`        Enabled: true`)
	t.l(`        Comment: %s (%s)`, u.name, u.team)
	t.l(`        HttpVersion: http2and3`)
	t.l(`        PriceClass: %s`, []string{"PriceClass_100", "PriceClass_200", "PriceClass_All"}[r.IntN(3)])
	t.l(`        Origins:`)
	for _, o := range d.origins {
		t.l(`          - Id: %s`, o.id)
		switch o.kind {
		case originAPI:
			fault := ""
			if o.api == 0 {
				fault = u.fault
			}
			dom, what := cu.apiDomain(o.api, fault)
			op, opWhat := cu.originPath(o.api, fault)
			switch fault {
			case "EL005":
				g.fault(u, "EL005", cu.file, t.next(), what)
			case "EL001":
				g.fault(u, "EL001", cu.file, t.next(), opWhat)
			}
			t.l(`            DomainName: %s`, dom)
			if op != "" {
				if fault == "EL002" {
					g.fault(u, "EL002", cu.file, t.next(), opWhat)
				}
				t.l(`            OriginPath: %s`, op)
			}
			t.l(`            CustomOriginConfig:`)
			if fault == "EL009" {
				g.fault(u, "EL009", cu.file, t.next(), "API origin with origin protocol policy http-only")
				t.l(`              OriginProtocolPolicy: http-only`)
			} else {
				t.l(`              OriginProtocolPolicy: https-only`)
			}
			t.l(`              OriginSSLProtocols: [TLSv1.2]`)
		case originS3:
			t.l(`            DomainName: !GetAtt StaticBucket.RegionalDomainName`)
			t.l(`            OriginAccessControlId: !GetAtt StaticOriginAccessControl.Id`)
			t.l(`            S3OriginConfig:`)
			t.l(`              OriginAccessIdentity: ""`)
		default:
			t.l(`            DomainName: %s`, o.host)
			t.l(`            CustomOriginConfig:`)
			t.l(`              OriginProtocolPolicy: https-only`)
		}
	}
	if len(d.behaviors) > 0 {
		t.l(`        CacheBehaviors:`)
	}
	for _, b := range d.behaviors {
		if b.fault {
			g.fault(u, "EL004", cu.file, t.next(), "behavior "+b.pattern+" reaches no resource")
		}
		if b.shadowed != "" {
			g.fault(u, "EL012", cu.file, t.next(), b.shadowed)
		}
		t.l(`          - PathPattern: %s`, b.pattern)
		cu.behaviorBody(t, d, b.origin, b.methods, "            ", b.blocked)
	}
	t.l(`        DefaultCacheBehavior:`)
	if d.rootless != "" {
		g.fault(u, "EL011", cu.file, t.next(), d.rootless)
	}
	methods := []string{"GET", "HEAD"}
	if d.origins[d.def].kind == originAPI {
		methods = allMethods
	}
	cu.behaviorBody(t, d, d.def, methods, "          ", "")
	if u.fault == "EL013" {
		// A single-page application's fallback on a distribution with API
		// behaviors.
		t.l(`        CustomErrorResponses:`)
		t.l(`          - ErrorCode: 403`)
		g.fault(u, "EL013", cu.file, t.next(), "custom error response turns the APIs' 403 into 200")
		t.l(`            ResponseCode: 200`)
		t.l(`            ResponsePagePath: /index.html`)
	}
	t.l(``)
}

func (cu *cfnUnit) behaviorBody(t *text, d *dist, oi int, methods []string, ind, blocked string) {
	o := d.origins[oi]
	style := styleStatic
	if o.kind == originAPI {
		style = cu.styles[o.api]
	}
	// The first behavior of the first API's origin forwards Host when
	// the unit's fault is EL007.
	host := cu.u.fault == "EL007" && !cu.hostSeeded && o.kind == originAPI && o.api == 0
	if host {
		cu.hostSeeded = true
	}
	t.l(`%sTargetOriginId: %s`, ind, o.id)
	t.l(`%sViewerProtocolPolicy: redirect-to-https`, ind)
	if blocked != "" {
		cu.g.fault(cu.u, "EL008", cu.file, t.next(), blocked)
	}
	t.l(`%sAllowedMethods: %s`, ind, yamlList(methods))
	t.l(`%sCompress: true`, ind)
	switch style {
	case styleLegacy:
		t.l(`%sForwardedValues:`, ind)
		t.l(`%s  QueryString: true`, ind)
		if host {
			cu.g.fault(cu.u, "EL007", cu.file, t.next(), "legacy forwarded values forward Host to the API")
			t.l(`%s  Headers: [Accept, Host]`, ind)
		} else {
			t.l(`%s  Headers: [Accept, Origin]`, ind)
		}
		t.l(`%s  Cookies:`, ind)
		t.l(`%s    Forward: none`, ind)
		t.l(`%sDefaultTTL: 0`, ind)
		t.l(`%sMaxTTL: 0`, ind)
		t.l(`%sMinTTL: 0`, ind)
	case styleStatic:
		t.l(`%sCachePolicyId: %s`, ind, cachingOptimized)
	default:
		t.l(`%sCachePolicyId: %s`, ind, cachingDisabled)
		switch {
		case host:
			cu.g.fault(cu.u, "EL007", cu.file, t.next(), "managed AllViewer origin request policy forwards Host to the API")
			t.l(`%sOriginRequestPolicyId: %s`, ind, allViewer)
		case style == styleAllViewer:
			t.l(`%sOriginRequestPolicyId: %s`, ind, allViewerNoHost)
		case style == styleCORS:
			t.l(`%sOriginRequestPolicyId: %s`, ind, corsCustomOrigin)
		}
	}
}
