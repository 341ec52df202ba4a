package rules

import (
	"strings"

	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// EL004 reports a behavior whose forwarded paths reach no API resource.
var EL004 = register(&Rule{
	Code:     "EL004",
	Name:     "behavior-matches-no-resource",
	Severity: Error,
	Summary:  "A behavior's path pattern, appended to the origin path, can match no API resource that has a method",
	Doc:      doc("EL004"),
	Requires: []*Analysis{Origins},
	Run:      runEL004,
})

func runEL004(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	for _, oi := range an.origins {
		if an.rootCause(oi) {
			continue
		}
		for _, b := range oi.behaviors {
			if _, bad := oi.badStageBehaviors[b]; bad {
				continue
			}
			r, fires := an.matchesNoResource(oi, b)
			if r.tooComplex && !r.decidable && !oi.prefixesUndecided {
				out = append(out, el004TooComplex(oi, b))
				continue
			}
			if !fires {
				continue
			}
			out = append(out, el004Finding(an, oi, b, r))
		}
	}
	return out
}

// matchesNoResource reports whether behavior b, through origin oi, can
// reach no API resource with a method: what EL004 reports (when no fault
// of the origin or of the stage the behavior names explains it first).
// Single requests (Requests) ask it too.
func (an *analysis) matchesNoResource(oi *originInfo, b *model.Behavior) (reach, bool) {
	r := an.behaviorReach(oi, b)
	return r, r.decidable && len(r.resources) == 0
}

func el004Finding(an *analysis, oi *originInfo, b *model.Behavior, r reach) Finding {
	a, o := oi.api, oi.origin
	sample := r.glob.Sample()
	if oi.stage == stageFromViewer {
		// Viewers supply the stage: show a path that carries one.
		for _, st := range oi.viewerStages {
			if p := "/" + st.V + sample; r.glob.Match(p) {
				sample = p
				break
			}
			if t, err := an.template("/"+st.V, "/{proxy+}", false); err == nil {
				if w, ok := pathmatch.Intersects(r.glob, t); ok {
					sample = w
					break
				}
			}
		}
	}
	host := an.display(model.ParseOriginDomain(o.DomainName.V).Host)
	pattern := b.PathPattern.V
	what := "behavior " + quote(pattern)
	if b.Default {
		what = "the default behavior"
	}
	// The part of the forwarded path after the stage, for the message.
	rest := sample
	if len(oi.prefixes) > 0 {
		for _, pre := range oi.prefixes {
			if pre != "" && (rest == pre || strings.HasPrefix(rest, pre+"/")) {
				rest = strings.TrimPrefix(rest, pre)
				break
			}
		}
	}
	if rest == "" {
		rest = "/"
	}
	fnNote := ""
	if r.effect.runs() {
		op := o.OriginPath.V
		if op == "/" {
			op = ""
		}
		fnNote = " (" + r.effect.describe(an, pattern, strings.TrimPrefix(sample, op)) + ")"
	}
	f := Finding{
		Severity: Error,
		Range:    b.PathPattern.Range,
		Related:  via(b.PathPattern),
		Message: what + " sends requests to https://" + host + an.display(sample) + fnNote + "; " + apiName(a) +
			" has no " + resourceWord(a) + " matching " + an.display(rest) + ", so API Gateway answers " + notFound(a),
		Subject: Subject{Distribution: oi.dist, Behavior: b},
	}
	// A custom domain serves the API only under its base path mappings:
	// a forwarded path that begins with none of them reaches no resource,
	// whatever resources the API has.
	_, mapped := matchPrefix(oi.prefixes, sample)
	unmapped := oi.customDomain && oi.prefixesUsable && !oi.prefixesUndecided && !mapped
	if unmapped {
		f.Message = what + " sends requests to https://" + host + an.display(sample) + fnNote +
			", which begins with no base path mapping of custom domain " + quote(an.display(host)) + " (serves " + an.display(prefixList(oi.prefixes)) +
			"), so API Gateway answers " + notFound(a) + " for API " + apiName(a)
	}
	if len(r.candidates) > 0 {
		list := r.candidates
		more := ""
		if len(list) > 12 {
			more = ", …"
			list = list[:12]
		}
		note := resourceWord(a) + "s with methods: " + an.display(strings.Join(list, ", ")) + more
		lit := pathmatch.LiteralPrefix(normalise(pattern))
		target := strings.TrimSuffix(an.display(rest), "/")
		opRest := ""
		if op := o.OriginPath.V; op != "" && oi.stage == stageOK {
			if seg := firstSegment(op); seg != "" {
				opRest = strings.TrimSuffix(strings.TrimPrefix(op, "/"+seg), "/")
			}
		}
		if strings.ContainsAny(pattern, "*?") {
			target = opRest + strings.TrimSuffix(lit, "/")
		}
		if c := meantResource(target, r.candidates); c != "" && !r.effect.runs() && !unmapped {
			note += " — did you mean " + quote(c) + "?"
			f.Fix = patternFix(an, oi, b, c, opRest)
		}
		f.Notes = append(f.Notes, note)
	} else {
		f.Notes = append(f.Notes, a.Source.Address+" has no resource with a method")
	}
	if op := o.OriginPath.V; oi.stage == stageOK && needsStageSegment(a) {
		if seg := firstSegment(op); seg != "" && strings.TrimPrefix(op, "/"+seg) != "" {
			f.Notes = append(f.Notes, "the origin path "+quote(an.display(op))+" puts "+quote(an.display(strings.TrimPrefix(op, "/"+seg)))+" after the stage, before every request path")
		}
	}
	if r.effect.runs() {
		f.Notes = append(f.Notes, "edgelint ran the viewer-request function on sample paths of the behavior; CloudFront appends the path it returns to the origin path")
		f.Related = append(f.Related, Related{Message: r.effect.name(), Range: r.effect.fn.Source.Anchor()})
	} else {
		f.Notes = append(f.Notes, "CloudFront appends the request path to the origin path; it never strips the path pattern")
	}
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	if o.OriginPath.Set {
		f.Related = append(f.Related, Related{Message: "origin path " + quote(an.display(o.OriginPath.V)), Range: o.OriginPath.Range})
	}
	f.Related = append(f.Related, Related{Message: "API " + a.Source.Address, Range: a.Source.Range})
	return f
}

// el004TooComplex reports, as information, a behavior for which the path
// matching bounds left undecided whether it reaches any resource.
func el004TooComplex(oi *originInfo, b *model.Behavior) Finding {
	what := "behavior " + quote(b.PathPattern.V)
	if b.Default {
		what = "the default behavior"
	}
	return Finding{
		Severity: Info,
		Range:    b.PathPattern.Range,
		Message: "too complex to decide whether " + what + " reaches any " + resourceWord(oi.api) + " of " + apiName(oi.api) +
			": the path matching exceeded its work bounds, so the answer is unknown",
		Notes:   []string{"no resource was found that its path pattern certainly reaches; check by hand, or simplify the path patterns"},
		Subject: Subject{Distribution: oi.dist, Behavior: b},
	}
}

// patternFix proposes the path pattern that reaches resource c, when the
// pattern is written as a literal and the new one certainly reaches c.
func patternFix(an *analysis, oi *originInfo, b *model.Behavior, c, opRest string) *Fix {
	if b.Default || !b.PathPattern.IsLiteral() || model.HasToken(opRest) {
		return nil
	}
	np := suggestedPattern(b.PathPattern.V, c, opRest)
	if np == "" {
		return nil
	}
	nb := *b
	nb.PathPattern.V = np
	if r := an.behaviorReach(oi, &nb); !r.decidable || len(r.resources) == 0 {
		return nil
	}
	if an.shadowsMore(oi.dist, b, np) {
		// The new pattern would take another behavior's requests or
		// lose its own to one (two behaviors with one pattern, say):
		// the change is not certain.
		return nil
	}
	return valueFix("change the path pattern to "+quote(np), b.PathPattern, np)
}

// shadowsMore reports whether the path pattern np in place of behavior
// b's in d may leave a behavior shadowed (EL012): b itself, or a later
// behavior whose pattern meets np, that receives no request under the new
// order. A question left undecided, or an earlier pattern not known,
// counts as shadowing: the fix is then not certain.
func (an *analysis) shadowsMore(d *model.Distribution, b *model.Behavior, np string) bool {
	if d.Dynamic || len(d.Behaviors) > maxFixBehaviors {
		return true
	}
	o := an.order(d)
	i, ok := o.pos[b]
	if !ok || i >= o.known || o.fixChecks.Add(1) > maxFixChecks || o.fixes.Exhausted() {
		return true
	}
	var pats []string
	for _, x := range d.Behaviors[:o.known] {
		if x.Default {
			break
		}
		pats = append(pats, x.PathPattern.V)
	}
	if i >= len(pats) {
		return true
	}
	pats[i] = np
	order := pathmatch.NewOrder(pats, o.fixes)
	g := pathmatch.CompileGlob("", np)
	everything := pathmatch.PatternTemplate("*")
	for j := i; j < len(pats); j++ {
		if j > i {
			_, meets, decided := pathmatch.IntersectsWithin(g, pathmatch.PatternTemplate(pats[j]), o.fixes)
			if !decided {
				return true
			}
			if !meets {
				continue
			}
		}
		_, receives, decided := order.Reach("", pats[j], j).Reaches(everything)
		if !decided || !receives {
			return true
		}
	}
	return false
}

// meantResource names the resource a forwarded path most likely meant: one the
// path ends with after extra leading segments (a prefix such as /api that
// CloudFront did not strip), else the closest by edit distance.
func meantResource(target string, candidates []string) string {
	best := ""
	for _, c := range candidates {
		// Candidates begin with "/", so a suffix match is segment-aligned.
		if c != "/" && strings.HasSuffix(target, c) && len(c) > len(best) {
			best = c
		}
	}
	if best != "" {
		return best
	}
	if c := suggest.Closest(target, candidates, 1); len(c) == 1 {
		return c[0]
	}
	return ""
}

func resourceWord(a *model.API) string {
	if a.Kind == model.HTTP {
		return "route"
	}
	return "resource"
}
