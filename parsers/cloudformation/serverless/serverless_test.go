package serverless

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/vfs"
)

// service writes files into a directory and reads its serverless.yml.
type service struct {
	dir      string
	cfg      *model.Config
	errs     []model.Diagnostic
	included []string
}

func parseService(t *testing.T, files, params map[string]string) *service {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The boundary is the service's directory: files above it are
	// outside.
	root := filepath.Join(dir, "repo")
	if _, err := os.Stat(root); err != nil {
		root = dir
	}
	path := filepath.Join(root, "serverless.yml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs, included, _ := Parse(path, src, Options{Parameters: params, FS: vfs.Confined(nil, root)}, model.NewSymbols())
	model.Assemble(cfg)
	return &service{dir: root, cfg: cfg, errs: errs, included: included}
}

func (s *service) api(t *testing.T, kind model.APIKind) *model.API {
	t.Helper()
	for _, a := range s.cfg.APIs {
		if a.Kind == kind {
			return a
		}
	}
	t.Fatalf("no %v API; errors: %v", kind, s.errs)
	return nil
}

// routes lists an API's resources with their methods: "GET /users/{id}
// NONE key=false".
func routes(a *model.API) []string {
	var out []string
	for _, r := range a.Resources {
		for _, m := range r.Methods {
			out = append(out, fmt.Sprintf("%s %s %s key=%v", m.HTTPMethod.V, r.Path.V, m.Authorization.V, m.APIKeyRequired.V))
		}
	}
	sort.Strings(out)
	return out
}

func stages(a *model.API) []string {
	var out []string
	for _, s := range a.Stages {
		if s.Name.Known && !model.HasToken(s.Name.V) {
			out = append(out, s.Name.V)
		} else {
			out = append(out, "?")
		}
	}
	sort.Strings(out)
	return out
}

func pos(r model.Range) string {
	return fmt.Sprintf("%s:%d:%d", filepath.Base(r.File), r.Start.Line, r.Start.Column)
}

func TestParseVars(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // "type|address|params" or "=literal", sources joined by ","
	}{
		{"${self:custom.stage}", []string{"self|custom.stage|"}},
		{"${opt:stage, 'dev'}", []string{"opt|stage|,=dev"}},
		{"${opt:stage, self:provider.stage}", []string{"opt|stage|,self|provider.stage|"}},
		{"${env:X, ${self:a}}", []string{"env|X|,self|a|"}},
		{"${self:custom.${opt:stage}}", []string{"self|custom.${opt:stage}|"}},
		{"${file(./x.yml):a.b}", []string{"file|a.b|./x.yml"}},
		{"${file('./x.yml')}", []string{"file||./x.yml"}},
		{"a-${sls:stage}-${aws:region}", []string{"sls|stage|", "aws|region|"}},
		{"${AWS::Region}-${Param}", nil},
		{`\${self:a}`, nil},
		{"${ssm:/a/b}", []string{"ssm|/a/b|"}},
		{"${opt:n, 3}", []string{"opt|n|,=3"}},
	} {
		var got []string
		vars, _ := parseVars(c.in)
		for _, v := range vars {
			var parts []string
			for _, s := range v.sources {
				if s.isLiteral {
					parts = append(parts, "="+s.literal)
				} else {
					parts = append(parts, s.typ+"|"+s.address+"|"+strings.Join(s.params, ";"))
				}
			}
			got = append(got, strings.Join(parts, ","))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("parseVars(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The logical IDs of lib/plugins/aws/lib/naming.js.
func TestNaming(t *testing.T) {
	for in, want := range map[string]string{
		"users":               "Users",
		"users/{id}":          "UsersIdVar",
		"users/{userId}/cart": "UsersUseridVarCart",
		"user-profile":        "UserDashprofile",
		"{proxy+}":            "ProxyVar",
		"v1.0/items_all":      "V10Itemsall",
	} {
		if got := normalizePath(in); got != want {
			t.Errorf("normalizePath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := normalizeFunctionName("auth-fn_x"); got != "AuthDashfnUnderscorex" {
		t.Errorf("normalizeFunctionName = %q", got)
	}
}

const basicService = `service: shop
provider:
  name: aws
  stage: ${opt:stage, 'dev'}
  region: eu-west-1
custom:
  prefix: api
  stages:
    dev: {name: development}
    prod: {name: production}
  label: ${self:custom.stages.${sls:stage}.name}
functions:
  authorizerFn:
    handler: auth.handler
  users:
    handler: users.handler
    events:
      - http:
          path: /${self:custom.prefix}/users/{id}
          method: any
          authorizer: authorizerFn
      - http: POST ${self:custom.prefix}/users
      - http:
          path: /
          method: get
          private: true
          cors: true
`

func TestRESTAPIFromEvents(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": basicService}, nil)
	a := s.api(t, model.REST)
	if a.Name.V != "dev-shop" {
		t.Errorf("API name %q, want dev-shop", a.Name.V)
	}
	want := []string{
		"ANY /api/users/{id} CUSTOM key=false",
		"GET / NONE key=true",
		"OPTIONS / NONE key=false",
		"POST /api/users NONE key=false",
	}
	if got := routes(a); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
	if got := stages(a); fmt.Sprint(got) != "[dev]" {
		t.Errorf("stages %v, want [dev]", got)
	}
	// The authorizer named by a function of the service is a TOKEN
	// authorizer reading the Authorization header.
	var auth *model.Authorizer
	for _, z := range s.cfg.Authorizers {
		auth = z
	}
	if auth == nil || auth.Type.V != "TOKEN" || len(auth.IdentitySources.Items) != 1 || auth.IdentitySources.Items[0].V != "method.request.header.Authorization" {
		t.Errorf("authorizer %+v", auth)
	}
	if auth != nil && auth.Source.Address != "AuthorizerFnApiGatewayAuthorizer" {
		t.Errorf("authorizer logical ID %q", auth.Source.Address)
	}
	for _, e := range s.errs {
		if e.Severity != model.SevInfo {
			t.Errorf("unexpected diagnostic %v: %s", e.Range, e.Message)
		}
	}
}

func TestStageParameter(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": basicService}, map[string]string{"stage": "prod"})
	a := s.api(t, model.REST)
	if got := stages(a); fmt.Sprint(got) != "[prod]" {
		t.Errorf("stages %v, want [prod]", got)
	}
	if a.Name.V != "prod-shop" {
		t.Errorf("API name %q", a.Name.V)
	}
}

// Findings land where the fault is written: the event's path, the
// authorizer, private: true, the stage, and in included files.
func TestPositions(t *testing.T) {
	s := parseService(t, map[string]string{
		"serverless.yml": basicService + "resources:\n  - ${file(./res/cdn.yml)}\n",
		"res/cdn.yml": `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: api
            DomainName: !Sub "${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com"
            OriginPath: /${sls:stage}
        DefaultCacheBehavior:
          TargetOriginId: api
`,
	}, nil)
	a := s.api(t, model.REST)
	got := map[string]string{}
	for _, r := range a.Resources {
		for _, m := range r.Methods {
			got[m.HTTPMethod.V+" "+r.Path.V] = pos(m.Range) + " auth " + pos(m.Authorization.Range) + " key " + pos(m.APIKeyRequired.Range)
		}
	}
	want := map[string]string{
		"ANY /api/users/{id}": "serverless.yml:19:17 auth serverless.yml:21:23 key serverless.yml:19:11",
		"POST /api/users":     "serverless.yml:22:15 auth serverless.yml:22:15 key serverless.yml:22:15",
		"GET /":               "serverless.yml:24:17 auth serverless.yml:24:11 key serverless.yml:26:20",
		"OPTIONS /":           "serverless.yml:27:17 auth serverless.yml:27:17 key serverless.yml:27:17",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s at %q, want %q", k, got[k], w)
		}
	}
	if st := a.Stages[0]; pos(st.Source.Range) != "serverless.yml:4:10" {
		t.Errorf("stage at %s, want serverless.yml:4:10", pos(st.Source.Range))
	}
	if len(s.cfg.Distributions) != 1 {
		t.Fatalf("%d distributions", len(s.cfg.Distributions))
	}
	d := s.cfg.Distributions[0]
	if pos(d.Source.Range) != "cdn.yml:2:3" {
		t.Errorf("distribution at %s", pos(d.Source.Range))
	}
	o := d.Origins[0]
	if o.OriginPath.V != "/dev" || pos(o.OriginPath.Range) != "cdn.yml:9:25" {
		t.Errorf("origin path %q at %s", o.OriginPath.V, pos(o.OriginPath.Range))
	}
	if o.Link == nil || o.Link.API != a {
		t.Errorf("origin not linked to the API")
	}
	if len(s.included) != 1 || filepath.Base(s.included[0]) != "cdn.yml" {
		t.Errorf("included %v", s.included)
	}
	if !contains(s.cfg.Files, s.included[0]) {
		t.Errorf("files %v lack the included file", s.cfg.Files)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func TestHTTPAPI(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
  httpApi:
    authorizers:
      jwtAuth:
        issuerUrl: https://example.com
        audience: [x]
      lambdaAuth:
        type: request
        functionName: auth
        identitySource: [$request.header.X-Token]
functions:
  api:
    handler: h.api
    events:
      - httpApi: '*'
      - httpApi: GET /orders/{id}
      - httpApi:
          method: POST
          path: /orders
          authorizer: jwtAuth
      - httpApi:
          method: '*'
          path: /admin
          authorizer: {name: lambdaAuth}
      - httpApi:
          method: GET
          path: /iam
          authorizer: {type: aws_iam}
`}, nil)
	a := s.api(t, model.HTTP)
	if got := stages(a); fmt.Sprint(got) != "[$default]" {
		t.Errorf("stages %v", got)
	}
	if !a.Stages[0].AutoDeploy.V {
		t.Errorf("$default stage is not auto-deployed")
	}
	var paths []string
	catchAll := false
	for _, r := range a.Resources {
		catchAll = catchAll || r.CatchAll
		for _, m := range r.Methods {
			paths = append(paths, m.HTTPMethod.V+" "+r.Path.V+" "+m.Authorization.V)
		}
	}
	sort.Strings(paths)
	want := "[ANY /admin CUSTOM GET /iam AWS_IAM GET /orders/{id} NONE POST /orders JWT]"
	if !catchAll || !strings.HasPrefix(fmt.Sprint(paths), "[ANY") || !strings.Contains(fmt.Sprint(paths), "POST /orders JWT") || !strings.Contains(fmt.Sprint(paths), "ANY /admin CUSTOM") {
		t.Errorf("routes %v (catch-all %v), want %s and $default", paths, catchAll, want)
	}
	ids := map[string][]string{}
	for _, z := range s.cfg.Authorizers {
		var srcs []string
		for _, it := range z.IdentitySources.Items {
			srcs = append(srcs, it.V)
		}
		ids[z.Source.Address] = srcs
	}
	if fmt.Sprint(ids["HttpApiAuthorizerJwtAuth"]) != "[$request.header.Authorization]" || fmt.Sprint(ids["HttpApiAuthorizerLambdaAuth"]) != "[$request.header.X-Token]" {
		t.Errorf("authorizers %v", ids)
	}
}

// The service gives the same API as the template `serverless package`
// wrote for it.
func TestPackagedParity(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "rules", "serverless-framework-output")
	path := filepath.Join(dir, "serverless.yml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs, _, _ := Parse(path, src, Options{FS: vfs.Confined(nil, dir)}, model.NewSymbols())
	model.Assemble(cfg)
	pkgPath := PackagedTemplate(path)
	pkgSrc, err := os.ReadFile(pkgPath)
	if err != nil {
		t.Fatal(err)
	}
	pkg, perrs := cf.Parse(pkgPath, pkgSrc, cf.Options{}, model.NewSymbols())
	model.Assemble(pkg)
	if len(errs) > 0 || len(perrs) > 0 {
		t.Errorf("errors: %v / %v", errs, perrs)
	}
	summary := func(c *model.Config) string {
		var b strings.Builder
		for _, a := range c.APIs {
			fmt.Fprintf(&b, "%s %v %s %v stages=%v;", a.Source.Address, a.Kind, a.Name.V, routes(a), stages(a))
			for _, e := range a.EndpointTypes.Items {
				b.WriteString(e.V)
			}
		}
		for _, d := range c.Distributions {
			for _, o := range d.Origins {
				api := ""
				if o.Link != nil && o.Link.API != nil {
					api = o.Link.API.Source.Address
				}
				fmt.Fprintf(&b, " origin %s %s → %s", o.ID.V, o.OriginPath.V, api)
			}
		}
		return b.String()
	}
	if a, b := summary(cfg), summary(pkg); a != b {
		t.Errorf("serverless.yml gives\n%s\nthe packaged template\n%s", a, b)
	}
}

func TestVariables(t *testing.T) {
	t.Setenv("EDGELINT_TEST_STAGE", "from-env")
	s := parseService(t, map[string]string{
		"serverless.yml": `service: ${file(./config/${opt:env, 'common'}.yml):service}
provider:
  name: aws
  stage: ${env:EDGELINT_TEST_STAGE, 'qa'}
custom: ${file(./config/custom.json)}
functions:
  a:
    handler: a.h
    events:
      - http: GET ${self:custom.paths.first}
      - http: GET ${self:custom.paths.missing, 'fallback'}
      - http: GET ${self:custom.paths.number}
      - http: GET ${file(./config/absent.yml):x, 'nofile'}
`,
		"config/common.yml":  "service: shop-${sls:stage}\n",
		"config/custom.json": `{"paths": {"first": "one/${self:provider.stage}", "number": 7}}`,
	}, nil)
	a := s.api(t, model.REST)
	// The environment is never read: ${env:…} takes its fallback.
	if got := stages(a); fmt.Sprint(got) != "[qa]" {
		t.Errorf("stages %v, want [qa]", got)
	}
	if a.Name.V != "qa-shop-qa" {
		t.Errorf("API name %q", a.Name.V)
	}
	want := "[GET /7 NONE key=false GET /fallback NONE key=false GET /nofile NONE key=false GET /one/qa NONE key=false]"
	if got := routes(a); fmt.Sprint(got) != want {
		t.Errorf("routes %v, want %s", got, want)
	}
}

// Values known only at deploy time are unknown, never guessed: an API
// whose event paths are unknown has unknown resources.
func TestUnknownValues(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
  stage: ${ssm:/shop/stage, 'dev'}
functions:
  a:
    handler: a.h
    events:
      - http: GET known
      - http:
          path: ${cf:other.Path}
          method: get
      - http: GET ${env:UNSET_PATH}
`}, nil)
	a := s.api(t, model.REST)
	if got := stages(a); fmt.Sprint(got) != "[?]" {
		t.Errorf("stages %v, want unknown (ssm is read at deploy, its fallback is not taken)", got)
	}
	if a.ResourcesUnknown == "" {
		t.Errorf("resources known, with a path unknown")
	}
	if a.Name.Known && strings.HasPrefix(a.Name.V, "dev-") {
		t.Errorf("API name %q guessed the stage", a.Name.V)
	}
}

func TestExternalRestAPI(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
  apiGateway:
    restApiId: abc123
    restApiRootResourceId: root1
functions:
  a:
    handler: a.h
    events:
      - http: GET users
`}, nil)
	if len(s.cfg.APIs) != 0 {
		t.Errorf("an existing API was modelled: %v", s.cfg.APIs)
	}
	found := false
	for _, e := range s.errs {
		found = found || (e.Severity == model.SevInfo && strings.Contains(e.Message, "restApiId"))
	}
	if !found {
		t.Errorf("no note on the existing API: %v", s.errs)
	}
}

func TestExtensionsAndOverrides(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
functions:
  a:
    handler: a.h
    events:
      - http: GET users
resources:
  Resources:
    ApiGatewayRestApi:
      Properties:
        Name: custom-name
  extensions:
    ApiGatewayMethodUsersGet:
      Properties:
        ApiKeyRequired: true
    NotThere:
      Properties: {}
`}, nil)
	a := s.api(t, model.REST)
	if a.Name.V != "custom-name" {
		t.Errorf("API name %q, want the override", a.Name.V)
	}
	if got := fmt.Sprint(routes(a)); got != "[GET /users NONE key=true]" {
		t.Errorf("routes %s", got)
	}
	warned := false
	for _, e := range s.errs {
		warned = warned || strings.Contains(e.Message, "NotThere")
	}
	if !warned {
		t.Errorf("no warning on the extension of a missing resource")
	}
}

func TestCustomDomain(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
  stage: prod
custom:
  customDomain:
    domainName: api.example.com
    basePath: v1
functions:
  a:
    handler: a.h
    events:
      - http: GET users
`}, nil)
	if len(s.cfg.DomainNames) != 1 || s.cfg.DomainNames[0].Name.V != "api.example.com" {
		t.Fatalf("domain names %v", s.cfg.DomainNames)
	}
	if len(s.cfg.Mappings) != 1 {
		t.Fatalf("mappings %v", s.cfg.Mappings)
	}
	m := s.cfg.Mappings[0]
	if m.BasePath.V != "v1" || m.Stage.V != "prod" {
		t.Errorf("mapping base path %q stage %q", m.BasePath.V, m.Stage.V)
	}
}

// Hostile service files end in bounded time with the values past the
// bounds unknown: exponential self-references, cycles, files outside the
// boundary.
func TestBounds(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: x\nprovider:\n  name: aws\ncustom:\n")
	const levels = 40
	for i := 0; i < levels; i++ {
		fmt.Fprintf(&b, "  v%d: ${self:custom.v%d}${self:custom.v%d}${self:custom.v%d}\n", i, i+1, i+1, i+1)
	}
	fmt.Fprintf(&b, "  v%d: ab\n", levels)
	b.WriteString("  c1: ${self:custom.c2}\n  c2: ${self:custom.c1}\n")
	b.WriteString("  outside: ${file(../secret.yml):key}\n")
	b.WriteString("functions:\n  f:\n    handler: h\n    events:\n      - http: GET ${self:custom.v0}\n      - http: GET ${self:custom.c1}\n")
	start := time.Now()
	s := parseService(t, map[string]string{
		"repo/serverless.yml": b.String(),
		"secret.yml":          "key: value\n",
	}, nil)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	var msgs []string
	for _, e := range s.errs {
		msgs = append(msgs, e.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"refer to it again", "is not read", "longer than"} {
		if !strings.Contains(all, want) {
			t.Errorf("no diagnostic %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "value") && strings.Contains(all, "secret") && strings.Contains(all, "key: value") {
		t.Errorf("the outside file's text was echoed")
	}
	a := s.api(t, model.REST)
	if a.ResourcesUnknown == "" {
		t.Errorf("resources known though their paths are past the bounds")
	}
}

// A service of another provider has no API Gateway API.
func TestOtherProvider(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: azure
functions:
  a:
    handler: a.h
    events:
      - http: GET users
`}, nil)
	if len(s.cfg.APIs) != 0 {
		t.Errorf("APIs of an azure service: %v", s.cfg.APIs)
	}
}

func TestAPIName(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
  apiGateway:
    shouldStartNameWithService: true
functions:
  a:
    handler: a.h
    events:
      - http: GET users
`}, nil)
	if a := s.api(t, model.REST); a.Name.V != "shop-dev" {
		t.Errorf("API name %q, want shop-dev", a.Name.V)
	}
}

// A value the framework rejects is unknown, never read as text.
func TestBadVariables(t *testing.T) {
	if _, bad := parseVars("a-${self:b"); bad == "" {
		t.Errorf("an unclosed variable was read")
	}
	if _, bad := parseVars(strings.Repeat("${self:a}", maxVarsPerString+1)); bad == "" {
		t.Errorf("%d variables were read", maxVarsPerString+1)
	}
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
functions:
  a:
    handler: a.h
    events:
      - http: GET users/${self:service
`}, nil)
	if a := s.api(t, model.REST); a.ResourcesUnknown == "" {
		t.Errorf("routes %v known from an unclosed variable", routes(a))
	}
}

