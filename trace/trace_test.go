package trace_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/trace"
)

func load(t *testing.T, dirs ...string) *model.Config {
	t.Helper()
	root := testutil.RepoRoot(t)
	var paths []string
	for _, d := range dirs {
		paths = append(paths, filepath.Join(root, d))
	}
	res, err := engine.Run(paths, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.Config
}

func TestSelect(t *testing.T) {
	c := load(t, "testdata/trace/seed-function", "testdata/rules/tf-seed-good")
	if len(c.Distributions) != 2 {
		t.Fatalf("%d distributions, want 2", len(c.Distributions))
	}
	aliased := func(d *model.Distribution) bool { return d != nil && len(d.Aliases.Items) == 1 }
	if d, _ := trace.Select(c, "", "BLOG.example.com."); !aliased(d) {
		t.Errorf("the URL host picks %v, want the distribution with that alias", d)
	}
	if d, _ := trace.Select(c, "blog.example.com", ""); !aliased(d) {
		t.Errorf("--distribution with the alias picks %v", d)
	}
	d, cands := trace.Select(c, "", "")
	if d != nil || len(cands) != 2 || !strings.Contains(cands[0], "cdn.tf:") {
		t.Errorf("no choice: %v, candidates %q; want none and both, with their files", d, cands)
	}
	if d, cands := trace.Select(c, "cdn", ""); d != nil || len(cands) != 2 {
		t.Errorf("a logical ID both share: %v, %q; want none and both", d, cands)
	}
	if d, cands := trace.Select(c, "", "other.example.com"); d != nil || len(cands) != 2 {
		t.Errorf("a host no alias holds: %v, %q; want none and every distribution", d, cands)
	}
	one := load(t, "testdata/rules/tf-seed-good")
	if d, _ := trace.Select(one, "", "other.example.com"); d == nil {
		t.Error("a scan with one distribution uses it")
	}
}

func TestParseTarget(t *testing.T) {
	for _, c := range []struct{ in, host, path, scheme string }{
		{"/posts?x=1", "", "/posts", "https"},
		{"posts", "", "/posts", "https"},
		{"http://cdn.example.com/a/b?q", "cdn.example.com", "/a/b", "http"},
		{"https://cdn.example.com", "cdn.example.com", "/", "https"},
	} {
		host, path, scheme, err := trace.ParseTarget(c.in)
		if err != nil || host != c.host || path != c.path || scheme != c.scheme {
			t.Errorf("ParseTarget(%q) = %q, %q, %q, %v; want %q, %q, %q", c.in, host, path, scheme, err, c.host, c.path, c.scheme)
		}
	}
	for _, in := range []string{"", "ftp://x/y", "?q"} {
		if _, _, _, err := trace.ParseTarget(in); err == nil {
			t.Errorf("ParseTarget(%q): no error", in)
		}
	}
}

// TestWhyNot checks the reasons a trace gives for the behaviors before the
// one chosen.
func TestWhyNot(t *testing.T) {
	c := load(t, "testdata/trace/seed-function")
	q := rules.NewRequests(c)
	for _, tc := range []struct{ path, want string }{
		{"/Users/favorites", `behavior "users/*" (CloudFront reads it with a leading "/") does not match /Users/favorites: case differs`},
		{"/users", `behavior "users/*" (CloudFront reads it with a leading "/") does not match /users: the pattern needs a longer path ("/users/" and more)`},
		{"/posts/1", `behavior "/posts" does not match /posts/1: the pattern has no wildcard and the path is longer`},
		{"/itemss", `behavior "/item?" does not match /itemss: "?" matches exactly one character`},
		{"/users/favorites", `behavior "users/*" matches /users/favorites (CloudFront reads it with a leading "/"): chosen`},
	} {
		tr := trace.Run(context.Background(), q, c.Distributions[0], trace.Request{Target: tc.path})
		found := false
		for _, s := range tr.Steps {
			found = found || strings.HasPrefix(s.What, tc.want)
		}
		if !found {
			var got []string
			for _, s := range tr.Steps {
				got = append(got, s.What)
			}
			t.Errorf("trace of %s lacks %q:\n%s", tc.path, tc.want, strings.Join(got, "\n"))
		}
	}
}

// TestFunctions runs the viewer-request CloudFront Function of behavior
// "/api/*" (linked here by hand to code given in the test) and follows the
// request with the path it produces, or ends it with its answer.
func TestFunctions(t *testing.T) {
	c := load(t, "testdata/trace/seed-function")
	q := rules.NewRequests(c)
	d := c.Distributions[0]
	fa := &d.Behaviors[0].Functions[0]
	link := func(code string) {
		fa.Function = &model.EdgeFunction{
			Name:    model.KnownStr("strip-api", fa.Range),
			Runtime: model.KnownStr(model.RuntimeJS2, fa.Range),
			Code:    model.KnownStr(code, fa.Range),
		}
	}
	strip := `function handler(event) {
  var r = event.request;
  if (r.uri.startsWith("/api/")) { r.uri = r.uri.substring(4); }
  return r;
}`
	for _, tc := range []struct {
		name, code, path string
		outcome          string
		status           int
		rewritten        string
	}{
		{"rewrites to a resource", strip, "/api/users/favorites", trace.Reaches, 0, "/users/favorites"},
		{"rewrites to no resource", strip, "/api/nothing", trace.Fails, 403, "/nothing"},
		{"answers 401", `function handler(event) { return {statusCode: 401, statusDescription: "Unauthorized"}; }`, "/api/posts", trace.Fails, 401, ""},
		{"redirects", `function handler(event) { return {statusCode: 302, statusDescription: "Found", headers: {location: {value: "/x"}}}; }`, "/api/posts", trace.NotAPI, 0, ""},
		{"throws", `function handler(event) { throw new Error("no"); }`, "/api/posts", trace.Fails, 503, ""},
		{"random", `function handler(event) { var r = event.request; r.uri = "/p" + Math.random(); return r; }`, "/api/posts", trace.Unknown, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			link(tc.code)
			tr := trace.Run(context.Background(), q, d, trace.Request{Target: tc.path})
			if tr.Outcome != tc.outcome {
				t.Fatalf("outcome %s (%s), want %s", tr.Outcome, tr.Reason, tc.outcome)
			}
			if tc.status != 0 && (tr.Status == nil || *tr.Status != tc.status) {
				t.Errorf("status %v, want %d", tr.Status, tc.status)
			}
			if tc.rewritten != "" && (tr.RewrittenPath == nil || *tr.RewrittenPath != tc.rewritten) {
				t.Errorf("rewritten path %v, want %s", tr.RewrittenPath, tc.rewritten)
			}
			if tr.Function == nil || *tr.Function != "strip-api" {
				t.Errorf("function %v, want strip-api", tr.Function)
			}
		})
	}
}

