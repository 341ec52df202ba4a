package pathmatch

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The naive matchers below are written directly from the documented
// semantics and share no code with the automata.

// naiveGlob reports whether s is origin + pattern (leading '/' optional in
// pattern) under CloudFront glob rules, by plain recursion.
func naiveGlob(origin, pattern, s string) bool {
	if !strings.HasPrefix(s, origin) {
		return false
	}
	if !strings.HasPrefix(pattern, "/") {
		pattern = "/" + pattern
	}
	return naiveGlobRunes([]rune(pattern), []rune(s[len(origin):]))
}

func naiveGlobRunes(p, s []rune) bool {
	if len(p) == 0 {
		return len(s) == 0
	}
	switch p[0] {
	case '*':
		return naiveGlobRunes(p[1:], s) || (len(s) > 0 && naiveGlobRunes(p, s[1:]))
	case '?':
		return len(s) > 0 && naiveGlobRunes(p[1:], s[1:])
	default:
		return len(s) > 0 && s[0] == p[0] && naiveGlobRunes(p[1:], s[1:])
	}
}

// naiveSegments splits a resource path into its segments and reports
// whether it is well formed.
func naiveSegments(path string) ([]string, bool) {
	if path == "/" {
		return nil, true
	}
	if len(path) < 2 || path[0] != '/' {
		return nil, false
	}
	body := path[1:]
	if body[len(body)-1] == '/' {
		body = body[:len(body)-1]
	}
	segs := strings.Split(body, "/")
	for i, s := range segs {
		if s == "" {
			return nil, false
		}
		if !strings.ContainsAny(s, "{}") {
			continue
		}
		if len(s) < 3 || s[0] != '{' || s[len(s)-1] != '}' {
			return nil, false
		}
		name := s[1 : len(s)-1]
		if strings.ContainsAny(name, "{}") {
			return nil, false
		}
		if name[len(name)-1] == '+' {
			if len(name) == 1 || i != len(segs)-1 {
				return nil, false
			}
		}
	}
	return segs, true
}

// naiveTemplate reports whether s is routed to resource path tmpl under
// stage prefix, matching segment by segment.
func naiveTemplate(prefix, tmpl, s string) bool {
	segs, ok := naiveSegments(tmpl)
	return ok && naiveTemplateSegs(prefix, segs, s)
}

// naiveTemplateSegs is naiveTemplate for an already split template.
func naiveTemplateSegs(prefix string, segs []string, s string) bool {
	if !strings.HasPrefix(s, prefix) {
		return false
	}
	rest := s[len(prefix):]
	if len(segs) == 0 {
		return rest == "/" || (rest == "" && prefix != "")
	}
	if !strings.HasPrefix(rest, "/") {
		return false
	}
	if len(rest) > 1 && strings.HasSuffix(rest, "/") {
		rest = rest[:len(rest)-1]
	}
	req := strings.Split(rest[1:], "/")
	for _, r := range req {
		if r == "" {
			return false
		}
	}
	for i, seg := range segs {
		if strings.HasSuffix(seg, "+}") {
			return len(req) > i // one or more remaining segments
		}
		if i >= len(req) {
			return false
		}
		if !strings.HasPrefix(seg, "{") && seg != req[i] {
			return false
		}
	}
	return len(req) == len(segs)
}

// enumerate calls f with every string start+suffix where suffix ranges over
// all strings of at most maxLen runes from alphabet, shortest first.
func enumerate(start string, alphabet []rune, maxLen int, f func(string) bool) {
	level := []string{start}
	for n := 0; n <= maxLen; n++ {
		for _, s := range level {
			if !f(s) {
				return
			}
		}
		if n == maxLen {
			return
		}
		next := make([]string, 0, len(level)*len(alphabet))
		for _, s := range level {
			for _, c := range alphabet {
				next = append(next, s+string(c))
			}
		}
		level = next
	}
}

