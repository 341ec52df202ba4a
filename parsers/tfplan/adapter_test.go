package tfplan

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestUnknownBlocks: nested blocks a plan knows only after apply are read
// as the HCL reader reads a dynamic block over an unknown collection: the
// distribution may have more headers than seen, an association's event
// type and a policy's header behavior are unknown.
func TestUnknownBlocks(t *testing.T) {
	dist := "aws_cloudfront_distribution.d"
	pol := "aws_cloudfront_origin_request_policy.p"
	src, err := json.Marshal(map[string]any{
		"format_version": "1.2",
		"planned_values": map[string]any{"root_module": map[string]any{"resources": []any{
			map[string]any{"address": dist, "mode": "managed", "type": "aws_cloudfront_distribution", "name": "d", "values": map[string]any{
				"origin":                 []any{map[string]any{"origin_id": "o", "domain_name": "api.example.com"}},
				"default_cache_behavior": []any{map[string]any{"target_origin_id": "o"}},
			}},
			map[string]any{"address": pol, "mode": "managed", "type": "aws_cloudfront_origin_request_policy", "name": "p", "values": map[string]any{
				"name": "p", "cookies_config": []any{map[string]any{"cookie_behavior": "none"}},
			}},
		}}},
		"resource_changes": []any{
			map[string]any{"address": dist, "change": map[string]any{"after_unknown": map[string]any{
				"origin":                 []any{map[string]any{"custom_header": true}},
				"default_cache_behavior": []any{map[string]any{"function_association": true}},
			}}},
			map[string]any{"address": pol, "change": map[string]any{"after_unknown": map[string]any{"headers_config": true}}},
		},
		"configuration": map[string]any{"root_module": map[string]any{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs := Parse(filepath.Join(t.TempDir(), "plan.json"), src, model.NewSymbols())
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	d := cfg.Distributions[0]
	if !d.Dynamic {
		t.Error("headers known only after apply: the distribution is not dynamic")
	}
	if fs := d.Behaviors[0].Functions; len(fs) != 1 || fs[0].EventType.Known {
		t.Errorf("associations known only after apply: %+v", fs)
	}
	p := cfg.Policies[0]
	if p.Headers.Known || p.HeaderBehavior.Known || !p.CookieBehavior.Known || p.CookieBehavior.V != "none" {
		t.Errorf("policy: headers %+v, header behavior %+v, cookies %+v", p.Headers, p.HeaderBehavior, p.CookieBehavior)
	}
}
