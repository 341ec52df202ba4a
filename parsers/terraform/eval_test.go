package terraform

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

func TestInstances(t *testing.T) {
	const dir = "testdata/instances"
	cfg, errs, syms := load(t, dir, Options{})
	noErrors(t, errs)
	var ids []string
	for _, a := range cfg.APIs {
		ids = append(ids, a.ID)
	}
	want := []string{
		dir + `:aws_apigatewayv2_api.multi["a"]`,
		dir + `:aws_apigatewayv2_api.multi["b"]`,
		dir + `:aws_api_gateway_rest_api.counted[0]`,
		dir + `:aws_api_gateway_rest_api.counted[1]`,
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Fatalf("API IDs = %q, want %q (count = 0 and empty for_each give none)", ids, want)
	}
	wantStr(t, "each.key name", syms, api(t, cfg, `aws_apigatewayv2_api.multi["b"]`).Name, "api-b")
	wantStr(t, "count.index name", syms, api(t, cfg, `aws_api_gateway_rest_api.counted[1]`).Name, "rest-1")

	stages := map[string]*model.Stage{}
	for _, s := range cfg.Stages {
		stages[s.Source.Address] = s
	}
	b := api(t, cfg, `aws_apigatewayv2_api.multi["b"]`)
	wantStr(t, `multi["b"].id`, syms, stages["aws_apigatewayv2_stage.b"].APIRef, b.IDToken)
	wantStr(t, "counted[1].id", syms, stages["aws_api_gateway_stage.second"].APIRef, api(t, cfg, "aws_api_gateway_rest_api.counted[1]").IDToken)
	// for_each over a resource: each.value is the instance object.
	each := stages[`aws_api_gateway_stage.each["a"]`]
	if each == nil {
		t.Fatalf("stages = %v", stages)
	}
	wantStr(t, "each.value.id", syms, each.APIRef, api(t, cfg, `aws_apigatewayv2_api.multi["a"]`).IDToken)
	wantStr(t, "each.value.name", syms, each.Name, "api-a")
}

func TestVariablePrecedence(t *testing.T) {
	const dir = "testdata/vars"
	cfg, errs, syms := load(t, dir, Options{
		VarFiles: []string{dir + "/extra.vars"},
		Vars:     map[string]string{"e": "cli-e", "n": "42", "l": `["x", "y"]`},
	})
	noErrors(t, errs)
	d := dist(t, cfg, "aws_cloudfront_distribution.v")
	wantValues(t, "aliases", d.Aliases,
		"tfvars-a",  // terraform.tfvars
		"json-b",    // terraform.tfvars.json after terraform.tfvars
		"z-auto-c",  // *.auto.tfvars(.json) in lexical order
		"file-d",    // --var-file
		"cli-e",     // --var
		"default-f", // default
		"43",        // --var of a number type, converted
		"x+y",       // --var of a list type, as an HCL expression
		"obj",       // object default
		"prod",      // optional() default
	)
	_ = syms
	for _, f := range []string{"terraform.tfvars", "terraform.tfvars.json", "x.auto.tfvars", "z.auto.tfvars.json", "extra.vars"} {
		found := false
		for _, g := range cfg.Files {
			found = found || strings.HasSuffix(g, f)
		}
		if !found {
			t.Errorf("%s missing from Files %v", f, cfg.Files)
		}
	}
}

func TestVariableErrors(t *testing.T) {
	const dir = "testdata/vars"
	cfg, errs, _ := load(t, dir, Options{
		VarFiles: []string{dir + "/missing.tfvars"},
		Vars:     map[string]string{"n": "not a number", "l": `["x",`},
	})
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, string(e.Severity)+" "+e.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"missing.tfvars: cannot read variables file", "invalid value for var.n", "invalid value for var.l"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors do not mention %q:\n%s", want, all)
		}
	}
	d := dist(t, cfg, "aws_cloudfront_distribution.v")
	if it := d.Aliases.Items[6]; it.Known {
		t.Errorf("var.n + 1 with an invalid value = %q, want unknown", it.V)
	}
}