// enumerateViable is enumerate restricted to strings s with viable(s): a
// string that is not viable is neither passed to f nor extended, so viable
// must hold for every prefix of a string f is interested in.
func enumerateViable(start string, alphabet []rune, maxLen int, viable, f func(string) bool) {
	level := []string{start}
	for n := 0; n <= maxLen && len(level) > 0; n++ {
		for _, s := range level {
			if !f(s) {
				return
			}
		}
		var next []string
		for _, s := range level {
			for _, c := range alphabet {
				if t := s + string(c); viable(t) {
					next = append(next, t)
				}
			}
		}
		level = next
	}
}

// naiveGlobViable reports whether some extension of s (possibly s itself)
// matches the normalised pattern p: whether s is a prefix of a string in
// its language.
func naiveGlobViable(p, s []rune) bool {
	if len(s) == 0 {
		return true // every pattern matches some string
	}
	if len(p) == 0 {
		return false
	}
	switch p[0] {
	case '*':
		return naiveGlobViable(p[1:], s) || naiveGlobViable(p, s[1:])
	case '?':
		return naiveGlobViable(p[1:], s[1:])
	default:
		return s[0] == p[0] && naiveGlobViable(p[1:], s[1:])
	}
}

func randString(r *rand.Rand, alphabet string, maxLen int) string {
	n := r.IntN(maxLen + 1)
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func randTemplate(r *rand.Rand) string {
	n := r.IntN(4)
	if n == 0 {
		return "/"
	}
	var b strings.Builder
	for i := range n {
		choices := []string{"a", "b", "ab", "{p}"}
		if i == n-1 {
			choices = append(choices, "{p+}")
		}
		b.WriteString("/" + choices[r.IntN(len(choices))])
	}
	if r.IntN(8) == 0 {
		b.WriteString("/")
	}
	return b.String()
}

// oracleCase checks Intersects and both Match methods against the naive
// matchers for one case by enumerating candidate strings.
//
// Every string in the glob language begins with the origin path, so only
// strings origin+suffix are enumerated, with suffix over alphabet (which
// must contain every rune that may follow the origin path in a common
// string, except that a character both sides accept as a wildcard may be
// replaced by 'a'). Then the shortest common string has at most
// maxLen suffix runes iff the enumeration finds one, of the same length.
func oracleCase(t *testing.T, origin, pattern, stage, tmpl string, alphabet []rune, maxLen int) {
	t.Helper()
	g := CompileGlob(origin, pattern)
	tm, err := ParseTemplate(stage, tmpl)
	if err != nil {
		t.Fatalf("ParseTemplate(%q, %q): %v", stage, tmpl, err)
	}
	segs, _ := naiveSegments(tmpl)
	found := ""
	foundOK := false
	enumerate(origin, alphabet, maxLen, func(s string) bool {
		ng, nt := naiveGlob(origin, pattern, s), naiveTemplateSegs(stage, segs, s)
		if g.Match(s) != ng {
			t.Fatalf("CompileGlob(%q, %q).Match(%q) = %v, naive %v", origin, pattern, s, !ng, ng)
		}
		if tm.Match(s) != nt {
			t.Fatalf("ParseTemplate(%q, %q).Match(%q) = %v, naive %v", stage, tmpl, s, !nt, nt)
		}
		if ng && nt {
			found, foundOK = s, true
			return false
		}
		return true
	})
	w, ok := Intersects(g, tm)
	if ok {
		if !naiveGlob(origin, pattern, w) || !naiveTemplate(stage, tmpl, w) {
			t.Fatalf("Intersects(%q+%q, %q+%q) witness %q rejected by naive matchers", origin, pattern, stage, tmpl, w)
		}
	}
	switch {
	case foundOK && !ok:
		t.Fatalf("Intersects(%q+%q, %q+%q) = false, but %q is in both", origin, pattern, stage, tmpl, found)
	case foundOK && utf8.RuneCountInString(w) != utf8.RuneCountInString(found):
		t.Fatalf("Intersects(%q+%q, %q+%q) witness %q is not shortest; %q is in both", origin, pattern, stage, tmpl, w, found)
	case !foundOK && ok && utf8.RuneCountInString(w)-utf8.RuneCountInString(origin) <= maxLen:
		t.Fatalf("Intersects(%q+%q, %q+%q) witness %q within bound but not found by enumeration", origin, pattern, stage, tmpl, w)
	}
}

func TestOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const cases = 3000
	const maxLen = 7
	longWitness := 0
	hits := 0
	for range cases {
		origin := randString(r, "ab/", 3)
		if r.IntN(10) == 0 {
			origin += randString(r, "*?", 1)
		}
		pattern := randString(r, "ab/*?", 6)
		if r.IntN(2) == 0 && !strings.HasPrefix(pattern, "/") {
			pattern = "/" + pattern
		}
		// Stages are often the origin path, so that the two can line up.
		stage := origin
		if r.IntN(3) == 0 {
			stage = randString(r, "ab/", 3)
		}
		tmpl := randTemplate(r)
		alphabet := []rune("ab/")
		for _, c := range stage {
			if !strings.ContainsRune(string(alphabet), c) {
				alphabet = append(alphabet, c)
			}
		}
		oracleCase(t, origin, pattern, stage, tmpl, alphabet, maxLen)
		if w, ok := Intersects(CompileGlob(origin, pattern), mustTemplate(t, stage, tmpl)); ok {
			hits++
			if utf8.RuneCountInString(w)-utf8.RuneCountInString(origin) > maxLen {
				longWitness++
			}
		}
	}
	// Guard against a generator that only produces trivial cases.
	if hits < cases/10 || hits > cases*9/10 {
		t.Errorf("unbalanced generator: %d of %d cases intersect", hits, cases)
	}
	t.Logf("%d of %d cases intersect; %d witnesses beyond the enumeration bound", hits, cases, longWitness)
}

