package tfplan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// methodPaths lists "METHOD /path" of an API's body, in order.
func methodPaths(a *model.API) string {
	var out []string
	for _, r := range a.Resources {
		for _, m := range r.Methods {
			out = append(out, m.HTTPMethod.V+" "+r.Path.V)
		}
	}
	return strings.Join(out, ", ")
}

// TestPlanBody: the plan's rendered OpenAPI body gives the API's resources
// and methods, located in the .tf source down to the jsonencode item of
// each operation; without the source, at the body's value in the plan.
func TestPlanBody(t *testing.T) {
	path := filepath.Join("testdata", "body", "plan.json")
	cfg, errs := load(t, path)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	a := cfg.APIs[0]
	if a.ResourcesUnknown != "" || methodPaths(a) != "GET /posts, GET /users/{id}" {
		t.Fatalf("API resources %q (unknown %q)", methodPaths(a), a.ResourcesUnknown)
	}
	m := a.Resources[0].Methods[0]
	api := filepath.Join("testdata", "body", "api.tf")
	if m.Range.File != api || m.Range.Start.Line != 32 || m.Range.Start.Column != 9 || m.Source.Address != "aws_api_gateway_rest_api.blog" {
		t.Errorf("GET /posts at %+v", m.Range)
	}
	if !m.APIKeyRequired.Known || !m.APIKeyRequired.V {
		t.Errorf("GET /posts API key required %+v", m.APIKeyRequired)
	}

	// The plan alone: the body's value in the plan JSON.
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	alone := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(alone, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, errs = load(t, alone)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	a = cfg.APIs[0]
	at := bytes.Index(src, []byte(`"body": "{`)) + len(`"body": `)
	if m := a.Resources[0].Methods[0]; methodPaths(a) != "GET /posts, GET /users/{id}" || m.Range.File != alone || m.Range.Start.Byte != at {
		t.Errorf("without source: %q, GET /posts at %+v, want byte %d", methodPaths(a), m.Range, at)
	}
}

// TestPlanBodyUnknown: a body known only after apply is read from the
// source beside the plan as the HCL reader reads it (the paths do not
// depend on what is unknown); alone, the plan leaves the resources
// unknown.
func TestPlanBodyUnknown(t *testing.T) {
	path := filepath.Join("testdata", "body", "plan-unknown.json")
	cfg, errs := load(t, path)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if a := cfg.APIs[0]; a.ResourcesUnknown != "" || methodPaths(a) != "GET /posts, GET /users/{id}" {
		t.Errorf("beside the source: resources %q, unknown %q", methodPaths(a), a.ResourcesUnknown)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	alone := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(alone, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, errs = load(t, alone)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if a := cfg.APIs[0]; a.ResourcesUnknown != tfadapter.BodyUnknown || len(a.Resources) != 0 {
		t.Errorf("alone: resources %q, unknown %q", methodPaths(a), a.ResourcesUnknown)
	}
}

// planOf is a minimal plan of one REST API with the given planned values
// and after_unknown.
func planOf(t *testing.T, values, unknown map[string]any) []byte {
	t.Helper()
	addr := "aws_api_gateway_rest_api.a"
	b, err := json.Marshal(map[string]any{
		"format_version": "1.2",
		"planned_values": map[string]any{"root_module": map[string]any{"resources": []any{map[string]any{
			"address": addr, "mode": "managed", "type": "aws_api_gateway_rest_api", "name": "a", "values": values,
		}}}},
		"resource_changes": []any{map[string]any{"address": addr, "change": map[string]any{"after_unknown": unknown}}},
		"configuration":    map[string]any{"root_module": map[string]any{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPlanBodyBasePath: the basepath import parameter applies to the body's
// base path; an unknown one leaves the resources unknown only when it
// changes them.
func TestPlanBodyBasePath(t *testing.T) {
	withBase := `{"swagger": "2.0", "basePath": "/v1", "paths": {"/items": {"get": {}}}}`
	noBase := `{"swagger": "2.0", "paths": {"/items": {"get": {}}}}`
	yamlBody := "swagger: \"2.0\"\nbasePath: \"\\/v2\"\npaths:\n  /items:\n    get: {}\n"
	for _, c := range []struct {
		name            string
		values, unknown map[string]any
		want, unknownIs string
	}{
		{"no parameters", map[string]any{"name": "a", "body": withBase}, map[string]any{}, "GET /items", ""},
		{"prepend", map[string]any{"name": "a", "body": withBase, "parameters": map[string]any{"basepath": "prepend"}}, map[string]any{}, "GET /v1/items", ""},
		{"yaml prepend", map[string]any{"name": "a", "body": yamlBody, "parameters": map[string]any{"basepath": "prepend"}}, map[string]any{}, "GET /v2/items", ""},
		{"unknown parameters", map[string]any{"name": "a", "body": withBase}, map[string]any{"parameters": true}, "", "basepath"},
		{"unknown basepath", map[string]any{"name": "a", "body": withBase, "parameters": map[string]any{}}, map[string]any{"parameters": map[string]any{"basepath": true}}, "", "basepath"},
		{"unknown parameters, no base path", map[string]any{"name": "a", "body": noBase}, map[string]any{"parameters": true}, "GET /items", ""},
		{"unknown body", map[string]any{"name": "a"}, map[string]any{"body": true}, "", tfadapter.BodyUnknown},
		{"null body", map[string]any{"name": "a", "body": nil}, map[string]any{}, "", ""},
	} {
		cfg, errs := Parse("plan.json", planOf(t, c.values, c.unknown), model.NewSymbols())
		if len(errs) > 0 || len(cfg.APIs) != 1 {
			t.Errorf("%s: errors %v", c.name, errs)
			continue
		}
		a := cfg.APIs[0]
		if got := methodPaths(a); got != c.want || (c.unknownIs == "") != (a.ResourcesUnknown == "") ||
			!strings.Contains(a.ResourcesUnknown, c.unknownIs) {
			t.Errorf("%s: resources %q (unknown %q), want %q (unknown %q)", c.name, got, a.ResourcesUnknown, c.want, c.unknownIs)
		}
	}
}
