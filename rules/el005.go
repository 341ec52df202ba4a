package rules

import "github.com/edgelint/edgelint/model"

// EL005 reports a malformed origin domain name.
var EL005 = register(&Rule{
	Code:     "EL005",
	Name:     "origin-domain-malformed",
	Severity: Error,
	Summary:  "The origin domain has a scheme, a path or a port, or its host is not an execute-api host that exists (a misspelled or extra label, text glued to the suffix)",
	Doc:      doc("EL005"),
	Requires: []*Analysis{Origins},
	Run:      runEL005,
})

func runEL005(p *Pass) []Finding {
	an := origins(p)
	var out []Finding
	for _, d := range p.Config.Distributions {
		for _, o := range d.Origins {
			faults := an.domainFaults[o]
			if len(faults) == 0 {
				continue
			}
			// One finding per location: the first fault leads, the
			// others become notes.
			f := Finding{
				Severity: faults[0].severity,
				Range:    o.DomainName.Range,
				Related:  via(o.DomainName),
				Message:  faults[0].message,
				Subject:  Subject{Distribution: d, Origin: o, Aspect: AspectDomain},
			}
			for _, x := range faults[1:] {
				f.Notes = append(f.Notes, x.message)
				if x.severity.Rank() > f.Severity.Rank() {
					f.Severity = x.severity
				}
			}
			if fix := faults[0].fix; fix != "" {
				f.Notes = append(f.Notes, "use "+quote(an.display(fix)))
				// The path of a URL is not dropped: it belongs in the
				// origin path, which is not certain.
				if od := model.ParseOriginDomain(o.DomainName.V); (od.Path == "" || od.Path == "/") && !anyNoEdit(faults) {
					f.Fix = valueFix("use "+quote(an.display(fix)), o.DomainName, fix)
				}
			}
			f.Notes = append(f.Notes, construct(d.Source)...)
			out = append(out, f)
		}
	}
	return out
}

func anyNoEdit(faults []domainFault) bool {
	for _, f := range faults {
		if f.noEdit {
			return true
		}
	}
	return false
}
