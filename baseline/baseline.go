// Package baseline records the findings a project accepts today and
// filters them out of later runs, so that only new findings are reported
// (edgelint --write-baseline FILE, then edgelint --baseline FILE).
//
// A finding is identified by its fingerprint: the rule, the file
// (slash-separated, relative to the directory of the baseline file, so the
// baseline means the same whatever the working directory or the paths
// scanned) and the identity of what it is about (Finding.Entity, which the
// rules build from model entities, never from message text; a hand-written
// entry may give a message instead, matched with every number stripped).
// Line and column numbers never take part, so edits elsewhere in a file,
// which move a finding, do not make it new, and neither does a reworded
// message.
//
// Matching counts: when the baseline holds a fingerprint twice and a run
// finds it three times, one of the three is new (the last in report order),
// as golangci-lint's new-from-rev and PHPStan's baselines do.
//
// The file is JSON, versioned, with one entry per fingerprint and its
// count, sorted, so that regenerating it gives a small, reviewable diff:
//
//	{
//	  "version": 2,
//	  "tool": "edgelint",
//	  "findings": [
//	    {
//	      "rule": "EL004",
//	      "file": "infra/cdn.tf",
//	      "entity": "aws_cloudfront_distribution.cdn/behavior[/api/posts]",
//	      "count": 1
//	    }
//	  ]
//	}
package baseline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Version is the format version Write produces. Read accepts it and
// version 1, whose EL003 entities named the method's requirement in words
// ("…/GET /orders/CUSTOM authorization (authorizer \"token\")"): a finding
// matches a version 1 entry by its FormerEntities as well, so baselines
// written then still hold their findings; writing the baseline again
// migrates it.
const Version = 2

// tool names the producer in the file, so a stray JSON file is recognised
// as not being a baseline.
const tool = "edgelint"

// Key is the identity of a finding.
type Key struct {
	Rule string `json:"rule"`
	// File is slash-separated and relative to the baseline's directory.
	File   string `json:"file"`
	Entity string `json:"entity,omitempty"`
	// Message is the normalized message, set only when Entity is empty.
	Message string `json:"message,omitempty"`
}

// Entry is a key and how many findings have it.
type Entry struct {
	Key
	Count int `json:"count"`
}

type document struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// KeyOf returns the identity of f; base is the directory file paths are
// made relative to (empty: kept as they are, slash-separated).
//
// A symbolic token (model.TokenOpen…) still in the entity or message is
// replaced by "<?>": its number depends on the order the inputs were
// read in. Callers holding the run's symbol table pass the findings
// through Displayed first, which keeps what the token stands for.
func KeyOf(f rules.Finding, base string) Key {
	k := Key{Rule: f.Rule, File: relFile(f.Range.File, base), Entity: symbolRE().ReplaceAllString(f.Entity, "<?>")}
	if k.Entity == "" {
		k.Message = NormalizeMessage(f.Message)
	}
	return k
}

// Displayed returns copies of findings whose entity and message show
// symbolic tokens as what they stand for ("<aws_api_gateway_rest_api.blog.id>"),
// as reports do. Their identity is then the same in every run, however
// the symbol table numbered the tokens.
func Displayed(findings []rules.Finding, syms *model.Symbols) []rules.Finding {
	if syms == nil {
		return findings
	}
	out := make([]rules.Finding, len(findings))
	for i, f := range findings {
		f.Entity, f.Message = syms.Display(f.Entity), syms.Display(f.Message)
		if len(f.FormerEntities) > 0 {
			former := make([]string, len(f.FormerEntities))
			for j, e := range f.FormerEntities {
				former[j] = syms.Display(e)
			}
			f.FormerEntities = former
		}
		out[i] = f
	}
	return out
}

// Fingerprint returns a stable identifier of f: a hex SHA-256 of its key.
// Reporters that need one per finding (SARIF partialFingerprints, GitLab
// Code Quality) use it so that they agree with baselines. Two findings may
// share a fingerprint (see the package documentation); a reporter that
// needs unique values appends an occurrence number.
func Fingerprint(f rules.Finding, base string) string {
	k := KeyOf(f, base)
	sum := sha256.Sum256([]byte(strings.Join([]string{"v1", k.Rule, k.File, k.Entity, k.Message}, "\x00")))
	return hex.EncodeToString(sum[:])
}

var (
	// symbolRE matches a symbolic token; its number depends on the
	// order values were read in.
	symbolRE = lazyre.New(string(model.TokenOpen) + `\d*` + string(model.TokenClose))
	digitsRE = lazyre.New(`\d+`)
	spacesRE = lazyre.New(`\s+`)
)

