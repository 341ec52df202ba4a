package rules

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// TestInvalidUTF8Pattern: a path pattern that is not valid UTF-8 is no
// pattern CloudFront accepts, and path matching rejects it; the rules treat
// it as unknown rather than as a pattern that matches nothing.
func TestInvalidUTF8Pattern(t *testing.T) {
	for _, pat := range []string{"/s0/\xff*", "\xcc", "/s0/r0\xa6"} {
		c := wide(2, 4)
		c.Distributions[0].Behaviors[0].PathPattern.V = pat
		if fs := Run(c); len(fs) != 0 {
			t.Errorf("pattern %q: findings %v", pat, codesAt(fs))
		}
	}
}

// Generated distributions that stress the behavior-against-behavior work
// (first match: a behavior receives only what earlier ones leave it).

// simplePatterns returns /s0/* … /s{n-1}/*.
func simplePatterns(n int) []string {
	ps := make([]string, n)
	for k := range ps {
		ps[k] = fmt.Sprintf("/s%d/*", k)
	}
	return ps
}

// randomPatterns returns n random patterns of wildcards and the letters
// of the resource paths, with a fixed seed.
func randomPatterns(n int) []string {
	r := rand.New(rand.NewPCG(7, uint64(n)))
	const alphabet = "sr0123456789/*?*?"
	ps := make([]string, n)
	for k := range ps {
		var b strings.Builder
		b.WriteByte('/')
		for range 2 + r.IntN(11) {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		ps[k] = b.String()
	}
	return ps
}

// starPatterns returns n distinct patterns /*a*a…*b…: many stars, each
// able to match anywhere, so every earlier pattern stays alive in the
// exclusion automaton of every later behavior.
func starPatterns(n int) []string {
	ps := make([]string, n)
	for k := range ps {
		ps[k] = "/" + strings.Repeat("*a", 1+k%60) + "*b" + strconv.Itoa(k/60)
	}
	return ps
}

// TestPathWorkBounded: on distributions whose first-match questions
// explode, the path matching work charged to each distribution stays within
// its budgets (plus what one query may charge past them: a batch of visits
// and one subset's construction), the questions left are reported as too
// complex to decide, naming the behavior, and nothing is guessed.
func TestPathWorkBounded(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    func() *model.Config
	}{
		{"stars", func() *model.Config { return wideWith(starPatterns(3000), 20, 200, "AWS_IAM", true) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, an := runAnalysis(tc.c())
			d := an.orders
			if len(d) != 1 {
				t.Fatalf("%d distributions analysed", len(d))
			}
			for _, o := range d {
				for name, b := range map[string]*pathmatch.Budget{"first-match": o.budget, "meet": o.meet} {
					if !b.Exhausted() {
						t.Errorf("%s budget not exhausted (%d of %d units): the case does not test the bound", name, b.Spent(), distBudget)
					}
					if slack := distBudget / 100; b.Spent() > distBudget+slack {
						t.Errorf("%s budget: %d units spent, bound %d", name, b.Spent(), distBudget+slack)
					}
				}
			}
			info := 0
			for _, f := range fs {
				if f.Severity == Info && strings.Contains(f.Message, "too complex to decide whether behavior \"") {
					info++
				}
			}
			if info == 0 {
				t.Errorf("no behavior reported as too complex to decide")
			}
		})
	}
}

