package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// parser reads a configuration from a yaml.v3 node tree, collecting every
// problem with its position.
type parser struct {
	file string
	src  []byte
	cfg  *Config
	errs []*Error
	fs   *vfs.FS // what var-files are checked through
}

// errorf records a problem at node n (or the start of the file).
func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	r := model.Range{File: p.file}
	if n != nil && n.Line > 0 {
		r.Start = model.Pos{Line: n.Line, Column: n.Column}
		r.End = r.Start
	}
	p.errs = append(p.errs, &Error{Range: r, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) parse() {
	dec := yaml.NewDecoder(strings.NewReader(string(p.src)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return // an empty file: the defaults
		}
		p.yamlError(err)
		return
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.errorf(&extra, "a configuration file holds one YAML document; remove the second")
		return
	case !errors.Is(err, io.EOF):
		p.yamlError(err)
		return
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = root.Content[0]
	}
	if isNull(root) {
		return
	}
	p.top(root)
}

// yamlError reports a syntax error; yaml.v3 gives its line in the text.
func (p *parser) yamlError(err error) {
	msg := err.Error()
	line := 0
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, tail
			}
		}
	}
	r := model.Range{File: p.file}
	if line > 0 {
		r.Start = model.Pos{Line: line, Column: 1}
		r.End = r.Start
	}
	p.errs = append(p.errs, &Error{Range: r, Message: "invalid YAML: " + msg})
}

var topKeys = []string{"fail-on", "fail-on-empty", "exclude", "rules", "terraform", "cloudformation"}

func (p *parser) top(n *yaml.Node) {
	p.mapping(n, "the configuration", topKeys, func(k, v *yaml.Node) {
		switch k.Value {
		case "fail-on":
			if s, ok := p.severity(v, "fail-on"); ok {
				p.cfg.FailOn = s
			}
		case "fail-on-empty":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				p.errorf(v, "fail-on-empty: want true or false, got %s", describe(v))
				return
			}
			p.cfg.FailOnEmpty = strings.EqualFold(v.Value, "true")
		case "exclude":
			for _, item := range p.stringList(v, "exclude") {
				pat, err := cleanPattern(item.Value)
				if err != nil {
					p.errorf(item, "%v", err)
					continue
				}
				p.cfg.Excludes = append(p.cfg.Excludes, pat)
			}
		case "rules":
			p.rules(v)
		case "terraform":
			p.terraform(v)
		case "cloudformation":
			p.mapping(v, "cloudformation", []string{"parameters"}, func(_, v *yaml.Node) {
				p.cfg.CloudFormation.Parameters = p.stringMap(v, "cloudformation.parameters")
			})
		}
	})
}

func (p *parser) terraform(n *yaml.Node) {
	p.mapping(n, "terraform", []string{"var-files", "vars"}, func(k, v *yaml.Node) {
		switch k.Value {
		case "var-files":
			for _, item := range p.stringList(v, "terraform.var-files") {
				f := filepath.FromSlash(item.Value)
				if f == "" {
					p.errorf(item, "empty var-file name")
					continue
				}
				if !filepath.IsAbs(f) {
					f = filepath.Join(p.cfg.Dir, f)
				}
				if info, err := p.fs.Stat(f); err != nil {
					p.errorf(item, "var-file %s: %s", quote(item.Value), statMessage(err))
					continue
				} else if info.IsDir() {
					p.errorf(item, "var-file %s is a directory", quote(item.Value))
					continue
				}
				p.cfg.Terraform.VarFiles = append(p.cfg.Terraform.VarFiles, f)
			}
		case "vars":
			p.cfg.Terraform.Vars = p.stringMap(v, "terraform.vars")
		}
	})
}

func statMessage(err error) string {
	if oe := (*vfs.OutsideError)(nil); errors.As(err, &oe) {
		return vfs.Reason(err)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, os.ErrNotExist) {
		return "no such file (var-files are relative to the directory of the config file)"
	}
	return err.Error()
}

func (p *parser) rules(n *yaml.Node) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rules: want a mapping of rule codes or names to settings, got %s", kindName(n))
		return
	}
	if p.cfg.Rules == nil {
		p.cfg.Rules = map[string]RuleSetting{}
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.scalarKey(k, "rules") {
			continue
		}
		r := rules.Lookup(k.Value)
		if r == nil {
			msg := fmt.Sprintf("unknown rule %s", quote(k.Value))
			if s := didYouMean(k.Value, ruleWords()); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", quote(s))
			} else {
				msg += " (`edgelint rules` lists them)"
			}
			p.errorf(k, "%s", msg)
			continue
		}
		if prev := seen[r.Code]; prev != nil {
			if prev.Value == k.Value {
				p.errorf(k, "rule %s is configured twice (first at line %d)", quote(k.Value), prev.Line)
			} else {
				p.errorf(k, "%s and %s are the same rule (%s %s); configure it once (first at line %d)", quote(prev.Value), quote(k.Value), r.Code, r.Name, prev.Line)
			}
			continue
		}
		seen[r.Code] = k
		var set RuleSetting
		p.mapping(v, "rules."+k.Value, []string{"enabled", "severity"}, func(sk, sv *yaml.Node) {
			switch sk.Value {
			case "enabled":
				if sv.Kind != yaml.ScalarNode || sv.ShortTag() != "!!bool" {
					p.errorf(sv, "rules.%s.enabled: want true or false, got %s", k.Value, describe(sv))
					return
				}
				set.Disabled = !strings.EqualFold(sv.Value, "true")
			case "severity":
				if s, ok := p.severity(sv, "rules."+k.Value+".severity"); ok {
					set.Severity = s
				}
			}
		})
		p.cfg.Rules[r.Code] = set
	}
}