// The framework deploys the API again on every deploy: its deployment
// depends on every method, those resources: adds too.
func TestDeploymentDependsOnEveryMethod(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
functions:
  a:
    handler: a.h
    events:
      - http: GET users
resources:
  Resources:
    ExtraMethod:
      Type: AWS::ApiGateway::Method
      Properties:
        RestApiId: !Ref ApiGatewayRestApi
        ResourceId: !Ref ApiGatewayResourceUsers
        HttpMethod: POST
        AuthorizationType: NONE
`}, nil)
	if len(s.cfg.Deployments) != 1 {
		t.Fatalf("deployments %v", s.cfg.Deployments)
	}
	got := fmt.Sprint(s.cfg.Deployments[0].DependsOn)
	if got != "[ApiGatewayMethodUsersGet ExtraMethod]" {
		t.Errorf("DependsOn %s", got)
	}
	if r := routes(s.api(t, model.REST)); fmt.Sprint(r) != "[GET /users NONE key=false POST /users NONE key=false]" {
		t.Errorf("routes %v", r)
	}
}

func TestHTTPCustomDomain(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
custom:
  customDomains:
    - http:
        domainName: api.example.com
        basePath: ''
    - rest:
        domainName: old.example.com
        enabled: false
functions:
  a:
    handler: a.h
    events:
      - httpApi: GET /users
`}, nil)
	if len(s.cfg.DomainNames) != 1 || !s.cfg.DomainNames[0].V2 || s.cfg.DomainNames[0].Name.V != "api.example.com" {
		t.Fatalf("domain names %v", s.cfg.DomainNames)
	}
	if len(s.cfg.Mappings) != 1 || s.cfg.Mappings[0].Stage.V != "$default" || s.cfg.Mappings[0].BasePath.V != "" {
		t.Fatalf("mappings %+v", s.cfg.Mappings)
	}
}

