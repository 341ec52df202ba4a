package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/suppress"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	cdnTF  = "testdata/cdn.tf"
	apiTF  = "testdata/api.tf"
	minJS  = "testdata/minified.json"
	broken = "testdata/broken.yaml"
	tmpl   = "testdata/template.yaml" // never read: only named by the model
)

func rng(file string, line, col, endLine, endCol int) model.Range {
	return model.Range{File: file, Start: model.Pos{Line: line, Column: col}, End: model.Pos{Line: endLine, Column: endCol}}
}

// at is a one-line range.
func at(file string, line, col, endCol int) model.Range { return rng(file, line, col, line, endCol) }

// fixture is an assembled scan of testdata/cdn.tf and testdata/api.tf (the
// seed scenario with a broken behavior and origin path), a SAM HTTP API
// whose routes cannot be read, and findings and input errors that exercise
// every rendering path.
func fixture() *engine.Result {
	c := model.NewConfig(nil)
	s := c.Symbols
	apiID := s.Attr("api.blog", "id", "aws_api_gateway_rest_api.blog.id")
	region := s.Unknown("var.region", "var.region")
	httpID := s.Attr("api.http", "id", "HttpApi")
	c.Files = []string{apiTF, cdnTF, tmpl, apiTF}

	// API Gateway.
	blog := &model.API{
		ID: "api.blog", Kind: model.REST, Name: model.KnownStr("blog", at(apiTF, 2, 10, 16)),
		Source:                    model.Source{Format: model.FormatTerraform, Address: "aws_api_gateway_rest_api.blog", Range: rng(apiTF, 1, 1, 3, 2)},
		IDToken:                   apiID,
		EndpointTypes:             model.List{Known: true},
		DisableExecuteAPIEndpoint: model.DefaultBool(false, rng(apiTF, 1, 1, 3, 2)),
	}
	jwt := &model.Authorizer{
		ID: "auth.jwt", Name: model.KnownStr("jwt", at(apiTF, 34, 21, 26)), Type: model.KnownStr("TOKEN", at(apiTF, 36, 21, 28)),
		IdentitySources: model.List{Known: true, Set: true, Items: []model.Str{model.KnownStr("method.request.header.Authorization", at(apiTF, 37, 21, 58))}},
		Source:          model.Source{Format: model.FormatTerraform, Address: "aws_api_gateway_authorizer.jwt", Range: rng(apiTF, 33, 1, 38, 2)},
	}
	blog.Authorizers = []*model.Authorizer{jwt}
	blog.Resources = []*model.Resource{
		{Path: model.KnownStr("/posts", at(apiTF, 8, 17, 24)), Range: at(apiTF, 8, 17, 24), Methods: []*model.Method{{
			HTTPMethod: model.KnownStr("GET", at(apiTF, 14, 19, 24)), Authorization: model.KnownStr("NONE", at(apiTF, 15, 19, 25)),
			APIKeyRequired: model.DefaultBool(false, rng(apiTF, 11, 1, 16, 2)), Range: rng(apiTF, 11, 1, 16, 2),
		}}},
		{Path: model.KnownStr("/users", at(apiTF, 21, 17, 24)), Range: at(apiTF, 21, 17, 24), Methods: []*model.Method{{
			HTTPMethod: model.KnownStr("POST", at(apiTF, 27, 22, 28)), Authorization: model.KnownStr("CUSTOM", at(apiTF, 28, 22, 30)),
			AuthorizerRef:  model.KnownStr(s.Attr("auth.jwt", "id", "aws_api_gateway_authorizer.jwt.id"), at(apiTF, 29, 22, 56)),
			Authorizer:     jwt,
			APIKeyRequired: model.KnownBool(true, at(apiTF, 30, 22, 26)), Range: rng(apiTF, 24, 1, 31, 2),
		}}},
	}
	blog.Deployments = []*model.Deployment{{
		ID: "dep.main", Source: model.Source{Format: model.FormatTerraform, Address: "aws_api_gateway_deployment.main", Range: rng(apiTF, 40, 1, 42, 2)},
	}}
	blog.Stages = []*model.Stage{{
		ID: "stage.prod", Name: model.KnownStr("prod", at(apiTF, 47, 19, 25)),
		Source: model.Source{Format: model.FormatTerraform, Address: "aws_api_gateway_stage.prod", Range: rng(apiTF, 44, 1, 48, 2)},
	}}

	httpAPI := &model.API{
		ID: "api.http", Kind: model.HTTP, Name: model.UnknownStr(at(tmpl, 5, 13, 30)),
		Source: model.Source{
			Format: model.FormatCloudFormation, Address: "HttpApi", Path: "Stack/HttpApi/Resource",
			Range: rng(tmpl, 3, 3, 9, 1),
		},
		IDToken:                   httpID,
		EndpointTypes:             model.List{},
		DisableExecuteAPIEndpoint: model.KnownBool(true, at(tmpl, 6, 34, 38)),
		ResourcesUnknown:          "the OpenAPI body is read from S3 (DefinitionUri)",
		StagesUnknown:             "stages may be created outside this template",
		Resources: []*model.Resource{{
			Path: model.KnownStr("$default", at(tmpl, 7, 15, 25)), CatchAll: true, Range: at(tmpl, 7, 15, 25),
			Methods: []*model.Method{{
				HTTPMethod: model.KnownStr("ANY", at(tmpl, 7, 15, 25)), Authorization: model.KnownStr("JWT", at(tmpl, 8, 26, 29)),
				AuthorizerRef:  model.UnknownStr(at(tmpl, 8, 40, 60)),
				APIKeyRequired: model.Bool{Set: true, Range: at(tmpl, 8, 1, 2)},
				Source:         model.Source{Range: at(tmpl, 7, 9, 30)},
			}},
		}},
		Stages: []*model.Stage{{
			ID: "HttpApi#default", Name: model.KnownStr("$default", at(tmpl, 3, 3, 10)), Implicit: true,
			AutoDeploy: model.KnownBool(true, at(tmpl, 3, 3, 10)),
			Source:     model.Source{Format: model.FormatCloudFormation, Address: "HttpApi", Range: rng(tmpl, 3, 3, 9, 1)},
		}},
		Deployments: []*model.Deployment{{
			ID: "HttpApiDeployment", StageName: model.UnknownStr(at(tmpl, 12, 18, 30)),
			Source: model.Source{Format: model.FormatCloudFormation, Address: "HttpApiDeployment", Range: rng(tmpl, 10, 3, 13, 1)},
		}},
	}
	c.APIs = []*model.API{blog, httpAPI}

	domain := &model.DomainName{
		ID: "dom", Name: model.KnownStr("api.example.com", at(tmpl, 16, 19, 34)), V2: true,
		Source: model.Source{Format: model.FormatCloudFormation, Address: "ApiDomain", Range: rng(tmpl, 14, 3, 18, 1)},
	}
	domain.Mappings = []*model.Mapping{{
		BasePath: model.KnownStr("v1", at(tmpl, 21, 23, 25)), Stage: model.KnownStr("$default", at(tmpl, 22, 14, 24)), API: httpAPI,
		Source: model.Source{Format: model.FormatCloudFormation, Address: "ApiMapping", Range: rng(tmpl, 19, 3, 23, 1)},
	}}
	c.DomainNames = []*model.DomainName{domain}

	// CloudFront.
	apiOrigin := &model.Origin{
		ID:         model.KnownStr("api", at(cdnTF, 5, 19, 24)),
		DomainName: model.KnownStr(apiID+".execute-api."+region+".amazonaws.com", at(cdnTF, 6, 19, 96)),
		OriginPath: model.KnownStr("/prod/users", at(cdnTF, 7, 19, 32)),
		Range:      rng(cdnTF, 4, 3, 15, 4),
		Link:       &model.Link{API: blog, Host: apiID + ".execute-api." + region + ".amazonaws.com"},
	}
	siteOrigin := &model.Origin{
		ID:            model.KnownStr("site", at(tmpl, 30, 15, 19)),
		DomainName:    model.UnknownStr(at(tmpl, 31, 23, 50)),
		OriginPath:    model.DefaultStr("", rng(tmpl, 29, 9, 34, 1)),
		CustomHeaders: []model.Header{{Name: model.KnownStr("X-Origin-Verify", at(tmpl, 33, 25, 40)), Value: model.KnownStr("s3cr3t", at(tmpl, 34, 26, 32))}},
		Range:         rng(tmpl, 29, 9, 34, 1),
	}
	domainOrigin := &model.Origin{
		ID:         model.KnownStr("edge", at(tmpl, 35, 15, 19)),
		DomainName: model.KnownStr("api.example.com", at(tmpl, 36, 23, 38)),
		OriginPath: model.DefaultStr("", rng(tmpl, 35, 9, 37, 1)),
		Range:      rng(tmpl, 35, 9, 37, 1),
		Link:       &model.Link{API: httpAPI, Domain: domain, Host: "api.example.com"},
	}
	caching, _ := model.ManagedPolicy("4135ea2d-6df8-44a3-9df3-4b5a84be39ad")
	apiPolicy := &model.Policy{
		ID: "pol.api", Name: "api", Kind: model.CachePolicy,
		Source:              model.Source{Format: model.FormatTerraform, Address: "aws_cloudfront_cache_policy.api", Range: rng("testdata/policies.tf", 1, 1, 20, 2)},
		HeaderBehavior:      model.KnownStr("whitelist", at("testdata/policies.tf", 9, 31, 42)),
		Headers:             model.List{Known: true, Set: true, Items: []model.Str{model.KnownStr("Authorization", at("testdata/policies.tf", 11, 20, 35))}},
		QueryStringBehavior: model.KnownStr("all", at("testdata/policies.tf", 15, 35, 40)),
	}
	methods := func(line, col int, ms ...string) model.List {
		l := model.List{Known: true, Set: true, Range: at(cdnTF, line, col, col+1)}
		for _, m := range ms {
			l.Items = append(l.Items, model.KnownStr(m, at(cdnTF, line, col, col+1)))
		}
		return l
	}
	dist := &model.Distribution{
		ID:      "cdn",
		Source:  model.Source{Format: model.FormatTerraform, Address: "aws_cloudfront_distribution.cdn", Range: rng(cdnTF, 1, 1, 53, 2)},
		Aliases: model.List{Known: false, Set: true, Range: at(cdnTF, 2, 3, 10)},
		Origins: []*model.Origin{apiOrigin, siteOrigin, domainOrigin},
		OriginGroups: []*model.OriginGroup{{
			ID:      model.KnownStr("failover", at(tmpl, 40, 15, 23)),
			Members: []model.Str{model.KnownStr("site", at(tmpl, 42, 19, 23)), model.UnknownStr(at(tmpl, 43, 19, 30))},
			Range:   rng(tmpl, 39, 9, 44, 1),
		}},
		Behaviors: []*model.Behavior{
			{
				PathPattern: model.KnownStr("/posts", at(cdnTF, 18, 24, 32)), TargetOriginID: model.KnownStr("api", at(cdnTF, 19, 24, 29)),
				AllowedMethods: methods(20, 24, "GET", "HEAD"),
				CachePolicyID:  model.KnownStr("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", at(cdnTF, 22, 24, 62)), CachePolicy: caching,
				OriginRequestPolicyID: model.UnknownStr(at(cdnTF, 22, 1, 2)),
				Range:                 rng(cdnTF, 17, 3, 23, 4), Origin: apiOrigin, Targets: []*model.Origin{apiOrigin},
			},
			{
				PathPattern: model.KnownStr("api/users", at(cdnTF, 26, 17, 28)), TargetOriginID: model.KnownStr("api", at(cdnTF, 27, 24, 29)),
				AllowedMethods: methods(28, 24, "GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"),
				Legacy: &model.ForwardedValues{
					Headers:     model.List{Known: true, Set: true, Items: []model.Str{model.KnownStr("Host", at(cdnTF, 33, 23, 29))}},
					QueryString: model.KnownBool(false, at(cdnTF, 32, 22, 27)),
					Range:       rng(cdnTF, 31, 5, 37, 6),
				},
				Range: rng(cdnTF, 25, 3, 38, 4), Origin: apiOrigin, Targets: []*model.Origin{apiOrigin},
			},
			{
				PathPattern: model.KnownStr("/static/*", at(tmpl, 46, 24, 35)), TargetOriginID: model.KnownStr("failover", at(tmpl, 47, 27, 37)),
				AllowedMethods: model.List{Known: true, Items: []model.Str{model.DefaultStr("GET", rng(tmpl, 45, 9, 48, 1)), model.DefaultStr("HEAD", rng(tmpl, 45, 9, 48, 1))}},
				Range:          rng(tmpl, 45, 9, 48, 1), Origin: siteOrigin, Targets: []*model.Origin{siteOrigin},
				OriginGroup: &model.OriginGroup{ID: model.KnownStr("failover", at(tmpl, 40, 15, 23))},
				Functions:   []model.FunctionAssociation{{EventType: model.KnownStr("origin-request", at(tmpl, 49, 28, 42)), Lambda: true, Range: rng(tmpl, 48, 11, 50, 1)}},
			},
			{
				PathPattern: model.KnownStr("/v1/*", at(tmpl, 51, 24, 31)), TargetOriginID: model.KnownStr("gone", at(tmpl, 52, 27, 33)),
				AllowedMethods: model.List{Set: true, Range: at(tmpl, 53, 27, 40)},
				CachePolicyID:  model.KnownStr("00000000-0000-0000-0000-000000000000", at(tmpl, 54, 26, 62)),
				Range:          rng(tmpl, 50, 9, 55, 1),
			},
			{
				Default: true, PathPattern: model.DefaultStr("*", rng(cdnTF, 40, 3, 52, 4)), TargetOriginID: model.KnownStr("api", at(cdnTF, 41, 30, 35)),
				AllowedMethods: methods(42, 30, "GET", "HEAD"),
				CachePolicyID:  model.KnownStr(s.Attr("pol.api", "id", "aws_cloudfront_cache_policy.api.id"), at(cdnTF, 45, 30, 64)), CachePolicy: apiPolicy,
				Functions: []model.FunctionAssociation{{EventType: model.KnownStr("viewer-request", at(cdnTF, 48, 22, 38)), Range: rng(cdnTF, 47, 5, 50, 6)}},
				Range:     rng(cdnTF, 40, 3, 52, 4), Origin: apiOrigin, Targets: []*model.Origin{apiOrigin},
			},
		},
	}
	c.Distributions = []*model.Distribution{dist}
	c.Policies = []*model.Policy{apiPolicy}

	findings := []rules.Finding{
		{
			Rule: "EL005", Name: "origin-path-beyond-stage", Severity: rules.Warning,
			Message: "origin path \"/prod/users\" puts \"/users\" before every request path sent to " + apiID + ".execute-api." + region + ".amazonaws.com",
			Range:   at(cdnTF, 7, 19, 32),
			Notes:   []string{"requests to /posts reach /prod/users/posts"},
			Related: []rules.Related{{Message: "stage \"prod\"", Range: at(apiTF, 47, 19, 25)}},
			Fix: &rules.Fix{Description: "set the origin path to \"/prod\"", Edits: []rules.TextEdit{
				{Range: at(cdnTF, 7, 19, 32), NewText: "\"/prod\""},
			}},
			Entity: "aws_cloudfront_distribution.cdn/origin[api]",
		},
		{
			Rule: "EL004", Name: "behavior-matches-no-resource", Severity: rules.Error,
			Message: "behavior \"/posts\" sends requests to https://" + apiID + ".execute-api." + region + ".amazonaws.com/prod/users/posts; API \"blog\" has no resource /users/posts",
			Range:   at(cdnTF, 18, 24, 32),
			Notes: []string{
				"resources with methods: /posts, /users — did you mean \"/posts\"?",
				"CloudFront appends the request path to the origin path; it never strips the pattern.",
			},
			Entity: "aws_cloudfront_distribution.cdn/behavior[/posts]",
		},
		{
			Rule: "EL004", Name: "behavior-matches-no-resource", Severity: rules.Error,
			Message: "behavior \"api/users\" sends requests to https://" + apiID + ".execute-api." + region + ".amazonaws.com/prod/users/api/users; API \"blog\" has no resource /users/api/users",
			Range:   at(cdnTF, 26, 17, 28),
			Notes:   []string{"a path pattern without a leading \"/\" is matched as if it had one"},
			Related: []rules.Related{{Message: "origin path \"/prod/users\"", Range: at(cdnTF, 7, 19, 32)}, {Range: at(apiTF, 21, 17, 24)}},
		},
		{
			Rule: "EL003", Name: "authorization-header-not-forwarded", Severity: rules.Error,
			Message: "legacy forwarded values of behavior \"api/users\" do not forward Authorization; POST /users requires it",
			Range:   rng(cdnTF, 31, 5, 37, 6),
			Notes:   []string{"forward Authorization with the managed origin request policy AllViewerExceptHostHeader\nor put it in the cache policy key"},
		},
		{
			Rule: "EL006", Name: "terminal\x1b[2Jescape", Severity: rules.Info,
			Message: "the resource Res7 of \"minified\" has a path part with a \x1b[31mcontrol\x1b[0m character",
			Range:   at(minJS, 1, 1215, 1221),
			Fix:     &rules.Fix{Edits: []rules.TextEdit{{Range: at(minJS, 1, 1215, 1221), NewText: "Res7b"}}},
		},
		{
			Rule: "EL002", Name: "origin-stage-not-deployed", Severity: rules.Error,
			Message: "the file of this finding is gone; only the machine line is shown",
			Range:   at("testdata/gone.tf", 3, 5, 9),
		},
		{
			Rule: "EL002", Name: "origin-stage-not-deployed", Severity: rules.Error,
			Message: "a position past the end of the file shows the machine line only",
			Range:   at(cdnTF, 999, 1, 4),
		},
	}
	perrs := []model.Diagnostic{
		{Range: at(broken, 6, 13, 14), Message: "did not find expected ',' or ']'", Severity: "error"},
		{Range: model.Range{File: "testdata/unreadable.tf"}, Message: "cannot read: permission denied"},
		{Range: at(cdnTF, 6, 19, 96), Message: "var.region has no value; the region stays unknown", Severity: "warning"},
	}
	return &engine.Result{Config: c, Findings: findings, Errors: perrs}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (-want +got); run go test ./report -update if the change is intended:\n%s",
			path, cmp.Diff(string(want), string(got)))
	}
}

