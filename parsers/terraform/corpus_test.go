package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

// corpusModules lists every directory under the corpus that holds .tf or
// .tf.json files.
func corpusModules(t *testing.T, corpusRoot string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(corpusRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")) {
			seen[filepath.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// TestCorpusNoPanic loads every Terraform module of the corpus, the
// robustness set included: no panic, no hang, every error located.
func TestCorpusNoPanic(t *testing.T) {
	corpusRoot := testutil.SharedCorpus(t)
	dirs := corpusModules(t, corpusRoot)
	if len(dirs) < 50 {
		t.Fatalf("found only %d module directories", len(dirs))
	}
	syms := model.NewSymbols()
	start := time.Now()
	for _, dir := range dirs {
		t0 := time.Now()
		cfg, errs := LoadModule(dir, Options{Root: corpusRoot}, syms)
		if d := time.Since(t0); d > 5*time.Second {
			t.Errorf("%s: took %v", dir, d)
		}
		if cfg == nil {
			t.Fatalf("%s: nil config", dir)
		}
		for _, e := range errs {
			if strings.Contains(e.Message, "internal error") {
				t.Errorf("%s: %v", dir, e)
			}
			if e.Range.File == "" {
				t.Errorf("%s: error without a file: %v", dir, e)
			}
			switch e.Severity {
			case "error", "warning", "info":
			default:
				t.Errorf("%s: bad severity %q", dir, e.Severity)
			}
		}
		model.Assemble(cfg)
	}
	t.Logf("%d modules in %v", len(dirs), time.Since(start))
}

// loadWiring loads one corpus module and assembles it.
func loadWiring(t *testing.T, rel string) (*model.Config, *model.Symbols, string) {
	t.Helper()
	corpusRoot := testutil.SharedCorpus(t)
	dir := filepath.Join(corpusRoot, rel)
	syms := model.NewSymbols()
	cfg, errs := LoadModule(dir, Options{Root: corpusRoot}, syms)
	for _, e := range errs {
		if e.Severity == model.SevError {
			t.Errorf("%v", e)
		}
	}
	model.Assemble(cfg)
	return cfg, syms, filepath.ToSlash(dir)
}

// W05: HTTP API behind CloudFront, origin domain interpolated from the API
// ID and a defaulted region variable, $default stage from a variable, CUSTOM
// authorizer fed by an origin custom header.
func TestCorpusW05(t *testing.T) {
	cfg, syms, _ := loadWiring(t, "serverless-patterns/apigw-http-api-waf-cloudfront-terraform")
	a := api(t, cfg, "aws_apigatewayv2_api.http_api")
	if a.Kind != model.HTTP {
		t.Errorf("kind = %s", a.Kind)
	}
	d := dist(t, cfg, "aws_cloudfront_distribution.http_api_distribution")
	o := origin(t, d, "http_api_origin")
	wantStr(t, "origin domain", syms, o.DomainName, a.IDToken+".execute-api.us-east-1.amazonaws.com")
	if o.Link == nil || o.Link.API != a {
		t.Fatal("origin not linked to the HTTP API")
	}
	if len(o.CustomHeaders) != 2 {
		t.Fatalf("custom headers = %+v", o.CustomHeaders)
	}
	wantStr(t, "custom header", syms, o.CustomHeaders[0].Name, "X-Origin-Verify")
	wantStr(t, "custom header", syms, o.CustomHeaders[1].Value, "us-east-1")
	wantStr(t, "protocol", syms, o.ProtocolPolicy, "https-only")
	if len(a.Stages) != 1 || a.Stages[0].Name.V != "$default" || !a.Stages[0].AutoDeploy.V {
		t.Errorf("stages = %+v", a.Stages)
	}
	if len(a.Resources) != 1 || a.Resources[0].Path.V != "/" || len(a.Resources[0].Methods) != 1 {
		t.Fatalf("resources = %+v", a.Resources)
	}
	m := a.Resources[0].Methods[0]
	wantStr(t, "route method", syms, m.HTTPMethod, "ANY")
	wantStr(t, "authorization", syms, m.Authorization, "CUSTOM")
	if m.Authorizer == nil {
		t.Fatal("route authorizer not resolved")
	}
	wantValues(t, "identity sources", m.Authorizer.IdentitySources, "$request.header.x-origin-verify")
	if len(d.Behaviors) != 1 {
		t.Fatalf("behaviors = %d", len(d.Behaviors))
	}
	b := d.Behaviors[0]
	if b.Legacy == nil {
		t.Fatal("forwarded_values not read")
	}
	wantValues(t, "forwarded headers", b.Legacy.Headers, "Authorization")
	if len(b.Functions) != 1 || !b.Functions[0].Lambda || b.Functions[0].EventType.V != "origin-request" {
		t.Errorf("functions = %+v", b.Functions)
	}
	if d.Dynamic {
		t.Error("Dynamic set: the only dynamic blocks are viewer certificates")
	}
	if len(cfg.DomainNames) != 0 || len(cfg.Mappings) != 0 {
		t.Error("count = 0 resources emitted")
	}
}

// W20: stage named by a required variable, used on both sides.
func TestCorpusW20(t *testing.T) {
	cfg, syms, dir := loadWiring(t, "terraform-aws-proxy")
	a := api(t, cfg, "aws_apigatewayv2_api.proxy")
	if len(a.Stages) != 1 {
		t.Fatalf("stages = %+v", a.Stages)
	}
	stage := a.Stages[0].Name
	if stage.V != syms.Unknown("tf:"+dir+":var.stage", "var.stage") {
		t.Errorf("stage name = %q, want the var.stage token", syms.Display(stage.V))
	}
	d := dist(t, cfg, "aws_cloudfront_distribution.proxy")
	o := d.Origins[0]
	wantStr(t, "origin id", syms, o.ID, a.IDToken)
	wantStr(t, "origin path", syms, o.OriginPath, "/"+stage.V)
	wantStr(t, "origin domain", syms, o.DomainName,
		a.IDToken+".execute-api."+syms.Pseudo(model.PseudoRegion)+"."+syms.Pseudo(model.PseudoURLSuffix))
	if o.Link == nil || o.Link.API != a {
		t.Error("origin not linked")
	}
	b := d.Behaviors[0]
	if b.Origin != o {
		t.Error("default behavior does not target the origin")
	}
	if b.CachePolicy == nil || b.CachePolicy.Name != "Managed-CachingDisabled" ||
		b.OriginRequestPolicy == nil || b.OriginRequestPolicy.Name != "Managed-AllViewerExceptHostHeader" {
		t.Errorf("policies by name: %+v %+v", b.CachePolicy, b.OriginRequestPolicy)
	}
	if len(a.Resources) != 1 || a.Resources[0].Path.V != "/{proxy+}" {
		t.Errorf("resources = %+v", a.Resources)
	}
}

// W21: REST API, origin domain from the stage invoke URL through regex,
// stage v2 carried by the behavior pattern.
func TestCorpusW21(t *testing.T) {
	cfg, syms, _ := loadWiring(t, "PySpy-WebTerraform")
	a := api(t, cfg, "aws_api_gateway_rest_api.pyspy")
	d := dist(t, cfg, "aws_cloudfront_distribution.distribution")
	o := origin(t, d, "apigateway")
	wantStr(t, "origin domain", syms, o.DomainName, a.IDToken+".execute-api.us-west-2."+syms.Pseudo(model.PseudoURLSuffix))
	if o.OriginPath.Set || o.OriginPath.V != "" {
		t.Errorf("origin path = %+v", o.OriginPath)
	}
	if o.Link == nil || o.Link.API != a {
		t.Fatal("origin not linked")
	}
	if !origin(t, d, "static").S3 {
		t.Error("origin access control origin is not S3")
	}
	if len(a.Stages) != 1 || a.Stages[0].Name.V != "v2" {
		t.Errorf("stages = %+v", a.Stages)
	}
	if len(d.Behaviors) != 2 || d.Behaviors[0].PathPattern.V != "/v2/*" || d.Behaviors[0].Origin != o || !d.Behaviors[1].Default {
		t.Errorf("behaviors = %+v", d.Behaviors)
	}
	if len(a.Resources) != 1 || a.Resources[0].Path.V != "/character_intel" {
		t.Fatalf("resources = %+v", a.Resources)
	}
	m := a.Resources[0].Methods
	if len(m) != 1 || m[0].HTTPMethod.V != "GET" || m[0].Authorization.V != "NONE" {
		t.Errorf("methods = %+v", m)
	}
	if p := d.Behaviors[0].CachePolicy; p == nil || p.QueryStringBehavior.V != "whitelist" {
		t.Errorf("cache policy = %+v", p)
	}
}

// TestTruncatedFiles loads every Terraform file of the testdata and the
// corpus cut short at several points: partial parses must never panic.
func TestTruncatedFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var files []string
	for _, root := range []string{"testdata", testutil.SharedCorpus(t)} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	syms := model.NewSymbols()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil || len(src) == 0 {
			continue
		}
		for _, frac := range []int{1, 3, 5, 7} {
			cut := len(src) * frac / 8
			dir := t.TempDir()
			name := filepath.Join(dir, filepath.Base(f))
			if err := os.WriteFile(name, src[:cut], 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, errs := LoadModule(dir, Options{}, syms)
			if cfg == nil {
				t.Fatalf("%s cut at %d: nil config", f, cut)
			}
			for _, e := range errs {
				if strings.Contains(e.Message, "internal error") {
					t.Errorf("%s cut at %d: %v", f, cut, e)
				}
			}
			model.Assemble(cfg)
		}
	}
}

// BenchmarkLoadCorpus loads every Terraform module of the corpus.
func BenchmarkLoadCorpus(b *testing.B) {
	corpusRoot := testutil.SharedCorpus(b)
	var dirs []string
	_ = filepath.WalkDir(corpusRoot, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if m, _ := filepath.Glob(filepath.Join(p, "*.tf")); len(m) > 0 {
				dirs = append(dirs, p)
			}
		}
		return nil
	})
	b.ResetTimer()
	for b.Loop() {
		syms := model.NewSymbols()
		for _, dir := range dirs {
			cfg, _ := LoadModule(dir, Options{Root: corpusRoot}, syms)
			model.Assemble(cfg)
		}
	}
}

// TestConcurrentLoads loads modules in parallel with one symbol table, as a
// scan does.
func TestConcurrentLoads(t *testing.T) {
	dirs := []string{"testdata/linking", "testdata/dynamic", "testdata/json", "testdata/unknownvar", "testdata/openapi", "testdata/vars"}
	syms := model.NewSymbols()
	done := make(chan *model.Config, len(dirs)*4)
	for range 4 {
		for _, d := range dirs {
			go func() {
				cfg, _ := LoadModule(d, Options{Root: "testdata"}, syms)
				done <- cfg
			}()
		}
	}
	for range len(dirs) * 4 {
		if cfg := <-done; cfg == nil {
			t.Fatal("nil config")
		}
	}
	// Same symbol, same token, whichever goroutine allocated it.
	a := syms.Attr("testdata/linking:aws_api_gateway_rest_api.x", "id", "")
	cfg, _ := LoadModule("testdata/linking", Options{}, syms)
	if api(t, cfg, "aws_api_gateway_rest_api.x").IDToken != a {
		t.Error("token differs between loads")
	}
}