// Events that name one authorizer each compile it, merged as the framework
// merges them (checked against serverless package 3.40.0): the last
// event's type, the first's identity source where the last has none; a
// REQUEST authorizer without caching alone has no identity source.
func TestAuthorizerMerged(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
functions:
  authFn:
    handler: a.h
  other:
    handler: a.h
  a:
    handler: a.h
    events:
      - http:
          path: x
          method: get
          authorizer: authFn
      - http:
          path: y
          method: get
          authorizer: {name: authFn, type: request, resultTtlInSeconds: 0}
      - http:
          path: z
          method: get
          authorizer: {name: other, type: request, resultTtlInSeconds: 0}
`}, nil)
	got := map[string]string{}
	for _, z := range s.cfg.Authorizers {
		var ids []string
		for _, it := range z.IdentitySources.Items {
			ids = append(ids, it.V)
		}
		got[z.Source.Address] = z.Type.V + " " + fmt.Sprint(ids)
	}
	want := map[string]string{
		"AuthFnApiGatewayAuthorizer": "REQUEST [method.request.header.Authorization]",
		"OtherApiGatewayAuthorizer":  "REQUEST []",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("authorizers %v, want %v", got, want)
	}
}

// Plugins that add methods to the REST API: serverless-step-functions'
// http events are compiled, serverless-apigateway-service-proxy's
// proxies leave the resources unknown.
func TestPluginMethods(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
plugins:
  - serverless-step-functions
provider:
  name: aws
functions:
  a:
    handler: a.h
    events:
      - http: GET users
stepFunctions:
  stateMachines:
    orderFlow:
      events:
        - http:
            path: orders
            method: post
      definition: {}
`}, nil)
	if got := fmt.Sprint(routes(s.api(t, model.REST))); got != "[GET /users NONE key=false POST /orders NONE key=false]" {
		t.Errorf("routes %s", got)
	}
	s = parseService(t, map[string]string{"serverless.yml": `service: shop
plugins:
  modules:
    - serverless-apigateway-service-proxy
provider:
  name: aws
custom:
  apiGatewayServiceProxies:
    - sqs:
        path: /queue
        method: post
functions:
  a:
    handler: a.h
    events:
      - http: GET users
`}, nil)
	if a := s.api(t, model.REST); a.ResourcesUnknown == "" {
		t.Errorf("resources known with the service proxy plugin: %v", routes(a))
	}
}