func TestNaiveMatchers(t *testing.T) {
	// The oracle is only as good as the naive matchers; pin them down.
	globs := []struct {
		origin, pattern, s string
		want               bool
	}{
		{"", "/api/*", "/api/", true},
		{"", "/api/*", "/api", false},
		{"", "api/*", "/api/a/b", true},
		{"", "?", "/a", true},
		{"", "?", "/ab", false},
		{"", "?", "/", false},
		{"", "/?", "//", true},
		{"/p*", "/x", "/p*/x", true},
		{"/p*", "/x", "/pa/x", false},
	}
	for _, tc := range globs {
		if got := naiveGlob(tc.origin, tc.pattern, tc.s); got != tc.want {
			t.Errorf("naiveGlob(%q, %q, %q) = %v", tc.origin, tc.pattern, tc.s, got)
		}
	}
	tmpls := []struct {
		prefix, tmpl, s string
		want            bool
	}{
		{"", "/", "/", true},
		{"", "/", "", false},
		{"/prod", "/", "/prod", true},
		{"/prod", "/", "/prod/", true},
		{"", "/{p+}", "/", false},
		{"", "/{p+}", "/a/b/", true},
		{"", "/a/{p}", "/a/", false},
		{"", "/a/{p}", "/a/b", true},
		{"", "/a/{p}", "/a/b/c", false},
		{"", "/a", "/a//", false},
		{"", "/a/{p+}", "/a//b", false},
	}
	for _, tc := range tmpls {
		if got := naiveTemplate(tc.prefix, tc.tmpl, tc.s); got != tc.want {
			t.Errorf("naiveTemplate(%q, %q, %q) = %v", tc.prefix, tc.tmpl, tc.s, got)
		}
	}
}

