package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// TestNestingTooDeep: a configuration file nesting too deeply for the
// recursive parsers (80,000 parentheses, or brackets in Terraform JSON)
// is an input error at the attribute holding the expression; the module's
// other files are analyzed as without it.
func TestNestingTooDeep(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "mod")
	copyTree(t, "tf-el001-missing-stage", mod)
	alone, err := engine.Run([]string{mod}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(alone.Findings) == 0 {
		t.Fatal("the case has no finding")
	}
	n := 80000
	files := map[string]string{
		"deep.tf":      "locals {\n  ok = 1\n  deep = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n}\n",
		"deep.tf.json": `{"locals": {"deep_json": ` + strings.Repeat("[", n) + strings.Repeat("]", n) + "}}",
	}
	want := map[string][2]int{"deep.tf": {3, 3}, "deep.tf.json": {1, 13}}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := engine.Run([]string{mod}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range res.Errors {
		name := filepath.Base(e.Range.File)
		w, ok := want[name]
		if !ok || e.Severity != "error" || !strings.Contains(e.Message, "nests more than 512 levels deep") {
			t.Errorf("unexpected %s %s", e.Severity, e.Error())
			continue
		}
		if e.Range.Start.Line != w[0] || e.Range.Start.Column != w[1] {
			t.Errorf("%s: error at %d:%d, want %d:%d", name, e.Range.Start.Line, e.Range.Start.Column, w[0], w[1])
		}
		got[name] = true
	}
	for name := range want {
		if !got[name] {
			t.Errorf("%s: no error", name)
		}
	}
	if !res.HasErrors() {
		t.Error("no input error: the run would exit 0")
	}
	if len(res.Findings) != len(alone.Findings) {
		t.Errorf("%d findings beside the deep files, %d alone", len(res.Findings), len(alone.Findings))
	}
}
