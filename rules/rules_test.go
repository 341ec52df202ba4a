package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// seed builds the seed scenario directly in the model: API with /posts,
// /users, /users/favorites and stage prod, one origin, behaviors.
func seed(t *testing.T, originPath string, patterns ...string) *model.Config {
	t.Helper()
	c := model.NewConfig(nil)
	s := c.Symbols
	r := func(line int) model.Range {
		return model.Range{File: "seed.tf", Start: model.Pos{Line: line, Column: 1}, End: model.Pos{Line: line, Column: 10}}
	}
	api := &model.API{ID: "api", Kind: model.REST, Source: model.Source{Address: "aws_api_gateway_rest_api.blog"}}
	api.IDToken = s.Attr("api", "id", "aws_api_gateway_rest_api.blog.id")
	api.RootIDToken = s.Attr("api", "root_resource_id", "root")
	c.APIs = append(c.APIs, api)
	ref := func(v string) model.Str { return model.KnownStr(v, r(1)) }
	res := func(id, parent, part string) {
		tok := s.Attr(id, "id", id)
		c.Resources = append(c.Resources, &model.RawResource{APIRef: ref(api.IDToken), ParentRef: ref(parent), PathPart: ref(part), IDToken: tok})
		c.Methods = append(c.Methods, &model.RawMethod{APIRef: ref(api.IDToken), ResourceRef: ref(tok), Method: model.Method{
			HTTPMethod: ref("GET"), Authorization: model.DefaultStr("NONE", r(2)),
		}})
	}
	res("posts", api.RootIDToken, "posts")
	res("users", api.RootIDToken, "users")
	res("fav", s.Attr("users", "id", "users"), "favorites")
	c.Stages = append(c.Stages, &model.Stage{ID: "st", APIRef: ref(api.IDToken), Name: ref("prod")})
	d := &model.Distribution{ID: "cdn", Source: model.Source{Address: "aws_cloudfront_distribution.cdn"}}
	o := &model.Origin{
		ID:         ref("api"),
		DomainName: model.KnownStr(api.IDToken+".execute-api."+s.Pseudo(model.PseudoRegion)+".amazonaws.com", r(3)),
		OriginPath: model.KnownStr(originPath, r(4)),
	}
	d.Origins = append(d.Origins, o)
	for i, p := range patterns {
		d.Behaviors = append(d.Behaviors, &model.Behavior{PathPattern: model.KnownStr(p, r(10+i)), TargetOriginID: ref("api")})
	}
	d.Behaviors = append(d.Behaviors, &model.Behavior{Default: true, PathPattern: model.DefaultStr("*", r(9)), TargetOriginID: ref("api")})
	c.Distributions = append(c.Distributions, d)
	model.Assemble(c)
	return c
}

func codesAt(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%02d", f.Rule, f.Range.Start.Line))
	}
	return out
}

func TestSeedScenario(t *testing.T) {
	tests := []struct {
		name       string
		originPath string
		patterns   []string
		want       string
	}{
		{"good", "/prod", []string{"/posts", "/users", "/users/*"}, ""},
		{"api prefix", "/prod", []string{"/posts", "/api/users"}, "EL004@11"},
		{"origin path with resource", "/prod/users", []string{"/posts", "/users", "/favorites"}, "EL004@10 EL004@11"},
		{"missing stage", "", []string{"/posts"}, "EL001@04"},
		{"wrong stage case", "/Prod", []string{"/posts"}, "EL002@04"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(codesAt(Run(seed(t, tc.originPath, tc.patterns...))), " ")
			if testing.Verbose() {
				for _, f := range Run(seed(t, tc.originPath, tc.patterns...)) {
					t.Logf("%s %s: %s %v", f.Rule, f.Range, f.Message, f.Notes)
				}
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, f := range Run(seed(t, tc.originPath, tc.patterns...)) {
					t.Logf("%s %s: %s %v", f.Rule, f.Range, f.Message, f.Notes)
				}
			}
		})
	}
}

// TestLinkStage: Assemble links the origin to its API and the stage its
// origin path addresses.
func TestLinkStage(t *testing.T) {
	for _, tc := range []struct{ originPath, stage string }{{"/prod", "prod"}, {"/prod/users", "prod"}, {"/Prod", ""}, {"", ""}} {
		c := seed(t, tc.originPath)
		l := c.Distributions[0].Origins[0].Link
		if l == nil || l.API != c.APIs[0] {
			t.Fatalf("%q: origin not linked to the API", tc.originPath)
		}
		got := ""
		if l.Stage != nil {
			got = l.Stage.Name.V
		}
		if got != tc.stage {
			t.Errorf("%q: stage %q, want %q", tc.originPath, got, tc.stage)
		}
	}
}

// TestEL001StageFromViewer: without an origin path, a behavior whose
// viewer paths may begin with the stage makes EL001 a warning without an
// automatic fix (viewers may already put /prod in their URLs); a behavior
// none of whose paths can begin with it keeps the error and its fix.
func TestEL001StageFromViewer(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string // before the default behavior ("*")
		severity Severity
		fix      bool
	}{
		{"default only", nil, Warning, false},
		{"wildcard behavior before the default", []string{"*.json"}, Warning, false},
		// "/p*" takes every path of stage prod, so the default receives
		// none: it fails on every request.
		{"stage-like prefix first", []string{"/p*"}, Error, true},
		{"literal non-stage segment", []string{"/posts"}, Error, true},
		{"text prefix that is not the segment", []string{"/prod-*"}, Error, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []Finding
			for _, f := range Run(seed(t, "", tc.patterns...)) {
				if f.Rule == "EL001" {
					got = append(got, f)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d EL001 findings, want 1: %v", len(got), got)
			}
			f := got[0]
			if f.Severity != tc.severity || (f.Fix != nil) != tc.fix {
				t.Errorf("severity %s, fix %v; want %s, fix %v: %s", f.Severity, f.Fix != nil, tc.severity, tc.fix, f.Message)
			}
			if tc.severity == Warning && !strings.Contains(f.Message, "only viewer URLs that begin with /prod/ reach the API") {
				t.Errorf("message %q does not say which viewer URLs work", f.Message)
			}
		})
	}
}