func FuzzIntersects(f *testing.F) {
	f.Add("/prod", "/api/*", "/prod", "/api/{id}")
	f.Add("", "*", "", "/{proxy+}")
	f.Add("/prod/dynamic", "/dynamic", "/prod", "/dynamic")
	f.Add("/p*", "?/x", "/p*", "/{a}/x/")
	f.Add("/"+tok, "a?", "/"+tok, "/")
	f.Fuzz(func(t *testing.T, origin, pattern, stage, tmpl string) {
		for _, s := range []string{origin, pattern, stage, tmpl} {
			if utf8.RuneCountInString(s) > 12 {
				return
			}
		}
		g := CompileGlob(origin, pattern)
		tm, err := ParseTemplate(stage, tmpl)
		// Input that is not valid UTF-8 is rejected before matching (the
		// package doc): the glob matches nothing, the template is an error,
		// whatever the other side.
		if !utf8.ValidString(origin) || !utf8.ValidString(pattern) {
			if g.Match(origin+pattern) || g.Match(origin+"/"+pattern) || g.Sample() != "" {
				t.Fatalf("CompileGlob(%q, %q) on invalid UTF-8 is not the zero Glob", origin, pattern)
			}
			if err == nil {
				if _, ok := Intersects(g, tm); ok {
					t.Fatalf("Intersects with a glob of invalid UTF-8 (%q, %q) = true", origin, pattern)
				}
			}
		}
		if !utf8.ValidString(stage) || !utf8.ValidString(tmpl) {
			if err == nil {
				t.Fatalf("ParseTemplate(%q, %q) of invalid UTF-8 accepted", stage, tmpl)
			}
			return
		}
		_, wellFormed := naiveSegments(tmpl)
		if (err == nil) != wellFormed {
			t.Fatalf("ParseTemplate(%q) error %v, naive well-formed %v", tmpl, err, wellFormed)
		}
		if err != nil {
			return
		}
		if !utf8.ValidString(origin) || !utf8.ValidString(pattern) {
			return
		}
		if s := g.Sample(); !naiveGlob(origin, pattern, s) {
			t.Fatalf("Sample %q not matched by naive glob", s)
		}
		w, ok := Intersects(g, tm)
		if ok && (!naiveGlob(origin, pattern, w) || !naiveTemplate(stage, tmpl, w)) {
			t.Fatalf("witness %q rejected by naive matchers", w)
		}
		// Alphabet: '/', 'x' and the first few other literal runes of the
		// inputs (wildcards of the pattern and braces of the template are
		// syntax, not literals).
		alphabet := []rune{'/', 'x'}
		add := func(s, syntax string) {
			for _, c := range s {
				if len(alphabet) < 7 && !strings.ContainsRune(syntax, c) && !strings.ContainsRune(string(alphabet), c) {
					alphabet = append(alphabet, c)
				}
			}
		}
		add(stage, "")
		add(pattern, "*?")
		add(tmpl, "{}")
		enumerate(origin, alphabet, 4, func(s string) bool {
			ng, nt := naiveGlob(origin, pattern, s), naiveTemplate(stage, tmpl, s)
			if g.Match(s) != ng || tm.Match(s) != nt {
				t.Fatalf("Match(%q): glob %v (naive %v), template %v (naive %v)", s, g.Match(s), ng, tm.Match(s), nt)
			}
			if ng && nt && (!ok || utf8.RuneCountInString(w) > utf8.RuneCountInString(s)) {
				t.Fatalf("%q is in both but Intersects = %q, %v", s, w, ok)
			}
			return true
		})
	})
}

