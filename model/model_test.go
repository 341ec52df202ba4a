package model

import (
	"strings"
	"sync"
	"testing"
)

func TestTokens(t *testing.T) {
	s := NewSymbols()
	a := s.Attr("api", "id", "aws_api_gateway_rest_api.x.id")
	if a != s.Attr("api", "id", "other desc") {
		t.Fatal("same symbol must give the same token")
	}
	r := s.Pseudo(PseudoRegion)
	host := a + ".execute-api." + r + ".amazonaws.com"
	if got := s.Display(host); got != "<aws_api_gateway_rest_api.x.id>.execute-api.<AWS::Region>.amazonaws.com" {
		t.Errorf("Display = %q", got)
	}
	if strings.ToUpper(a) != a || strings.ContainsAny(a, "/:.") {
		t.Errorf("token %q must survive case changes and hold no separators", a)
	}
	p := Pieces("x" + a + "y" + string(TokenOpen) + "z")
	if len(p) != 3 || p[0].Text != "x" || p[1].Sym != 0 || p[2].Text != "y"+string(TokenOpen)+"z" || p[2].Sym != -1 {
		t.Errorf("Pieces = %+v", p)
	}
	if n, ok := TokenSym(a); !ok || n != 0 {
		t.Errorf("TokenSym = %d, %v", n, ok)
	}
	u := s.Unknown("tf:.:var.stage", "var.stage")
	if !s.HasUnknown("/"+u) || s.HasUnknown(host) {
		t.Error("HasUnknown must tell unknown symbols from attributes and pseudo values")
	}
}

func TestSymbolsConcurrent(t *testing.T) {
	s := NewSymbols()
	var wg sync.WaitGroup
	toks := make([]string, 64)
	for i := range toks {
		wg.Go(func() { toks[i] = s.Attr("e", "id", "d") })
	}
	wg.Wait()
	for _, tk := range toks {
		if tk != toks[0] {
			t.Fatal("concurrent allocation gave different tokens for one symbol")
		}
	}
}