// NormalizeMessage strips from a message what changes without the fault
// changing: symbolic token numbers, every number (line numbers, counts,
// ports alike) and runs of white space.
func NormalizeMessage(msg string) string {
	msg = symbolRE().ReplaceAllString(msg, "<?>")
	msg = digitsRE().ReplaceAllString(msg, "#")
	return strings.TrimSpace(spacesRE().ReplaceAllString(msg, " "))
}

// relFile makes file relative to base, slash-separated.
func relFile(file, base string) string {
	if file == "" {
		return ""
	}
	if base == "" {
		return filepath.ToSlash(filepath.Clean(file))
	}
	absFile, err1 := filepath.Abs(file)
	absBase, err2 := filepath.Abs(base)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(filepath.Clean(file))
	}
	rel, err := filepath.Rel(absBase, absFile)
	if err != nil {
		return filepath.ToSlash(absFile)
	}
	return filepath.ToSlash(rel)
}

// Write records findings as a baseline whose file paths are relative to
// base, the directory the baseline file is written to.
func Write(w io.Writer, findings []rules.Finding, base string) error {
	counts := map[Key]int{}
	for _, f := range findings {
		counts[KeyOf(f, base)]++
	}
	doc := document{Version: Version, Tool: tool, Findings: entries(counts)}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// entries returns counts as sorted entries.
func entries(counts map[Key]int) []Entry {
	out := make([]Entry, 0, len(counts))
	for k, n := range counts {
		out = append(out, Entry{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Key, out[j].Key
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Entity != b.Entity {
			return a.Entity < b.Entity
		}
		return a.Message < b.Message
	})
	return out
}

// Baseline is a recorded set of accepted findings.
type Baseline struct {
	// Base is the directory file paths are relative to: the baseline
	// file's directory.
	Base   string
	counts map[Key]int
	// version is the format version of the file read.
	version int
}

// Read loads the baseline file at path.
func Read(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := Decode(f, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Decode reads a baseline whose paths are relative to base.
func Decode(r io.Reader, base string) (*Baseline, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("not a valid baseline: invalid JSON at byte %d: %w", syn.Offset, err)
		}
		return nil, fmt.Errorf("not a valid baseline: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not a valid baseline: more than one JSON value")
	}
	switch {
	case doc.Tool != tool:
		return nil, errors.New(`not an edgelint baseline (no "tool": "edgelint")`)
	case doc.Version > Version:
		return nil, fmt.Errorf("baseline version %d is newer than this edgelint reads (%d); upgrade edgelint", doc.Version, Version)
	case doc.Version != Version && doc.Version != 1:
		return nil, fmt.Errorf("unsupported baseline version %d", doc.Version)
	}
	b := &Baseline{Base: base, counts: map[Key]int{}, version: doc.Version}
	for i, e := range doc.Findings {
		switch {
		case e.Rule == "":
			return nil, fmt.Errorf("findings[%d]: no rule", i)
		case e.Count < 1:
			return nil, fmt.Errorf("findings[%d]: count must be at least 1", i)
		}
		// Entries are unique in a written file; a hand-merged one may
		// repeat a key, whose counts add up.
		b.counts[e.Key] += e.Count
	}
	return b, nil
}

// Len is the number of findings the baseline records.
func (b *Baseline) Len() int {
	n := 0
	for _, c := range b.counts {
		n += c
	}
	return n
}

// Entries returns the baseline's entries, sorted.
func (b *Baseline) Entries() []Entry { return entries(b.counts) }

// Filter returns the findings the baseline does not account for, in their
// order, and how many it matched. Len() - matched findings of the baseline
// are gone (fixed, or changed beyond recognition).
func (b *Baseline) Filter(findings []rules.Finding) (fresh []rules.Finding, matched int) {
	left := make(map[Key]int, len(b.counts))
	for k, n := range b.counts {
		left[k] = n
	}
	for _, f := range findings {
		if k, ok := b.match(f, left); ok {
			left[k]--
			matched++
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh, matched
}

// match returns the key of an entry left that accounts for f: its key, or
// in a version 1 baseline the key it had then.
func (b *Baseline) match(f rules.Finding, left map[Key]int) (Key, bool) {
	k := KeyOf(f, b.Base)
	if left[k] > 0 {
		return k, true
	}
	if b.version == 1 {
		for _, e := range f.FormerEntities {
			old := f
			old.Entity = e
			if k := KeyOf(old, b.Base); left[k] > 0 {
				return k, true
			}
		}
	}
	return Key{}, false
}
