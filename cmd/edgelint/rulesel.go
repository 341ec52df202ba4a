package main

import (
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/config"
	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/rules"
)

// ruleSelection is what --enable and --disable say for one run: rule
// codes to run or not, on top of the configuration file.
type ruleSelection struct {
	enable, disable stringList
}

// resolve turns the flags' comma-separated codes and names into rule
// codes; an unknown one is an error that suggests the nearest rule.
func (s *ruleSelection) resolve(all []*rules.Rule) (enable, disable []string, err error) {
	if enable, err = ruleCodes("--enable", s.enable, all); err != nil {
		return nil, nil, err
	}
	if disable, err = ruleCodes("--disable", s.disable, all); err != nil {
		return nil, nil, err
	}
	for _, c := range enable {
		for _, d := range disable {
			if c == d {
				return nil, nil, fmt.Errorf("%s is given to both --enable and --disable", c)
			}
		}
	}
	return enable, disable, nil
}

// ruleCodes resolves the values of one flag.
func ruleCodes(flag string, values []string, all []*rules.Rule) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, w := range strings.Split(v, ",") {
			w = strings.TrimSpace(w)
			if w == "" {
				return nil, fmt.Errorf("%s %q: empty rule code", flag, v)
			}
			r := findRule(all, w)
			if r == nil {
				return nil, fmt.Errorf("%s: unknown rule %q%s", flag, w, meantRule(all, w))
			}
			out = append(out, r.Code)
		}
	}
	return out, nil
}

// findRule returns the rule with code (any case) or name w.
func findRule(all []*rules.Rule, w string) *rules.Rule {
	for _, r := range all {
		if strings.EqualFold(r.Code, w) || strings.EqualFold(r.Name, w) {
			return r
		}
	}
	return nil
}

// meantRule is " (did you mean …?)" with the code or name w most likely
// misspells, or the hint to list the rules.
func meantRule(all []*rules.Rule, w string) string {
	var cands []string
	for _, r := range all {
		cands = append(cands, r.Code, r.Name)
	}
	norm := func(x string) string { return strings.ReplaceAll(strings.ToLower(x), "_", "-") }
	if s := suggest.Nearest(w, cands, suggest.Options{Limit: 2, Norm: norm, Ties: suggest.None}); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return " (`edgelint rules` lists the rules)"
}

// withRules returns cfg with the rules of enable turned on and those of
// disable turned off, for this run; cfg itself is not changed. Nil cfg is
// the defaults.
func withRules(cfg *config.Config, enable, disable []string) *config.Config {
	if len(enable) == 0 && len(disable) == 0 {
		return cfg
	}
	out := config.Default()
	if cfg != nil {
		c := *cfg
		out = &c
	}
	out.Rules = make(map[string]config.RuleSetting, len(out.Rules)+len(enable)+len(disable))
	if cfg != nil {
		for k, v := range cfg.Rules {
			out.Rules[k] = v
		}
	}
	for _, c := range enable {
		s := out.Rules[c]
		s.Disabled = false
		out.Rules[c] = s
	}
	for _, c := range disable {
		s := out.Rules[c]
		s.Disabled = true
		out.Rules[c] = s
	}
	return out
}