// compileService compiles the service file at path into its template, as
// Parse does before the CloudFormation reader reads it.
func compileService(t *testing.T, path string) (*cf.Node, *resolver) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	root, _, perr := cf.ReadTree(path, src)
	if perr != nil {
		t.Fatal(perr.Message)
	}
	r := newResolver(path, root, Options{FS: vfs.Confined(nil, filepath.Dir(path))})
	return newCompiler(r, r.resolve(root)).compile(), r
}

// plain is n as JSON would decode it.
func plain(n *cf.Node) any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case cf.KMap:
		m := map[string]any{}
		for i, k := range n.Keys {
			m[k.Str] = plain(n.Vals[i])
		}
		return m
	case cf.KSeq:
		l := []any{}
		for _, it := range n.Items {
			l = append(l, plain(it))
		}
		return l
	case cf.KBool:
		return n.Str == "true"
	case cf.KNumber:
		f, err := strconv.ParseFloat(n.Str, 64)
		if err != nil {
			return n.Str
		}
		return f
	case cf.KNull:
		return nil
	}
	return n.Str
}

// keysAndCors are the API keys, usage plans and usage plan keys of a
// template's resources, and its HTTP API's CorsConfiguration, as JSON
// (a deployment's timestamp left out).
func keysAndCors(t *testing.T, resources map[string]any) string {
	t.Helper()
	sel := map[string]any{}
	for id, v := range resources {
		if keyResource(id) {
			sel[id] = v
		}
	}
	out := map[string]any{"Resources": sel}
	if api, ok := resources["HttpApi"].(map[string]any); ok {
		props, _ := api["Properties"].(map[string]any)
		out["CorsConfiguration"] = props["CorsConfiguration"]
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`ApiGatewayDeployment\d+`).ReplaceAllString(string(b), "ApiGatewayDeployment")
}

