package pathmatch

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

func mustStrict(t testing.TB, prefix, path string) Template {
	t.Helper()
	tm, err := ParseTemplateStrict(prefix, path)
	if err != nil {
		t.Fatalf("ParseTemplateStrict(%q, %q): %v", prefix, path, err)
	}
	return tm
}

func TestReaches(t *testing.T) {
	tests := []struct {
		name            string
		origin, pattern string
		earlier         []string
		stage, path     string
		lax             bool // ParseTemplate instead of ParseTemplateStrict
		want            bool
		wantWitness     string // checked when want is true
	}{
		// The default behavior does not receive "/orders": the earlier
		// "/orders" behavior does. Only "/orders/" would reach the resource,
		// through API Gateway's trailing-slash tolerance.
		{name: "default after orders, strict", origin: "/live", pattern: "*", earlier: []string{"/orders"}, stage: "/live", path: "/orders", want: false},
		{name: "default after orders, stage in path", origin: "/live", pattern: "*", earlier: []string{"/orders"}, path: "/live/orders", want: false},
		{name: "default after orders, lax", origin: "/live", pattern: "*", earlier: []string{"/orders"}, stage: "/live", path: "/orders", lax: true, want: true, wantWitness: "/orders/"},
		{name: "default alone reaches orders", origin: "/live", pattern: "*", stage: "/live", path: "/orders", want: true, wantWitness: "/orders"},
		{name: "default after orders vs orders id", pattern: "*", earlier: []string{"/orders"}, path: "/orders/{id}", want: true, wantWitness: "/orders/x"},
		{name: "default after orders star vs orders id", pattern: "*", earlier: []string{"/orders*"}, path: "/orders/{id}", want: false},
		{name: "default after orders star vs order", pattern: "*", earlier: []string{"/orders*"}, path: "/order", want: true, wantWitness: "/order"},
		{name: "api after public vs public x", pattern: "/api/*", earlier: []string{"/api/public/*"}, path: "/api/public/x", want: false},
		{name: "api after public vs public proxy", pattern: "/api/*", earlier: []string{"/api/public/*"}, path: "/api/public/{p+}", want: false},
		{name: "api after public vs private", pattern: "/api/*", earlier: []string{"/api/public/*"}, path: "/api/private", want: true, wantWitness: "/api/private"},
		{name: "api after public vs api param", pattern: "/api/*", earlier: []string{"/api/public/*"}, path: "/api/{id}", want: true, wantWitness: "/api/x"},
		{name: "api after public vs public itself", pattern: "/api/*", earlier: []string{"/api/public/*"}, path: "/api/public", want: true, wantWitness: "/api/public"},
		{name: "api after public vs nested param", pattern: "/api/*", earlier: []string{"/api/public/*"}, path: "/api/{s}/x", want: true, wantWitness: "/api/x/x"},
		{name: "no leading slash", pattern: "api/*", earlier: []string{"api/public/*"}, path: "/api/public/x", want: false},
		{name: "everything excluded", pattern: "*", earlier: []string{"*"}, path: "/{proxy+}", want: false},
		{name: "everything excluded, root", pattern: "*", earlier: []string{"/*"}, path: "/", want: false},
		{name: "everything excluded among others", pattern: "/a/*", earlier: []string{"/b", "*", "/a/x"}, path: "/a/{p}", want: false},
		{name: "root excluded", pattern: "*", earlier: []string{"/"}, path: "/", want: false},
		{name: "root excluded, other reached", pattern: "*", earlier: []string{"/"}, path: "/{p}", want: true, wantWitness: "/x"},
		{name: "extension excluded, param", pattern: "*", earlier: []string{"*.jpg"}, path: "/img/{name}", want: true, wantWitness: "/img/x"},
		{name: "extension excluded, literal", pattern: "*", earlier: []string{"*.jpg"}, path: "/img/logo.jpg", want: false},
		{name: "extension excluded, greedy", pattern: "*", earlier: []string{"*.jpg", "*.png"}, path: "/{p+}", want: true, wantWitness: "/x"},
		{name: "extension pattern", pattern: "*.jpg", earlier: []string{"/static/*"}, path: "/static/{f}", want: false},
		{name: "extension pattern, other dir", pattern: "*.jpg", earlier: []string{"/static/*"}, path: "/img/{f}", want: true, wantWitness: "/img/.jpg"},
		// '?' in the behavior pattern and in earlier patterns.
		{name: "question after literal", pattern: "/?", earlier: []string{"/a"}, path: "/{p}", want: true, wantWitness: "/x"},
		{name: "question after x", pattern: "/?", earlier: []string{"/x"}, path: "/{p}", want: true, wantWitness: "/y"},
		{name: "question after x and y", pattern: "/?", earlier: []string{"/x", "/y"}, path: "/{p}", want: true, wantWitness: "/z"},
		{name: "question after question", pattern: "/?", earlier: []string{"?"}, path: "/{p}", want: false},
		{name: "question versions excluded", pattern: "/v?", earlier: []string{"/v1", "/v2"}, path: "/v1", want: false},
		{name: "question versions, other", pattern: "/v?", earlier: []string{"/v1", "/v2"}, path: "/{v}", want: true, wantWitness: "/vx"},
		{name: "question versions, literal", pattern: "/v?", earlier: []string{"/v1", "/v2"}, path: "/v3", want: true, wantWitness: "/v3"},
		{name: "earlier question length", pattern: "/u/*", earlier: []string{"/u/??"}, path: "/u/{id}", want: true, wantWitness: "/u/x"},
		{name: "earlier question length, two", pattern: "/u/*", earlier: []string{"/u/??"}, path: "/u/ab", want: false},
		{name: "earlier question length, three", pattern: "/u/*", earlier: []string{"/u/??"}, path: "/u/abc", want: true, wantWitness: "/u/abc"},
		{name: "earlier question matches slash", pattern: "*", earlier: []string{"/a?b"}, path: "/a/b", want: false},
		{name: "only slash escapes question", pattern: "/a?b", earlier: []string{"/axb", "/ayb"}, path: "/a/b", want: true, wantWitness: "/a/b"},
		// Earlier patterns are compared with the viewer path, not with the
		// path forwarded under the origin path.
		{name: "exclusion on viewer path", origin: "/orders", pattern: "*", earlier: []string{"/orders*"}, path: "/orders/{id}", want: true, wantWitness: "/x"},
		{name: "exclusion on viewer path, excluded", origin: "/orders", pattern: "*", earlier: []string{"/x*"}, path: "/orders/x", want: false},
		{name: "origin path", origin: "/prod", pattern: "/api/*", earlier: []string{"/api/a*"}, stage: "/prod", path: "/api/{id}", want: true, wantWitness: "/api/x"},
		{name: "origin path, excluded", origin: "/prod", pattern: "/api/*", earlier: []string{"/api/a*"}, stage: "/prod", path: "/api/abc", want: false},
		{name: "origin path mismatch", origin: "/prod", pattern: "*", stage: "/dev", path: "/{p+}", want: false},
		{name: "origin path with wildcard characters", origin: "/p*", pattern: "/x", earlier: []string{"/y"}, stage: "/p*", path: "/x", want: true, wantWitness: "/x"},
		{name: "strict root", origin: "/prod", pattern: "*", earlier: []string{"/a*"}, stage: "/prod", path: "/", want: true, wantWitness: "/"},
		{name: "strict greedy", pattern: "/a/*", earlier: []string{"/a/?"}, path: "/a/{p+}", want: true, wantWitness: "/a/xx"},
		{name: "private-use token", pattern: "/" + tok + "/*", earlier: []string{"/" + tok + "/a*"}, path: "/" + tok + "/{p}", want: true, wantWitness: "/" + tok + "/x"},
		{name: "private-use wildcard", pattern: "/?", earlier: []string{"/a"}, stage: "", path: "/" + tok, want: true, wantWitness: "/" + tok},
		{name: "private-use excluded", pattern: "/?", earlier: []string{"/" + tok}, path: "/" + tok, want: false},
		{name: "duplicate earlier", pattern: "*", earlier: []string{"/a", "a", "/a"}, path: "/a", want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tm := mustStrict(t, tc.stage, tc.path)
			if tc.lax {
				tm = mustTemplate(t, tc.stage, tc.path)
			}
			w, ok, decided := Reaches(tc.origin, tc.pattern, tc.earlier, tm)
			if !decided {
				t.Fatalf("Reaches undecided")
			}
			if ok != tc.want {
				t.Fatalf("Reaches(%q, %q, %q, %q) = %q, %v; want ok=%v", tc.origin, tc.pattern, tc.earlier, tm, w, ok, tc.want)
			}
			if !ok {
				if w != "" {
					t.Errorf("witness %q without a match", w)
				}
				return
			}
			if w != tc.wantWitness {
				t.Errorf("witness = %q, want %q", w, tc.wantWitness)
			}
			if !CompileGlob("", tc.pattern).Match(w) || !tm.Match(tc.origin+w) {
				t.Errorf("witness %q not matched by the pattern and the template", w)
			}
			for _, e := range tc.earlier {
				if CompileGlob("", e).Match(w) {
					t.Errorf("witness %q matched by earlier pattern %q", w, e)
				}
			}
		})
	}
}