// TestRoutesThroughFunction lists the routes a behavior reaches through
// its viewer-request function, found by running it.
func TestRoutesThroughFunction(t *testing.T) {
	c := load(t, "testdata/trace/seed-function")
	q := rules.NewRequests(c)
	d := c.Distributions[0]
	b := d.Behaviors[0]
	fa := &b.Functions[0]
	if fa.Function == nil || fa.Function.Display() != "strip-api" {
		t.Fatalf("the association is linked to %v, want aws_cloudfront_function.strip_api", fa.Function)
	}
	linked := fa.Function
	fa.Function = nil
	if rts, complete := trace.Routes(context.Background(), q, d, b); len(rts) != 0 || complete {
		t.Errorf("without the function's code: routes %v, complete %v; want none, incomplete", rts, complete)
	}
	fa.Function = linked
	rts, complete := trace.Routes(context.Background(), q, d, b)
	if !complete {
		// The function strips a prefix: the rules know every route the
		// rewritten paths reach.
		t.Errorf("through the function: incomplete; want the rules' complete list")
	}
	var got []string
	for _, rt := range rts {
		got = append(got, rt.Path+"<-"+rt.Viewer)
	}
	want := "/posts<-/api/posts,/users<-/api/users,/users/favorites<-/api/users/favorites"
	if strings.Join(got, ",") != want {
		t.Errorf("routes through the function = %v, want %s", got, want)
	}
	// Without a function the routes are the rules'.
	if rts, complete := trace.Routes(context.Background(), q, d, d.Behaviors[1]); !complete || len(rts) != 1 || rts[0].Path != "/posts" {
		t.Errorf("behavior /posts: %v, complete %v; want /posts", rts, complete)
	}
}
