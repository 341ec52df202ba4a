package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/rules"
)

// TestFindingTextsEscaped: values from the input reach the texts of
// findings with their control characters escaped, where rules quote them
// and where they do not (the URL of EL004), whether the model is kept
// (the rules escape) or not (the symbols' display escapes too).
func TestFindingTextsEscaped(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "testdata", "rules", "cfn-seed-api-prefix", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := `"/api/users\n::error file=x::pwned\e[2J\x9b\u202e\L"`
	tpl := strings.Replace(string(src), "- PathPattern: /api/users", "- PathPattern: "+hostile, 1)
	file := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(file, []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []bool{true, false} {
		res, err := engine.Run([]string{file}, engine.Options{Model: keep})
		if err != nil {
			t.Fatal(err)
		}
		var el004 *rules.Finding
		for i, f := range res.Findings {
			if f.Rule == "EL004" {
				el004 = &res.Findings[i]
			}
		}
		if el004 == nil {
			t.Fatalf("model kept %v: no EL004: %+v", keep, res.Findings)
		}
		// The URL, unquoted, and the pattern, quoted, both escape.
		if !strings.Contains(el004.Message, `/prod/api/users\x0a::error file=x::pwned\x1b[2J\u009b\u202e\u2028;`) {
			t.Errorf("model kept %v: the URL is not escaped: %q", keep, el004.Message)
		}
		texts := append([]string{el004.Message, el004.Entity}, el004.Notes...)
		for _, r := range el004.Related {
			texts = append(texts, r.Message)
		}
		for _, s := range texts {
			if !safetext.Safe(s) {
				t.Errorf("model kept %v: raw control in %q", keep, s)
			}
		}
	}
}
