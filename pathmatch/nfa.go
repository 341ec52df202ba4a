package pathmatch

import "unicode/utf8"

// class is the kind of set of runes an edge accepts.
type class uint8

const (
	classLit      class = iota // exactly the rune r
	classAny                   // any rune
	classNotSlash              // any rune except '/'
)

// edge is a symbolic transition: it consumes one rune of the class (and r,
// for classLit) and moves to state to.
type edge struct {
	cls class
	r   rune
	to  int32
}

// accepts reports whether the edge consumes rune c.
func (e edge) accepts(c rune) bool {
	switch e.cls {
	case classLit:
		return c == e.r
	case classNotSlash:
		return c != '/'
	default:
		return true
	}
}

// meet intersects the rune sets of two edges. It reports whether the
// intersection is non-empty and returns a representative rune: the literal
// when one side is a literal, otherwise 'x'.
func meet(a, b edge) (rune, bool) {
	switch {
	case a.cls == classLit && b.cls == classLit:
		return a.r, a.r == b.r
	case a.cls == classLit:
		return a.r, b.accepts(a.r)
	case b.cls == classLit:
		return b.r, a.accepts(b.r)
	default:
		return 'x', true
	}
}

// nfa is an epsilon-free nondeterministic automaton over runes with
// symbolic edges. State 0 is the start state. A nil *nfa accepts nothing.
type nfa struct {
	edges  [][]edge
	accept []bool
}

func (m *nfa) size() int {
	if m == nil {
		return 0
	}
	return len(m.accept)
}

// addState appends a state and returns its index.
func (m *nfa) addState(accept bool) int32 {
	m.edges = append(m.edges, nil)
	m.accept = append(m.accept, accept)
	return int32(len(m.accept) - 1)
}

func (m *nfa) addEdge(from int32, cls class, r rune, to int32) {
	m.edges[from] = append(m.edges[from], edge{cls: cls, r: r, to: to})
}

// match runs the automaton on s by state-set simulation. It takes
// O(len(s) × edges) time. A string that is not valid UTF-8 is no path and
// matches nothing.
func (m *nfa) match(s string) bool {
	n := m.size()
	if n == 0 || !utf8.ValidString(s) {
		return false
	}
	// Small automata keep the simulation's scratch space on the stack.
	var small [192]int32
	var buf []int32
	if 3*n <= len(small) {
		buf = small[:3*n]
	} else {
		buf = make([]int32, 3*n)
	}
	for _, st := range m.simulate(s, buf) {
		if m.accept[st] {
			return true
		}
	}
	return false
}

// simulate returns the states the automaton can be in after reading s from
// its start state (nil when none), in buf, which must hold 3×size entries:
// a generation stamp per state (0 means never seen) and two state lists.
func (m *nfa) simulate(s string, buf []int32) []int32 {
	n := m.size()
	seen, cur, next := buf[:n], buf[n:n:2*n], buf[2*n:2*n:3*n]
	clear(seen)
	gen := int32(1)
	seen[0] = gen
	cur = append(cur, 0)
	for _, c := range s {
		gen++
		next = next[:0]
		for _, st := range cur {
			for _, e := range m.edges[st] {
				if seen[e.to] != gen && e.accepts(c) {
					seen[e.to] = gen
					next = append(next, e.to)
				}
			}
		}
		if len(next) == 0 {
			return nil
		}
		cur, next = next, cur
	}
	return cur
}

// denseLimit bounds the product size for which Intersects uses flat arrays
// for its visited set; larger products use a map.
const denseLimit = 1 << 20

// visited records, for each discovered product state, the state it was
// reached from and the rune consumed.
type visited interface {
	seen(k int64) bool
	set(k, parent int64, r rune)
	get(k int64) (parent int64, r rune)
}

// denseVisited stores parents as int32, which suffices below denseLimit;
// -2 marks an undiscovered state.
type denseVisited struct {
	parent []int32
	via    []rune
}

func (d *denseVisited) seen(k int64) bool { return d.parent[k] != -2 }
func (d *denseVisited) set(k, p int64, r rune) {
	d.parent[k] = int32(p)
	d.via[k] = r
}
func (d *denseVisited) get(k int64) (int64, rune) { return int64(d.parent[k]), d.via[k] }

type step struct {
	parent int64
	r      rune
}

type sparseVisited map[int64]step

func (s sparseVisited) seen(k int64) bool         { _, ok := s[k]; return ok }
func (s sparseVisited) set(k, p int64, r rune)    { s[k] = step{p, r} }
func (s sparseVisited) get(k int64) (int64, rune) { st := s[k]; return st.parent, st.r }

// shortestCommon searches the product of a and b breadth-first and returns a
// shortest string accepted by both, or ok=false if their languages are
// disjoint. It visits each product state at most once, so it runs in
// O(|a| × |b| × edges) time. With limited set, it visits at most
// pairMaxStates product states and charges them to budget (nil for none),
// and reports decided=false when either would be exceeded.
func shortestCommon(a, b *nfa, limited bool, budget *Budget) (w string, ok, decided bool) {
	na, nb := int64(a.size()), int64(b.size())
	if na == 0 || nb == 0 {
		return "", false, true
	}
	if a.accept[0] && b.accept[0] {
		return "", true, true
	}
	visits, pending := 0, int64(0)
	if limited {
		// The visited set is allocated and cleared whole: charge it, at
		// a unit per 32 entries (a visit costs far more than an entry).
		if !budget.charge(1 + na*nb/32) {
			return "", false, false
		}
		defer func() { budget.charge(pending) }()
	}
	var vis visited
	if na*nb <= denseLimit {
		d := &denseVisited{parent: make([]int32, na*nb), via: make([]rune, na*nb)}
		for i := range d.parent {
			d.parent[i] = -2
		}
		vis = d
	} else {
		vis = sparseVisited{}
	}
	vis.set(0, -1, 0)
	queue := []int64{0}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		i, j := k/nb, k%nb
		for _, ea := range a.edges[i] {
			for _, eb := range b.edges[j] {
				r, ok := meet(ea, eb)
				if !ok {
					continue
				}
				nk := int64(ea.to)*nb + int64(eb.to)
				if vis.seen(nk) {
					continue
				}
				if limited {
					visits++
					if visits > pairMaxStates {
						return "", false, false
					}
					pending++
					if pending >= chargeEvery {
						n := pending
						pending = 0
						if !budget.charge(n) {
							return "", false, false
						}
					}
				}
				vis.set(nk, k, r)
				if a.accept[ea.to] && b.accept[eb.to] {
					return witness(vis, nk), true, true
				}
				queue = append(queue, nk)
			}
		}
	}
	return "", false, true
}

// witness rebuilds the string that led from the start pair to k.
func witness(vis visited, k int64) string {
	var rs []rune
	for k != 0 {
		p, r := vis.get(k)
		rs = append(rs, r)
		k = p
	}
	buf := make([]byte, 0, len(rs))
	for i := len(rs) - 1; i >= 0; i-- {
		buf = utf8.AppendRune(buf, rs[i])
	}
	return string(buf)
}
