package pathmatch

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Work limits of one reachability query (see Reach.Reaches).
const (
	// reachMaxStates bounds the product states (behavior pattern state,
	// template state, exclusion subset) one query discovers in which an
	// earlier pattern may still match. Product states with the empty subset
	// are not counted: there are at most as many as in Intersects.
	reachMaxStates = 100_000
	// reachMaxWork bounds the sum, over the product states counted by
	// reachMaxStates, of 1 plus the size of the state's exclusion subset. It
	// limits the subset construction when the earlier patterns keep many
	// automaton states alive at once.
	reachMaxWork = 4_000_000
	// reachMaxMemo is the number of memoised exclusion subsets above which
	// an Order discards its memo before a query, to bound its memory.
	reachMaxMemo = 1 << 17
)

// Reach is a compiled first-match reachability query for one CloudFront
// cache behavior: the viewer paths its pattern matches that no earlier
// behavior's pattern matches, forwarded to the origin under its origin path.
// It answers Reaches for any number of templates. The subset construction
// for the earlier patterns is memoised in the Order the Reach belongs to,
// and shared by every behavior of that Order. A Reach is safe for
// concurrent use; calls on the Reaches of one Order are serialised. The
// zero Reach reaches nothing.
type Reach struct {
	origin  string
	pattern *nfa
	// lit is a literal text every forwarded path begins with; plit the
	// literal prefix of the pattern alone, over viewer paths.
	lit, plit string
	// from is the viewer prefix a rewrite replaces (ReachRewritten): the
	// pattern and the earlier patterns read it before the search, which
	// reads only the rest of the viewer path; "" for none.
	from string

	order *Order
	// n: the behavior comes after the first n patterns of order.
	n int
	// starts are the start states, in the union automaton of order, of the
	// earlier patterns that may match a path the pattern matches (nil
	// until first needed); startID is their subset while startGen is the
	// order's memo generation.
	starts   []int32
	computed bool
	startID  int32
	startGen int
}

// NewReach compiles the reachability query of a cache behavior with origin
// path originPrefix (a literal, possibly empty, as for CompileGlob) and path
// pattern pattern, placed after the behaviors whose path patterns are
// earlier. pattern and every earlier pattern are CloudFront path patterns as
// written, over viewer paths; their optional leading '/' is normalised as in
// CompileGlob. The language of pattern alone is that of
// CompileGlob("", pattern).
//
// If originPrefix or pattern is not valid UTF-8 the Reach reaches nothing;
// an earlier pattern that is not valid UTF-8 matches no path and excludes
// nothing (see the package doc).
//
// NewReach is NewOrder(earlier, nil).Reach(originPrefix, pattern,
// len(earlier)): it works within the per-query bounds only. To query many
// behaviors of one distribution, build their Order once.
func NewReach(originPrefix, pattern string, earlier []string) *Reach {
	return NewOrder(earlier, nil).Reach(originPrefix, pattern, len(earlier))
}

// Reaches reports whether some viewer path v matches pattern, matches none
// of the earlier patterns, and is forwarded as originPrefix+v to a path t
// matches. CloudFront evaluates cache behaviors in order and the first
// match wins, so these are exactly the requests for t the behavior
// receives. Pass the patterns of all behaviors before this one as earlier
// (for the default behavior, every other behavior's pattern).
//
// When ok is true, witness is a shortest such viewer path (in runes), chosen
// deterministically; a character the patterns and the template leave free is
// shown as 'x' unless an earlier pattern (a pattern of the Order, for a
// Reach of an Order) uses 'x' as a literal, in which case another rune that
// none uses is shown instead.
//
// The answer is exact when decided is true. The difference with the earlier
// patterns is computed by a lazy subset construction, which in the worst
// case grows exponentially; decided is false, with ok false and witness
// empty, when the search would exceed a fixed work limit (10^5 states of
// the product in which an earlier pattern may still match, 2^22 product
// states in all) or, for a Reach of an Order with a Budget, when that
// budget is spent. The caller must then treat the answer as unknown.
// Without earlier patterns, or once none of them can match any more, the
// search is polynomial as in Intersects; with no earlier patterns Reaches
// decides whenever IntersectsWithin does, and agrees with Intersects on
// CompileGlob(originPrefix, pattern).
//
// Reaches is a shorthand for NewReach(originPrefix, pattern,
// earlier).Reaches(t); use NewReach to query many templates.
func Reaches(originPrefix, pattern string, earlier []string, t Template) (witness string, ok, decided bool) {
	return NewReach(originPrefix, pattern, earlier).Reaches(t)
}