// TestReachesWithoutEarlier checks that with no earlier patterns Reaches
// answers like Intersects on the same strict template.
func TestReachesWithoutEarlier(t *testing.T) {
	cases := []struct{ origin, pattern, stage, path string }{
		{"", "/api/*", "", "/api"},
		{"", "/api/*", "", "/api/{proxy+}"},
		{"", "/api", "", "/api/{proxy+}"},
		{"/prod", "*", "/prod", "/users"},
		{"/prod", "*", "", "/users"},
		{"/prod", "*", "/prod", "/"},
		{"/prod/dynamic", "/dynamic", "/prod", "/dynamic/dynamic"},
		{"/prod/dynamic", "/dynamic", "/prod", "/dynamic"},
		{"", "/hello/", "", "/hello"},
		{"", "/a?", "", "/a"},
		{"", "/???", "", "/{id}"},
		{"", "*.jpg", "", "/img/{name}"},
		{"/p*", "/x", "/p*", "/x"},
		{"/" + tok, "/users/*", "/" + tok, "/users/{id}"},
	}
	// Large automata: no work budget applies without earlier patterns.
	g, tm := largeInputs()
	cases = append(cases, struct{ origin, pattern, stage, path string }{"/prod", g.pattern, "/prod", tm.path})
	long := strings.Repeat("a/", 600)
	cases = append(cases, struct{ origin, pattern, stage, path string }{"/prod", "/*" + long + "z", "/prod", "/" + long + "{id}/b"})
	for _, tc := range cases {
		tm := mustStrict(t, tc.stage, tc.path)
		wi, oki := Intersects(CompileGlob(tc.origin, tc.pattern), tm)
		for _, earlier := range [][]string{nil, {}} {
			w, ok, decided := Reaches(tc.origin, tc.pattern, earlier, tm)
			if !decided || ok != oki || (ok && tc.origin+w != wi) {
				t.Errorf("Reaches(%q, %q, %v, %q) = %q, %v, %v; Intersects = %q, %v", tc.origin, tc.pattern, earlier, tm, w, ok, decided, wi, oki)
			}
		}
	}
}