// naiveTemplateStrictSegs reports whether s is exactly prefix followed by a
// path of the split template, with no trailing-slash tolerance: the root
// template is prefix+"/" only.
func naiveTemplateStrictSegs(prefix string, segs []string, s string) bool {
	if !strings.HasPrefix(s, prefix) {
		return false
	}
	rest := s[len(prefix):]
	if len(segs) == 0 {
		return rest == "/"
	}
	if !strings.HasPrefix(rest, "/") {
		return false
	}
	req := strings.Split(rest[1:], "/")
	for _, r := range req {
		if r == "" {
			return false
		}
	}
	for i, seg := range segs {
		if strings.HasSuffix(seg, "+}") {
			return len(req) > i
		}
		if i >= len(req) || (!strings.HasPrefix(seg, "{") && seg != req[i]) {
			return false
		}
	}
	return len(req) == len(segs)
}

// normalisePatternNaive gives a pattern its optional leading '/'.
func normalisePatternNaive(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return "/" + p
}

// naiveReaches reports whether viewer path v is handled by a behavior with
// the given pattern placed after the earlier patterns, and forwarded under
// origin to the strict template.
func naiveReaches(origin, pattern string, earlier []string, stage string, segs []string, v string) bool {
	if !naiveGlob("", pattern, v) {
		return false
	}
	for _, e := range earlier {
		if naiveGlob("", e, v) {
			return false
		}
	}
	return naiveTemplateStrictSegs(stage, segs, origin+v)
}

// reachOracleCase checks Reaches (and the strict template's Match) against
// the naive matchers for one case by enumerating the viewer paths "/"+suffix
// with suffix over alphabet up to maxLen runes. alphabet must contain every
// literal rune of the inputs and one rune that is none of them, which
// stands for all the others; then the shortest reached viewer path has at
// most 1+maxLen runes iff the enumeration finds one of the same length. It
// returns Reaches' ok.
func reachOracleCase(t *testing.T, origin, pattern string, earlier []string, stage, tmpl string, alphabet []rune, maxLen int) bool {
	t.Helper()
	tm, err := ParseTemplateStrict(stage, tmpl)
	if err != nil {
		t.Fatalf("ParseTemplateStrict(%q, %q): %v", stage, tmpl, err)
	}
	segs, _ := naiveSegments(tmpl)
	desc := func() string {
		return "Reaches(" + strings.Join([]string{origin, pattern, "[" + strings.Join(earlier, " ") + "]", stage + tmpl}, ", ") + ")"
	}
	// Only viewer paths that can still be completed to match pattern are
	// extended.
	np := []rune(normalisePatternNaive(pattern))
	viable := func(v string) bool { return naiveGlobViable(np, []rune(v)) }
	found, foundOK := "", false
	enumerateViable("/", alphabet, maxLen, viable, func(v string) bool {
		if got, want := tm.Match(origin+v), naiveTemplateStrictSegs(stage, segs, origin+v); got != want {
			t.Fatalf("ParseTemplateStrict(%q, %q).Match(%q) = %v, naive %v", stage, tmpl, origin+v, got, want)
		}
		if naiveReaches(origin, pattern, earlier, stage, segs, v) {
			found, foundOK = v, true
			return false
		}
		return true
	})
	w, ok, decided := Reaches(origin, pattern, earlier, tm)
	if !decided {
		t.Fatalf("%s undecided on small inputs", desc())
	}
	if ok && !naiveReaches(origin, pattern, earlier, stage, segs, w) {
		t.Fatalf("%s witness %q rejected by naive matchers", desc(), w)
	}
	switch {
	case foundOK && !ok:
		t.Fatalf("%s = false, but viewer path %q is reached", desc(), found)
	case foundOK && utf8.RuneCountInString(w) != utf8.RuneCountInString(found):
		t.Fatalf("%s witness %q is not shortest; %q is reached", desc(), w, found)
	case !foundOK && ok && utf8.RuneCountInString(w) <= 1+maxLen:
		t.Fatalf("%s witness %q within bound but not found by enumeration", desc(), w)
	}
	// Without earlier patterns, Reaches is Intersects on the viewer path.
	w0, ok0, decided0 := Reaches(origin, pattern, nil, tm)
	wi, oki := Intersects(CompileGlob(origin, pattern), tm)
	if !decided0 || ok0 != oki || (ok0 && utf8.RuneCountInString(origin+w0) != utf8.RuneCountInString(wi)) {
		t.Fatalf("Reaches(%q, %q, nil, %q+%q) = %q, %v, %v; Intersects = %q, %v", origin, pattern, stage, tmpl, w0, ok0, decided0, wi, oki)
	}
	if ok && !ok0 {
		t.Fatalf("%s = true but false without earlier patterns", desc())
	}
	return ok
}