func TestGolden(t *testing.T) {
	res := fixture()
	cases := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"text.golden", func(b *bytes.Buffer) error { return Text(b, res, TextOptions{Summary: true}) }},
		{"text_color.golden", func(b *bytes.Buffer) error { return Text(b, res, TextOptions{Color: true, Summary: true}) }},
		{"text_nosummary.golden", func(b *bytes.Buffer) error { return Text(b, res, TextOptions{}) }},
		{"report.json.golden", func(b *bytes.Buffer) error { return JSON(b, res) }},
		{"inspect.golden", func(b *bytes.Buffer) error { return Inspect(b, res.Config, FormatText) }},
		{"inspect.json.golden", func(b *bytes.Buffer) error { return Inspect(b, res.Config, FormatJSON) }},
		{"empty.golden", func(b *bytes.Buffer) error {
			return Text(b, &engine.Result{Config: model.NewConfig(nil)}, TextOptions{Summary: true})
		}},
		{"empty.json.golden", func(b *bytes.Buffer) error { return JSON(b, &engine.Result{}) }},
		{"inspect_empty.golden", func(b *bytes.Buffer) error { return Inspect(b, nil, FormatText) }},
		{"inspect_empty.json.golden", func(b *bytes.Buffer) error { return Inspect(b, nil, FormatJSON) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
		})
	}
}