func TestParseOriginDomain(t *testing.T) {
	tests := map[string]OriginDomain{
		"abc.execute-api.us-east-1.amazonaws.com":                {Host: "abc.execute-api.us-east-1.amazonaws.com"},
		"https://abc.execute-api.us-east-1.amazonaws.com/prod":   {Scheme: "https", Host: "abc.execute-api.us-east-1.amazonaws.com", Path: "/prod"},
		"abc.execute-api.us-east-1.amazonaws.com:443":            {Host: "abc.execute-api.us-east-1.amazonaws.com", Port: "443"},
		"https://abc.execute-api.us-east-1.amazonaws.com:8443/x": {Scheme: "https", Host: "abc.execute-api.us-east-1.amazonaws.com", Port: "8443", Path: "/x"},
	}
	for in, want := range tests {
		if got := ParseOriginDomain(in); got != want {
			t.Errorf("ParseOriginDomain(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestParseRouteKey(t *testing.T) {
	for _, tc := range []struct {
		key, method, path string
		catchAll, ok      bool
	}{
		{"GET /pets/{id}", "GET", "/pets/{id}", false, true},
		{"any /", "ANY", "/", false, true},
		{"$default", "ANY", "$default", true, true},
		{"$connect", "", "", false, false},
		{"GET pets", "", "", false, false},
	} {
		m, p, c, ok := ParseRouteKey(tc.key)
		if m != tc.method || p != tc.path || c != tc.catchAll || ok != tc.ok {
			t.Errorf("ParseRouteKey(%q) = %q %q %v %v", tc.key, m, p, c, ok)
		}
	}
}

// TestAssembleResourceCycle: a parent cycle leaves the path unknown and
// marks the API's resources unknown instead of looping.
func TestAssembleResourceCycle(t *testing.T) {
	c := NewConfig(nil)
	s := c.Symbols
	api := &API{ID: "a", Kind: REST, IDToken: s.Attr("a", "id", "a"), RootIDToken: s.Attr("a", "root", "r")}
	c.APIs = append(c.APIs, api)
	t1, t2 := s.Attr("r1", "id", "r1"), s.Attr("r2", "id", "r2")
	ref := func(v string) Str { return KnownStr(v, Range{}) }
	c.Resources = append(c.Resources,
		&RawResource{APIRef: ref(api.IDToken), ParentRef: ref(t2), PathPart: ref("a"), IDToken: t1},
		&RawResource{APIRef: ref(api.IDToken), ParentRef: ref(t1), PathPart: ref("b"), IDToken: t2},
	)
	Assemble(c)
	if api.ResourcesUnknown == "" || len(api.Resources) != 0 {
		t.Errorf("cycle: resources %v, unknown %q", api.Resources, api.ResourcesUnknown)
	}
}

// TestAssembleDeploymentStage: a deployment's StageName creates a stage
// unless a Stage of that name exists.
func TestAssembleDeploymentStage(t *testing.T) {
	c := NewConfig(nil)
	s := c.Symbols
	api := &API{ID: "a", Kind: REST, IDToken: s.Attr("a", "id", "a")}
	c.APIs = append(c.APIs, api)
	ref := KnownStr(api.IDToken, Range{})
	c.Deployments = append(c.Deployments,
		&Deployment{ID: "d1", APIRef: ref, StageName: KnownStr("prod", Range{})},
		&Deployment{ID: "d2", APIRef: ref, StageName: KnownStr("dev", Range{})},
		&Deployment{ID: "d3", APIRef: ref},
	)
	c.Stages = append(c.Stages, &Stage{ID: "s", APIRef: ref, Name: KnownStr("dev", Range{})})
	Assemble(c)
	var names []string
	for _, st := range api.Stages {
		names = append(names, st.Name.V)
	}
	if strings.Join(names, ",") != "dev,prod" {
		t.Errorf("stages = %v", names)
	}
}

// TestAPILookup: an API looked up by name denotes the one API of that name.
func TestAPILookup(t *testing.T) {
	build := func(names ...string) (*Config, *Origin) {
		c := NewConfig(nil)
		s := c.Symbols
		for i, n := range names {
			id := string(rune('a' + i))
			c.APIs = append(c.APIs, &API{ID: id, Kind: REST, Name: KnownStr(n, Range{}), IDToken: s.Attr(id, "id", id)})
		}
		look := &APILookup{Kind: REST, Name: KnownStr("blog", Range{}), IDToken: s.Attr("data", "id", "data.aws_api_gateway_rest_api.blog.id")}
		c.APILookups = append(c.APILookups, look)
		o := &Origin{ID: KnownStr("o", Range{}), DomainName: KnownStr(look.IDToken+".execute-api.us-east-1.amazonaws.com", Range{})}
		c.Distributions = append(c.Distributions, &Distribution{Origins: []*Origin{o}})
		Assemble(c)
		return c, o
	}
	if c, o := build("blog", "shop"); o.Link == nil || o.Link.API != c.APIs[0] {
		t.Error("lookup by a unique name must link to that API")
	}
	if _, o := build("blog", "blog"); o.Link != nil {
		t.Error("an ambiguous name must stay unknown")
	}
	if _, o := build("shop"); o.Link != nil {
		t.Error("a name not in the scan must stay unknown")
	}
}

func TestStripInstanceKeys(t *testing.T) {
	for in, want := range map[string]string{
		`aws_api_gateway_method.get`:                              `aws_api_gateway_method.get`,
		`aws_api_gateway_method.get["posts"]`:                     `aws_api_gateway_method.get`,
		`module.api[0].aws_api_gateway_method.get["a]\"b"]`:       `module.api.aws_api_gateway_method.get`,
		`module.a["x"].module.b[2].aws_api_gateway_resource.r[1]`: `module.a.module.b.aws_api_gateway_resource.r`,
	} {
		if got := StripInstanceKeys(in); got != want {
			t.Errorf("StripInstanceKeys(%q) = %q, want %q", in, got, want)
		}
	}
}
