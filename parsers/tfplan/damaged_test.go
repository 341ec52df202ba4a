package tfplan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestDamaged: a plan cut short anywhere after its first keys is taken
// (by Sniff while it holds its configuration, else as damaged), so that
// Parse reports it; a whole plan is not damaged, and neither is valid
// JSON of another kind or broken JSON that is no Terraform output.
func TestDamaged(t *testing.T) {
	plan, err := os.ReadFile(filepath.Join("..", "..", "testdata", "rules", "tfplan-openapi-body", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !Sniff("plan.json", plan) || Damaged("plan.json", plan) {
		t.Fatal("the whole plan: want a plan, not damaged")
	}
	first := bytes.Index(plan, []byte(`"terraform_version": "`))
	if first < 0 {
		t.Fatal("the plan has no terraform_version")
	}
	first += len(`"terraform_version": "`)
	for n := first; n < len(plan); n += 13 {
		cut := plan[:n]
		if !Sniff("plan.json", cut) && !Damaged("plan.json", cut) {
			t.Fatalf("the plan cut after %d bytes is neither a plan nor damaged: %q", n, cut[max(0, n-40):])
		}
		if (n-first)%(13*71) == 0 {
			if _, errs := Parse("plan.json", cut, nil); len(errs) == 0 || errs[0].Severity != model.SevError || errs[0].Range.Start.Line == 0 {
				t.Errorf("Parse of the plan cut after %d bytes: %v, want a positioned error", n, errs)
			}
		}
	}
	for name, src := range map[string]string{
		"state":         `{"format_version": "1.0", "terraform_version": "1.7.0", "values": {"root_module": {}}}`,
		"package.json":  `{"name": "x", "version": "1.0.0"`,
		"schema":        `{"format_version": "1.0", "provider_schemas": {}}`,
		"version only":  `{"format_version": "1.0"`,
		"not an object": `["format_version", "terraform_version"`,
	} {
		if Damaged(name, []byte(src)) {
			t.Errorf("Damaged(%s) = true", name)
		}
	}
}