// TestPathBoundNoGuess: with a small budget, every finding that is not a
// "too complex" note is one the unbounded analysis gives too, and every
// finding of the unbounded analysis the bounded one lacks is about a
// behavior reported as too complex to decide.
func TestPathBoundNoGuess(t *testing.T) {
	build := func() *model.Config {
		return wideWith(append(starPatterns(60), randomPatterns(60)...), 10, 60, "AWS_IAM", true)
	}
	old := distBudget
	defer func() { distBudget = old }()
	distBudget = 1 << 40
	full, _ := runAnalysis(build())
	distBudget = 400_000
	bounded, an := runAnalysis(build())
	exhausted := false
	for _, o := range an.orders {
		exhausted = exhausted || o.budget.Exhausted() || o.meet.Exhausted()
	}
	if !exhausted {
		t.Fatal("the small budget is not exhausted: the case does not test the bound")
	}
	key := func(f Finding) string {
		return f.Rule + " " + string(f.Severity) + " " + f.Range.String() + " " + f.Message
	}
	inFull := map[string]bool{}
	for _, f := range full {
		inFull[key(f)] = true
	}
	tooComplex := map[string]bool{} // ranges of the behaviors too complex to decide
	inBounded := map[string]bool{}
	for _, f := range bounded {
		inBounded[key(f)] = true
		if f.Severity == Info && strings.HasPrefix(f.Message, "too complex to decide") {
			tooComplex[f.Rule+" "+f.Range.String()] = true
			continue
		}
		if !inFull[key(f)] {
			t.Errorf("bounded analysis guessed: %s", key(f))
		}
	}
	if len(tooComplex) == 0 {
		t.Fatal("nothing reported as too complex to decide")
	}
	t.Logf("%d findings unbounded, %d bounded, %d behaviors too complex to decide", len(full), len(bounded), len(tooComplex))
	for _, f := range full {
		if inBounded[key(f)] {
			continue
		}
		at := f.Range.String()
		for _, r := range f.Related {
			if strings.HasPrefix(r.Message, "reached through") {
				at = r.Range.String()
			}
		}
		if !tooComplex[f.Rule+" "+at] {
			t.Errorf("finding lost without a note: %s", key(f))
		}
	}
}

// runAnalysis runs every rule on c as Run does and returns the findings
// and the analysis, whose budgets tell the work spent.
func runAnalysis(c *model.Config) ([]Finding, *analysis) {
	all := func(string) bool { return true }
	an := analyze(c, all)
	var fs []Finding
	for _, r := range All() {
		p := &Pass{Config: c, Enabled: all, ResultOf: map[*Analysis]any{Origins: an}, rule: r}
		for _, f := range r.Run(p) {
			f.Rule = r.Code
			if f.Severity == "" {
				f.Severity = r.Severity
			}
			fs = append(fs, f)
		}
	}
	return fs, an
}

// BenchmarkManyBehaviors: the rules on one distribution of many behaviors
// in front of an API: 10,000 simple behaviors (/s{k}/*, 10,000 resources),
// 500 random wildcard patterns and 10,000 patterns /*a*a…*b (1,000
// resources and a proxy resource). It reports the path matching work
// spent (units of pathmatch.Budget, both budgets).
func BenchmarkManyBehaviors(b *testing.B) {
	for _, tc := range []struct {
		name string
		c    *model.Config
	}{
		{"simple-10000", wideWith(simplePatterns(10000), 10000, 10000, "AWS_IAM", false)},
		{"random-500", wideWith(randomPatterns(500), 100, 1000, "AWS_IAM", true)},
		{"stars-10000", wideWith(starPatterns(10000), 100, 1000, "AWS_IAM", true)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var units int64
			for b.Loop() {
				_, an := runAnalysis(tc.c)
				units = 0
				for _, o := range an.orders {
					units += o.budget.Spent() + o.meet.Spent()
				}
			}
			b.ReportMetric(float64(units), "units/op")
		})
	}
}

// TestEL001TooComplex: with no stage in the origin path, whether viewer
// URLs through behaviors /*a*…*b can begin with the stage is a first-match
// question; decided, EL001 warns that only such URLs reach the API; past
// the bounds, it says the question is too complex instead of guessing.
func TestEL001TooComplex(t *testing.T) {
	build := func() *model.Config {
		c := wideWith(starPatterns(20), 10, 20, "NONE", true)
		c.Distributions[0].Origins[0].OriginPath = model.Str{Known: true}
		return c
	}
	old := distBudget
	defer func() { distBudget = old }()
	count := func(fs []Finding) (warn, info int) {
		for _, f := range fs {
			switch {
			case f.Rule == "EL001" && f.Severity == Info && strings.HasPrefix(f.Message, "too complex to decide whether behavior"):
				info++
			case f.Rule == "EL001":
				warn++
			}
		}
		return warn, info
	}
	distBudget = 1 << 40
	full, _ := runAnalysis(build())
	if warn, info := count(full); warn != 1 || info != 0 {
		t.Fatalf("unbounded: %d EL001 findings, %d too complex; want 1, 0", warn, info)
	}
	distBudget = 1000
	bounded, _ := runAnalysis(build())
	if warn, info := count(bounded); warn != 0 || info != 1 {
		t.Fatalf("bounded: %d EL001 findings, %d too complex; want 0, 1", warn, info)
	}
}