func jsonOf(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestKeysAndCorsAsPackaged compiles the services of testdata/packaged
// (API keys and usage plans in every form provider.apiGateway takes
// them, and provider.httpApi.cors as true and as mappings) and compares
// their API keys, usage plans, usage plan keys and HTTP API CORS
// configuration with what `serverless package` 3.40.0 made of them
// (packaged.json); with the framework at hand, the services are packaged
// again and compared with it.
func TestKeysAndCorsAsPackaged(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "packaged", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no services: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmpl, r := compileService(t, filepath.Join(dir, "serverless.yml"))
			for _, e := range r.errs {
				if e.Severity != model.SevInfo {
					t.Errorf("diagnostic: %v", e)
				}
			}
			res, _ := plain(tmpl.Get("Resources")).(map[string]any)
			got := keysAndCors(t, res)
			want := jsonOf(t, filepath.Join(dir, "packaged.json"))
			wantRes, _ := want["Resources"].(map[string]any)
			if cors, ok := want["CorsConfiguration"]; ok {
				wantRes["HttpApi"] = map[string]any{"Properties": map[string]any{"CorsConfiguration": cors}}
			}
			if w := keysAndCors(t, wantRes); got != w {
				t.Errorf("compiled\n%s\nthe framework made\n%s", got, w)
			}
		})
	}
	if testing.Short() {
		return
	}
	sls := testutil.Serverless(t)
	for _, dir := range dirs {
		t.Run("live/"+filepath.Base(dir), func(t *testing.T) {
			pkg := jsonOf(t, testutil.PackageServerless(t, sls, dir))
			res, _ := pkg["Resources"].(map[string]any)
			want := jsonOf(t, filepath.Join(dir, "packaged.json"))
			wantRes, _ := want["Resources"].(map[string]any)
			if cors, ok := want["CorsConfiguration"]; ok {
				wantRes["HttpApi"] = map[string]any{"Properties": map[string]any{"CorsConfiguration": cors}}
			}
			if got, w := keysAndCors(t, res), keysAndCors(t, wantRes); got != w {
				t.Errorf("serverless package made\n%s\npackaged.json holds\n%s", got, w)
			}
		})
	}
}