func TestJSONIsValidAndComplete(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Errors   []map[string]any `json:"errors"`
	}
	dec := json.NewDecoder(&b)
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Fatal("JSON wrote more than one value")
	}
	for i, f := range doc.Findings {
		for _, k := range []string{"rule", "name", "severity", "message", "file", "line", "column", "end_line", "end_column", "notes", "related"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %d lacks %q", i, k)
			}
		}
		if f["notes"] == nil || f["related"] == nil {
			t.Errorf("finding %d: notes and related must be arrays, got %v and %v", i, f["notes"], f["related"])
		}
	}
	for i, e := range doc.Errors {
		for _, k := range []string{"file", "line", "column", "message", "severity"} {
			if _, ok := e[k]; !ok {
				t.Errorf("error %d lacks %q", i, k)
			}
		}
	}
	if strings.ContainsRune(b.String(), model.TokenOpen) {
		t.Error("JSON holds a raw symbolic token")
	}
}

func TestInspectUnknownFormat(t *testing.T) {
	if err := Inspect(&bytes.Buffer{}, model.NewConfig(nil), "yaml"); err == nil {
		t.Fatal("want an error for an unknown format")
	}
}

func TestInspectHidesHeaderValues(t *testing.T) {
	for _, format := range []string{FormatText, FormatJSON} {
		var b bytes.Buffer
		if err := Inspect(&b, fixture().Config, format); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "s3cr3t") {
			t.Errorf("%s inspect output shows an origin custom header value", format)
		}
	}
}