func TestLocals(t *testing.T) {
	cfg, errs, syms := load(t, "testdata/locals", Options{})
	wantStr(t, "local.obj.b", syms, api(t, cfg, "aws_api_gateway_rest_api.x").Name, "api-V1")
	wantUnknown(t, "local in a cycle", syms, api(t, cfg, "aws_api_gateway_rest_api.y").Name)
	found := false
	for _, e := range errs {
		if e.Severity == model.SevError && strings.Contains(e.Message, "cycle") {
			found = true
			wantRange(t, "cycle error", e.Range, rangeOf(t, "testdata/locals/main.tf", "c1", 0))
		}
	}
	if !found {
		t.Errorf("no cycle error in %v", errs)
	}
}

func TestDynamicBlocks(t *testing.T) {
	const file = "testdata/dynamic/main.tf"
	cfg, errs, syms := load(t, "testdata/dynamic", Options{})
	noErrors(t, errs)

	known := dist(t, cfg, "aws_cloudfront_distribution.known")
	if known.Dynamic {
		t.Error("known: Dynamic set although every dynamic block expanded")
	}
	if len(known.Origins) != 2 {
		t.Fatalf("known origins = %d", len(known.Origins))
	}
	apiOrigin := origin(t, known, "api")
	wantStr(t, "origin.value.domain", syms, apiOrigin.DomainName, "api.example.com")
	if len(apiOrigin.CustomHeaders) != 2 {
		t.Fatalf("custom headers = %+v", apiOrigin.CustomHeaders)
	}
	wantStr(t, "header name", syms, apiOrigin.CustomHeaders[1].Name, "X-B")
	wantStr(t, "header value", syms, apiOrigin.CustomHeaders[1].Value, "2")
	wantRange(t, "header name", apiOrigin.CustomHeaders[1].Name.Range, rangeOf(t, file, "h.key", 0))
	if len(origin(t, known, "web").CustomHeaders) != 0 {
		t.Error("web origin has headers")
	}
	var patterns []string
	for _, b := range known.Behaviors {
		patterns = append(patterns, b.PathPattern.V)
	}
	if strings.Join(patterns, " ") != "/a/* /b/* *" {
		t.Errorf("behaviors = %v", patterns)
	}
	wantRange(t, "generated behavior", known.Behaviors[0].Range,
		rangeOf(t, file, "dynamic \"ordered_cache_behavior\" {\n    for_each = [\"/a/*\", \"/b/*\"]\n    iterator = pat\n    content {\n      path_pattern     = pat.value\n      target_origin_id = \"api\"\n    }\n  }", 0))

	unknown := dist(t, cfg, "aws_cloudfront_distribution.unknown")
	if !unknown.Dynamic {
		t.Error("unknown for_each: Dynamic not set")
	}
	if len(unknown.Origins) != 1 || unknown.Origins[0].ID.V != "static" {
		t.Errorf("unknown origins = %+v", unknown.Origins)
	}

	cond := dist(t, cfg, "aws_cloudfront_distribution.tokencond")
	if !cond.Dynamic || len(cond.Behaviors) != 1 {
		t.Errorf("for_each decided by an unknown variable: Dynamic %v, %d behaviors", cond.Dynamic, len(cond.Behaviors))
	}
}

