package rules

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestShadowedNamesCover checks that EL012 names the earlier behaviors
// needed to cover a shadowed one, and only those.
func TestShadowedNamesCover(t *testing.T) {
	for _, c := range []struct {
		patterns []string
		want     map[string]string // shadowed pattern: the behaviors named
	}{
		{[]string{"*.png", "/v1", "/v1?*", "/v1*"}, map[string]string{"/v1*": `behaviors "/v1", "/v1?*", which`}},
		{[]string{"/api/*", "*.json", "/api/users.json"}, map[string]string{"/api/users.json": `behavior "/api/*", which`}},
		{[]string{"/api/*", "/api", "api/*"}, map[string]string{"api/*": `behavior "/api/*", which`}},
		{[]string{"/api/users", "/api/*"}, nil},
		{[]string{"/a?", "/aa", "/ab"}, map[string]string{"/aa": `behavior "/a?", which`, "/ab": `behavior "/a?", which`}},
		{[]string{"/aa", "/ab", "/a?"}, nil},
	} {
		d := &model.Distribution{Source: model.Source{Address: "cdn"}}
		for _, p := range c.patterns {
			d.Behaviors = append(d.Behaviors, &model.Behavior{PathPattern: model.KnownStr(p, model.Range{})})
		}
		d.Behaviors = append(d.Behaviors, &model.Behavior{Default: true, PathPattern: model.DefaultStr("*", model.Range{})})
		got := map[string]string{}
		for _, f := range shadowed(model.NewSymbols(), d) {
			got[f.Subject.Behavior.PathPattern.V] = f.Message
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: findings %q, want on %v", c.patterns, got, c.want)
		}
		for p, w := range c.want {
			if !strings.Contains(got[p], w) {
				t.Errorf("%q: on %q got %q, want %q", c.patterns, p, got[p], w)
			}
		}
	}
}