// randPattern returns a random CloudFront pattern over "ab/*?" of at most
// maxLen characters, with or without its leading '/'.
func randPattern(r *rand.Rand, maxLen int) string {
	p := randString(r, "ab/*?", maxLen)
	if r.IntN(2) == 0 && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// randPatternLike returns a random pattern shaped like the resource path
// tmpl, so that the two often overlap: a parameter becomes a short literal
// or wildcard, and the result is cut at a random point and given a random
// tail.
func randPatternLike(r *rand.Rand, tmpl string) string {
	var b strings.Builder
	for _, seg := range strings.Split(tmpl, "/")[1:] {
		b.WriteByte('/')
		switch {
		case strings.HasSuffix(seg, "+}"):
			b.WriteString([]string{"*", "a/b", "?"}[r.IntN(3)])
		case strings.HasPrefix(seg, "{"):
			b.WriteString([]string{"a", "?", "*", "ab"}[r.IntN(4)])
		default:
			b.WriteString(seg)
		}
	}
	p := b.String()
	return p[:r.IntN(len(p)+1)] + randString(r, "ab/*?", 2)
}

func TestReachOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const cases = 3000
	const maxLen = 6
	hits, excluded, longWitness := 0, 0, 0
	for range cases {
		origin := randString(r, "ab/", 3)
		stage := origin
		if r.IntN(4) == 0 {
			stage = randString(r, "ab/", 3)
		}
		tmpl := randTemplate(r)
		pattern := randPattern(r, 5)
		if r.IntN(2) == 0 {
			pattern = randPatternLike(r, tmpl)
		}
		var earlier []string
		for range r.IntN(4) {
			e := randPattern(r, 4)
			if r.IntN(2) == 0 {
				// Often a refinement of the behavior's own pattern, so
				// that the exclusion overlaps it.
				p := normalisePattern(pattern)
				e = p[:r.IntN(len(p)+1)] + randString(r, "ab/*?", 3)
			}
			earlier = append(earlier, e)
		}
		// 'x' is a literal of no input and stands for every other rune.
		ok := reachOracleCase(t, origin, pattern, earlier, stage, tmpl, []rune("ab/x"), maxLen)
		tm, _ := ParseTemplateStrict(stage, tmpl)
		_, ok0, _ := Reaches(origin, pattern, nil, tm)
		if ok {
			hits++
			if w, _, _ := Reaches(origin, pattern, earlier, tm); utf8.RuneCountInString(w) > 1+maxLen {
				longWitness++
			}
		} else if ok0 {
			excluded++
		}
	}
	// Guard against a generator that only produces trivial cases, or whose
	// earlier patterns never matter.
	if hits < cases/10 || hits > cases*9/10 {
		t.Errorf("unbalanced generator: %d of %d cases reach", hits, cases)
	}
	if excluded < cases/20 {
		t.Errorf("earlier patterns decide only %d of %d cases", excluded, cases)
	}
	t.Logf("%d of %d cases reach; %d unreachable only through earlier patterns; %d witnesses beyond the enumeration bound", hits, cases, excluded, longWitness)
}