func TestJSONSyntax(t *testing.T) {
	const dir = "testdata/json"
	const file = dir + "/main.tf.json"
	cfg, errs, syms := load(t, dir, Options{})
	j := api(t, cfg, "aws_api_gateway_rest_api.j")
	wantStr(t, "name", syms, j.Name, "json-api")
	wantUnknown(t, "unsupported function in JSON", syms, api(t, cfg, "aws_api_gateway_rest_api.k").Name)
	if len(errs) != 1 || errs[0].Severity != model.SevInfo || !strings.Contains(errs[0].Message, "nosuchjsonfunc") {
		t.Fatalf("errors = %v", errs)
	}
	wantRange(t, "unsupported function", errs[0].Range, rangeOf(t, file, "nosuchjsonfunc", 0))

	d := dist(t, cfg, "aws_cloudfront_distribution.cdn")
	o := origin(t, d, "api")
	host := j.IDToken + ".execute-api." + syms.Pseudo(model.PseudoRegion) + "." + syms.Pseudo(model.PseudoURLSuffix)
	wantStr(t, "domain", syms, o.DomainName, host)
	wantStr(t, "origin_path", syms, o.OriginPath, "/prod")
	wantRange(t, "origin_path", o.OriginPath.Range, rangeOf(t, file, `"/${var.stage}"`, 0))
	wantStr(t, "protocol", syms, o.ProtocolPolicy, "https-only")
	src := readFile(t, file)
	from := strings.Index(src, "{\n            \"origin_id\": \"api\"")
	obj := src[from : strings.Index(src[from:], "\n          }")+from+12]
	wantRange(t, "JSON origin block", o.Range, rangeOf(t, file, obj, 0))
	var patterns []string
	for _, b := range d.Behaviors {
		patterns = append(patterns, b.PathPattern.V)
	}
	if strings.Join(patterns, " ") != "/a /b *" {
		t.Errorf("behaviors = %v", patterns)
	}
	wantValues(t, "allowed_methods", d.Behaviors[2].AllowedMethods, "GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE")
	wantRange(t, "allowed_methods[4]", d.Behaviors[2].AllowedMethods.Items[4].Range, rangeOf(t, file, `"POST"`, 0))

	dyn := dist(t, cfg, "aws_cloudfront_distribution.dyn")
	if len(dyn.Origins) != 2 || dyn.Origins[1].DomainName.V != "two.example.com" || dyn.Dynamic {
		t.Errorf("JSON dynamic origins = %+v", dyn.Origins)
	}

	model.Assemble(cfg)
	if o.Link == nil || o.Link.API != j {
		t.Error("JSON origin not linked to its API")
	}
}

func TestUnknownVariableIdentity(t *testing.T) {
	const dir = "testdata/unknownvar"
	cfg, errs, syms := load(t, dir, Options{})
	noErrors(t, errs)
	if len(cfg.Stages) != 1 {
		t.Fatalf("stages = %d", len(cfg.Stages))
	}
	stage := cfg.Stages[0]
	want := syms.Unknown("tf:"+dir+":var.stage", "var.stage")
	wantStr(t, "stage name", syms, stage.Name, want)
	n, ok := model.TokenSym(stage.Name.V)
	if sym, _ := syms.Get(n); !ok || sym.Kind != model.SymUnknown || sym.Desc != "var.stage" {
		t.Errorf("stage name symbol = %+v", sym)
	}

	d := dist(t, cfg, "aws_cloudfront_distribution.d")
	a := origin(t, d, "a")
	if !a.OriginPath.Equal(model.Str{V: "/" + stage.Name.V, Known: true}) {
		t.Errorf("origin path %q is not \"/\" + stage name %q", syms.Display(a.OriginPath.V), syms.Display(stage.Name.V))
	}
	wantStr(t, "stage name via resource", syms, origin(t, d, "d").OriginPath, a.OriginPath.V)
	// Values decided by the placeholder text of a token are not guessed.
	wantUnknown(t, "comparison with an unknown variable", syms, origin(t, d, "b").OriginPath)
	wantUnknown(t, "hash of an unknown variable", syms, origin(t, d, "c").OriginPath)
	wantUnknown(t, "comparison with a computed ID", syms, origin(t, d, "e").OriginPath)
	// Functions that only move values around keep literal parts known.
	wantStr(t, "merge() literal", syms, origin(t, d, "f").OriginPath, "/lit")
	wantStr(t, "merge() token", syms, origin(t, d, "f").DomainName, a.DomainName.V)
	wantStr(t, "tolist() literal", syms, origin(t, d, "g").OriginPath, "/listed")
	wantStr(t, "length() of a list of tokens", syms, origin(t, d, "h").OriginPath, "/1")

	model.Assemble(cfg)
	if a.Link == nil || a.Link.API == nil || a.Link.API.Source.Address != "aws_apigatewayv2_api.p" {
		t.Error("origin a not linked to aws_apigatewayv2_api.p")
	}
}