// Reaches reports whether some viewer path the behavior receives is
// forwarded to a path t matches; see the function Reaches. The work is
// also charged to the budget of the Reach's Order, if any: once that is
// spent, every query that needs an automaton search is undecided.
func (r *Reach) Reaches(t Template) (witness string, ok, decided bool) {
	if r == nil || r.pattern == nil || r.order == nil || t.m == nil || !mayMeet(r.lit, t.lit) {
		return "", false, true
	}
	if r.order.budget.Exhausted() {
		return "", false, false
	}
	starts := t.m.statesAfter(r.origin)
	if len(starts) == 0 {
		return "", false, true
	}
	o := r.order
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.budget.Exhausted() {
		return "", false, false
	}
	if len(o.d.sets) > reachMaxMemo {
		o.resetMemo()
	}
	s := reachSearch{pm: r.pattern, tm: t.m, d: o.d, vis: make(map[prodKey]struct{}), budget: o.budget}
	start, over := r.start()
	if over {
		return "", false, false
	}
	pstarts := []int32{0}
	if r.from != "" {
		// The viewer paths begin with from, which the function replaces:
		// the pattern and the earlier patterns read it first, and the
		// template reads what replaced it (in r.origin).
		pstarts = r.pattern.statesAfter(r.from)
		for _, c := range r.from {
			if start == sinkSet {
				break
			}
			start = stepOn(o.d.expand(start), c)
		}
		if len(pstarts) == 0 || start == sinkSet {
			// No viewer path of the pattern begins with from, or the
			// earlier patterns take every one that does.
			return "", false, s.charge()
		}
	}
	w, ok, decided := s.run(pstarts, starts, start)
	if ok {
		w = r.from + w
	}
	return w, ok, decided
}

// start returns the exclusion subset the search starts in: the start
// states of the earlier patterns that may match a path the behavior's
// pattern matches (those whose literal prefix and the pattern's do not
// exclude each other; the others are disjoint from it and exclude
// nothing). over is set when the order's budget is spent. The caller
// holds the order's lock.
func (r *Reach) start() (id int32, over bool) {
	o := r.order
	if !r.computed {
		r.computed = true
		var ids []int
		ids = o.lits.Candidates(ids, r.plit)
		for _, k := range ids {
			if o.first[k] < r.n {
				r.starts = append(r.starts, o.d.startSet[k])
			}
		}
		if !o.budget.charge(int64(1 + len(ids))) {
			return 0, true
		}
	}
	if r.startGen != o.gen+1 {
		r.startID = o.d.intern(slices.Clone(r.starts))
		r.startGen = o.gen + 1
		if !o.budget.charge(int64(1 + len(r.starts))) {
			return 0, true
		}
	}
	return r.startID, false
}

// statesAfter returns the sorted states m can be in after reading s from its
// start state.
func (m *nfa) statesAfter(s string) []int32 {
	n := m.size()
	if n == 0 {
		return nil
	}
	cur := m.simulate(s, make([]int32, 3*n))
	slices.Sort(cur)
	return cur
}

// Special exclusion subsets.
const (
	// deadSet is the empty subset: the earlier patterns match no extension
	// of the path read so far.
	deadSet int32 = 0
	// sinkSet stands for every subset containing a universal state: the
	// earlier patterns match every extension, so the search prunes it.
	sinkSet int32 = 1
)

// exclusionDFA is the lazily determinised union of patterns' automata.
// Its states are sets of union-automaton states, memoised under a
// canonical encoding (the sorted state list). A subset's transitions
// depend only on its states, so behaviors that exclude different sets of
// earlier patterns share the memo: each starts from the start states of
// its own earlier patterns, and only their states are ever reached.
type exclusionDFA struct {
	m         *nfa    // union of the patterns' automata; nil if none
	universal []bool  // per state of m: accepting with an any-rune self-loop
	startSet  []int32 // the start state of each distinct pattern
	other     rune    // a rune that is neither '/' nor a literal of m

	ids  map[string]int32
	sets []subset
	key  []byte // scratch for canonical encodings
	// work counts the states and edges read by intern and expand since it
	// was last taken, for the order's budget.
	work int64
}

// subset is one state of the exclusionDFA.
type subset struct {
	states []int32 // sorted states of the union automaton
	accept bool    // some earlier pattern matches the path read so far
	// moves lists the transitions once expanded (nil before). moves[0] is
	// taken by every rune that is not a literal on an edge leaving the
	// subset, and its r is the representative rune exclusionDFA.other. The
	// rest are the transitions on those literals, sorted by rune.
	moves []move
}

// move is a transition of the exclusionDFA on rune r.
type move struct {
	r  rune
	to int32
}

// otherCandidates lists, in order of preference, the readable runes used for
// "any other character" in witnesses.
const otherCandidates = "xyzwvutsrqponmlkjihgfedcbaXYZWVUTSRQPONMLKJIHGFEDCBA0123456789-_~."