// TestKeysAndCorsPositions checks where the API keys, usage plans and the
// HTTP API's CORS configuration are written in the compiled template: on
// the text they come from.
func TestKeysAndCorsPositions(t *testing.T) {
	tmpl, _ := compileService(t, filepath.Join("testdata", "packaged", "keys", "serverless.yml"))
	res := tmpl.Get("Resources")
	for id, want := range map[string]string{
		"ApiGatewayApiKeyFree1":       "serverless.yml:10:13", // - free-key-1
		"ApiGatewayApiKeyFree2":       "serverless.yml:11:13", // - name: free-key-2
		"ApiGatewayApiKey2":           "serverless.yml:16:9",  // - loose-key
		"ApiGatewayApiKey3":           "serverless.yml:17:9",  // - name: object-key
		"ApiGatewayUsagePlanFree":     "serverless.yml:21:9",  // - free:
		"ApiGatewayUsagePlanPaid":     "serverless.yml:28:9",  // - paid:
		"ApiGatewayUsagePlanKeyFree2": "serverless.yml:11:13",
		"ApiGatewayUsagePlanKey3":     "serverless.yml:17:9",
	} {
		var at *cf.Node
		for i, k := range res.Keys {
			if k.Str == id {
				at = res.Vals[i]
			}
		}
		if at == nil {
			t.Errorf("no %s", id)
			continue
		}
		if got := pos(at.Rng); got != want {
			t.Errorf("%s at %s, want %s", id, got, want)
		}
	}
	tmpl, _ = compileService(t, filepath.Join("testdata", "packaged", "cors2", "serverless.yml"))
	cors := get(tmpl, "Resources", "HttpApi", "Properties", "CorsConfiguration")
	if cors == nil {
		t.Fatal("no CorsConfiguration")
	}
	if got := pos(cors.Rng); got != "serverless.yml:8:7" {
		t.Errorf("CorsConfiguration at %s, want serverless.yml:8:7 (allowedOrigins, the mapping's first line)", got)
	}
	if got := pos(cors.Get("AllowOrigins").Items[0].Rng); got != "serverless.yml:8:23" {
		t.Errorf("AllowOrigins at %s, want serverless.yml:8:23", got)
	}
}

