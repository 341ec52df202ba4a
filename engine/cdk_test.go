package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// TestCloudAssembly reads a cdk.out through its manifest: the stack name
// it gives is shown with the construct path, and the asset directories
// are not read even when they hold a template.
func TestCloudAssembly(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "cdk-app-missing-stage", dir)
	out := filepath.Join(dir, "cdk.out")
	mf := filepath.Join(out, "manifest.json")
	b, err := os.ReadFile(mf)
	if err != nil {
		t.Fatal(err)
	}
	named := strings.Replace(string(b), `"templateFile": "BlogStack.template.json",`, `"templateFile": "BlogStack.template.json", "stackName": "blog-prod",`, 1)
	if named == string(b) {
		t.Fatal("fixture manifest changed shape")
	}
	if err := os.WriteFile(mf, []byte(named), 0o644); err != nil {
		t.Fatal(err)
	}
	// An asset directory holding a copy of the broken template: bundled
	// files, never deployed as a stack.
	tpl, err := os.ReadFile(filepath.Join(out, "BlogStack.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	asset := filepath.Join(out, "asset.0123abcd")
	if err := os.MkdirAll(asset, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(asset, "template.json"), tpl, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want the one EL001 of the stack template: %v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != "EL001" || filepath.Base(f.Range.File) != "BlogStack.template.json" {
		t.Fatalf("got %s at %s", f.Rule, f.Range)
	}
	if !strings.Contains(strings.Join(f.Notes, "\n"), "CDK construct: BlogStack/Cdn/Resource (stack blog-prod)") {
		t.Errorf("notes lack the construct path with the stack name: %q", f.Notes)
	}
}
