package pathmatch

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Work limits shared by the searches of Intersects and Reaches.
const (
	// pairMaxStates bounds the product states one query (one behavior and
	// one template) visits, whatever their kind: past it the query is
	// undecided. A CloudFront pattern has at most 255 characters and
	// resource paths are short, so real queries stay far below it; the
	// bound holds for hostile input of any length.
	pairMaxStates = 1 << 22
	// chargeEvery is how many visited states a search counts before it
	// charges them to its budget, so that the shared counter is touched
	// rarely. A budget may thus be overspent by less than this much per
	// query in flight.
	chargeEvery = 1 << 10
)

// Budget is an allowance of automaton work shared by many queries, such as
// every query about the behaviors of one CloudFront distribution. A unit is
// one product state visited by a search, one automaton state or edge read
// while building a subset of the exclusion automaton, or one earlier
// pattern considered when a behavior's query starts. Once the units spent
// exceed the allowance, every query charged to the budget that still needs
// a search reports its answer as undecided. A nil *Budget is unlimited. A
// Budget is safe for concurrent use.
type Budget struct {
	limit int64
	spent atomic.Int64
}

// NewBudget returns a budget of units work units.
func NewBudget(units int64) *Budget { return &Budget{limit: units} }

// Spent returns the units charged so far (it may exceed the allowance by
// the last charge).
func (b *Budget) Spent() int64 {
	if b == nil {
		return 0
	}
	return b.spent.Load()
}

// Exhausted reports whether the units charged exceed the allowance: the
// queries charged since may have been left undecided.
func (b *Budget) Exhausted() bool { return b != nil && b.spent.Load() > b.limit }

// charge adds n units and reports whether the budget still covers them.
func (b *Budget) charge(n int64) bool {
	if b == nil {
		return true
	}
	return b.spent.Add(n) <= b.limit
}

// Order is the path patterns of a CloudFront distribution's cache behaviors
// in evaluation order, compiled once for the first-match queries of all its
// behaviors: the union automaton of the distinct patterns, its lazily
// determinised subsets (shared between behaviors: a subset's transitions do
// not depend on which behavior reached it), and an index of the patterns'
// literal prefixes, so that a behavior's query starts only from the earlier
// patterns that can match one of its paths. Building an Order takes time
// linear in the patterns' total length; a behavior's Reach then costs
// nothing until queried.
//
// Every query of the Order's Reaches is charged to its budget, if any.
// An Order is safe for concurrent use; queries are serialised.
type Order struct {
	n      int
	budget *Budget

	mu sync.Mutex
	d  *exclusionDFA
	// first[k] is the position of distinct pattern k's first occurrence;
	// lits indexes the distinct patterns' literal prefixes.
	first []int
	lits  *PrefixIndex
	// gen counts the memo resets: subset ids of an older generation are
	// stale.
	gen int
}

// NewOrder compiles the path patterns of a distribution's behaviors, in
// the order CloudFront evaluates them (the default behavior's "*" last, if
// it is to be queried too), with work charged to budget (nil for none
// beyond the per-query limits). Patterns are normalised as by CompileGlob;
// one that is not valid UTF-8 matches no path and excludes nothing.
func NewOrder(patterns []string, budget *Budget) *Order {
	d, first, lits := newExclusionDFA(patterns)
	return &Order{n: len(patterns), budget: budget, d: d, first: first, lits: indexLits(lits)}
}

// Reach returns the reachability query of a behavior with origin path
// originPrefix and path pattern pattern that CloudFront evaluates after the
// first n patterns of the order (n is clamped to the order's length): for
// the i-th behavior of the distribution, its own pattern and i. It answers
// like NewReach(originPrefix, pattern, patterns[:n]), within the order's
// budget as well as the per-query limits.
func (o *Order) Reach(originPrefix, pattern string, n int) *Reach {
	if o == nil || !utf8.ValidString(originPrefix) || !utf8.ValidString(pattern) {
		return &Reach{}
	}
	n = max(0, min(n, o.n))
	return &Reach{
		origin:  originPrefix,
		pattern: CompileGlob("", pattern).m,
		lit:     originPrefix + LiteralPrefix(pattern),
		plit:    LiteralPrefix(pattern),
		order:   o,
		n:       n,
	}
}

// ReachRewritten returns the reachability query of a behavior like Reach,
// for a behavior whose viewer paths all begin with from (a prefix of the
// literal prefix of pattern, normalised) and are forwarded with from
// replaced by to: a viewer path from+rest, matching pattern and none of
// the first n patterns, is forwarded as originPrefix+to+rest. This is
// what a viewer-request function that rewrites the path's prefix sends.
// Witnesses are viewer paths (beginning with from). It returns nil when
// from is not a prefix of the pattern's literal prefix (some viewer path
// would not begin with it) or a string is not valid UTF-8.
func (o *Order) ReachRewritten(originPrefix, pattern string, n int, from, to string) *Reach {
	lp := LiteralPrefix(pattern)
	if o == nil || !strings.HasPrefix(lp, from) || !utf8.ValidString(from) || !utf8.ValidString(to) ||
		!utf8.ValidString(originPrefix) || !utf8.ValidString(pattern) {
		return nil
	}
	r := o.Reach(originPrefix+to, pattern, n)
	r.from = from
	r.lit = originPrefix + to + lp[len(from):]
	return r
}

// resetMemo discards the memoised subsets. The caller holds o.mu.
func (o *Order) resetMemo() {
	o.d.reset()
	o.gen++
}