// TestKeysExtensions checks that resources.extensions finds the API keys
// and usage plans the framework makes, and that a service whose keys are
// not known is not told its extension names nothing.
func TestKeysExtensions(t *testing.T) {
	svc := func(apiGateway string) string {
		return `service: shop
provider:
  name: aws
  apiGateway:
` + apiGateway + `
functions:
  a:
    handler: a.h
    events:
      - http:
          path: users
          method: get
          private: true
resources:
  extensions:
    ApiGatewayUsagePlan:
      Properties:
        Description: mine
    ApiGatewayApiKey1:
      DeletionPolicy: Retain
`
	}
	warned := func(s *service) []string {
		var out []string
		for _, e := range s.errs {
			if strings.Contains(e.Message, "does not define") {
				out = append(out, e.Message)
			}
		}
		return out
	}
	s := parseService(t, map[string]string{"serverless.yml": svc("    apiKeys:\n      - k1\n    usagePlan:\n      quota: {limit: 10, period: DAY}")}, nil)
	if w := warned(s); len(w) > 0 {
		t.Errorf("extensions of the framework's key and plan are warned: %v", w)
	}
	if got := fmt.Sprint(routes(s.api(t, model.REST))); got != "[GET /users NONE key=true]" {
		t.Errorf("routes %s", got)
	}
	s = parseService(t, map[string]string{"serverless.yml": svc("    apiKeySourceType: HEADER")}, nil)
	if w := warned(s); len(w) != 2 {
		t.Errorf("extensions of keys and plans the service does not make: warnings %v, want 2", w)
	}
	s = parseService(t, map[string]string{"serverless.yml": svc("    apiKeys: ${ssm:/keys}")}, nil)
	if w := warned(s); len(w) > 0 {
		t.Errorf("keys not known, yet warned: %v", w)
	}
}

// TestKeyGroupWithoutPlan checks the warning on API keys grouped under a
// name no usage plan has, which the framework rejects.
func TestKeyGroupWithoutPlan(t *testing.T) {
	s := parseService(t, map[string]string{"serverless.yml": `service: shop
provider:
  name: aws
  apiGateway:
    apiKeys:
      - free:
          - k1
    usagePlan:
      - paid:
          throttle: {rateLimit: 1}
functions:
  a:
    handler: a.h
    events:
      - http: GET users
`}, nil)
	found := false
	for _, e := range s.errs {
		if strings.Contains(e.Message, `API key "free" has no usage plan defined`) {
			found = true
			if got := pos(e.Range); got != "serverless.yml:6:9" {
				t.Errorf("warning at %s, want serverless.yml:6:9", got)
			}
		}
	}
	if !found {
		t.Errorf("no warning; diagnostics: %v", s.errs)
	}
}
