package cloudformation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

func TestSniff(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name string
		src  []byte
		want bool
	}{
		{"rest.yaml", read("rest.yaml"), true},
		{"http.json", read("http.json"), true},
		{"sam.yaml", read("sam.yaml"), true},
		{"openapi", read("openapi/def.yaml"), false},
		{"version only", []byte("AWSTemplateFormatVersion: '2010-09-09'\nDescription: x\n"), true},
		{"sam transform list", []byte("Transform:\n  - AWS::Serverless-2016-10-31\n"), true},
		{"indented template", []byte("---\n  Resources:\n    A:\n      Type: AWS::S3::Bucket\n"), true},
		{"custom resource json", []byte(`{"Resources": {"A": {"Type": "Custom::Thing"}}}`), true},
		{"resources without types", []byte("Resources:\n  a: 1\n"), false},
		{"kubernetes", []byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n"), false},
		{"package.json", []byte(`{"name": "x", "dependencies": {"aws-cdk-lib": "2"}}`), false},
		{"terraform", []byte("resource \"aws_api_gateway_rest_api\" \"x\" {\n  name = \"Resources\"\n}\n"), false},
		// A file that says it is a template is one, whatever bytes it
		// holds besides: Parse reports them (TestNotText).
		{"binary template", append([]byte("AWSTemplateFormatVersion: x\n"), 0, 1, 2), true},
		{"invalid utf-8 template", []byte("AWSTemplateFormatVersion: \xff\xfe\n"), true},
		{"nul in a comment", []byte("# a\x00b\nResources:\n  A:\n    Type: AWS::S3::Bucket\n"), true},
		{"starts with nul", []byte("\x00\nAWSTemplateFormatVersion: x\n"), true},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe Resources:\n Type: x"), false},
		{"nul only", []byte("\x00\x00"), false},
		{"empty", nil, false},
		{"json list", []byte(`[{"AWSTemplateFormatVersion": "x"}]`), false},
	}
	for _, c := range cases {
		if got := Sniff(c.name, c.src); got != c.want {
			t.Errorf("Sniff(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRESTTemplate(t *testing.T) {
	f := parseFixture(t, "rest.yaml", Options{})
	f.noErrors(t, `duplicate mapping key "Name"`)

	// The duplicate key is reported where it is written; the last value wins.
	var dup *model.Diagnostic
	for i, e := range f.errs {
		if strings.Contains(e.Message, "duplicate mapping key") {
			dup = &f.errs[i]
		}
	}
	if dup == nil || dup.Severity != model.SevWarning || spanOf(dup.Range) != (span{111, 9, 111, 13}) {
		t.Errorf("duplicate key report = %+v", dup)
	}

	api := f.api(t, "Api")
	if api.Kind != model.REST || api.IDToken != f.token("Api", "id") || api.RootIDToken != f.token("Api", "root_resource_id") {
		t.Errorf("API kind/tokens = %s %q %q", api.Kind, api.IDToken, api.RootIDToken)
	}
	f.wantStr(t, "API name", api.Name, "blog-prod", `!Sub "blog-${Stage}"`, 0)
	if api.Source.Path != "Stack/Api/Resource" || api.Source.Address != "Api" || api.Source.Format != model.FormatCloudFormation {
		t.Errorf("API source = %+v", api.Source)
	}
	if got := spanOf(api.Source.Range); got != (span{30, 3, 37, 39}) {
		t.Errorf("API source range = %v, want the whole resource, 30:3-37:39", got)
	}
	if len(api.EndpointTypes.Items) != 1 {
		t.Fatalf("endpoint types = %+v", api.EndpointTypes)
	}
	f.wantStr(t, "endpoint type", api.EndpointTypes.Items[0], "REGIONAL", "REGIONAL", 0)
	if k := api.APIKeySource; k.Set || !k.Known || k.V != "HEADER" {
		t.Errorf("API key source = %+v, want default HEADER", k)
	}

	// Raw REST resources and methods refer to each other by token.
	byID := map[string]*model.RawResource{}
	for _, r := range f.cfg.Resources {
		byID[r.Source.Address] = r
	}
	users, favs := byID["Users"], byID["Favorites"]
	if users == nil || favs == nil {
		t.Fatalf("raw resources = %v", byID)
	}
	f.wantStr(t, "Users.RestApiId", users.APIRef, api.IDToken, "!Ref Api", 0)
	f.wantStr(t, "Users.ParentId", users.ParentRef, api.RootIDToken, "!GetAtt Api.RootResourceId", 0)
	f.wantStr(t, "Users.PathPart", users.PathPart, "users", "users", 1)
	if favs.ParentRef.V != users.IDToken || users.IDToken != f.token("Users", "id") {
		t.Errorf("Favorites parent %q, Users id %q", favs.ParentRef.V, users.IDToken)
	}
	methods := map[string]*model.RawMethod{}
	for _, m := range f.cfg.Methods {
		methods[m.Source.Address] = m
	}
	get, anyMethod := methods["UsersGet"], methods["RootAny"]
	f.wantStr(t, "UsersGet method", get.HTTPMethod, "GET", "get", 0)
	f.wantStr(t, "UsersGet authorization", get.Authorization, "CUSTOM", "CUSTOM", 0)
	f.wantStr(t, "UsersGet authorizer", get.AuthorizerRef, f.token("Auth", "id"), "!Ref Auth", 0)
	f.wantStr(t, "RootAny resource", anyMethod.ResourceRef, api.RootIDToken, "Fn::GetAtt: [Api, RootResourceId]", 0)
	if a := anyMethod.Authorization; a.Set || !a.Known || a.V != "NONE" {
		t.Errorf("RootAny authorization = %+v, want default NONE", a)
	}
	if k := anyMethod.APIKeyRequired; k.Set || !k.Known || k.V {
		t.Errorf("RootAny api key = %+v, want default false", k)
	}

	if len(f.cfg.Authorizers) != 1 {
		t.Fatalf("authorizers = %d", len(f.cfg.Authorizers))
	}
	z := f.cfg.Authorizers[0]
	if z.IDToken != f.token("Auth", "id") || z.Type.V != "REQUEST" || len(z.IdentitySources.Items) != 2 ||
		z.IdentitySources.Items[0].V != "method.request.header.Authorization" ||
		z.IdentitySources.Items[1].V != "method.request.querystring.token" {
		t.Errorf("authorizer = %+v", z)
	}

	// Stages: parameter default, parameter without value, and a stage whose
	// condition is false (skipped).
	f.wantStr(t, "ProdStage", f.stage(t, f.id("ProdStage")).Name, "prod", "!Ref Stage", 1)
	env := f.stage(t, f.id("EnvStage"))
	f.wantStr(t, "EnvStage", env.Name, f.unknownParam("Env"), "!Ref Env", 1)
	if !f.syms.HasUnknown(env.Name.V) {
		t.Errorf("EnvStage name is not an unknown symbol")
	}
	for _, s := range f.cfg.Stages {
		if s.ID == f.id("NeverStage") {
			t.Errorf("NeverStage has a false condition and must be skipped")
		}
	}
	if len(f.cfg.Deployments) == 1 {
		f.wantStr(t, "Deployment.RestApiId", f.cfg.Deployments[0].APIRef, api.IDToken, "{Ref: Api}", 0)
	}
	if len(f.cfg.Deployments) != 1 || f.cfg.Deployments[0].IDToken != f.token("Deployment", "id") ||
		f.stage(t, f.id("ProdStage")).DeploymentRef.V != f.token("Deployment", "id") {
		t.Errorf("deployment = %+v", f.cfg.Deployments)
	}

	cache, fwd := f.policy(t, "Cache"), f.policy(t, "Forward")
	if cache.Name != "short" || cache.Kind != model.CachePolicy || cache.IDToken != f.token("Cache", "id") {
		t.Errorf("cache policy = %+v", cache)
	}
	f.wantStr(t, "cache header behavior", cache.HeaderBehavior, "whitelist", "whitelist", 0)
	if len(cache.Headers.Items) != 1 || cache.Headers.Items[0].V != "Authorization" ||
		cache.MinTTL.V != 0 || !cache.MinTTL.Known || cache.DefaultTTL.V != 60 || cache.MaxTTL.V != 3600 ||
		cache.QueryStringBehavior.V != "all" || cache.CookieBehavior.V != "none" {
		t.Errorf("cache policy contents = %+v", cache)
	}
	if fwd.Kind != model.OriginRequestPolicy || fwd.HeaderBehavior.V != "allExcept" || len(fwd.Headers.Items) != 1 || fwd.Headers.Items[0].V != "Host" {
		t.Errorf("origin request policy = %+v", fwd)
	}

	d := f.dist(t, "Cdn")
	if !d.Dynamic {
		t.Errorf("an origin depends on an unknown condition: the distribution is dynamic")
	}
	if len(d.Origins) != 3 {
		t.Fatalf("origins = %d, want api, users, site", len(d.Origins))
	}
	api0, users0, site := d.Origins[0], d.Origins[1], d.Origins[2]
	f.wantStr(t, "origin id", api0.ID, "api", "", 0)
	if got := spanOf(api0.ID.Range); got != (span{141, 17, 141, 20}) {
		t.Errorf("origin id range = %v", got)
	}
	// CDK's Select/Split of the stage URL gives the execute-api host.
	if api0.DomainName.V != f.host("Api") {
		t.Errorf("origin domain = %q, want %q", f.syms.Display(api0.DomainName.V), f.syms.Display(f.host("Api")))
	}
	if got := spanOf(api0.DomainName.Range); got.line != 142 || got.col != 25 || got.endLine != 150 || got.endCol != 146 {
		t.Errorf("origin domain range = %v, want 142:25-150:146", got)
	}
	f.wantStr(t, "origin path", api0.OriginPath, "/prod", `!Join ["", ["/", !Ref ProdStage]]`, 0)
	if len(api0.CustomHeaders) != 1 {
		t.Fatalf("custom headers = %+v", api0.CustomHeaders)
	}
	f.wantStr(t, "header name", api0.CustomHeaders[0].Name, "x-origin-verify", "x-origin-verify", 0)
	f.wantStr(t, "header value", api0.CustomHeaders[0].Value, "secret", "secret", 0)
	f.wantStr(t, "protocol", api0.ProtocolPolicy, "https-only", "https-only", 0)
	if api0.S3 || users0.S3 || !site.S3 {
		t.Errorf("S3 flags = %v %v %v", api0.S3, users0.S3, site.S3)
	}
	f.wantStr(t, "users domain", users0.DomainName, f.token("Api", "id")+".execute-api."+f.syms.Pseudo(model.PseudoRegion)+".amazonaws.com",
		`!Sub "${Api}.execute-api.${AWS::Region}.amazonaws.com"`, 0)
	f.wantStr(t, "FindInMap origin path", users0.OriginPath, "/prod/users", "!FindInMap [Paths, !Ref Region, Origin]", 0)
	// A value chosen by Fn::If is located at its branch.
	f.wantStr(t, "Fn::If protocol", users0.ProtocolPolicy, "https-only", "https-only", 1)
	if p := site.OriginPath; p.Set || !p.Known || p.V != "" {
		t.Errorf("absent origin path = %+v, want default empty", p)
	}

	if len(d.Behaviors) != 3 {
		t.Fatalf("behaviors = %d", len(d.Behaviors))
	}
	b0, b1, def := d.Behaviors[0], d.Behaviors[1], d.Behaviors[2]
	f.wantStr(t, "pattern", b0.PathPattern, "/users/*", "/users/*", 0)
	f.wantStr(t, "quoted pattern", b1.PathPattern, "/legacy", `"/legacy"`, 0)
	f.wantStr(t, "cache policy ref", b0.CachePolicyID, cache.IDToken, "!Ref Cache", 0)
	f.wantStr(t, "origin request policy ref", b0.OriginRequestPolicyID, fwd.IDToken, "!GetAtt Forward.Id", 0)
	if len(b0.AllowedMethods.Items) != 7 || !b0.AllowedMethods.Set || b0.AllowedMethods.Items[6].V != "DELETE" {
		t.Errorf("allowed methods = %+v", b0.AllowedMethods)
	}
	if len(b0.Functions) != 1 || b0.Functions[0].Lambda || b0.Functions[0].EventType.V != "viewer-request" {
		t.Errorf("function associations = %+v", b0.Functions)
	}
	if m := b1.AllowedMethods; m.Set || !m.Known || len(m.Items) != 2 || m.Items[0].V != "GET" || m.Items[1].V != "HEAD" {
		t.Errorf("default allowed methods = %+v", m)
	}
	if b1.Legacy == nil || !b1.Legacy.QueryString.V || !b1.Legacy.QueryString.Known || len(b1.Legacy.Headers.Items) != 2 {
		t.Errorf("forwarded values = %+v", b1.Legacy)
	}
	if len(b1.Functions) != 1 || !b1.Functions[0].Lambda || b1.Functions[0].EventType.V != "origin-request" {
		t.Errorf("lambda associations = %+v", b1.Functions)
	}
	if !def.Default || def.PathPattern.Set || def.PathPattern.V != "*" || b0.Default || b1.Default {
		t.Errorf("default behavior = %+v", def)
	}
	if def.Legacy != nil || b0.Legacy != nil {
		t.Errorf("behaviors without ForwardedValues have no legacy settings")
	}
	f.wantStr(t, "default root object", d.DefaultRootObject, "index.html", "index.html", 0)
	if len(d.Aliases.Items) != 1 || d.Aliases.Items[0].V != "www.example.com" {
		t.Errorf("aliases = %+v", d.Aliases)
	}

	// Assembled: paths, the origin's API and the behaviors' targets.
	model.Assemble(f.cfg)
	if m := method(t, apiResource(t, api, "/users"), "GET"); m.Authorizer == nil || m.Authorizer.ID != f.id("Auth") {
		t.Errorf("GET /users authorizer = %+v", m.Authorizer)
	}
	method(t, apiResource(t, api, "/"), "ANY")
	apiResource(t, api, "/users/favorites")
	if api0.Link == nil || api0.Link.API != api || users0.Link == nil || users0.Link.API != api {
		t.Errorf("origins are not linked to the API")
	}
	if b0.Origin != users0 || def.Origin != api0 || b0.CachePolicy != cache || b0.OriginRequestPolicy != fwd {
		t.Errorf("behaviors are not resolved")
	}
	if len(api.Stages) != 2 {
		t.Errorf("API stages = %d, want ProdStage and EnvStage", len(api.Stages))
	}
}

func TestParameterOverrides(t *testing.T) {
	f := parseFixture(t, "rest.yaml", Options{Parameters: map[string]string{"Stage": "dev", "Env": "prod", "Region": "us"}})
	f.wantStr(t, "ProdStage", f.stage(t, f.id("ProdStage")).Name, "dev", "!Ref Stage", 1)
	f.wantStr(t, "EnvStage", f.stage(t, f.id("EnvStage")).Name, "prod", "!Ref Env", 1)
	d := f.dist(t, "Cdn")
	if d.Dynamic || len(d.Origins) != 4 || d.Origins[2].ID.V != "env" {
		t.Fatalf("with Env known the conditional origin is present: dynamic %v, %d origins", d.Dynamic, len(d.Origins))
	}
	f.wantStr(t, "origin path", d.Origins[0].OriginPath, "/dev", `!Join ["", ["/", !Ref ProdStage]]`, 0)
	f.wantStr(t, "FindInMap", d.Origins[1].OriginPath, "/prod/us", "!FindInMap [Paths, !Ref Region, Origin]", 0)
	f.wantStr(t, "Fn::If false branch", d.Origins[1].ProtocolPolicy, "match-viewer", "match-viewer", 0)
	f.wantStr(t, "API name", f.api(t, "Api").Name, "blog-dev", `!Sub "blog-${Stage}"`, 0)
}

func TestJSONTemplate(t *testing.T) {
	f := parseFixture(t, "http.json", Options{})
	f.noErrors(t)

	quick := f.api(t, "Http")
	if quick.Kind != model.HTTP {
		t.Errorf("kind = %s", quick.Kind)
	}
	// Columns count characters: the line starts with four tabs.
	f.wantStr(t, "name", quick.Name, "héllo", `"h\u00e9llo"`, 0)
	if got := spanOf(quick.Name.Range); got != (span{10, 13, 10, 25}) {
		t.Errorf("name range = %v, want 10:13-10:25", got)
	}
	// Quick create: a $default route and an auto-deployed $default stage.
	if len(f.cfg.Routes) != 2 {
		t.Fatalf("routes = %d", len(f.cfg.Routes))
	}
	qr := f.cfg.Routes[0]
	if qr.APIRef.V != quick.IDToken || qr.RouteKey.V != "$default" || qr.RouteKey.Set || qr.Authorization.V != "NONE" {
		t.Errorf("quick route = %+v", qr)
	}
	qs := f.stage(t, f.id("Http")+"/$default")
	if !qs.Implicit || qs.Name.V != "$default" || !qs.AutoDeploy.V || qs.APIRef.V != quick.IDToken {
		t.Errorf("quick stage = %+v", qs)
	}

	named := f.api(t, "Named")
	rt := f.cfg.Routes[1]
	f.wantStr(t, "route key", rt.RouteKey, "POST /items/{id}", `"POST /items/{id}"`, 0)
	f.wantStr(t, "route auth", rt.Authorization, "JWT", `"JWT"`, 0)
	f.wantStr(t, "route authorizer", rt.AuthorizerRef, f.token("Jwt", "id"), `{"Ref": "Jwt"}`, 0)
	st := f.stage(t, f.id("NamedStage"))
	f.wantStr(t, "stage name", st.Name, f.unknownParam("Stage"), `{"Ref": "Stage"}`, 0)
	if !st.AutoDeploy.V || !st.AutoDeploy.Set {
		t.Errorf("auto deploy = %+v", st.AutoDeploy)
	}

	d := f.dist(t, "Cdn")
	if len(d.Origins) != 3 {
		t.Fatalf("origins = %d", len(d.Origins))
	}
	// Fn::Select 2 of Fn::Split "/" of the ApiEndpoint is the host.
	if d.Origins[0].DomainName.V != f.host("Http") {
		t.Errorf("quick origin domain = %q", f.syms.Display(d.Origins[0].DomainName.V))
	}
	// The stage name and the origin path share the parameter's token.
	f.wantStr(t, "origin path", d.Origins[1].OriginPath, "/"+st.Name.V, `{"Fn::Sub": "/${Stage}"}`, 0)
	f.wantStr(t, "custom domain origin", d.Origins[2].DomainName, "api.example.com", `{"Ref": "Domain"}`, 1)

	if len(f.cfg.DomainNames) != 1 || len(f.cfg.Mappings) != 1 {
		t.Fatalf("domains %d, mappings %d", len(f.cfg.DomainNames), len(f.cfg.Mappings))
	}
	m := f.cfg.Mappings[0]
	if m.APIRef.V != named.IDToken || m.Stage.V != st.Name.V || m.BasePath.V != "v1" || m.DomainRef.V != "api.example.com" {
		t.Errorf("mapping = %+v", m)
	}

	model.Assemble(f.cfg)
	if len(named.Authorizers) != 1 || named.Authorizers[0].Type.V != "JWT" {
		t.Errorf("authorizers = %+v", named.Authorizers)
	}
	r := method(t, apiResource(t, named, "/items/{id}"), "POST")
	if r.Authorizer == nil || r.Authorizer.ID != f.id("Jwt") {
		t.Errorf("route authorizer not resolved")
	}
	if r := apiResource(t, quick, "$default"); !r.CatchAll {
		t.Errorf("$default is a catch-all")
	}
	for i, want := range []*model.API{quick, named, named} {
		if l := d.Origins[i].Link; l == nil || l.API != want {
			t.Errorf("origin %d link = %+v, want %s", i, l, want.ID)
		}
	}
	if d.Origins[2].Link.Domain == nil {
		t.Errorf("custom domain origin is linked through the domain")
	}
}

func TestSAM(t *testing.T) {
	f := parseFixture(t, "sam.yaml", Options{})
	f.noErrors(t)
	model.Assemble(f.cfg)

	// The implicit REST API from events without RestApiId.
	impl := f.api(t, implicitRESTAPI)
	if impl.IDToken != f.token(implicitRESTAPI, "id") || impl.Source.Address != implicitRESTAPI {
		t.Errorf("implicit API = %+v", impl)
	}
	names := map[string]bool{}
	for _, s := range impl.Stages {
		names[s.Name.V] = s.Implicit
	}
	if len(names) != 2 || !names["Prod"] || !names["Stage"] {
		t.Errorf("implicit API stages = %v, want implicit Prod and Stage", names)
	}
	f.wantStr(t, "ANY /", method(t, apiResource(t, impl, "/"), "ANY").HTTPMethod, "ANY", "", 0)
	// SAM strips the trailing slash of /items/.
	get := method(t, apiResource(t, impl, "/items"), "GET")
	if a := get.Authorization; a.V != "NONE" || !a.Known {
		t.Errorf("GET /items authorization = %+v", a)
	}
	if got, want := spanOf(get.Range), locate(t, f.src, "Items:\n          Type: Api\n          Properties:\n            Path: /items/\n            Method: get", 0); got != want {
		t.Errorf("event method range = %v, want %v", got, want)
	}
	// Globals Cors adds OPTIONS to every path.
	method(t, apiResource(t, impl, "/items"), "OPTIONS")

	// The implicit HTTP API: an event without Path and Method is the
	// $default catch-all route.
	himpl := f.api(t, implicitHTTPAPI)
	if r := apiResource(t, himpl, "$default"); !r.CatchAll || method(t, r, "ANY") == nil {
		t.Errorf("implicit HTTP API $default route = %+v", r)
	}
	if len(himpl.Stages) != 1 || himpl.Stages[0].Name.V != "$default" || !himpl.Stages[0].AutoDeploy.V {
		t.Errorf("implicit HTTP API stages = %+v", himpl.Stages)
	}

	sec := f.api(t, "Secured")
	stages := map[string]bool{}
	for _, s := range sec.Stages {
		stages[s.Name.V] = true
	}
	if !stages["v1"] || !stages["Stage"] || len(stages) != 2 {
		t.Errorf("Secured stages = %v", stages)
	}
	type want struct {
		path, method, auth, authorizer string
		key                            bool
	}
	for _, w := range []want{
		{"/body", "GET", "COGNITO_USER_POOLS", "Cognito", true}, // DefinitionBody method gets the defaults
		{"/open", "GET", "NONE", "", false},                     // Authorizer NONE, ApiKeyRequired false
		{"/token", "POST", "CUSTOM", "Token", true},
		{"/request", "PUT", "CUSTOM", "Request", true},
		{"/iam", "DELETE", "AWS_IAM", "", true},
		{"/open", "OPTIONS", "NONE", "", true},        // AddDefaultAuthorizerToCorsPreflight: false (Globals)
		{"/merged", "GET", "CUSTOM", "Request", true}, // the definition's own authorizer, the event's integration
	} {
		m := method(t, apiResource(t, sec, w.path), w.method)
		if m.Authorization.V != w.auth || !m.Authorization.Known || m.APIKeyRequired.V != w.key || !m.APIKeyRequired.Known {
			t.Errorf("%s %s: authorization %+v, api key %+v; want %s, %v", w.method, w.path, m.Authorization, m.APIKeyRequired, w.auth, w.key)
		}
		switch {
		case w.authorizer == "" && m.Authorizer != nil:
			t.Errorf("%s %s: unexpected authorizer %s", w.method, w.path, m.Authorizer.ID)
		case w.authorizer != "" && (m.Authorizer == nil || m.Authorizer.Name.V != w.authorizer):
			t.Errorf("%s %s: authorizer %+v, want %s", w.method, w.path, m.Authorizer, w.authorizer)
		}
	}
	tok := method(t, apiResource(t, sec, "/token"), "POST")
	f.wantStr(t, "event authorizer", tok.Authorization, "CUSTOM", "Token", 3)
	if ids := tok.Authorizer.IdentitySources; len(ids.Items) != 1 || ids.Items[0].V != "method.request.header.X-Token" {
		t.Errorf("token identity = %+v", ids)
	}
	req := method(t, apiResource(t, sec, "/request"), "PUT").Authorizer
	if ids := req.IdentitySources; len(ids.Items) != 2 || ids.Items[0].V != "method.request.header.X-Id" || ids.Items[1].V != "method.request.querystring.key" || req.Type.V != "REQUEST" {
		t.Errorf("request authorizer = %+v", req)
	}
	cog := method(t, apiResource(t, sec, "/body"), "GET")
	f.wantStr(t, "default authorizer", cog.Authorization, "COGNITO_USER_POOLS", "Cognito", 0)
	if ids := cog.Authorizer.IdentitySources; len(ids.Items) != 1 || ids.Items[0].V != "method.request.header.Authorization" {
		t.Errorf("cognito identity = %+v", ids)
	}

	http := f.api(t, "Http")
	jwt := method(t, apiResource(t, http, "/jwt"), "POST")
	if jwt.Authorization.V != "JWT" || jwt.Authorizer == nil || jwt.Authorizer.Type.V != "JWT" ||
		len(jwt.Authorizer.IdentitySources.Items) != 1 || jwt.Authorizer.IdentitySources.Items[0].V != "$request.header.Authorization" {
		t.Errorf("JWT route = %+v", jwt)
	}
	if len(http.Stages) != 1 || http.Stages[0].Name.V != "live" {
		t.Errorf("HttpApi stages = %+v", http.Stages)
	}

	d := f.dist(t, "Cdn")
	if d.Origins[0].DomainName.V != impl.IDToken+".execute-api."+f.syms.Pseudo(model.PseudoRegion)+".amazonaws.com" || d.Origins[0].Link == nil || d.Origins[0].Link.API != impl {
		t.Errorf("${ServerlessRestApi} origin = %q", f.syms.Display(d.Origins[0].DomainName.V))
	}
	f.wantStr(t, "${Secured.Stage}", d.Origins[1].OriginPath, "/v1", `!Sub "/${Secured.Stage}"`, 0)
	if d.Origins[2].Link == nil || d.Origins[2].Link.API != himpl {
		t.Errorf("GetAtt ServerlessHttpApi.ApiEndpoint origin = %q", f.syms.Display(d.Origins[2].DomainName.V))
	}
}

func TestSAMDefinitionSources(t *testing.T) {
	f := parseFixture(t, "sam_uri.yaml", Options{})
	f.noErrors(t)

	local := f.api(t, "Local")
	if local.ResourcesUnknown != "" {
		t.Fatalf("Local: %s", local.ResourcesUnknown)
	}
	m := method(t, apiResource(t, local, "/pets/{id}"), "GET")
	if !m.APIKeyRequired.V || m.Range.File != filepath.Join("testdata", "openapi", "def.yaml") || m.Range.Start.Line != 7 {
		t.Errorf("method from DefinitionUri = %+v", m)
	}
	n := 0
	for _, s := range f.cfg.Stages {
		if s.APIRef.V == local.IDToken {
			n++
		}
	}
	if n != 1 {
		t.Errorf("OpenApiVersion removes the extra Stage stage: %d stages", n)
	}
	if inc := f.api(t, "Included"); inc.ResourcesUnknown != "" || len(inc.Resources) == 0 {
		t.Errorf("Included: resources unknown = %q, %d resources", inc.ResourcesUnknown, len(inc.Resources))
	}
	for logical, why := range map[string]string{
		"Remote": "s3://bucket/def.yaml",
		"Escape": "outside the template's directory",
	} {
		if a := f.api(t, logical); !strings.Contains(a.ResourcesUnknown, why) {
			t.Errorf("%s: resources unknown = %q, want it to mention %q", logical, a.ResourcesUnknown, why)
		}
	}
}

func TestBrokenInput(t *testing.T) {
	for _, c := range []struct {
		name string
		want span
		msg  string
	}{
		{"broken.yaml", span{5, 7, 5, 7}, "invalid YAML"},
		{"broken.json", span{5, 34, 5, 34}, "invalid JSON"},
	} {
		f := parseFixture(t, c.name, Options{})
		if len(f.errs) != 1 || f.errs[0].Severity != model.SevError || !strings.Contains(f.errs[0].Message, c.msg) ||
			spanOf(f.errs[0].Range) != c.want || f.errs[0].Range.File != f.path {
			t.Errorf("%s: errors = %+v, want one error at %v", c.name, f.errs, c.want)
		}
		if len(f.cfg.APIs) != 0 || len(f.cfg.Files) != 1 {
			t.Errorf("%s: a broken file yields no entities", c.name)
		}
	}
	for name, src := range map[string]string{
		"empty.yaml":    "",
		"comment.yaml":  "# nothing\n",
		"list.yaml":     "- a\n- b\n",
		"scalar.json":   `"x"`,
		"trailing.json": `{"Resources": {}} x`,
		"deep.json":     strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
		"binary.yaml":   "\x00\x01\x02",
		"alias.yaml":    "a: &a [*a]\n",
	} {
		f := parseSource(t, name, []byte(src), Options{})
		if len(f.errs) != 1 || f.errs[0].Severity != model.SevError || f.errs[0].Range.File != name || f.errs[0].Range.Start.Line < 1 {
			t.Errorf("%s: errors = %+v, want one positioned error", name, f.errs)
		}
	}
}

func TestIncludedDefinitions(t *testing.T) {
	f := parseFixture(t, filepath.Join("include", "template.yaml"), Options{})
	f.noErrors(t)
	api := filepath.Join("testdata", "include", "api.yaml")

	for _, logical := range []string{"Rest", "Sam"} {
		a := f.api(t, logical)
		if a.ResourcesUnknown != "" {
			t.Fatalf("%s: %s", logical, a.ResourcesUnknown)
		}
		m := method(t, apiResource(t, a, "/items/{id}"), "GET")
		if m.Authorization.V != "COGNITO_USER_POOLS" || m.Range.File != api || m.Range.Start.Line != 8 {
			t.Errorf("%s: GET /items/{id} = %+v", logical, m)
		}
		if m.Authorizer == nil || !m.Authorizer.IdentitySources.ContainsFold("method.request.header.X-Token") {
			t.Errorf("%s: the scheme's Fn::Sub name resolves against the template's parameters: %+v", logical, m.Authorizer)
		}
		if h := method(t, apiResource(t, a, "/health"), "GET"); h.Authorization.V != "NONE" {
			t.Errorf("%s: GET /health = %+v", logical, h)
		}
	}
	n := f.api(t, "Nested")
	if n.ResourcesUnknown != "" {
		t.Fatalf("Nested: %s", n.ResourcesUnknown)
	}
	if m := method(t, apiResource(t, n, "/orders"), "POST"); m.Range.File != filepath.Join("testdata", "include", "paths.json") {
		t.Errorf("Nested: POST /orders = %+v", m)
	}
	for logical, why := range map[string]string{
		"Remote":      "included with AWS::Include from s3://bucket/api.yaml",
		"Placeholder": "(%%BUILD_DIR%%/api.yaml) holds build placeholders",
		"Escape":      "(../rest.yaml) is outside the template's directory",
	} {
		a := f.api(t, logical)
		if !strings.Contains(a.ResourcesUnknown, why) || len(a.Resources) != 0 {
			t.Errorf("%s: resources unknown = %q, want it to mention %q", logical, a.ResourcesUnknown, why)
		}
	}
	n2 := 0
	for _, file := range f.cfg.Files {
		if file == api {
			n2++
		}
	}
	if n2 != 1 {
		t.Errorf("files = %v, want %s once", f.cfg.Files, api)
	}
}
