// Package pathmatch decides exactly whether a CloudFront cache behavior can
// forward a request to an API Gateway resource.
//
// Both sides are regular languages over runes and are compiled to small
// nondeterministic automata with symbolic edges (a literal rune, any rune, or
// any rune except '/'). Intersects searches the product automaton
// breadth-first, so it answers the emptiness of the intersection exactly and
// returns a shortest common path as a witness. Nothing here compares
// prefixes or uses backtracking regular expressions; every operation is
// polynomial (product of the two automaton sizes at most), except that
// Reaches determinises a union of patterns and so works within a budget.
//
// # CloudFront path patterns
//
// Following the CloudFront Developer Guide, "Path pattern"
// (DownloadDistValuesPathPattern):
//
//   - '*' matches 0 or more characters, including '/';
//   - '?' matches exactly one character, including '/';
//   - every other character is literal, and matching is case-sensitive;
//   - the leading '/' is optional: "api/*" is the same as "/api/*", and "*"
//     the same as "/*". Viewer paths always begin with '/', so a pattern
//     without one is normalised by prepending it.
//
// Thus "/api/*" matches "/api/" and "/api/a/b" but not "/api". CloudFront
// never strips the matched pattern: the path sent to the origin is the
// origin path (a literal, possibly empty, such as "/prod") followed by the
// full viewer path. CompileGlob therefore takes the literal origin path and
// the glob separately; '*' and '?' in the origin path are literal.
//
// # API Gateway resource paths
//
// A resource path template is a sequence of '/'-separated segments; the root
// resource is "/". A segment is literal text, a path parameter "{name}"
// (exactly one non-empty segment: one or more characters other than '/'), or
// a greedy path parameter "{name+}" (API Gateway "Set up a proxy integration
// with a proxy resource"), which must be the last segment and matches one or
// more non-empty segments. "/{proxy+}" does not match the root "/", and
// "/parent/{proxy+}" matches neither "/parent" nor "/parent/". API Gateway
// ignores a single trailing slash when routing ("/hello/" routes like
// "/hello"), so a template also matches its paths followed by one '/';
// "//" never matches. Matching is case-sensitive.
//
// A literal prefix, such as the stage in a REST API invoke URL ("/prod"),
// may be put in front of a template; the root resource under prefix "/prod"
// matches "/prod" and "/prod/".
//
// # Evaluation order
//
// CloudFront evaluates cache behaviors in order, and the first behavior
// whose path pattern matches the viewer path handles the request; the
// default behavior ("*") comes last. A behavior therefore receives the
// viewer paths its pattern matches minus those any earlier behavior's
// pattern matches. The exclusion is over viewer paths: each behavior's own
// origin path is prepended only afterwards, when the request is forwarded.
// CompileGlob("", pattern) is the language of a pattern over viewer paths;
// Reaches and NewReach take the origin path, the behavior's pattern and the
// earlier patterns, and decide whether a received request is forwarded to a
// path a template matches. Excluding a union of patterns needs a
// determinisation, which is built lazily; past a fixed work limit Reaches
// reports the answer as undecided rather than guess. An Order compiles the
// patterns of a whole distribution once, shares the determinisation
// between its behaviors, and charges every query to a Budget: the work
// spent on one distribution is bounded, and the queries past the bound are
// undecided too (IntersectsWithin does the same for Intersects).
// ParseTemplateStrict
// compiles a template without API Gateway's trailing-slash tolerance, for
// callers that count only canonical paths.
//
// # Characters and invalid input
//
// Paths are sequences of Unicode characters (runes) of valid UTF-8 text:
// '?' and a parameter's characters are whole runes. CloudFront compares a
// pattern with the path of the request URL, and both are ASCII in a
// working distribution: a path pattern may only hold the characters
// A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + and & (CloudFront Developer Guide,
// "Path pattern"; aws-facts §1), and a URL carries every other character
// percent-encoded (RFC 3986 §2.1), so on real paths runes and bytes agree.
// The other runes that reach this package are the private-use runes
// edgelint puts in strings for values unknown before deploy: they are
// ordinary literals, one character each, which reading bytes would split.
//
// A string that is not valid UTF-8 is no path a viewer can send nor a
// pattern CloudFront accepts, and reading it as runes would merge
// different bytes into one U+FFFD (so "\xff/a" and "\xa6/a" would share a
// path while their literal prefixes differ). Such input is rejected before
// matching rather than decoded: CompileGlob and NewReach return a query
// that matches nothing, ParseTemplate an error, an earlier pattern that is
// not valid UTF-8 excludes nothing, and Match reports false for such a
// path. Callers that must not turn this into an answer (a rule deciding
// that a behavior reaches no resource) check utf8.ValidString first and
// treat the value as unknown.
package pathmatch

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Glob is a compiled forwarded-path pattern: a literal prefix (the origin
// path) followed by a normalised CloudFront path pattern. The zero Glob
// matches nothing.
type Glob struct {
	prefix  string
	pattern string // normalised: begins with '/'
	m       *nfa
}

// normalisePattern prepends the optional leading '/' of a CloudFront path
// pattern.
func normalisePattern(pattern string) string {
	if strings.HasPrefix(pattern, "/") {
		return pattern
	}
	return "/" + pattern
}

// CompileGlob compiles the language of paths CloudFront forwards to the
// origin for a cache behavior: literalPrefix (the origin path, matched
// literally even if it contains '*' or '?') followed by pattern, a
// CloudFront path pattern normalised with a leading '/'.
//
// Compilation cannot fail: every valid UTF-8 string is a valid path
// pattern. If literalPrefix or pattern is not valid UTF-8, CompileGlob
// returns the zero Glob, which matches nothing (see the package doc).
func CompileGlob(literalPrefix, pattern string) Glob {
	if !utf8.ValidString(literalPrefix) || !utf8.ValidString(pattern) {
		return Glob{}
	}
	pattern = normalisePattern(pattern)
	m := &nfa{}
	m.appendGlob(literalPrefix, pattern)
	return Glob{prefix: literalPrefix, pattern: pattern, m: m}
}

// appendGlob appends to m the states of an automaton for literalPrefix
// (literal) followed by pattern, a normalised CloudFront path pattern. Its
// start state is the first state appended; its edges lead only to its own
// states.
func (m *nfa) appendGlob(literalPrefix, pattern string) {
	// Token list: literal runes of the prefix, then the pattern with runs of
	// '*' collapsed (they denote the same language).
	type tok struct {
		cls  class
		r    rune
		star bool
	}
	var toks []tok
	for _, c := range literalPrefix {
		toks = append(toks, tok{cls: classLit, r: c})
	}
	for _, c := range pattern {
		switch c {
		case '*':
			if n := len(toks); n > 0 && toks[n-1].star {
				continue
			}
			toks = append(toks, tok{star: true})
		case '?':
			toks = append(toks, tok{cls: classAny})
		default:
			toks = append(toks, tok{cls: classLit, r: c})
		}
	}
	// State off+i is "before token i"; state off+len(toks) accepts. A star
	// state loops on any rune and, since the star may match nothing, also
	// has the edges and acceptance of the following state (which is not a
	// star). Every state has at most two edges; they share one buffer, each
	// state's slice capped so that appending to it cannot clobber another.
	n := len(toks)
	off := int32(m.size())
	m.edges = append(m.edges, make([][]edge, n+1)...)
	m.accept = append(m.accept, make([]bool, n+1)...)
	m.accept[off+int32(n)] = true
	flat := make([]edge, 2*n)
	k := 0
	for i := n - 1; i >= 0; i-- {
		t, st := toks[i], off+int32(i)
		if t.star {
			next := m.edges[st+1]
			e := flat[k : k+1+len(next) : k+1+len(next)]
			e[0] = edge{cls: classAny, to: st}
			copy(e[1:], next)
			m.edges[st] = e
			m.accept[st] = m.accept[st+1]
			k += len(e)
			continue
		}
		m.edges[st] = flat[k : k+1 : k+1]
		m.edges[st][0] = edge{cls: t.cls, r: t.r, to: st + 1}
		k++
	}
}

// Match reports whether path is in the glob's language.
func (g Glob) Match(path string) bool { return g.m.match(path) }

// String returns the literal prefix followed by the normalised pattern, for
// display. Wildcard characters from the prefix are not distinguished.
func (g Glob) String() string { return g.prefix + g.pattern }

// Sample returns a readable concrete path the glob matches, for messages:
// the literal prefix followed by the normalised pattern in which each run of
// '*' and each '?' is replaced by "x". For example, prefix "/prod" with
// pattern "api/*" gives "/prod/api/x", and pattern "*.jpg" gives "/x.jpg".
// The zero Glob returns "".
func (g Glob) Sample() string {
	if g.m == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(g.prefix)
	prevStar := false
	for _, c := range g.pattern {
		switch c {
		case '*':
			if !prevStar {
				b.WriteByte('x')
			}
			prevStar = true
			continue
		case '?':
			b.WriteByte('x')
		default:
			b.WriteRune(c)
		}
		prevStar = false
	}
	return b.String()
}

// LiteralPrefix returns the literal part of a CloudFront path pattern before
// its first '*' or '?', after normalising the leading '/'. Every viewer path
// the pattern matches begins with it: LiteralPrefix("api/*") is "/api/".
func LiteralPrefix(pattern string) string {
	pattern = normalisePattern(pattern)
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		return pattern[:i]
	}
	return pattern
}