func TestParseTemplateStrict(t *testing.T) {
	tests := []struct {
		prefix, tmpl, path string
		want               bool
	}{
		{"", "/", "/", true},
		{"", "/", "", false},
		{"", "/", "//", false},
		{"/prod", "/", "/prod/", true},
		{"/prod", "/", "/prod", false},
		{"/prod", "/", "/prod//", false},
		{"", "/users", "/users", true},
		{"", "/users", "/users/", false},
		{"", "/users/", "/users", true},
		{"", "/users/", "/users/", false},
		{"/prod", "/users", "/prod/users", true},
		{"/prod", "/users", "/prod/users/", false},
		{"", "/users/{id}", "/users/42", true},
		{"", "/users/{id}", "/users/42/", false},
		{"", "/users/{id}", "/users/", false},
		{"", "/users/{id}", "/users/4/2", false},
		{"", "/{proxy+}", "/a", true},
		{"", "/{proxy+}", "/a/b/c", true},
		{"", "/{proxy+}", "/a/b/c/", false},
		{"", "/{proxy+}", "/", false},
		{"", "/{proxy+}", "/a//c", false},
		{"", "/a/{proxy+}", "/a", false},
		{"", "/a/{proxy+}", "/a/", false},
		{"", "/a/{proxy+}/", "/a/b", true},
	}
	for _, tc := range tests {
		if got := mustStrict(t, tc.prefix, tc.tmpl).Match(tc.path); got != tc.want {
			t.Errorf("ParseTemplateStrict(%q, %q).Match(%q) = %v, want %v", tc.prefix, tc.tmpl, tc.path, got, tc.want)
		}
	}
	for _, p := range []string{"", "users", "//", "/a//b", "/{proxy+}/x", "/{id", "/a{id}", "/{}"} {
		if _, err := ParseTemplateStrict("", p); !errors.Is(err, ErrMalformedTemplate) {
			t.Errorf("ParseTemplateStrict(%q) error %v, want ErrMalformedTemplate", p, err)
		}
	}
	if got := mustStrict(t, "/prod", "/users/{id}").String(); got != "/prod/users/{id}" {
		t.Errorf("String = %q", got)
	}
}

