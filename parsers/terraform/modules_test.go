package terraform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

func TestModuleCalls(t *testing.T) {
	dir := filepath.Join("testdata", "modules", "root")
	cfg, errs, syms := load(t, dir, Options{})
	main := filepath.Join(dir, "main.tf")

	// The one module that is not installed is reported once, at its
	// source; everything else is read.
	if len(errs) != 1 {
		for _, e := range errs {
			t.Logf("%s: %v", e.Severity, e)
		}
		t.Fatalf("got %d parse errors, want 1", len(errs))
	}
	e := errs[0]
	if e.Severity != model.SevInfo || !strings.Contains(e.Message, `module "missing"`) || !strings.Contains(e.Message, `run "terraform init"`) {
		t.Errorf("unexpected %s: %s", e.Severity, e.Message)
	}
	wantRange(t, "not installed", e.Range, rangeOf(t, main, `"git::https://example.com/missing.git?ref=v1"`, 0))

	// Entities of every child instance, with module addresses, IDs under
	// the root directory and ranges in the child's files.
	if len(cfg.APIs) != 5 {
		for _, a := range cfg.APIs {
			t.Logf("API %s", a.ID)
		}
		t.Errorf("got %d APIs, want 5", len(cfg.APIs))
	}
	apiFile := filepath.Join(dir, "modules", "api", "main.tf")
	root := api(t, cfg, "module.api.aws_api_gateway_rest_api.this")
	if want := filepath.ToSlash(dir) + ":module.api.aws_api_gateway_rest_api.this"; root.ID != want {
		t.Errorf("ID %q, want %q", root.ID, want)
	}
	wantRange(t, "module.api head", root.Source.Head, rangeOf(t, apiFile, `resource "aws_api_gateway_rest_api" "this"`, 0))
	wantStr(t, "module.api name", syms, root.Name, "api")
	for i, name := range []string{"counted-0", "counted-1"} {
		a := api(t, cfg, "module.counted["+string(rune('0'+i))+"].aws_api_gateway_rest_api.this")
		wantStr(t, "counted name", syms, a.Name, name)
	}
	inner := api(t, cfg, "module.nested.module.inner.aws_api_gateway_rest_api.this")
	reg := api(t, cfg, "module.registry.aws_apigatewayv2_api.this")
	wantStr(t, "registry name", syms, reg.Name, "reg")
	if want := filepath.Join(dir, ".terraform", "modules", "registry", "main.tf"); reg.Source.Range.File != want {
		t.Errorf("registry module read from %s, want %s", reg.Source.Range.File, want)
	}

	// The distribution's origins come from a dynamic block over the call's
	// inputs, which are built from sibling modules' outputs.
	model.Assemble(cfg)
	d := dist(t, cfg, "module.cdn.aws_cloudfront_distribution.this")
	o := origin(t, d, "api")
	wantStr(t, "origin domain", syms, o.DomainName, root.IDToken+".execute-api.eu-west-1.amazonaws.com")
	wantStr(t, "origin path", syms, o.OriginPath, "/prod")
	// The path is located at the call argument that wrote it.
	wantRange(t, "origin path range", o.OriginPath.Range, rangeOf(t, main, `"/${module.api.stage_name}"`, 0))
	if o.Link == nil || o.Link.API != root || o.Link.Stage == nil || o.Link.Stage.Name.V != "prod" {
		t.Errorf("origin api: link %+v, want module.api stage prod", o.Link)
	}
	o = origin(t, d, "nested")
	if o.Link == nil || o.Link.API != inner || o.Link.Stage == nil || o.Link.Stage.Name.V != "live" {
		t.Errorf("origin nested: link %+v, want module.nested.module.inner stage live", o.Link)
	}
	if len(cfg.Distributions) != 1 {
		t.Errorf("got %d distributions, want 1", len(cfg.Distributions))
	}
}

// TestModuleCallCycle: a module calling itself is not followed forever.
func TestModuleCallCycle(t *testing.T) {
	cfg, errs, _ := load(t, filepath.Join("testdata", "modules", "cycle"), Options{})
	if len(cfg.APIs) != 1 {
		t.Errorf("got %d APIs, want 1", len(cfg.APIs))
	}
	found := false
	for _, e := range errs {
		if e.Severity == model.SevInfo && strings.Contains(e.Message, "already being evaluated") {
			found = true
		}
	}
	if !found {
		t.Errorf("no info about the cycle in %v", errs)
	}
}
