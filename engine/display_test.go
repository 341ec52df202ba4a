package engine_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

// TestFindingsDisplayed: findings leave the engine with their symbolic
// tokens shown as what they stand for: each component's symbols are
// dropped with its model, so a raw token could not be read afterwards.
func TestFindingsDisplayed(t *testing.T) {
	dir := filepath.Join(testutil.RepoRoot(t), "testdata", "corpus")
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings in the corpus")
	}
	shown := 0
	for _, f := range res.Findings {
		texts := []string{f.Message, f.Entity}
		texts = append(texts, f.Notes...)
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		if f.Fix != nil {
			texts = append(texts, f.Fix.Description)
			if len(f.Fix.Values) > 0 || f.Fix.Insert != nil {
				t.Errorf("%s %s: fix not resolved to text edits", f.Rule, f.Range.File)
			}
		}
		for _, s := range texts {
			if model.HasToken(s) {
				t.Errorf("%s %s: raw token in %q", f.Rule, f.Range.File, s)
			}
			if strings.Contains(s, "<aws_") || strings.Contains(s, "<AWS::") || strings.Contains(s, "<var.") {
				shown++
			}
		}
	}
	if shown == 0 {
		t.Error("no finding shows a deploy-time value; the check above tests nothing")
	}
}

// TestRelatedNotRepeated: a finding names each behavior that reaches it
// once, even when several methods sharing a requirement (an API-wide
// setting) are reached by the same behavior.
func TestRelatedNotRepeated(t *testing.T) {
	root := testutil.RepoRoot(t)
	res, err := engine.Run([]string{filepath.Join(root, "testdata", "corpus"), filepath.Join(root, "testdata", "rules")}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reaches := 0
	for _, f := range res.Findings {
		seen := map[string]bool{}
		for _, r := range f.Related {
			if !strings.HasPrefix(r.Message, "reached through ") && !strings.HasPrefix(r.Message, "also reached by ") {
				continue
			}
			reaches++
			if k := r.Range.String(); seen[k] {
				t.Errorf("%s %s:%d: behavior at %s named twice (%s)", f.Rule, f.Range.File, f.Range.Start.Line, r.Range, r.Message)
			}
			seen[r.Range.String()] = true
		}
	}
	if reaches == 0 {
		t.Error("no finding names the behaviors reaching it; the check above tests nothing")
	}
}