// newExclusionDFA builds the union automaton of patterns (each normalised
// as by CompileGlob; duplicates and patterns that are not valid UTF-8
// dropped). It returns, for each distinct pattern k kept, the position in
// patterns of its first occurrence (first[k]) and its literal prefix
// (lits[k]); its start state is d.startSet[k].
func newExclusionDFA(patterns []string) (d *exclusionDFA, first []int, lits []string) {
	d = &exclusionDFA{}
	seen := make(map[string]bool)
	runes := make(map[rune]bool)
	size := 0
	for _, e := range patterns {
		size += len(e) + 2 // at least the number of states
	}
	for i, e := range patterns {
		if !utf8.ValidString(e) {
			continue // matches no path
		}
		e = normalisePattern(e)
		if seen[e] {
			continue
		}
		seen[e] = true
		first = append(first, i)
		lits = append(lits, LiteralPrefix(e))
		if d.m == nil {
			d.m = &nfa{edges: make([][]edge, 0, size), accept: make([]bool, 0, size)}
			d.universal = make([]bool, 0, size)
		}
		off := d.m.size()
		d.startSet = append(d.startSet, int32(off))
		d.m.appendGlob("", e)
		for st := off; st < d.m.size(); st++ {
			loop := false
			for _, ed := range d.m.edges[st] {
				if ed.cls == classLit {
					runes[ed.r] = true
				} else if ed.to == int32(st) {
					loop = true
				}
			}
			d.universal = append(d.universal, loop && d.m.accept[st])
		}
	}
	d.other = pickOther(runes)
	d.reset()
	return d, first, lits
}

// pickOther returns a rune that is not '/' and not in lits, preferring
// readable ones.
func pickOther(lits map[rune]bool) rune {
	for _, c := range otherCandidates {
		if !lits[c] {
			return c
		}
	}
	// lits is finite, so some private-use rune is free.
	c := rune(0xE000)
	for lits[c] {
		c++
	}
	return c
}

// reset discards the memoised subsets and rebuilds the special ones.
func (d *exclusionDFA) reset() {
	d.ids = make(map[string]int32)
	d.sets = []subset{
		deadSet: {moves: []move{{r: d.other, to: deadSet}}},
		sinkSet: {accept: true, moves: []move{{r: d.other, to: sinkSet}}},
	}
}

// intern returns the id of the subset of states (which it may reorder),
// creating it if needed.
func (d *exclusionDFA) intern(states []int32) int32 {
	if len(states) == 0 {
		return deadSet
	}
	d.work += int64(len(states))
	slices.Sort(states)
	states = slices.Compact(states)
	accept := false
	for _, st := range states {
		if d.universal[st] {
			return sinkSet
		}
		accept = accept || d.m.accept[st]
	}
	d.key = d.key[:0]
	for _, st := range states {
		d.key = binary.AppendUvarint(d.key, uint64(st))
	}
	if id, ok := d.ids[string(d.key)]; ok {
		return id
	}
	id := int32(len(d.sets))
	d.ids[string(d.key)] = id
	d.sets = append(d.sets, subset{states: slices.Clip(states), accept: accept})
	return id
}

// litTarget is a literal edge of the union automaton: rune r leads to to.
type litTarget struct {
	r  rune
	to int32
}

// expand returns the transitions of subset id, computing them on first use.
func (d *exclusionDFA) expand(id int32) []move {
	if mv := d.sets[id].moves; mv != nil {
		return mv
	}
	var anyT []int32
	var lit []litTarget
	for _, st := range d.sets[id].states {
		d.work += int64(1 + len(d.m.edges[st]))
		for _, e := range d.m.edges[st] {
			if e.cls == classLit {
				lit = append(lit, litTarget{e.r, e.to})
			} else {
				anyT = append(anyT, e.to)
			}
		}
	}
	sort.Slice(lit, func(i, j int) bool {
		if lit[i].r != lit[j].r {
			return lit[i].r < lit[j].r
		}
		return lit[i].to < lit[j].to
	})
	moves := []move{{r: d.other, to: d.intern(slices.Clone(anyT))}}
	for i := 0; i < len(lit); {
		j := i
		targets := slices.Clone(anyT)
		for ; j < len(lit) && lit[j].r == lit[i].r; j++ {
			targets = append(targets, lit[j].to)
		}
		moves = append(moves, move{r: lit[i].r, to: d.intern(targets)})
		i = j
	}
	d.sets[id].moves = moves // d.sets may have grown: index again
	return moves
}