func TestReachesZero(t *testing.T) {
	tm := mustStrict(t, "", "/{p+}")
	if w, ok, decided := (&Reach{}).Reaches(tm); ok || !decided || w != "" {
		t.Errorf("zero Reach = %q, %v, %v", w, ok, decided)
	}
	var nilReach *Reach
	if _, ok, decided := nilReach.Reaches(tm); ok || !decided {
		t.Errorf("nil Reach = %v, %v", ok, decided)
	}
	if _, ok, decided := Reaches("", "*", nil, Template{}); ok || !decided {
		t.Errorf("zero Template = %v, %v", ok, decided)
	}
}

// TestReachesBudget checks that an exponential determinisation is cut off
// and reported as undecided. The behavior pattern reads n a's anywhere, the
// earlier pattern "*a" followed by n '?' needs a subset for each set of
// recent positions of an a, and the template admits only long paths, so the
// search must go through about 2^n subsets at every depth.
func TestReachesBudget(t *testing.T) {
	var tmpl strings.Builder
	for i := range 30 {
		fmt.Fprintf(&tmpl, "/{p%d}", i)
	}
	tm := mustStrict(t, "", tmpl.String())
	shape := func(n int) (pattern string, earlier []string) {
		return strings.Repeat("*a", n) + "*", []string{"*a" + strings.Repeat("?", n)}
	}
	pattern, earlier := shape(20)
	if w, ok, decided := Reaches("", pattern, earlier, tm); decided || ok || w != "" {
		t.Fatalf("Reaches = %q, %v, %v; want undecided", w, ok, decided)
	}
	// An earlier pattern matching everything prunes the search at once.
	if w, ok, decided := Reaches("", pattern, append(earlier, "/*"), tm); !decided || ok {
		t.Fatalf("Reaches after /* = %q, %v, %v; want decided, not reached", w, ok, decided)
	}
	// A small instance of the same shape is decided.
	pattern, earlier = shape(3)
	w, ok, decided := Reaches("", pattern, earlier, tm)
	if !decided || !ok {
		t.Fatalf("Reaches = %q, %v, %v; want decided and reached", w, ok, decided)
	}
	if !CompileGlob("", pattern).Match(w) || CompileGlob("", earlier[0]).Match(w) || !tm.Match(w) {
		t.Fatalf("witness %q does not satisfy the query", w)
	}
}

// manyEarlier returns 75 behavior patterns of the usual kinds: service
// prefixes, file extensions, exact paths and versioned paths.
func manyEarlier() []string {
	var ps []string
	for i := range 25 {
		ps = append(ps, fmt.Sprintf("/svc%d/*", i))
	}
	for i := range 20 {
		ps = append(ps, fmt.Sprintf("*.ext%d", i))
	}
	for i := range 20 {
		ps = append(ps, fmt.Sprintf("/page%d", i))
	}
	for i := range 10 {
		ps = append(ps, fmt.Sprintf("/api/v%d/*", i))
	}
	return ps
}

