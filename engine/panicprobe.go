//go:build edgelint_panicprobe

package engine

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// This file is compiled only with the build tag edgelint_panicprobe, into
// the binary the hostile-input suite builds (cmd/edgelint,
// hostilesuite_test.go): that binary has a rule, and an assembly of the
// model, that panic on a component holding a file whose name contains
// edgelint-panic-rule or edgelint-panic-assembly, so that the suite checks
// the recovery of a real process (the command and the language server).
// Release builds have no such tag and no such behaviour.

const (
	probeRuleMarker     = "edgelint-panic-rule"
	probeAssemblyMarker = "edgelint-panic-assembly"
)

func init() {
	allRules := ruleSet
	ruleSet = func() []*rules.Rule {
		all := allRules()
		return slices.Insert(all, len(all)/2, &rules.Rule{
			Code: "EL999", Name: "panic-probe", Severity: rules.Error,
			Run: func(p *rules.Pass) []rules.Finding {
				if probeMarked(p.Config, probeRuleMarker) {
					panic("panic probe: the rule panics on " + probeRuleMarker)
				}
				return nil
			},
		})
	}
	assembleModel := assemble
	assemble = func(cfg *model.Config) {
		if probeMarked(cfg, probeAssemblyMarker) {
			panic("panic probe: the assembly panics on " + probeAssemblyMarker)
		}
		assembleModel(cfg)
	}
}

// probeMarked reports whether a file of cfg has marker in its name.
func probeMarked(cfg *model.Config, marker string) bool {
	return slices.ContainsFunc(cfg.Files, func(f string) bool { return strings.Contains(filepath.Base(f), marker) })
}
