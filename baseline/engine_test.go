package baseline_test

import (
	"bytes"
	"fmt"
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

// TestVersion1Baseline reads baselines written before EL003's identity
// named the requirement by model entities: their entries, which named it
// in words, still hold the findings; written again, the baseline is
// version 2 and holds them by the new identity.
func TestVersion1Baseline(t *testing.T) {
	root := filepath.Join("..", "testdata", "rules")
	cases := []struct{ dir, file, entity string }{
		{"tf-el003-authorizer", "api.tf", `aws_api_gateway_rest_api.api/GET /orders/CUSTOM authorization (authorizer "token")`},
		{"tf-openapi-body", "api.tf", `aws_api_gateway_rest_api.users/GET /users/{id}/CUSTOM authorization (authorizer "lambda-token")`},
		{"sam-cognito-auth", "template.yaml", `Api/GET /orders/COGNITO_USER_POOLS authorization (authorizer "Cognito")`},
		{"cfn-el003-api-key", "template.yaml", `Api/GET /health/an API key`},
		{"tf-authorizer-id-condition", "modules/routes/main.tf", `aws_apigatewayv2_api.http/GET /items/JWT authorization (authorizer "cognito")`},
	}
	for _, c := range cases {
		t.Run(c.dir, func(t *testing.T) {
			dir := filepath.Join(root, c.dir)
			res, err := engine.Run([]string{dir}, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			findings := baseline.Displayed(res.Findings, res.Config.Symbols)
			entry := func(version int, entity string) string {
				return fmt.Sprintf(`{"version": %d, "tool": "edgelint", "findings": [{"rule": "EL003", "file": %q, "entity": %q, "count": 1}]}`, version, c.file, entity)
			}
			b, err := baseline.Decode(strings.NewReader(entry(1, c.entity)), dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, matched := b.Filter(findings); matched != 1 {
				t.Errorf("the version 1 entry matched %d findings, want 1", matched)
			}
			// The words are no identity in a version 2 baseline.
			b, err = baseline.Decode(strings.NewReader(entry(2, c.entity)), dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, matched := b.Filter(findings); matched != 0 {
				t.Errorf("the old entity matched %d findings of a version 2 baseline", matched)
			}
			var buf bytes.Buffer
			if err := baseline.Write(&buf, findings, dir); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), `"version": 2`) || strings.Contains(buf.String(), "authorization (") || strings.Contains(buf.String(), "an API key") {
				t.Errorf("the baseline written again is not in version 2 form:\n%s", buf.String())
			}
			b, err = baseline.Decode(&buf, dir)
			if err != nil {
				t.Fatal(err)
			}
			if fresh, matched := b.Filter(findings); len(fresh) != 0 || matched != len(findings) {
				t.Errorf("the rewritten baseline left %d of %d findings new", len(fresh), len(findings))
			}
		})
	}
}
