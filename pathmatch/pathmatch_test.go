package pathmatch

import (
	"errors"
	"strings"
	"testing"
)

func mustTemplate(t testing.TB, prefix, path string) Template {
	t.Helper()
	tm, err := ParseTemplate(prefix, path)
	if err != nil {
		t.Fatalf("ParseTemplate(%q, %q): %v", prefix, path, err)
	}
	return tm
}

// tok is a private-use rune standing for an opaque symbolic value.
const tok = "\ue001"

func TestIntersects(t *testing.T) {
	tests := []struct {
		name          string
		origin, glob  string
		stage, path   string
		want          bool
		wantWitness   string // checked when non-empty
		witnessPrefix string // checked when non-empty
	}{
		// "/api/*" does not match "/api" itself, but it forwards "/api/",
		// which API Gateway routes to /api because it ignores one trailing
		// slash.
		{name: "api star vs api", glob: "/api/*", path: "/api", want: true, wantWitness: "/api/"},
		{name: "api star vs other resource", glob: "/api/*", path: "/apis", want: false},
		{name: "api star vs api proxy", glob: "/api/*", path: "/api/{proxy+}", want: true, wantWitness: "/api/x"},
		{name: "api exact vs api proxy", glob: "/api", path: "/api/{proxy+}", want: false},
		{name: "api star vs api users", glob: "/api/*", path: "/api/users", want: true, wantWitness: "/api/users"},
		{name: "api star vs api slash root-like", glob: "/api/*", path: "/api/{id}", want: true, wantWitness: "/api/x"},
		{name: "star with origin prefix", origin: "/prod", glob: "*", stage: "/prod", path: "/users", want: true, wantWitness: "/prod/users"},
		{name: "star with origin prefix, no stage", origin: "/prod", glob: "*", path: "/users", want: false},
		{name: "star reaches stage root", origin: "/prod", glob: "*", stage: "/prod", path: "/", want: true, wantWitness: "/prod/"},
		{name: "doubled path vs static", origin: "/prod/dynamic", glob: "/dynamic", stage: "/prod", path: "/static", want: false},
		{name: "doubled path vs dynamic", origin: "/prod/dynamic", glob: "/dynamic", stage: "/prod", path: "/dynamic", want: false},
		{name: "doubled path vs exact", origin: "/prod/dynamic", glob: "/dynamic", stage: "/prod", path: "/dynamic/dynamic", want: true, wantWitness: "/prod/dynamic/dynamic"},
		{name: "origin users + favorites", origin: "/prod/users", glob: "/favorites", stage: "/prod", path: "/users/favorites", want: true, wantWitness: "/prod/users/favorites"},
		{name: "origin users + favorites vs posts", origin: "/prod/users", glob: "/favorites", stage: "/prod", path: "/posts", want: false},
		{name: "proxy vs root", glob: "/", path: "/{proxy+}", want: false},
		{name: "star vs proxy", glob: "*", path: "/{proxy+}", want: true, wantWitness: "/x"},
		{name: "exact root vs root", glob: "/", path: "/", want: true, wantWitness: "/"},
		{name: "parent slash vs parent proxy", glob: "/parent/", path: "/parent/{proxy+}", want: false},
		{name: "parent vs parent proxy", glob: "/parent", path: "/parent/{proxy+}", want: false},
		{name: "users star vs users id", glob: "/users/*", path: "/users/{id}", want: true, wantWitness: "/users/x"},
		{name: "users star vs users id sub", glob: "/users/*", path: "/users/{id}/posts", want: true, wantWitness: "/users/x/posts"},
		{name: "users star vs users", glob: "/users/*", path: "/users", want: true, wantWitness: "/users/"},
		{name: "question one char", glob: "/a?", path: "/ab", want: true, wantWitness: "/ab"},
		{name: "question not zero chars", glob: "/a?", path: "/a", want: true, wantWitness: "/a/"},
		{name: "question not two chars", glob: "/a?", path: "/abc", want: false},
		{name: "question matches slash", glob: "/a?b", path: "/a/b", want: true, wantWitness: "/a/b"},
		{name: "question vs param", glob: "/???", path: "/{id}", want: true, wantWitness: "/xxx"},
		{name: "question vs param exactly two chars", glob: "/u/??", path: "/u/{id}", want: true, wantWitness: "/u/xx"},
		{name: "trailing slash on request", glob: "/hello/", path: "/hello", want: true, wantWitness: "/hello/"},
		{name: "double trailing slash", glob: "/hello//", path: "/hello", want: false},
		{name: "trailing slash on template", glob: "/hello", path: "/hello/", want: true, wantWitness: "/hello"},
		{name: "greedy trailing slash", glob: "/a/b/", path: "/a/{p+}", want: true},
		{name: "no leading slash", glob: "api/*", path: "/api/users", want: true, wantWitness: "/api/users"},
		{name: "no leading slash star", glob: "*", path: "/", want: true, wantWitness: "/"},
		{name: "case sensitive", glob: "/API/*", path: "/api/{p+}", want: false},
		{name: "star spans segments", glob: "/a*z", path: "/a/{x}/z", want: true, wantWitness: "/a/x/z"},
		{name: "literal star in origin path", origin: "/p*", glob: "/x", stage: "/pq", path: "/x", want: false},
		{name: "literal star in origin path matches itself", origin: "/p*", glob: "/x", stage: "/p*", path: "/x", want: true, wantWitness: "/p*/x"},
		{name: "literal question in origin path", origin: "/p?", glob: "*", stage: "/pq", path: "/{proxy+}", want: false},
		{name: "private-use stage token", origin: "/" + tok, glob: "/users/*", stage: "/" + tok, path: "/users/{id}", want: true, wantWitness: "/" + tok + "/users/x"},
		{name: "private-use stage token mismatch", origin: "/prod", glob: "/users/*", stage: "/" + tok, path: "/users/{id}", want: false},
		{name: "wildcard reaches token", glob: "/?/users", stage: "/" + tok, path: "/users", want: true, wantWitness: "/" + tok + "/users"},
		{name: "extension glob vs param", glob: "*.jpg", path: "/img/{name}", want: true, wantWitness: "/img/.jpg"},
		{name: "extension glob vs literal", glob: "*.jpg", path: "/img/logo.png", want: false},
		{name: "param non-empty", glob: "/u//x", path: "/u/{id}/x", want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := CompileGlob(tc.origin, tc.glob)
			tm := mustTemplate(t, tc.stage, tc.path)
			w, ok := Intersects(g, tm)
			if ok != tc.want {
				t.Fatalf("Intersects(%q+%q, %q+%q) = %q, %v; want ok=%v", tc.origin, tc.glob, tc.stage, tc.path, w, ok, tc.want)
			}
			if !ok {
				return
			}
			if !g.Match(w) || !tm.Match(w) {
				t.Errorf("witness %q not matched by both (glob %v, template %v)", w, g.Match(w), tm.Match(w))
			}
			if tc.wantWitness != "" && w != tc.wantWitness {
				t.Errorf("witness = %q, want %q", w, tc.wantWitness)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		origin, glob, path string
		want               bool
	}{
		{"", "/api/*", "/api/", true},
		{"", "/api/*", "/api/a/b", true},
		{"", "/api/*", "/api", false},
		{"", "api/*", "/api/x", true},
		{"", "api/*", "api/x", false},
		{"", "*", "/", true},
		{"", "*", "/anything/at/all", true},
		{"", "*", "", false},
		{"", "", "/", true},
		{"", "", "/a", false},
		{"", "/a?c", "/abc", true},
		{"", "/a?c", "/a/c", true},
		{"", "/a?c", "/ac", false},
		{"", "/a?c", "/abbc", false},
		{"", "/A*", "/a", false},
		{"", "/*.jpg", "/x/y.jpg", true},
		{"", "/a**b", "/ab", true},
		{"", "/a*?*b", "/ab", false},
		{"", "/a*?*b", "/axb", true},
		{"/prod", "*", "/prod/users", true},
		{"/prod", "*", "/users", false},
		{"/p*", "/x", "/p*/x", true},
		{"/p*", "/x", "/pq/x", false},
		{"/p?", "/x", "/pq/x", false},
		{"/" + tok, "/u", "/" + tok + "/u", true},
		{"/" + tok, "/u", "/x/u", false},
	}
	for _, tc := range tests {
		if got := CompileGlob(tc.origin, tc.glob).Match(tc.path); got != tc.want {
			t.Errorf("CompileGlob(%q, %q).Match(%q) = %v, want %v", tc.origin, tc.glob, tc.path, got, tc.want)
		}
	}
	if (Glob{}).Match("/") {
		t.Error("zero Glob matched /")
	}
}

func TestTemplateMatch(t *testing.T) {
	tests := []struct {
		prefix, tmpl, path string
		want               bool
	}{
		{"", "/", "/", true},
		{"", "/", "", false},
		{"", "/", "//", false},
		{"/prod", "/", "/prod", true},
		{"/prod", "/", "/prod/", true},
		{"/prod", "/", "/prod//", false},
		{"/prod", "/", "/", false},
		{"", "/hello", "/hello", true},
		{"", "/hello", "/hello/", true},
		{"", "/hello", "/hello//", false},
		{"", "/hello", "/Hello", false},
		{"", "/hello/", "/hello", true},
		{"", "/users/{id}", "/users/42", true},
		{"", "/users/{id}", "/users/42/", true},
		{"", "/users/{id}", "/users/", false},
		{"", "/users/{id}", "/users//", false},
		{"", "/users/{id}", "/users/4/2", false},
		{"", "/{proxy+}", "/", false},
		{"", "/{proxy+}", "/a", true},
		{"", "/{proxy+}", "/a/b/c", true},
		{"", "/{proxy+}", "/a/b/c/", true},
		{"", "/{proxy+}", "/a//c", false},
		{"", "/{proxy+}", "/a/b//", false},
		{"", "/parent/{proxy+}", "/parent", false},
		{"", "/parent/{proxy+}", "/parent/", false},
		{"", "/parent/{proxy+}", "/parent/x", true},
		{"/prod", "/{proxy+}", "/prod/x/y", true},
		{"/prod", "/{proxy+}", "/prod", false},
		{"/" + tok, "/a/{b}", "/" + tok + "/a/" + tok, true},
		{"/" + tok, "/a/{b}", "/prod/a/b", false},
		{"", "/" + tok, "/" + tok, true},
		{"", "/" + tok, "/x", false},
		{"", "/a*b", "/a*b", true},
		{"", "/a*b", "/axb", false},
	}
	for _, tc := range tests {
		if got := mustTemplate(t, tc.prefix, tc.tmpl).Match(tc.path); got != tc.want {
			t.Errorf("ParseTemplate(%q, %q).Match(%q) = %v, want %v", tc.prefix, tc.tmpl, tc.path, got, tc.want)
		}
	}
	if (Template{}).Match("/") {
		t.Error("zero Template matched /")
	}
	if _, ok := Intersects(Glob{}, mustTemplate(t, "", "/")); ok {
		t.Error("zero Glob intersects")
	}
	if _, ok := Intersects(CompileGlob("", "*"), Template{}); ok {
		t.Error("zero Template intersects")
	}
}

func TestParseTemplateErrors(t *testing.T) {
	bad := []string{
		"",
		"users",
		"//",
		"/a//b",
		"/a/b//",
		"/{proxy+}/x",
		"/{a+}/{b}",
		"/{id",
		"/id}",
		"/{{id}}",
		"/a{id}",
		"/{id}b",
		"/{a}{b}",
		"/{}",
		"/{+}",
		"/}{",
	}
	for _, p := range bad {
		if _, err := ParseTemplate("", p); err == nil {
			t.Errorf("ParseTemplate(%q) succeeded, want error", p)
		} else if !errors.Is(err, ErrMalformedTemplate) {
			t.Errorf("ParseTemplate(%q) error %v does not wrap ErrMalformedTemplate", p, err)
		}
	}
	good := []string{"/", "/a", "/a/", "/{id}", "/{proxy+}", "/{proxy+}/", "/a/{b}/c/{d+}", "/a*b?", "/" + tok}
	for _, p := range good {
		if _, err := ParseTemplate("/prod", p); err != nil {
			t.Errorf("ParseTemplate(%q): %v", p, err)
		}
	}
}

func TestSample(t *testing.T) {
	tests := []struct{ origin, glob, want string }{
		{"/prod", "/api/*", "/prod/api/x"},
		{"/prod", "api/*", "/prod/api/x"},
		{"", "*", "/x"},
		{"", "*.jpg", "/x.jpg"},
		{"", "/a/**/b", "/a/x/b"},
		{"", "/a/?/*", "/a/x/x"},
		{"/p*", "/x", "/p*/x"},
		{"", "", "/"},
	}
	for _, tc := range tests {
		g := CompileGlob(tc.origin, tc.glob)
		got := g.Sample()
		if got != tc.want {
			t.Errorf("CompileGlob(%q, %q).Sample() = %q, want %q", tc.origin, tc.glob, got, tc.want)
		}
		if !g.Match(got) {
			t.Errorf("Sample %q not matched by its glob", got)
		}
	}
	if s := (Glob{}).Sample(); s != "" {
		t.Errorf("zero Glob Sample = %q", s)
	}
}

func TestLiteralPrefix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/api/*", "/api/"},
		{"api/*", "/api/"},
		{"*", "/"},
		{"", "/"},
		{"/a?b*", "/a"},
		{"/exact", "/exact"},
		{"/" + tok + "/x*", "/" + tok + "/x"},
	}
	for _, tc := range tests {
		if got := LiteralPrefix(tc.in); got != tc.want {
			t.Errorf("LiteralPrefix(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestString(t *testing.T) {
	if got := CompileGlob("/prod", "api/*").String(); got != "/prod/api/*" {
		t.Errorf("Glob.String = %q", got)
	}
	if got := mustTemplate(t, "/prod", "/users/{id}").String(); got != "/prod/users/{id}" {
		t.Errorf("Template.String = %q", got)
	}
}

// TestLargeInputs checks that a maximal CloudFront pattern against a deep
// template is decided quickly and correctly (no exponential behaviour).
func TestLargeInputs(t *testing.T) {
	g, tm := largeInputs()
	w, ok := Intersects(g, tm)
	if !ok {
		t.Fatal("large inputs do not intersect")
	}
	if !g.Match(w) || !tm.Match(w) {
		t.Fatalf("witness %q not matched by both", w)
	}
	// Removing the last literal makes the template unreachable.
	tm2 := mustTemplate(t, "/prod", strings.Replace(tm.path, "/{proxy+}", "/end", 1))
	if w, ok := Intersects(g, tm2); ok {
		t.Fatalf("unexpected intersection %q", w)
	}
}

// largeInputs returns a 255-character pattern with many wildcards and a
// template with 40 segments that it reaches.
func largeInputs() (Glob, Template) {
	var p strings.Builder
	p.WriteString("/seg")
	for p.Len() < 250 {
		p.WriteString("*a?/")
	}
	for p.Len() < 255 {
		p.WriteString("z")
	}
	pattern := p.String()[:255]
	var tp strings.Builder
	for i := 0; i < 40; i++ {
		if i%3 == 1 {
			tp.WriteString("/{p" + strings.Repeat("x", i%5) + "}")
		} else {
			tp.WriteString("/seg" + strings.Repeat("a", i%7) + "b")
		}
	}
	tp.WriteString("/{proxy+}")
	g := CompileGlob("/prod", pattern)
	tm, err := ParseTemplate("/prod", tp.String())
	if err != nil {
		panic(err)
	}
	return g, tm
}

func BenchmarkIntersects(b *testing.B) {
	g, tm := largeInputs()
	tm2, err := ParseTemplate("/prod", strings.Replace(tm.path, "/{proxy+}", "/end", 1))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("reachable", func(b *testing.B) {
		for b.Loop() {
			if _, ok := Intersects(g, tm); !ok {
				b.Fatal("no intersection")
			}
		}
	})
	b.Run("unreachable", func(b *testing.B) {
		for b.Loop() {
			if _, ok := Intersects(g, tm2); ok {
				b.Fatal("intersection")
			}
		}
	})
}

func BenchmarkMatch(b *testing.B) {
	g, tm := largeInputs()
	w, _ := Intersects(g, tm)
	for b.Loop() {
		if !g.Match(w) || !tm.Match(w) {
			b.Fatal("no match")
		}
	}
}

// TestSparseProduct covers products too large for the dense visited set.
func TestSparseProduct(t *testing.T) {
	long := strings.Repeat("a/", 600)
	g := CompileGlob("/prod", "/*"+long+"z")
	tm := mustTemplate(t, "/prod", "/"+long+"{id}")
	if g.m.size()*tm.m.size() <= denseLimit {
		t.Fatalf("product %d×%d not above denseLimit", g.m.size(), tm.m.size())
	}
	w, ok := Intersects(g, tm)
	if want := "/prod/" + long + "z"; !ok || w != want {
		t.Fatalf("Intersects = %q, %v; want %q", w, ok, want)
	}
	// Every path of tm2 ends in "b" or "b/", every path of g in "z".
	tm2 := mustTemplate(t, "/prod", "/"+long+"{id}/b")
	if w, ok := Intersects(g, tm2); ok {
		t.Fatalf("unexpected intersection %q", w)
	}
}

func TestPatternTemplate(t *testing.T) {
	for _, c := range []struct {
		pattern string
		earlier []string
		want    bool
	}{
		{"/api/*", []string{"/api/*"}, false},
		{"/api/users", []string{"/api/*"}, false},
		{"/api/*", []string{"/api/users"}, true},
		{"/api/*", []string{"*"}, false},
		{"/a?", []string{"/aa", "/ab"}, true},
		{"/*.jpg", []string{"/img/*", "/*g"}, false},
		{"/*.jpg", []string{"/img/*", "/*.png"}, true},
		{"api/v1/*", []string{"/api/v?/*"}, false},
		{"/x", nil, true},
	} {
		_, ok, decided := NewReach("", c.pattern, c.earlier).Reaches(PatternTemplate("*"))
		if !decided || ok != c.want {
			t.Errorf("%q after %q: receives %v (decided %v), want %v", c.pattern, c.earlier, ok, decided, c.want)
		}
	}
	if _, ok := Intersects(CompileGlob("", "/api/*"), PatternTemplate("/*/users")); !ok {
		t.Error("/api/* and /*/users share /api/users")
	}
	if _, ok := Intersects(CompileGlob("", "/api/*"), PatternTemplate("/img/*")); ok {
		t.Error("/api/* and /img/* share no path")
	}
	if PatternTemplate("\xff").Match("/") {
		t.Error("an invalid pattern matches nothing")
	}
}