func TestSnippet(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.tf")
	src := "abc = \"x\"\r\n\tkey\t= 1\n日本 = \"y\"\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(dir, "long.json")
	if err := os.WriteFile(long, []byte(strings.Repeat("a", 300)+"TARGET"+strings.Repeat("b", 300)), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		r          model.Range
		text, want string // want: the underline line after the gutter
		ok         bool
	}{
		{"simple", at(file, 1, 7, 10), `abc = "x"`, `      ^^^`, true},
		{"zero width", at(file, 1, 7, 7), `abc = "x"`, `      ^`, true},
		{"end before start", at(file, 1, 7, 3), `abc = "x"`, `      ^`, true},
		{"past the end of the line", at(file, 1, 40, 42), `abc = "x"`, `         ^`, true},
		{"tabs", at(file, 2, 3, 6), `    key = 1`, `     ^^^`, true},
		{"wide runes", at(file, 3, 2, 3), `日本 = "y"`, `  ^^`, true},
		{"to the start of the next line", rng(file, 1, 1, 2, 1), `abc = "x"`, `^^^^^^^^^`, true},
		{"multi-line", rng(file, 1, 5, 3, 2), `abc = "x"`, `    ^^^^^ (through line 3)`, true},
		{"no column", at(file, 1, 0, 0), `abc = "x"`, ``, true},
		{"line out of range", at(file, 9, 1, 2), "", "", false},
		{"no line", model.Range{File: file}, "", "", false},
		{"missing file", at(filepath.Join(dir, "gone"), 1, 1, 2), "", "", false},
		{"long line", at(long, 1, 301, 307), "…" + strings.Repeat("a", 40) + "TARGET" + strings.Repeat("b", 114) + "…", " " + strings.Repeat(" ", 40) + "^^^^^^", true},
	}
	src2 := newSources()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sn, ok := src2.makeSnippet(tc.r)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			under := ""
			if sn.carets > 0 {
				under = strings.Repeat(" ", sn.caretPad) + strings.Repeat("^", sn.carets)
				if sn.continues != "" {
					under += " " + sn.continues
				}
			}
			if sn.text != tc.text || under != tc.want {
				t.Errorf("got\n%q\n%q\nwant\n%q\n%q", sn.text, under, tc.text, tc.want)
			}
		})
	}
}