func TestReachesManyEarlier(t *testing.T) {
	earlier := manyEarlier()
	r := NewReach("/prod", "*", earlier)
	tests := []struct {
		path string
		want bool
	}{
		{"/{proxy+}", true},
		{"/svc3/{proxy+}", false},
		{"/svc3", true},
		{"/svc30/{proxy+}", true},
		{"/page7", false},
		{"/page7/{id}", true},
		{"/api/v3/orders/{id}", false},
		{"/api/v3", true},
		{"/api/{v}/orders", true},
		{"/assets/logo.ext12", false},
		{"/assets/{name}", true},
	}
	for _, tc := range tests {
		tm := mustStrict(t, "/prod", tc.path)
		w, ok, decided := r.Reaches(tm)
		if !decided || ok != tc.want {
			t.Errorf("%s: Reaches = %q, %v, %v; want ok=%v", tc.path, w, ok, decided, tc.want)
			continue
		}
		// The compiled query, reused, answers like a fresh one.
		if w2, ok2, decided2 := Reaches("/prod", "*", earlier, tm); w2 != w || ok2 != ok || !decided2 {
			t.Errorf("%s: fresh Reaches = %q, %v, %v; reused %q, %v", tc.path, w2, ok2, decided2, w, ok)
		}
		if !ok {
			continue
		}
		if !tm.Match("/prod" + w) {
			t.Errorf("%s: witness %q not forwarded to the template", tc.path, w)
		}
		for _, e := range earlier {
			if CompileGlob("", e).Match(w) {
				t.Errorf("%s: witness %q matched by earlier %q", tc.path, w, e)
			}
		}
	}
}