// ErrMalformedTemplate is wrapped by the errors ParseTemplate returns.
var ErrMalformedTemplate = errors.New("malformed resource path")

// Template is a compiled API Gateway resource path template with a literal
// prefix. The zero Template matches nothing.
type Template struct {
	prefix string
	path   string
	m      *nfa
	// lit is a literal text every path in the language begins with.
	lit string
}

// segment kinds.
const (
	segLiteral = iota
	segParam
	segGreedy
)

// ParseTemplate compiles an API Gateway resource path template. prefix is
// prepended verbatim as literal text (for example "/prod" for a REST API
// stage, or "" for none); it should not end in '/'. path is a resource path
// such as "/", "/users/{id}" or "/files/{proxy+}".
//
// The language is prefix + path, where "{name}" matches one non-empty
// segment and a final "{name+}" one or more non-empty segments, optionally
// followed by one trailing '/'. The root path "/" matches prefix and
// prefix+"/" (only "/" when prefix is empty).
//
// path must begin with '/'. A single trailing '/' on a non-root path is
// ignored. ParseTemplate returns an error wrapping ErrMalformedTemplate for
// an empty segment ("//"), unbalanced braces, a parameter that is not a whole
// segment (such as "a{id}"), an empty parameter name ("{}" or "{+}"), or a
// greedy parameter that is not the last segment, and for a prefix or path
// that is not valid UTF-8.
func ParseTemplate(prefix, path string) (Template, error) {
	return parseTemplate(prefix, path, false)
}

