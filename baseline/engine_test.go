package baseline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/baseline"
	"github.com/edgelint/edgelint/engine"
)

// TestWithEngine records the findings of the broken example, then edits
// it: lines are added above every finding and a new fault is introduced.
// Only the new fault is reported.
func TestWithEngine(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "examples", "broken")
	for _, name := range []string{"api.tf", "cdn.tf"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func() *engine.Result {
		t.Helper()
		res, err := engine.Run([]string{dir}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.HasErrors() || len(res.Findings) == 0 {
			t.Fatalf("errors %v, %d findings", res.Errors, len(res.Findings))
		}
		return res
	}
	before := run()
	path := filepath.Join(dir, "edgelint-baseline.json")
	var buf bytes.Buffer
	if err := baseline.Write(&buf, before.Findings, filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"api.tf", "cdn.tf"} {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := "# moved down\n\n\n" + string(b)
		if name == "cdn.tf" {
			s = strings.Replace(s, "  ordered_cache_behavior {\n    path_pattern           = \"/legacy/*\"", `  ordered_cache_behavior {
    path_pattern           = "/api/orders"
    target_origin_id       = "blog-api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  ordered_cache_behavior {
    path_pattern           = "/legacy/*"`, 1)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	after := run()
	b, err := baseline.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	fresh, matched := b.Filter(after.Findings)
	if matched != len(before.Findings) || b.Len() != len(before.Findings) {
		t.Errorf("matched %d of %d baseline findings, want all", matched, b.Len())
	}
	if len(fresh) != 1 || fresh[0].Rule != "EL004" || !strings.Contains(fresh[0].Message, "/api/orders") {
		t.Fatalf("new findings = %+v, want the EL004 of /api/orders", fresh)
	}
}