func TestUnsupportedFunction(t *testing.T) {
	const file = "testdata/unsupported/main.tf"
	cfg, errs, syms := load(t, "testdata/unsupported", Options{})
	for _, addr := range []string{"aws_api_gateway_rest_api.x", "aws_api_gateway_rest_api.y", "aws_api_gateway_rest_api.z"} {
		wantUnknown(t, addr+".name", syms, api(t, cfg, addr).Name)
	}
	if len(errs) != 2 {
		t.Fatalf("want one info per unsupported function, got %v", errs)
	}
	for i, name := range []string{"nosuchfunction", "provider::aws::arn_parse"} {
		e := errs[i]
		if e.Severity != model.SevInfo || !strings.Contains(e.Message, name) {
			t.Errorf("error %d = %v, want info about %s", i, e, name)
		}
		wantRange(t, name, e.Range, rangeOf(t, file, name, 0))
	}
}

func TestSyntaxErrorKeepsOtherFiles(t *testing.T) {
	cfg, errs, syms := load(t, "testdata/syntax", Options{})
	if len(errs) == 0 {
		t.Fatal("no error for the broken file")
	}
	e := errs[0]
	if e.Severity != model.SevError || e.Range.File != "testdata/syntax/bad.tf" || e.Range.Start.Line != 2 || e.Range.Start.Column != 10 {
		t.Errorf("error = %+v", e)
	}
	wantStr(t, "good API", syms, api(t, cfg, "aws_api_gateway_rest_api.good").Name, "good")
	if len(cfg.Files) != 2 {
		t.Errorf("files = %v", cfg.Files)
	}
}

