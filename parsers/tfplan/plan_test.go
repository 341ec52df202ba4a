package tfplan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

func load(t *testing.T, path string) (*model.Config, []model.Diagnostic) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !Sniff(path, src) {
		t.Fatalf("%s: not recognised as a plan", path)
	}
	return Parse(path, src, model.NewSymbols())
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{`{"format_version":"1.2","planned_values":{},"configuration":{}}`, true},
		{`{"format_version":"1.2","resource_changes":[],"configuration":{"root_module":{}}}`, true},
		{`{"format_version":"1.0","values":{"root_module":{}}}`, false}, // state
		{`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, false},
		{`[{"format_version":"1.2","planned_values":{},"configuration":{}}]`, false},
	} {
		if got := Sniff("x.json", []byte(c.src)); got != c.want {
			t.Errorf("Sniff(%s) = %v, want %v", c.src, got, c.want)
		}
	}
}

func seedPath() string { return filepath.Join("testdata", "seed", "plan.json") }

func TestSeedEntities(t *testing.T) {
	cfg, errs := load(t, seedPath())
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(cfg.APIs) != 1 || len(cfg.Resources) != 3 || len(cfg.Methods) != 3 || len(cfg.Stages) != 1 ||
		len(cfg.Deployments) != 1 || len(cfg.Distributions) != 1 {
		t.Fatalf("entities: %d APIs, %d resources, %d methods, %d stages, %d deployments, %d distributions",
			len(cfg.APIs), len(cfg.Resources), len(cfg.Methods), len(cfg.Stages), len(cfg.Deployments), len(cfg.Distributions))
	}
	api := cfg.APIs[0]
	if api.ID != seedPath()+":aws_api_gateway_rest_api.blog" || !model.HasToken(api.IDToken) {
		t.Errorf("API ID %q, IDToken %q", api.ID, api.IDToken)
	}
	d := cfg.Distributions[0]
	if len(d.Origins) != 1 || len(d.Behaviors) != 3 || d.Dynamic {
		t.Fatalf("distribution: %d origins, %d behaviors, dynamic %v", len(d.Origins), len(d.Behaviors), d.Dynamic)
	}
	o := d.Origins[0]
	want := api.IDToken + ".execute-api.eu-west-1.amazonaws.com"
	if !o.DomainName.Known || o.DomainName.V != want {
		t.Errorf("origin domain %q (known %v), want %q", cfg.Symbols.Display(o.DomainName.V), o.DomainName.Known, cfg.Symbols.Display(want))
	}
	if !o.OriginPath.IsLiteral() || o.OriginPath.V != "/prod" {
		t.Errorf("origin path %+v", o.OriginPath)
	}
	cdn := filepath.Join("testdata", "seed", "cdn.tf")
	if o.DomainName.Range.File != cdn || o.DomainName.Range.Start.Line != 6 || o.DomainName.Range.Start.Column != 19 {
		t.Errorf("origin domain range %v", o.DomainName.Range)
	}
	b := d.Behaviors[1]
	if b.PathPattern.V != "/api/users" || b.PathPattern.Range.File != cdn || b.PathPattern.Range.Start.Line != 27 {
		t.Errorf("behavior %q at %v", b.PathPattern.V, b.PathPattern.Range)
	}
	if !d.Behaviors[2].Default || d.Behaviors[2].PathPattern.V != "*" {
		t.Errorf("last behavior is not the default one")
	}
	m := cfg.Methods[2]
	if m.HTTPMethod.V != "GET" || m.Authorization.V != "NONE" || m.ResourceRef.V != cfg.Resources[2].IDToken {
		t.Errorf("method %+v", m)
	}

	model.Assemble(cfg)
	if o.Link == nil || o.Link.API != api {
		t.Fatalf("origin not linked to the API: %+v", o.Link)
	}
	if o.Link.Stage == nil || o.Link.Stage.Name.V != "prod" {
		t.Errorf("origin stage %+v", o.Link.Stage)
	}
	var paths []string
	for _, r := range api.Resources {
		if r.HasMethods() {
			paths = append(paths, r.Path.V)
		}
	}
	if got := strings.Join(paths, " "); got != "/posts /users /users/favorites" {
		t.Errorf("resources with methods: %s", got)
	}
	if b.Origin != o || b.CachePolicy == nil || !b.CachePolicy.Managed {
		t.Errorf("behavior not resolved: origin %v, policy %v", b.Origin, b.CachePolicy)
	}
}

// Without the .tf source, positions are those of the plan JSON, ID
// references still resolve through the configuration, and the origin
// domain, a template only the source spells out, stays unknown.
func TestPlanWithoutSource(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(seedPath())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, errs := load(t, path)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	d := cfg.Distributions[0]
	o := d.Origins[0]
	if o.DomainName.Known {
		t.Errorf("origin domain guessed: %q", cfg.Symbols.Display(o.DomainName.V))
	}
	if !o.OriginPath.IsLiteral() || o.OriginPath.V != "/prod" || o.OriginPath.Range.File != path {
		t.Errorf("origin path %+v", o.OriginPath)
	}
	b := d.Behaviors[1]
	at := bytes.Index(src, []byte(`"path_pattern": "/api/users"`))
	if b.PathPattern.V != "/api/users" || b.PathPattern.Range.Start.Byte != at+len(`"path_pattern": `) {
		t.Errorf("behavior %q at %+v, want byte %d", b.PathPattern.V, b.PathPattern.Range, at+len(`"path_pattern": `))
	}
	model.Assemble(cfg)
	var paths []string
	for _, r := range cfg.APIs[0].Resources {
		paths = append(paths, r.Path.V)
	}
	if got := strings.Join(paths, " "); got != "/posts /users /users/favorites" {
		t.Errorf("resources: %s", got)
	}
}

func TestInvalidPlan(t *testing.T) {
	_, errs := Parse("bad.json", []byte("{\n  \"format_version\": \"1.2\",\n  \"planned_values\": [\n"), model.NewSymbols())
	if len(errs) != 1 || errs[0].Severity != model.SevError || errs[0].Range.Start.Line != 4 {
		t.Errorf("errors: %v", errs)
	}
}

func TestModuleNames(t *testing.T) {
	for addr, want := range map[string]string{
		"":                                "",
		"module.api":                      "api",
		`module.api[0].module.cdn["a.b"]`: "api cdn",
		`module.x["k]"].module.y`:         "x y",
	} {
		got, ok := moduleNames(addr)
		if !ok || strings.Join(got, " ") != want {
			t.Errorf("moduleNames(%q) = %v, %v", addr, got, ok)
		}
	}
}