func TestSourcesReadOnce(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a.tf")
	if err := os.WriteFile(file, []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSources()
	if l, ok := s.line(file, 2); !ok || l != "two" {
		t.Fatalf("line 2 = %q, %v", l, ok)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if l, ok := s.line(file, 1); !ok || l != "one" {
		t.Fatalf("second read of a cached file: %q, %v", l, ok)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain → text":      "plain → text",
		"a\nb":              `a\x0ab`,
		"\x1b[31mred":       `\x1b[31mred`,
		"tab\tescaped":      `tab\x09escaped`,
		"rtl\u202eoverride": `rtl\u202eoverride`,
		"del\x7f c1\u009b":  `del\x7f c1\u009b`,
		"line\u2028sep":     `line\u2028sep`,
		"not utf-8 \x9b[2J": `not utf-8 \x9b[2J`,
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSummary(t *testing.T) {
	cfg := model.NewConfig(nil)
	cfg.Files = []string{"a.tf", "b.tf", "a.tf"}
	res := &engine.Result{
		Config: cfg,
		Findings: []rules.Finding{
			{Severity: rules.Error}, {Severity: rules.Warning}, {Severity: rules.Warning}, {Severity: rules.Info},
		},
		Errors: []model.Diagnostic{
			{Range: model.Range{File: "x.yaml"}, Severity: "error"},
			{Range: model.Range{File: "x.yaml"}, Severity: "warning"},
			{Range: model.Range{File: "y.tf"}},
			{Range: model.Range{File: "z.tf"}, Severity: "info"},
		},
	}
	want := "1 error, 2 warnings, 1 info in 2 files (2 inputs could not be parsed, 1 input only partly analyzed)"
	if got := Summary(res, 0); got != want {
		t.Errorf("summary = %q\nwant      %q", got, want)
	}
	if got, want := Summary(nil, 0), "0 errors, 0 warnings, 0 info in 0 files"; got != want {
		t.Errorf("summary(nil) = %q, want %q", got, want)
	}
}

// TestSummaryCountsSuppressionProblemsAndHidden: a warning about a
// suppression comment is a warning, not a partly analyzed input, and the
// findings the baseline and the suppressions hid are counted.
func TestSummaryCountsSuppressionProblemsAndHidden(t *testing.T) {
	cfg := model.NewConfig(nil)
	cfg.Files = []string{"a.tf"}
	res := &engine.Result{
		Config:   cfg,
		Findings: []rules.Finding{{Severity: rules.Error}},
		Errors: []model.Diagnostic{
			{Range: model.Range{File: "a.tf"}, Severity: "warning", Suppression: true},
			{Range: model.Range{File: "a.tf"}, Severity: "warning", Suppression: true},
		},
		Suppressed: []suppress.Suppressed{{}, {}, {}},
	}
	want := "1 error, 2 warnings, 0 info in 1 file (2 problems in suppression comments, 4 findings hidden by the baseline, 3 findings suppressed)"
	if got := Summary(res, 4); got != want {
		t.Errorf("summary = %q\nwant      %q", got, want)
	}
	res.Errors = append(res.Errors, model.Diagnostic{Range: model.Range{File: "b.tf"}, Severity: "info"})
	res.Suppressed = nil
	want = "1 error, 2 warnings, 0 info in 1 file (1 input only partly analyzed, 2 problems in suppression comments)"
	if got := Summary(res, 0); got != want {
		t.Errorf("summary = %q\nwant      %q", got, want)
	}
}

func TestTextColorOnlyWhenAsked(t *testing.T) {
	var plain, colored bytes.Buffer
	res := fixture()
	if err := Text(&plain, res, TextOptions{Summary: true}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&colored, res, TextOptions{Color: true, Summary: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("plain text output holds an escape sequence")
	}
	for _, want := range []string{ansiError + "error" + ansiReset, ansiBold + "EL004" + ansiReset, ansiError + "^^^^^^^^" + ansiReset} {
		if !strings.Contains(colored.String(), want) {
			t.Errorf("colour output lacks %q", want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrors(t *testing.T) {
	res := fixture()
	if err := Text(failWriter{}, res, TextOptions{Summary: true}); err == nil {
		t.Error("Text: want the write error")
	}
	if err := JSON(failWriter{}, res); err == nil {
		t.Error("JSON: want the write error")
	}
	if err := Inspect(failWriter{}, res.Config, FormatText); err == nil {
		t.Error("Inspect: want the write error")
	}
}

// inspect shows the route set of an API as not fully known, with the
// reason, when the instances of its routes are unknown.
func TestInspectIncompleteRoutes(t *testing.T) {
	res, err := engine.Run([]string{"../testdata/rules/tf-routes-unknown-instances-good"}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	const reason = "the instances of aws_apigatewayv2_route.route depend on values known only at deploy time"
	var text, js bytes.Buffer
	if err := Inspect(&text, res.Config, FormatText); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "resources not fully known: "+reason) {
		t.Errorf("text inspect output does not show the incomplete route set:\n%s", text.String())
	}
	if err := Inspect(&js, res.Config, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var out struct {
		APIs []struct {
			Name             string `json:"name"`
			ResourcesUnknown string `json:"resources_unknown"`
		} `json:"apis"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.APIs) != 1 || out.APIs[0].ResourcesUnknown != reason {
		t.Errorf("JSON inspect APIs = %+v, want one with resources_unknown %q", out.APIs, reason)
	}
}
