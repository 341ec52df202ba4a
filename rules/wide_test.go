package rules

import (
	"fmt"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// wide builds a distribution of behaviors /s0/* … /s{b-1}/* in front of a
// REST API with n resources /s{i%b}/r{i} (each with a GET), stage prod.
func wide(b, n int) *model.Config {
	patterns := make([]string, b)
	for k := range b {
		patterns[k] = fmt.Sprintf("/s%d/*", k)
	}
	return wideWith(patterns, b, n, "NONE", false)
}

// wideWith builds a distribution whose behaviors have the given path
// patterns, then the default behavior, in front of a REST API with n
// resources /s{i%b}/r{i} (each with a GET whose authorization is auth, for
// example "NONE" or "AWS_IAM"; the behaviors forward no header), stage
// prod; with proxy, also a resource /{proxy+} with a GET.
func wideWith(patterns []string, b, n int, auth string, proxy bool) *model.Config {
	c := model.NewConfig(nil)
	s := c.Symbols
	rng := model.Range{File: "wide.tf", Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 2}}
	ref := func(v string) model.Str { return model.KnownStr(v, rng) }
	// Behaviors' patterns and methods' authorizations each have a line.
	at := func(line int) model.Range {
		return model.Range{File: "wide.tf", Start: model.Pos{Line: line, Column: 1}, End: model.Pos{Line: line, Column: 2}}
	}
	api := &model.API{ID: "api", Kind: model.REST, Source: model.Source{Address: "aws_api_gateway_rest_api.wide"}}
	api.IDToken = s.Attr("api", "id", "aws_api_gateway_rest_api.wide.id")
	api.RootIDToken = s.Attr("api", "root_resource_id", "root")
	c.APIs = append(c.APIs, api)
	svc := make([]string, b)
	for k := range b {
		svc[k] = s.Attr(fmt.Sprintf("s%d", k), "id", fmt.Sprintf("s%d", k))
		c.Resources = append(c.Resources, &model.RawResource{APIRef: ref(api.IDToken), ParentRef: ref(api.RootIDToken), PathPart: ref(fmt.Sprintf("s%d", k)), IDToken: svc[k]})
	}
	for i := range n {
		tok := s.Attr(fmt.Sprintf("r%d", i), "id", fmt.Sprintf("r%d", i))
		c.Resources = append(c.Resources, &model.RawResource{APIRef: ref(api.IDToken), ParentRef: ref(svc[i%b]), PathPart: ref(fmt.Sprintf("r%d", i)), IDToken: tok})
		c.Methods = append(c.Methods, &model.RawMethod{APIRef: ref(api.IDToken), ResourceRef: ref(tok), Method: model.Method{
			HTTPMethod: ref("GET"), Authorization: model.DefaultStr(auth, at(100000+i)),
		}})
	}
	if proxy {
		tok := s.Attr("proxy", "id", "proxy")
		c.Resources = append(c.Resources, &model.RawResource{APIRef: ref(api.IDToken), ParentRef: ref(api.RootIDToken), PathPart: ref("{proxy+}"), IDToken: tok})
		c.Methods = append(c.Methods, &model.RawMethod{APIRef: ref(api.IDToken), ResourceRef: ref(tok), Method: model.Method{
			HTTPMethod: ref("GET"), Authorization: model.DefaultStr(auth, rng),
		}})
	}
	c.Stages = append(c.Stages, &model.Stage{ID: "st", APIRef: ref(api.IDToken), Name: ref("prod")})
	d := &model.Distribution{ID: "cdn", Source: model.Source{Address: "aws_cloudfront_distribution.cdn"}}
	d.Origins = append(d.Origins, &model.Origin{
		ID:         ref("api"),
		DomainName: model.KnownStr(api.IDToken+".execute-api."+s.Pseudo(model.PseudoRegion)+".amazonaws.com", rng),
		OriginPath: ref("/prod"),
	})
	// Legacy forwarding of no header: Authorization is certainly not
	// delivered to GET requests.
	fwd := &model.ForwardedValues{Headers: model.List{Known: true, Set: true, Range: rng}}
	for k, p := range patterns {
		d.Behaviors = append(d.Behaviors, &model.Behavior{PathPattern: model.KnownStr(p, at(10+k)), TargetOriginID: ref("api"), Legacy: fwd})
	}
	d.Behaviors = append(d.Behaviors, &model.Behavior{Default: true, PathPattern: model.DefaultStr("*", rng), TargetOriginID: ref("api"), Legacy: fwd})
	c.Distributions = append(c.Distributions, d)
	model.Assemble(c)
	return c
}

// TestWideAPI: each of 25 behaviors reaches its own tenth of 500
// resources and no finding is reported; the default behavior reaches none
// that the others leave it.
func TestWideAPI(t *testing.T) {
	if fs := Run(wide(25, 500)); len(fs) != 0 {
		t.Errorf("findings on a working wide API: %v", codesAt(fs))
	}
}

// BenchmarkWideAPI: the rules on 75 behaviors in front of APIs of 300 and
// 3,000 resources. Each behavior is matched only against the resources
// its literal prefix may reach (pathmatch.PrefixIndex), so the time grows
// with the resources, not with behaviors × resources.
func BenchmarkWideAPI(b *testing.B) {
	for _, n := range []int{300, 3000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := wide(75, n)
			b.ReportAllocs()
			for b.Loop() {
				Run(c)
			}
		})
	}
}
