package suppress

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/internal/suggest"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Marker starts a suppression comment.
const Marker = "edgelint:ignore"

// word is a rule code or name as written in a directive, at byte offset
// off of the source.
type word struct {
	text string
	off  int
}

// parseComment reads a directive from the text of a comment after its
// marker (# or //); base is the byte offset of text in the source. ok is
// false when the comment is not a directive.
//
// The syntax is "edgelint:ignore CODE[,CODE…] [reason]": codes or rule
// names separated by commas (spaces around the commas allowed), then
// free text. A ":" may follow "ignore" directly (edgelint:ignore:EL003),
// and the reason may start with "--", "-", "—" or ":".
func parseComment(text string, base int) (words []word, reason string, ok bool) {
	i := skipSpace(text, 0)
	if !strings.HasPrefix(text[i:], Marker) {
		return nil, "", false
	}
	i += len(Marker)
	switch {
	case i < len(text) && text[i] == ':':
		i++
	case i < len(text) && !isSpace(text[i]):
		return nil, "", false // edgelint:ignored, edgelint:ignore-file, …
	}
	for {
		j := skipSpace(text, i)
		k := j
		for k < len(text) && isWordByte(text[k]) {
			k++
		}
		if k == j {
			break
		}
		words = append(words, word{text: text[j:k], off: base + j})
		i = k
		c := skipSpace(text, i)
		if c < len(text) && text[c] == ',' {
			i = c + 1
			continue
		}
		break
	}
	reason = strings.TrimSpace(text[i:])
	for _, sep := range []string{"--", "—", "-", ":"} {
		if r, cut := strings.CutPrefix(reason, sep); cut {
			reason = strings.TrimSpace(r)
			break
		}
	}
	return words, reason, true
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func isWordByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// resolve turns written words into rule references, reporting unknown
// ones; l locates them.
func resolve(file string, l *lines, words []word, problems *[]model.Diagnostic) []RuleRef {
	var out []RuleRef
	for _, w := range words {
		r := RuleRef{Text: w.text, Range: model.Range{File: file, Start: l.pos(w.off), End: l.pos(w.off + len(w.text))}}
		if rule := rules.Lookup(w.text); rule != nil {
			r.Code = rule.Code
		} else {
			*problems = append(*problems, warning(r.Range, unknownRule(w.text)))
		}
		out = append(out, r)
	}
	return out
}

// unknownRule describes a code or name no rule has.
func unknownRule(s string) string {
	msg := fmt.Sprintf("unknown rule %q in %s", s, Marker)
	if sug := meantRule(s); sug != "" {
		return msg + fmt.Sprintf(" (did you mean %q?)", sug)
	}
	return msg + " (`edgelint rules` lists the rules)"
}

// meantRule returns the rule name s most likely misspells: one differing
// in case or "_" for "-", or by at most two edits. Codes are not guessed:
// a wrong code is rarely a typo of the nearest one.
func meantRule(s string) string {
	norm := func(x string) string { return strings.ReplaceAll(strings.ToLower(x), "_", "-") }
	if utf8.RuneCountInString(s) <= 5 {
		return ""
	}
	var names []string
	for _, r := range rules.All() {
		names = append(names, r.Name)
	}
	return suggest.Nearest(s, names, suggest.Options{Limit: 2, Norm: norm})
}

func warning(r model.Range, msg string) model.Diagnostic {
	return model.Diagnostic{Range: r, Message: msg, Severity: model.SevWarning, Suppression: true}
}