// TestReachConcurrent runs one Reach from several goroutines (meaningful
// under -race).
func TestReachConcurrent(t *testing.T) {
	r := NewReach("", "*", manyEarlier())
	paths := []string{"/{proxy+}", "/svc3/{p}", "/a/{b}/c", "/page1", "/x/{name}"}
	want := make([]bool, len(paths))
	for i, p := range paths {
		_, want[i], _ = Reaches("", "*", manyEarlier(), mustStrict(t, "", p))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(paths))
	for range 8 {
		wg.Go(func() {
			for i, p := range paths {
				tm, err := ParseTemplateStrict("", p)
				if err != nil {
					errs <- err.Error()
					continue
				}
				if _, ok, _ := r.Reaches(tm); ok != want[i] {
					errs <- fmt.Sprintf("%s: ok=%v, want %v", p, ok, want[i])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestReachMemoReset(t *testing.T) {
	r := NewReach("", "*", []string{"*a?", "/b*"})
	tm := mustStrict(t, "", "/{p}/{q}")
	w1, ok1, _ := r.Reaches(tm)
	r.order.mu.Lock()
	r.order.resetMemo()
	r.order.mu.Unlock()
	w2, ok2, _ := r.Reaches(tm)
	if w1 != w2 || ok1 != ok2 || !ok1 {
		t.Errorf("before reset %q, %v; after %q, %v", w1, ok1, w2, ok2)
	}
}

func TestPickOther(t *testing.T) {
	lits := map[rune]bool{'/': true}
	if got := pickOther(lits); got != 'x' {
		t.Errorf("pickOther = %q, want 'x'", got)
	}
	for _, c := range otherCandidates {
		lits[c] = true
	}
	lits[0xE000] = true
	if got := pickOther(lits); got != 0xE001 {
		t.Errorf("pickOther with all candidates used = %U, want U+E001", got)
	}
}

func BenchmarkReaches(b *testing.B) {
	earlier := manyEarlier()
	reachable := mustStrict(b, "/prod", "/orders/{id}")
	excluded := mustStrict(b, "/prod", "/svc7/{proxy+}")
	extension := mustStrict(b, "/prod", "/assets/{name}")
	b.Run("reachable", func(b *testing.B) {
		for b.Loop() {
			if _, ok, decided := Reaches("/prod", "*", earlier, reachable); !ok || !decided {
				b.Fatal("not reached")
			}
		}
	})
	b.Run("excluded", func(b *testing.B) {
		for b.Loop() {
			if _, ok, decided := Reaches("/prod", "*", earlier, excluded); ok || !decided {
				b.Fatal("reached")
			}
		}
	})
	b.Run("extension", func(b *testing.B) {
		for b.Loop() {
			if _, ok, decided := Reaches("/prod", "*", earlier, extension); !ok || !decided {
				b.Fatal("not reached")
			}
		}
	})
	b.Run("compiled", func(b *testing.B) {
		r := NewReach("/prod", "*", earlier)
		for b.Loop() {
			for _, tm := range []Template{reachable, excluded, extension} {
				r.Reaches(tm)
			}
		}
	})
}

// TestOrderAgreesWithNewReach: the queries of one Order, which share the
// subset construction between behaviors and start each from the earlier
// patterns its literal prefix may meet, answer like separate queries over
// each behavior's earlier patterns.
func TestOrderAgreesWithNewReach(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 200 {
		var ps []string
		for range 1 + r.IntN(8) {
			p := randPattern(r, 5)
			if r.IntN(3) == 0 {
				p = "/a" + p
			}
			ps = append(ps, p)
		}
		o := NewOrder(ps, nil)
		origin := randString(r, "ab/", 2)
		for range 5 {
			tm := mustStrict(t, origin, randTemplate(r))
			for i, p := range ps {
				w1, ok1, d1 := o.Reach(origin, p, i).Reaches(tm)
				w2, ok2, d2 := NewReach(origin, p, ps[:i]).Reaches(tm)
				if ok1 != ok2 || d1 != d2 || !d1 || len(w1) != len(w2) {
					t.Fatalf("patterns %q, behavior %d, template %q: Order %q, %v, %v; NewReach %q, %v, %v", ps, i, tm, w1, ok1, d1, w2, ok2, d2)
				}
			}
		}
	}
}

// TestOrderBudget: an Order's queries stop once its budget is spent and
// answer undecided, never a guess; the units charged exceed the budget by
// at most one query's last batch of visits and subset construction.
func TestOrderBudget(t *testing.T) {
	var ps []string
	for k := range 400 {
		ps = append(ps, "/"+strings.Repeat("*a", 1+k%30)+"*b"+fmt.Sprint(k/30))
	}
	tm := mustStrict(t, "", "/{p+}")
	free := NewOrder(ps, nil)
	const limit = 200_000
	budget := NewBudget(limit)
	o := NewOrder(ps, budget)
	decided, undecided := 0, 0
	for i, p := range ps {
		w, ok, d := o.Reach("", p, i).Reaches(tm)
		if !d {
			undecided++
			if ok || w != "" {
				t.Fatalf("behavior %d undecided with an answer %q, %v", i, w, ok)
			}
			continue
		}
		decided++
		if w2, ok2, _ := free.Reach("", p, i).Reaches(tm); ok != ok2 || w != w2 {
			t.Fatalf("behavior %d: %q, %v within the budget; %q, %v without", i, w, ok, w2, ok2)
		}
	}
	if decided == 0 || undecided == 0 || !budget.Exhausted() {
		t.Fatalf("%d decided, %d undecided, %d units spent: the budget does not bound this case", decided, undecided, budget.Spent())
	}
	// One query may charge its last batch of visits and the subsets it
	// built since (each subset of these patterns has at most a few
	// thousand states) past the limit.
	if slack := int64(chargeEvery + 20_000); budget.Spent() > limit+slack {
		t.Errorf("%d units spent, bound %d", budget.Spent(), limit+slack)
	}
	// Once spent, a query that needs a search is undecided at once.
	if _, _, d := o.Reach("", "*", len(ps)).Reaches(tm); d {
		t.Error("query decided after the budget was spent")
	}
}

// TestIntersectsWithin: within its bounds IntersectsWithin answers like
// Intersects; a product larger than the per-pair bound, or a spent
// budget, leaves it undecided.
func TestIntersectsWithin(t *testing.T) {
	g, tm := largeInputs()
	w, ok := Intersects(g, tm)
	if w2, ok2, d := IntersectsWithin(g, tm, NewBudget(1<<30)); !d || ok2 != ok || w2 != w {
		t.Fatalf("IntersectsWithin = %q, %v, %v; Intersects = %q, %v", w2, ok2, d, w, ok)
	}
	b := NewBudget(100)
	if _, ok, d := IntersectsWithin(g, tm, b); d || ok {
		t.Fatalf("IntersectsWithin on a budget of 100 = %v, %v; want undecided", ok, d)
	}
	if _, _, d := IntersectsWithin(CompileGlob("", "/*"), mustTemplate(t, "", "/{p}"), b); d {
		t.Fatal("IntersectsWithin decided on a spent budget")
	}
	// A glob and a template of 6,000 states each, whose product has more
	// reachable states than the per-pair bound and none accepting.
	long := strings.Repeat("a/", 3000)
	big := CompileGlob("", "/*"+long+"z")
	bt := mustTemplate(t, "", "/"+long+"{id}/b")
	if _, ok, d := IntersectsWithin(big, bt, nil); d || ok {
		t.Fatalf("IntersectsWithin past the pair bound = %v, %v; want undecided", ok, d)
	}
}

// TestReachRewrittenOracle checks ReachRewritten against enumeration: a
// viewer path from+rest that the pattern matches and no earlier pattern
// does, forwarded as origin+to+rest, which the strict template matches.
func TestReachRewrittenOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	alphabet := []rune("ab/x")
	for range 300 {
		var ps []string
		for range 1 + r.IntN(4) {
			p := randPattern(r, 4)
			if r.IntN(2) == 0 {
				p = "/a" + p
			}
			ps = append(ps, p)
		}
		i := r.IntN(len(ps))
		pat := ps[i]
		lp := LiteralPrefix(pat)
		from := lp[:r.IntN(len(lp)+1)]
		to := []string{"", "/", "/b", "/ab/"}[r.IntN(4)]
		origin := []string{"", "/s"}[r.IntN(2)]
		tmpl := randTemplate(r)
		tm := mustStrict(t, origin, tmpl)
		segs, _ := naiveSegments(tmpl)
		o := NewOrder(ps, nil)
		rr := o.ReachRewritten(origin, pat, i, from, to)
		if rr == nil {
			t.Fatalf("ReachRewritten(%q, %q, %d, %q, %q) = nil", origin, pat, i, from, to)
		}
		w, ok, decided := rr.Reaches(tm)
		if !decided {
			t.Fatalf("undecided: %q after %q, %q→%q, template %q", pat, ps[:i], from, to, tmpl)
		}
		accepts := func(v string) bool {
			if !strings.HasPrefix(v, from) || !naiveGlob("", pat, v) {
				return false
			}
			for _, e := range ps[:i] {
				if naiveGlob("", e, v) {
					return false
				}
			}
			return naiveTemplateStrictSegs(origin, segs, origin+to+v[len(from):])
		}
		if ok && !accepts(w) {
			t.Fatalf("%q after %q, %q→%q, origin %q, template %q: witness %q is not such a path", pat, ps[:i], from, to, origin, tmpl, w)
		}
		found := ""
		enumerate(from, alphabet, 6, func(v string) bool {
			if accepts(v) {
				found = v
				return false
			}
			return true
		})
		if found != "" && !ok {
			t.Fatalf("%q after %q, %q→%q, origin %q, template %q: not reached, but %q is", pat, ps[:i], from, to, origin, tmpl, found)
		}
		if found != "" && len(w) > len(found) {
			t.Fatalf("%q after %q, %q→%q, template %q: witness %q longer than %q", pat, ps[:i], from, to, tmpl, w, found)
		}
	}
	if o := NewOrder(nil, nil); o.ReachRewritten("", "/api/*", 0, "/app", "") != nil {
		t.Fatal("ReachRewritten with a prefix the pattern does not begin with is not nil")
	}
}