func TestOpenAPIBodiesAndQuickCreate(t *testing.T) {
	const dir = "testdata/openapi"
	cfg, errs, syms := load(t, dir, Options{Root: dir})

	spec := api(t, cfg, "aws_api_gateway_rest_api.spec")
	if spec.ResourcesUnknown != "" || len(spec.Resources) != 1 || spec.Resources[0].Path.V != "/pets" {
		t.Errorf("jsonencode body: resources %+v (%s)", spec.Resources, spec.ResourcesUnknown)
	}
	// A path of a jsonencode body is located at its item of the HCL
	// object.
	src := readFile(t, dir+"/main.tf")
	from := strings.Index(src, `"/pets" = {`)
	item := src[from : from+strings.Index(src[from:], "\n      }")+len("\n      }")]
	wantRange(t, "body resource", spec.Resources[0].Path.Range, rangeOf(t, dir+"/main.tf", item, 0))
	fromFile := api(t, cfg, "aws_api_gateway_rest_api.from_file")
	if fromFile.ResourcesUnknown != "" || len(fromFile.Resources) != 1 || fromFile.Resources[0].Path.V != "/users/{id}" {
		t.Errorf("file() body: resources %+v (%s)", fromFile.Resources, fromFile.ResourcesUnknown)
	}
	if a := api(t, cfg, "aws_api_gateway_rest_api.outside"); a.ResourcesUnknown != tfadapter.BodyUnknown {
		t.Errorf("body read from outside the root: %q", a.ResourcesUnknown)
	}
	if a := api(t, cfg, "aws_api_gateway_rest_api.unknown"); a.ResourcesUnknown != tfadapter.BodyUnknown {
		t.Errorf("body from a data source: %q", a.ResourcesUnknown)
	}
	outside := false
	for _, e := range errs {
		switch {
		case strings.Contains(e.Message, "outside the scanned directory") && e.Severity == model.SevInfo:
			outside = true
		default:
			t.Errorf("unexpected %v", e)
		}
	}
	if !outside {
		t.Error("no info for the file outside the root")
	}

	d := dist(t, cfg, "aws_cloudfront_distribution.d")
	def := d.Behaviors[len(d.Behaviors)-1]
	wantStr(t, "managed cache policy by name", syms, def.CachePolicyID, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")
	wantStr(t, "managed origin request policy by name", syms, def.OriginRequestPolicyID, "b689b0a8-53d0-40ab-baf2-68738e2966ac")
	custom := d.Behaviors[0].CachePolicyID
	wantStr(t, "custom policy by name", syms, custom, syms.Attr(dir+":data.aws_cloudfront_cache_policy.custom", "id", ""))

	model.Assemble(cfg)
	quick := api(t, cfg, "aws_apigatewayv2_api.quick")
	if len(quick.Stages) != 1 || quick.Stages[0].Name.V != "$default" || !quick.Stages[0].Implicit || !quick.Stages[0].AutoDeploy.V {
		t.Errorf("quick create stages = %+v", quick.Stages)
	}
	if len(quick.Resources) != 1 || !quick.Resources[0].CatchAll {
		t.Errorf("quick create routes = %+v", quick.Resources)
	}
	if o := d.Origins[0]; o.Link == nil || o.Link.API != quick {
		t.Error("origin not linked to the quick-create API")
	}
	if def.CachePolicy == nil || def.CachePolicy.Name != "Managed-CachingDisabled" {
		t.Errorf("managed cache policy not resolved: %+v", def.CachePolicy)
	}
}

func TestCustomDomains(t *testing.T) {
	cfg, errs, syms := load(t, "testdata/domains", Options{})
	noErrors(t, errs)
	model.Assemble(cfg)
	rest := api(t, cfg, "aws_api_gateway_rest_api.api")
	http := api(t, cfg, "aws_apigatewayv2_api.h")
	if len(cfg.DomainNames) != 2 || len(cfg.Mappings) != 2 {
		t.Fatalf("%d domains, %d mappings", len(cfg.DomainNames), len(cfg.Mappings))
	}
	m := cfg.Mappings[0]
	wantStr(t, "base path", syms, m.BasePath, "v1")
	wantStr(t, "mapping stage", syms, m.Stage, "prod")
	if m.API != rest {
		t.Error("v1 mapping not resolved to its API")
	}
	m2 := cfg.Mappings[1]
	wantStr(t, "v2 mapping stage (stage id is its name)", syms, m2.Stage, "live")
	if m2.API != http || len(cfg.DomainNames[1].Mappings) != 1 {
		t.Error("v2 mapping not resolved to its API and domain")
	}
	d := dist(t, cfg, "aws_cloudfront_distribution.cdn")
	for id, want := range map[string]*model.API{"custom": rest, "regional": rest, "v2target": http} {
		o := origin(t, d, id)
		if o.Link == nil || o.Link.Domain == nil || o.Link.API != want {
			t.Errorf("origin %s (%s) not linked through its custom domain", id, syms.Display(o.DomainName.V))
		}
	}
	wantStr(t, "terraform.workspace and path.module", syms, origin(t, d, "where").DomainName, "default:..example.com")

	// Provider v5: a deployment with stage_name creates the stage and has
	// an invoke URL.
	v5 := origin(t, dist(t, cfg, "aws_cloudfront_distribution.v5"), "dep")
	wantStr(t, "deployment invoke_url host", syms, v5.DomainName,
		rest.IDToken+".execute-api."+syms.Pseudo(model.PseudoRegion)+"."+syms.Pseudo(model.PseudoURLSuffix))
	wantStr(t, "deployment stage", syms, v5.OriginPath, "/v5stage")
	implicit := false
	for _, s := range rest.Stages {
		implicit = implicit || (s.Implicit && s.Name.V == "v5stage")
	}
	if !implicit {
		t.Errorf("no implicit v5stage stage in %+v", rest.Stages)
	}

	// Authorizers: defaults, comma-separated identity sources, resolution.
	if len(rest.Resources) != 1 || rest.Resources[0].Path.V != "/" || len(rest.Resources[0].Methods) != 1 {
		t.Fatalf("resources = %+v", rest.Resources)
	}
	m0 := rest.Resources[0].Methods[0]
	wantStr(t, "authorization", syms, m0.Authorization, "CUSTOM")
	if m0.Authorizer == nil {
		t.Fatal("authorizer not resolved")
	}
	wantStr(t, "authorizer type", syms, m0.Authorizer.Type, "REQUEST")
	wantValues(t, "identity sources", m0.Authorizer.IdentitySources, "method.request.header.Authorization", "method.request.querystring.token")
	for _, z := range rest.Authorizers {
		if z.Name.V != "tok" {
			continue
		}
		if z.Type.Set || z.Type.V != "TOKEN" || z.IdentitySources.Set ||
			strings.Join(values(z.IdentitySources), ",") != "method.request.header.Authorization" {
			t.Errorf("authorizer defaults = %+v %+v", z.Type, z.IdentitySources)
		}
	}
}
