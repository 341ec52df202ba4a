package pathmatch

// PatternTemplate returns the language of a CloudFront path pattern
// (normalised as by CompileGlob) as a Template, so that a Reach can be
// asked about the viewer paths a behavior shares with another pattern:
// with an empty origin prefix, Reach(...).Reaches(PatternTemplate("*"))
// reports whether a behavior receives any request at all (whether the
// earlier patterns leave any of its paths), and
// IntersectsWithin(CompileGlob("", a), PatternTemplate(b), budget) whether
// two patterns share a path. A pattern that is not valid UTF-8 gives the
// zero Template, which matches nothing.
func PatternTemplate(pattern string) Template {
	g := CompileGlob("", pattern)
	if g.m == nil {
		return Template{}
	}
	return Template{path: g.pattern, m: g.m, lit: LiteralPrefix(g.pattern)}
}