func FuzzReaches(f *testing.F) {
	f.Add("/live", "*", "/orders", "", uint8(1), "/live", "/orders")
	f.Add("", "*", "/orders", "*.jpg", uint8(2), "", "/orders/{id}")
	f.Add("", "/api/*", "/api/public/*", "/api/x", uint8(2), "", "/api/{p+}")
	f.Add("", "/?", "/x", "/y", uint8(2), "", "/{p}")
	f.Add("/p*", "?/x", "?", "", uint8(1), "/p*", "/{a}/x/")
	f.Add("/"+tok, "*", "/"+tok+"*", "", uint8(1), "", "/{a}/{b+}")
	f.Fuzz(func(t *testing.T, origin, pattern, e1, e2 string, n uint8, stage, tmpl string) {
		for _, s := range []string{origin, pattern, e1, e2, stage, tmpl} {
			if utf8.RuneCountInString(s) > 8 {
				return
			}
		}
		raw := []string{e1, e2}[:int(n)%3]
		tm, err := ParseTemplateStrict(stage, tmpl)
		var w string
		var ok, decided bool
		if err == nil {
			w, ok, decided = Reaches(origin, pattern, raw, tm)
		}
		// Input that is not valid UTF-8 is rejected before matching (the
		// package doc): the template is an error, the behavior reaches
		// nothing, and an earlier pattern excludes nothing.
		if !utf8.ValidString(stage) || !utf8.ValidString(tmpl) {
			if err == nil {
				t.Fatalf("ParseTemplateStrict(%q, %q) of invalid UTF-8 accepted", stage, tmpl)
			}
			return
		}
		if !utf8.ValidString(origin) || !utf8.ValidString(pattern) {
			if ok || !decided && err == nil {
				t.Fatalf("Reaches with invalid UTF-8 (%q, %q) = %q, %v, %v", origin, pattern, w, ok, decided)
			}
			return
		}
		var earlier []string
		for _, e := range raw {
			if utf8.ValidString(e) {
				earlier = append(earlier, e)
			}
		}
		if err == nil {
			// Dropping the earlier patterns that match no path changes nothing.
			w2, ok2, decided2 := Reaches(origin, pattern, earlier, tm)
			if w2 != w || ok2 != ok || decided2 != decided {
				t.Fatalf("Reaches with earlier %q = %q, %v, %v; with %q = %q, %v, %v", raw, w, ok, decided, earlier, w2, ok2, decided2)
			}
		}
		segs, wellFormed := naiveSegments(tmpl)
		if (err == nil) != wellFormed {
			t.Fatalf("ParseTemplateStrict(%q) error %v, naive well-formed %v", tmpl, err, wellFormed)
		}
		if err != nil {
			return
		}
		if !decided {
			return // possible in principle even for short inputs
		}
		if ok && !naiveReaches(origin, pattern, earlier, stage, segs, w) {
			t.Fatalf("witness %q rejected by naive matchers", w)
		}
		// Alphabet: '/', 'x', and the first few other literal runes of the
		// inputs. Any reached viewer path the enumeration finds must be
		// reported, with a witness no longer.
		alphabet := []rune{'/', 'x'}
		add := func(s, syntax string) {
			for _, c := range s {
				if len(alphabet) < 6 && !strings.ContainsRune(syntax, c) && !strings.ContainsRune(string(alphabet), c) {
					alphabet = append(alphabet, c)
				}
			}
		}
		add(stage, "")
		add(tmpl, "{}")
		add(pattern, "*?")
		for _, e := range earlier {
			add(e, "*?")
		}
		enumerate("/", alphabet, 4, func(v string) bool {
			if got, want := tm.Match(origin+v), naiveTemplateStrictSegs(stage, segs, origin+v); got != want {
				t.Fatalf("Match(%q) = %v, naive %v", origin+v, got, want)
			}
			if naiveReaches(origin, pattern, earlier, stage, segs, v) && (!ok || utf8.RuneCountInString(w) > utf8.RuneCountInString(v)) {
				t.Fatalf("viewer path %q is reached but Reaches = %q, %v", v, w, ok)
			}
			return true
		})
	})
}