// ParseTemplateStrict is ParseTemplate without the trailing-slash
// tolerance: the language is exactly prefix + path with its parameters
// expanded. "/users" matches only prefix+"/users" (not prefix+"/users/"),
// "/files/{p+}" matches prefix+"/files/a/b" but not prefix+"/files/a/b/",
// and the root path "/" matches only prefix+"/" (so only "/" when prefix is
// empty). The syntax and the errors are those of ParseTemplate; in
// particular a single trailing '/' in path is still accepted and ignored,
// so "/users/" compiles like "/users".
//
// Use it where a conservative answer needs the canonical form of each path
// only, such as Reaches for resources a behavior really receives.
func ParseTemplateStrict(prefix, path string) (Template, error) {
	return parseTemplate(prefix, path, true)
}

// parseTemplate implements ParseTemplate and, when strict is set,
// ParseTemplateStrict.
func parseTemplate(prefix, path string, strict bool) (Template, error) {
	fail := func(format string, args ...any) (Template, error) {
		return Template{}, fmt.Errorf("%w %q: %s", ErrMalformedTemplate, path, fmt.Sprintf(format, args...))
	}
	if !utf8.ValidString(prefix) || !utf8.ValidString(path) {
		return fail("not valid UTF-8")
	}
	if !strings.HasPrefix(path, "/") {
		return fail("must begin with '/'")
	}
	var segs []string
	if path != "/" {
		segs = strings.Split(strings.TrimSuffix(path[1:], "/"), "/")
	}
	kinds := make([]int, len(segs))
	for i, s := range segs {
		if s == "" {
			return fail("empty segment")
		}
		nOpen, nClose := strings.Count(s, "{"), strings.Count(s, "}")
		if nOpen == 0 && nClose == 0 {
			kinds[i] = segLiteral
			continue
		}
		if nOpen != 1 || nClose != 1 || !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
			if nOpen != nClose {
				return fail("unbalanced braces in segment %q", s)
			}
			return fail("parameter in segment %q is not the whole segment", s)
		}
		name := s[1 : len(s)-1]
		kinds[i] = segParam
		if strings.HasSuffix(name, "+") {
			name = strings.TrimSuffix(name, "+")
			kinds[i] = segGreedy
			if i != len(segs)-1 {
				return fail("greedy parameter %q is not the last segment", s)
			}
		}
		if name == "" {
			return fail("empty parameter name in segment %q", s)
		}
	}

	m := &nfa{}
	cur := m.addState(false)
	lit := func(c rune) {
		next := m.addState(false)
		m.addEdge(cur, classLit, c, next)
		cur = next
	}
	for _, c := range prefix {
		lit(c)
	}
	for i, s := range segs {
		lit('/')
		switch kinds[i] {
		case segLiteral:
			for _, c := range s {
				lit(c)
			}
		case segParam: // [^/]+
			next := m.addState(false)
			m.addEdge(cur, classNotSlash, 0, next)
			m.addEdge(next, classNotSlash, 0, next)
			cur = next
		case segGreedy: // [^/]+(/[^/]+)*, with an optional trailing '/' unless strict
			seg := m.addState(true)
			slash := m.addState(!strict)
			m.addEdge(cur, classNotSlash, 0, seg)
			m.addEdge(seg, classNotSlash, 0, seg)
			m.addEdge(seg, classLit, '/', slash)
			m.addEdge(slash, classNotSlash, 0, seg)
			return Template{prefix: prefix, path: path, m: m, lit: templateLit(prefix, segs, kinds)}, nil
		}
	}
	if strict {
		// Exactly prefix + path: the root path is prefix + "/".
		if len(segs) == 0 {
			lit('/')
		}
		m.accept[cur] = true
		return Template{prefix: prefix, path: path, m: m, lit: templateLit(prefix, segs, kinds)}, nil
	}
	// End of the path, optionally followed by one '/'. With no prefix and no
	// segments the path would be empty, which is not a path: require the '/'.
	m.accept[cur] = prefix != "" || len(segs) > 0
	end := m.addState(true)
	m.addEdge(cur, classLit, '/', end)
	return Template{prefix: prefix, path: path, m: m, lit: templateLit(prefix, segs, kinds)}, nil
}