// mapping walks the entries of a mapping node, reporting non-mappings,
// unknown and duplicate keys; each known key's value goes to f once.
// A null value counts as an empty mapping.
func (p *parser) mapping(n *yaml.Node, what string, keys []string, f func(k, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping, got %s", what, kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.scalarKey(k, what) {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.errorf(k, "duplicate key %s (first at line %d)", quote(k.Value), line)
			continue
		}
		seen[k.Value] = k.Line
		if !contains(keys, k.Value) {
			msg := fmt.Sprintf("unknown key %s", quote(k.Value))
			if what != "the configuration" {
				msg += " in " + what
			}
			if s := didYouMean(k.Value, keys); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", quote(s))
			} else {
				msg += " (known keys: " + strings.Join(keys, ", ") + ")"
			}
			p.errorf(k, "%s", msg)
			continue
		}
		f(k, v)
	}
}

// scalarKey reports whether k is a plain key; merge keys, aliases and
// complex keys are refused.
func (p *parser) scalarKey(k *yaml.Node, what string) bool {
	switch {
	case k.Kind == yaml.AliasNode:
		p.errorf(k, "%s: aliases are not supported as keys", what)
		return false
	case k.Kind != yaml.ScalarNode:
		p.errorf(k, "%s: want a plain key, got %s", what, kindName(k))
		return false
	case k.ShortTag() == "!!merge":
		p.errorf(k, "%s: merge keys (<<) are not supported", what)
		return false
	}
	return true
}

func (p *parser) severity(n *yaml.Node, what string) (rules.Severity, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		p.errorf(n, "%s: want error, warning or info, got %s", what, describe(n))
		return "", false
	}
	s := rules.Severity(n.Value)
	if s.Rank() == 0 {
		msg := fmt.Sprintf("%s: %s is not a severity; want error, warning or info", what, quote(n.Value))
		if l := rules.Severity(strings.ToLower(n.Value)); l.Rank() > 0 {
			msg += fmt.Sprintf(" (did you mean %s?)", quote(string(l)))
		}
		p.errorf(n, "%s", msg)
		return "", false
	}
	return s, true
}

// stringList returns the string items of a sequence; null is empty.
func (p *parser) stringList(n *yaml.Node, what string) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list of strings, got %s", what, describe(n))
		return nil
	}
	var out []*yaml.Node
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.ShortTag() != "!!str" {
			p.errorf(item, "%s: want a string, got %s", what, describe(item))
			continue
		}
		out = append(out, item)
	}
	return out
}

// stringMap returns a mapping of names to scalar values (numbers and
// booleans keep their text, as on the command line); null is empty.
func (p *parser) stringMap(n *yaml.Node, what string) map[string]string {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping of names to values, got %s", what, kindName(n))
		return nil
	}
	out := map[string]string{}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.scalarKey(k, what) {
			continue
		}
		if line, dup := lines[k.Value]; dup {
			p.errorf(k, "duplicate key %s (first at line %d)", quote(k.Value), line)
			continue
		}
		lines[k.Value] = k.Line
		if k.Value == "" {
			p.errorf(k, "%s: empty name", what)
			continue
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
			p.errorf(v, "%s.%s: want a string, number or boolean, got %s", what, k.Value, describe(v))
			continue
		}
		out[k.Value] = v.Value
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return "a string"
	}
	return "nothing"
}

// describe names a node's kind and, for a scalar, its text.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		return kindName(n) + " (" + n.Value + ")"
	}
	return kindName(n)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quote(s string) string { return strconv.Quote(s) }

// ruleWords are the codes and names a rule may be written as.
func ruleWords() []string {
	var out []string
	for _, r := range rules.All() {
		out = append(out, r.Code, r.Name)
	}
	return out
}

// didYouMean returns the word of candidates that s most likely misspells, or
// "": one that differs only in case, "_" for "-", or by at most two edits
// (one for short words).
func didYouMean(s string, candidates []string) string {
	norm := func(x string) string { return strings.ReplaceAll(strings.ToLower(x), "_", "-") }
	for _, c := range candidates {
		if norm(c) == norm(s) {
			return c
		}
	}
	limit := 2
	if utf8.RuneCountInString(s) <= 5 {
		limit = 1
	}
	var names []string
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToUpper(c), "EL") && len(c) == 5 {
			// Codes differ by a digit from each other; a wrong code is
			// not a typo of the nearest one.
			continue
		}
		names = append(names, c)
	}
	return suggest.Nearest(s, names, suggest.Options{Limit: limit, Norm: norm})
}
