package pathmatch

import (
	"sort"
	"strings"
)

// PrefixIndex finds, among many templates, those a behavior may reach at
// all: a path can be in both languages only if the literal prefix of one
// side begins with the other's (LiteralPrefix of a Template, a Glob or a
// Reach). Matching a behavior against every resource of an API would
// compare it with each; the index holds the templates' literal prefixes
// sorted, so that a query costs a binary search, one map look-up per byte
// of the behavior's literal prefix and the candidates it returns.
type PrefixIndex struct {
	lits []string // sorted, unique
	ids  [][]int  // the ids of the templates with lits[i]
	at   map[string]int
}

// NewPrefixIndex indexes templates by their literal prefixes; a
// template's id is its position in ts. Zero Templates match nothing and
// are left out.
func NewPrefixIndex(ts []Template) *PrefixIndex {
	lits := make([]string, len(ts))
	skip := make([]bool, len(ts))
	for id, t := range ts {
		lits[id], skip[id] = t.lit, t.m == nil
	}
	return newIndex(lits, skip)
}

// indexLits indexes literal prefixes; an entry's id is its position in lits.
func indexLits(lits []string) *PrefixIndex { return newIndex(lits, nil) }

// newIndex indexes the literal prefixes lits, leaving out those whose skip
// entry is set; an entry's id is its position in lits.
func newIndex(all []string, skip []bool) *PrefixIndex {
	x := &PrefixIndex{at: map[string]int{}}
	for id, lit := range all {
		if len(skip) > id && skip[id] {
			continue
		}
		i, ok := x.at[lit]
		if !ok {
			i = len(x.lits)
			x.at[lit] = i
			x.lits = append(x.lits, lit)
			x.ids = append(x.ids, nil)
		}
		x.ids[i] = append(x.ids[i], id)
	}
	order := make([]int, len(x.lits))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return x.lits[order[a]] < x.lits[order[b]] })
	lits, ids := make([]string, len(order)), make([][]int, len(order))
	for k, i := range order {
		lits[k], ids[k] = x.lits[i], x.ids[i]
		x.at[lits[k]] = k
	}
	x.lits, x.ids = lits, ids
	return x
}

// Candidates appends to dst, in increasing order, the ids of the
// templates whose literal prefix begins with lit or is a prefix of it:
// those whose language a glob or reach with literal prefix lit may meet.
// Every other template shares no path with it.
func (x *PrefixIndex) Candidates(dst []int, lit string) []int {
	start := len(dst)
	// Literal prefixes that lit begins with (lit itself is found below).
	for k := 0; k < len(lit); k++ {
		if i, ok := x.at[lit[:k]]; ok {
			dst = append(dst, x.ids[i]...)
		}
	}
	// Literal prefixes that begin with lit: a run of the sorted list.
	for i := sort.SearchStrings(x.lits, lit); i < len(x.lits) && strings.HasPrefix(x.lits[i], lit); i++ {
		dst = append(dst, x.ids[i]...)
	}
	sort.Ints(dst[start:])
	return dst
}

// LiteralPrefix returns a literal text every path of the template begins
// with: its prefix and its literal segments up to the first parameter.
func (t Template) LiteralPrefix() string { return t.lit }

// LiteralPrefix returns a literal text every path of the glob begins with:
// the origin path and the pattern's text before its first wildcard.
func (g Glob) LiteralPrefix() string { return g.prefix + LiteralPrefix(g.pattern) }

// LiteralPrefix returns a literal text every forwarded path of the
// behavior begins with.
func (r *Reach) LiteralPrefix() string { return r.lit }
