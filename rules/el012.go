package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// EL012 reports an ordered cache behavior that never receives a request:
// every path its pattern matches is matched first by earlier behaviors.
var EL012 = register(&Rule{
	Code:     "EL012",
	Name:     "behavior-shadowed",
	Severity: Warning,
	Summary:  "An ordered cache behavior never receives a request: every path its pattern matches is matched first by earlier behaviors",
	Doc:      doc("EL012"),
	Run:      runEL012,
})

// AspectShadowed is a behavior to which earlier behaviors leave no request.
const AspectShadowed Aspect = "shadowed"

func runEL012(p *Pass) []Finding {
	var out []Finding
	for _, d := range p.Config.Distributions {
		out = append(out, shadowed(p.Config.Symbols, d)...)
	}
	return out
}

// shadowed reports the ordered behaviors of d whose pattern is covered by
// the union of the earlier behaviors' patterns: exact language inclusion,
// decided by a first-match query over every path (pathmatch.Reach with
// PatternTemplate("*")) within a work budget of its own, so that this
// rule's searches leave the other rules' budgets untouched. A question the
// bounds leave undecided is not reported.
func shadowed(syms *model.Symbols, d *model.Distribution) []Finding {
	if d.Dynamic {
		// Blocks the parser could not expand may sit anywhere in the
		// order: which behaviors come first is not known.
		return nil
	}
	var pats []string
	for _, b := range d.Behaviors {
		if b.Default || !patternKnownText(syms, b.PathPattern) {
			break
		}
		pats = append(pats, b.PathPattern.V)
	}
	if len(pats) < 2 {
		return nil
	}
	budget := pathmatch.NewBudget(distBudget)
	order := pathmatch.NewOrder(pats, budget)
	everything := pathmatch.PatternTemplate("*")
	var out []Finding
	for i := 1; i < len(pats); i++ {
		_, receives, decided := order.Reach("", pats[i], i).Reaches(everything)
		if !decided {
			out = append(out, shadowedTooComplex(d, d.Behaviors[i]))
			continue
		}
		if receives {
			continue
		}
		// The earlier behaviors that share a path with this one cover
		// it together; the others take none of its requests.
		g := pathmatch.CompileGlob("", pats[i])
		var cover []*model.Behavior
		sure := true
		for j := 0; j < i; j++ {
			_, ok, dec := pathmatch.IntersectsWithin(g, pathmatch.PatternTemplate(pats[j]), budget)
			sure = sure && dec
			if ok {
				cover = append(cover, d.Behaviors[j])
			}
		}
		if sure && len(cover) > 0 {
			cover = minimalCover(pats[i], cover, budget)
		}
		if !sure || len(cover) == 0 {
			// Shadowed for certain, but which behaviors cover it the
			// bounds left undecided.
			out = append(out, shadowedTooComplex(d, d.Behaviors[i]))
			continue
		}
		out = append(out, shadowedFinding(d, d.Behaviors[i], cover))
	}
	return out
}

// minimalCover drops from cover, latest first, each behavior without which
// the others still cover pattern: what is left covers it, every behavior
// named is needed, and earlier behaviors (those that take the requests)
// are kept in preference. It returns nil when the bounds leave a question
// undecided.
func minimalCover(pattern string, cover []*model.Behavior, budget *pathmatch.Budget) []*model.Behavior {
	everything := pathmatch.PatternTemplate("*")
	for k := len(cover) - 1; k >= 0 && len(cover) > 1; k-- {
		var rest []string
		for j, c := range cover {
			if j != k {
				rest = append(rest, c.PathPattern.V)
			}
		}
		_, receives, decided := pathmatch.NewOrder(rest, budget).Reach("", pattern, len(rest)).Reaches(everything)
		if !decided {
			return nil
		}
		if !receives {
			cover = append(cover[:k:k], cover[k+1:]...)
		}
	}
	return cover
}

func shadowedFinding(d *model.Distribution, b *model.Behavior, cover []*model.Behavior) Finding {
	var names []string
	var rel []Related
	for _, c := range cover {
		names = append(names, quote(c.PathPattern.V))
		rel = append(rel, Related{Message: "behavior " + quote(c.PathPattern.V), Range: c.PathPattern.Range})
	}
	by := "behavior " + names[0] + ", which comes before it and matches every path it matches"
	if len(names) > 1 {
		by = "behaviors " + strings.Join(names, ", ") + ", which come before it and together match every path it matches"
	}
	return Finding{
		Severity: Warning,
		Range:    b.PathPattern.Range,
		Message: "behavior " + quote(b.PathPattern.V) + " never receives a request: it is shadowed by " + by +
			", and CloudFront sends each request to the first behavior whose pattern matches",
		Notes: append([]string{
			"move behavior " + quote(b.PathPattern.V) + " above " + strings.Join(names, ", ") + " if it should take these requests, or remove it",
		}, construct(d.Source)...),
		Related: append(rel, via(b.PathPattern)...),
		Subject: Subject{Distribution: d, Behavior: b, Aspect: AspectShadowed},
	}
}

// shadowedTooComplex reports, as information, a behavior for which the
// path matching bounds left undecided whether it receives any request.
func shadowedTooComplex(d *model.Distribution, b *model.Behavior) Finding {
	return Finding{
		Severity: Info,
		Range:    b.PathPattern.Range,
		Message: "too complex to decide whether behavior " + quote(b.PathPattern.V) +
			" receives any request, or which earlier behaviors take its requests: the path matching exceeded its work bounds, so the answer is unknown",
		Notes:   append([]string{"check by hand that the earlier behaviors leave it some paths, or simplify the path patterns"}, construct(d.Source)...),
		Subject: Subject{Distribution: d, Behavior: b, Aspect: AspectShadowed},
	}
}

// patternKnownText reports whether a path pattern is known text path
// matching can read (as analysis.patternKnown).
func patternKnownText(syms *model.Symbols, p model.Str) bool {
	return p.Known && !syms.HasUnknown(p.V) && utf8.ValidString(p.V)
}
