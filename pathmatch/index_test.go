package pathmatch

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPrefixIndex: the candidates of a literal prefix are exactly the
// templates whose literal prefix and it may meet (the test Intersects and
// Reaches start with), in increasing order, on generated API paths and
// behavior patterns; a template and a glob it leaves out share no path.
func TestPrefixIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	segs := []string{"users", "user", "u", "{id}", "orders", "{proxy+}", "v1", "é", "x"}
	path := func() string {
		var b strings.Builder
		for range r.IntN(4) {
			s := segs[r.IntN(len(segs))]
			if strings.HasSuffix(s, "+}") && b.Len() > 0 && r.IntN(2) == 0 {
				s = "{p}"
			}
			b.WriteString("/" + s)
			if strings.HasSuffix(s, "+}") {
				break
			}
		}
		if b.Len() == 0 {
			return "/"
		}
		return b.String()
	}
	pattern := func() string {
		p := path()
		p = strings.NewReplacer("{id}", "*", "{p}", "?", "{proxy+}", "*").Replace(p)
		if r.IntN(3) == 0 {
			p = strings.TrimSuffix(p, "/") + "/*"
		}
		return p[:r.IntN(len(p)+1)]
	}
	for round := range 200 {
		var ts []Template
		for range 1 + r.IntN(40) {
			pre := []string{"", "/prod", "/v"}[r.IntN(3)]
			tm, err := ParseTemplate(pre, path())
			if err != nil {
				tm = Template{}
			}
			ts = append(ts, tm)
		}
		x := NewPrefixIndex(ts)
		for range 20 {
			origin := []string{"", "/prod", "/pro", "/prod/users"}[r.IntN(4)]
			g := CompileGlob(origin, pattern())
			lit := g.LiteralPrefix()
			var want []int
			for id, tm := range ts {
				if tm.m != nil && mayMeet(lit, tm.lit) {
					want = append(want, id)
				}
			}
			got := x.Candidates([]int{-1}, lit)
			if got[0] != -1 || !slices.Equal(got[1:], want) {
				t.Fatalf("round %d: candidates of %q: %v, want %v", round, lit, got[1:], want)
			}
			for id, tm := range ts {
				if !slices.Contains(want, id) && tm.m != nil {
					if w, ok := Intersects(g, tm); ok {
						t.Fatalf("round %d: %s left out, but %s reaches it (%q)", round, tm, g, w)
					}
				}
			}
		}
	}
}
