// Package suggest finds what a misspelt word most likely means, for "did
// you mean" hints: the candidates within a few edits of it (Levenshtein
// distance over runes). Every hint of edgelint (configuration keys and
// values, suppression rule names, CloudFormation resource types, regions
// and domain suffixes, API paths) is found here.
package suggest

import (
	"sort"
	"unicode/utf8"
)

// Closest returns up to n candidates nearest to target, for "did you
// mean" hints. Distance is the Levenshtein edit distance over runes (one
// insertion, deletion or substitution of a character costs 1). A candidate
// is reasonably close, and returned, only if its distance d satisfies
//
//	d <= max(1, L/3)
//
// where L is the rune length of the longer of target and the candidate;
// that is, at most a third of the characters differ (always allowing one
// edit). Results are ordered by distance, then lexically; duplicates are
// dropped. Closest returns nil if n <= 0 or nothing is close.
func Closest(target string, candidates []string, n int) []string {
	if n <= 0 {
		return nil
	}
	type scored struct {
		s string
		d int
	}
	t := []rune(target)
	var out []scored
	seen := make(map[string]bool)
	for _, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		limit := utf8.RuneCountInString(c)
		if len(t) > limit {
			limit = len(t)
		}
		limit /= 3
		if limit < 1 {
			limit = 1
		}
		if d, ok := boundedLevenshtein(t, []rune(c), limit); ok {
			out = append(out, scored{c, d})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return out[i].s < out[j].s
	})
	if len(out) > n {
		out = out[:n]
	}
	if len(out) == 0 {
		return nil
	}
	res := make([]string, len(out))
	for i, o := range out {
		res[i] = o.s
	}
	return res
}

// boundedLevenshtein returns the edit distance between a and b and whether
// it is at most limit. It gives up early once every entry of a row exceeds
// limit.
func boundedLevenshtein(a, b []rune, limit int) (int, bool) {
	if d := len(a) - len(b); d > limit || -d > limit {
		return 0, false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if x := prev[j] + 1; x < v {
				v = x
			}
			if x := cur[j-1] + 1; x < v {
				v = x
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > limit {
			return 0, false
		}
		prev, cur = cur, prev
	}
	d := prev[len(b)]
	return d, d <= limit
}

// Distance returns the Levenshtein distance between a and b (over runes)
// and whether it is at most limit; past limit the distance is not
// computed in full.
func Distance(a, b string, limit int) (int, bool) {
	return boundedLevenshtein([]rune(a), []rune(b), limit)
}

// Ties says which of the candidates equally near a word Nearest returns.
type Ties int

const (
	// First is the first of them in the candidates' order.
	First Ties = iota
	// Least is the lexically least of them.
	Least
	// None is none: the word is as near to several candidates, and no
	// hint is given.
	None
)

// Options shape Nearest.
type Options struct {
	// Limit is the most edits a candidate may be from the word.
	Limit int
	// Norm, when set, is applied to the word and to every candidate
	// before they are compared (case folding, "_" for "-"); the
	// candidate is returned as given.
	Norm func(string) string
	// Ties picks among equally near candidates.
	Ties Ties
	// Differ leaves out the candidates equal to the word (no edit).
	Differ bool
}

// Nearest returns the candidate nearest to s, at most o.Limit edits from
// it, "" when there is none (or, with None, when the nearest are several).
func Nearest(s string, candidates []string, o Options) string {
	norm := o.Norm
	if norm == nil {
		norm = func(x string) string { return x }
	}
	t := []rune(norm(s))
	best, bestD, found, tie := "", 0, false, false
	for _, c := range candidates {
		d, ok := boundedLevenshtein(t, []rune(norm(c)), o.Limit)
		if !ok || (o.Differ && d == 0) {
			continue
		}
		switch {
		case !found || d < bestD:
			best, bestD, found, tie = c, d, true, false
		case d == bestD:
			tie = true
			if o.Ties == Least && c < best {
				best = c
			}
		}
	}
	if tie && o.Ties == None {
		return ""
	}
	return best
}
