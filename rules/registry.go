package rules

import (
	"sort"
	"strings"
)

var registry []*Rule

func register(r *Rule) *Rule {
	registry = append(registry, r)
	sort.Slice(registry, func(i, j int) bool { return registry[i].Code < registry[j].Code })
	return r
}

// All returns every rule, ordered by code.
func All() []*Rule { return append([]*Rule(nil), registry...) }

// Lookup finds a rule by code (EL004, case-insensitive) or name
// (behavior-matches-no-resource).
func Lookup(codeOrName string) *Rule {
	for _, r := range registry {
		if strings.EqualFold(r.Code, codeOrName) || r.Name == codeOrName {
			return r
		}
	}
	return nil
}