// templateLit is the literal text every path of a template begins with:
// the prefix and the literal segments up to the first parameter.
func templateLit(prefix string, segs []string, kinds []int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i, s := range segs {
		b.WriteByte('/')
		if kinds[i] != segLiteral {
			break
		}
		b.WriteString(s)
	}
	return b.String()
}

// mayMeet reports whether two languages whose paths begin with a and b
// may share a path: one of a, b must begin with the other.
func mayMeet(a, b string) bool {
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// Match reports whether path is in the template's language.
func (t Template) Match(path string) bool { return t.m.match(path) }

// String returns the prefix followed by the resource path, for display.
func (t Template) String() string { return t.prefix + t.path }

// Intersects reports whether some path is matched by both g and t. The
// answer is exact. When ok is true, witness is a shortest such path; where
// both sides allow any character it uses 'x', so the result is deterministic
// and readable (for example "/users/*" and "/users/{id}" give "/users/x").
//
// Intersects is not limited: its work is polynomial, at most the product of
// the two automata's sizes. Use IntersectsWithin where inputs of any size
// and many queries must stay within bounds.
func Intersects(g Glob, t Template) (witness string, ok bool) {
	if t.m == nil || g.m == nil || !mayMeet(g.prefix+LiteralPrefix(g.pattern), t.lit) {
		return "", false
	}
	witness, ok, _ = shortestCommon(g.m, t.m, false, nil)
	return witness, ok
}

// IntersectsWithin is Intersects within bounds: it visits at most 2^22
// states of the product automaton, and charges those it visits to budget
// (nil for none). When either bound would be exceeded, or budget is
// already spent, decided is false and the answer unknown; otherwise it is
// exact and equal to Intersects'.
func IntersectsWithin(g Glob, t Template, budget *Budget) (witness string, ok, decided bool) {
	if t.m == nil || g.m == nil || !mayMeet(g.prefix+LiteralPrefix(g.pattern), t.lit) {
		return "", false, true
	}
	if budget.Exhausted() {
		return "", false, false
	}
	return shortestCommon(g.m, t.m, true, budget)
}
