package rules

import (
	"strings"

	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/model"
)

// EL002 reports a stage segment that names no stage of the API.
var EL002 = register(&Rule{
	Code:     "EL002",
	Name:     "origin-unknown-stage",
	Severity: Error,
	Summary:  "The stage segment an origin path or behavior path supplies is not a stage of the API, or an origin path ends with \"/\" (CloudFront rejects it)",
	Doc:      doc("EL002"),
	Requires: []*Analysis{Origins},
	Run:      runEL002,
})

func runEL002(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	for _, oi := range an.origins {
		if oi.trailingSlash {
			// CloudFront rejects the distribution whatever else holds:
			// reported even for an origin no request reaches.
			out = append(out, trailingSlashFinding(an, oi))
			continue
		}
		if oi.stage != stageUnknownName || an.domainOwned(oi) || oi.unused {
			continue
		}
		a := oi.api
		if oi.repeatedStage != "" {
			out = append(out, repeatedStageFinding(an, oi))
			continue
		}
		if len(oi.badStageBehaviors) == 0 {
			seg := firstSegment(oi.origin.OriginPath.V)
			out = append(out, el002Finding(an, oi, oi.origin.OriginPath, "origin path "+quote(an.display(oi.origin.OriginPath.V)), seg, a))
			continue
		}
		for _, b := range oi.behaviors {
			seg, ok := oi.badStageBehaviors[b]
			if !ok {
				continue
			}
			out = append(out, el002Finding(an, oi, b.PathPattern, "behavior "+quote(b.PathPattern.V), seg, a))
		}
	}
	return out
}

func el002Finding(an *analysis, oi *originInfo, at model.Str, what, seg string, a *model.API) Finding {
	f := Finding{
		Severity: Error,
		Range:    at.Range,
		Related:  via(at),
		Message: what + " sends requests to stage " + quote(an.display(seg)) + " of " + apiName(a) +
			", which has no such stage; API Gateway answers " + notFound(a),
		Notes:   []string{"stages of " + a.Source.Address + ": " + stageList(an, a) + " (stage names are case-sensitive)"},
		Subject: Subject{Distribution: oi.dist, Origin: oi.origin, Aspect: AspectStage},
	}
	var names []string
	for _, s := range a.Stages {
		if s.Name.IsLiteral() {
			names = append(names, s.Name.V)
		}
		f.Related = append(f.Related, Related{Message: "stage " + quote(an.display(s.Name.V)), Range: s.Name.Range})
	}
	if c := suggest.Closest(seg, names, 1); len(c) == 1 {
		f.Notes = append(f.Notes, "did you mean "+quote(c[0])+"?")
		if !model.HasToken(firstSegment(at.V)) {
			v := replaceFirstSegment(at.V, c[0])
			f.Fix = valueFix("use stage "+quote(c[0])+": "+quote(an.display(v)), at, v)
		}
	}
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	return f
}

func repeatedStageFinding(an *analysis, oi *originInfo) Finding {
	o, dn := oi.origin, oi.origin.Link.Domain
	m := dn.Mappings[0]
	name := an.display(dn.Name.V)
	var fix *Fix
	if v := strings.TrimPrefix(o.OriginPath.V, "/"+oi.repeatedStage); v == "" || strings.HasPrefix(v, "/") {
		fix = valueFix("remove the stage from the origin path", o.OriginPath, v)
	}
	return Finding{
		Fix:      fix,
		Severity: Error,
		Range:    o.OriginPath.Range,
		Message: "origin path " + quote(an.display(o.OriginPath.V)) + " repeats stage " + quote(oi.repeatedStage) +
			", which the base path mapping of custom domain " + quote(name) + " already supplies: requests reach " +
			quote("/"+oi.repeatedStage+"/…") + " inside the stage and API Gateway answers " + notFound(oi.api),
		Notes: []string{
			"with a custom domain the stage comes from the mapping, not the URL; leave the origin path empty (or set it to the mapping's base path)",
		},
		Related: append(via(o.OriginPath), Related{Message: "base path mapping to stage " + quote(an.display(m.Stage.V)), Range: m.Stage.Range}),
		Subject: Subject{Distribution: oi.dist, Origin: o, Aspect: AspectStage},
	}
}

// trailingSlashFinding reports an origin path that ends with "/". The
// stage it names, when it is no stage of the API, is said in a note: the
// finding's fix removes the slash, and the stage is checked again then.
func trailingSlashFinding(an *analysis, oi *originInfo) Finding {
	o := oi.origin
	op := o.OriginPath
	v := strings.TrimRight(op.V, "/")
	f := Finding{
		Severity: Error,
		Range:    op.Range,
		Related:  via(op),
		Message: "origin path " + quote(an.display(op.V)) + " of origin " + quote(an.display(o.ID.V)) +
			" ends with \"/\": CloudFront requires an origin path to begin, but not end, with \"/\" and rejects the distribution (were it accepted, every request would reach " +
			quote(an.display(v)+"//…") + ")",
		Notes:   []string{"remove the trailing slash: " + quote(an.display(v))},
		Subject: Subject{Distribution: oi.dist, Origin: o, Aspect: AspectOriginPath},
	}
	desc := "remove the trailing slash from the origin path"
	if oi.stage == stageUnknownName && len(oi.badStageBehaviors) == 0 && oi.repeatedStage == "" {
		seg := firstSegment(v)
		f.Notes = append(f.Notes, "and "+quote(an.display(seg))+" is not a stage of "+apiName(oi.api)+" (stages: "+stageList(an, oi.api)+")")
		// The fix must address a stage too: the closest name, when
		// there is exactly one.
		var names []string
		for _, s := range oi.api.Stages {
			if s.Name.IsLiteral() {
				names = append(names, s.Name.V)
			}
		}
		c := suggest.Closest(seg, names, 1)
		if len(c) != 1 || model.HasToken(seg) {
			f.Notes = append(f.Notes, construct(oi.dist.Source)...)
			return f
		}
		v = replaceFirstSegment(v, c[0])
		desc = "use stage " + quote(c[0]) + " without a trailing slash: " + quote(an.display(v))
	}
	f.Fix = valueFix(desc, op, v)
	f.Notes = append(f.Notes, construct(oi.dist.Source)...)
	return f
}