// stepOn returns the transition on rune c among moves (as returned by expand).
func stepOn(moves []move, c rune) int32 {
	lits := moves[1:]
	i := sort.Search(len(lits), func(i int) bool { return lits[i].r >= c })
	if i < len(lits) && lits[i].r == c {
		return lits[i].to
	}
	return moves[0].to
}

// prodKey is a state of the product of the behavior pattern's automaton
// (p), the template's (q) and the exclusionDFA (s).
type prodKey struct{ p, q, s int32 }

// prodNode is a discovered product state with the node it was reached from
// (-1 for a start state) and the rune consumed.
type prodNode struct {
	key    prodKey
	parent int32
	r      rune
}

// reachSearch is the breadth-first search of one Reach.Reaches query.
type reachSearch struct {
	pm, tm *nfa
	d      *exclusionDFA
	vis    map[prodKey]struct{}
	nodes  []prodNode
	// states and work count the discovered product states whose exclusion
	// subset is not empty, and their subset sizes, against the per-query
	// limits. The others number at most the product of the pattern's and
	// the template's sizes, as in Intersects, and only pairMaxStates
	// limits all of them.
	states, work int
	// budget is the order's; pending counts the visits not charged yet.
	budget  *Budget
	pending int64
}

// charge charges the pending visits and the subset construction's work to
// the budget, and reports false once the budget is spent.
func (s *reachSearch) charge() bool {
	n := s.pending + s.d.work
	s.pending, s.d.work = 0, 0
	return s.budget.charge(n)
}

// visit records product state k, reached from node parent by rune c. It
// reports found when k accepts (the path matches the pattern and the
// template but no earlier pattern) and over when the work budget is spent.
// States in sinkSet are pruned: no extension of their path can escape the
// earlier patterns.
func (s *reachSearch) visit(k prodKey, parent int32, c rune) (found, over bool) {
	if k.s == sinkSet {
		return false, false
	}
	if _, ok := s.vis[k]; ok {
		return false, false
	}
	if len(s.nodes) >= pairMaxStates {
		return false, true
	}
	s.pending++
	if s.pending >= chargeEvery && !s.charge() {
		return false, true
	}
	if k.s != deadSet {
		s.states++
		s.work += 1 + len(s.d.sets[k.s].states)
		if s.states > reachMaxStates || s.work > reachMaxWork {
			return false, true
		}
	}
	s.vis[k] = struct{}{}
	s.nodes = append(s.nodes, prodNode{key: k, parent: parent, r: c})
	return s.pm.accept[k.p] && s.tm.accept[k.q] && !s.d.sets[k.s].accept, false
}

// run searches from the pattern states pstarts, the template states starts
// (those reached by the origin path) and the exclusion subset start, and
// returns the Reaches results.
// What the search did is charged to the budget before it returns; an
// answer found is kept even if that charge spends the budget.
func (s *reachSearch) run(pstarts, starts []int32, start int32) (witness string, ok, decided bool) {
	defer s.charge()
	for _, p := range pstarts {
		for _, q := range starts {
			if found, over := s.visit(prodKey{p, q, start}, -1, 0); found || over {
				return s.result(over)
			}
		}
	}
	for i := 0; i < len(s.nodes); i++ {
		k := s.nodes[i].key
		moves := s.d.expand(k.s)
		for _, ea := range s.pm.edges[k.p] {
			for _, eb := range s.tm.edges[k.q] {
				if ea.cls == classLit || eb.cls == classLit {
					c, ok := meet(ea, eb)
					if !ok {
						continue
					}
					if found, over := s.visit(prodKey{ea.to, eb.to, stepOn(moves, c)}, int32(i), c); found || over {
						return s.result(over)
					}
					continue
				}
				// Both edges are wildcards, so every rune they share leads to
				// the same pattern and template states. A literal c of the
				// earlier patterns leads to a superset of the exclusion states
				// any other rune leads to, so every path onwards that escapes
				// the exclusion after c escapes it after the other rune too:
				// trying d.other alone (never '/', so accepted by both edges)
				// is exact.
				if found, over := s.visit(prodKey{ea.to, eb.to, moves[0].to}, int32(i), moves[0].r); found || over {
					return s.result(over)
				}
			}
		}
	}
	return "", false, true
}

// result turns the outcome of the last visit, which found an accepting
// state or spent the budget, into Reaches results. The witness is spelled
// by the path to the last node.
func (s *reachSearch) result(over bool) (witness string, ok, decided bool) {
	if over {
		return "", false, false
	}
	var rs []rune
	for i := int32(len(s.nodes) - 1); s.nodes[i].parent >= 0; i = s.nodes[i].parent {
		rs = append(rs, s.nodes[i].r)
	}
	var b strings.Builder
	for i := len(rs) - 1; i >= 0; i-- {
		b.WriteRune(rs[i])
	}
	return b.String(), true, true
}
