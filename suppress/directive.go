package suppress

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/edgelint/edgelint/internal/lazyre"
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

// nearMissRE matches the start of a comment that means to be a
// suppression but is written in another linter's way or with a typo:
// "edgelint: ignore", "edgelint-ignore", "EdgeLint ignore",
// "edgelint:disable=", "edgelint:ignore-file". $1 is the keyword.
var nearMissRE = lazyre.New(`(?i)^[ \t]*edge[-_]?lint[ \t]*(?:[:=_-][ \t]*|[ \t])(ignore|disable|nolint|noqa|skip|suppress)\b`)

// nearMiss reports whether the text of a comment (after its marker) that
// parseComment does not take for a directive looks like one, and returns
// the directive it was most likely meant to be, with its codes.
func nearMiss(text string) (meant string, ok bool) {
	t := strings.TrimLeft(text, " \t")
	var rest string
	switch m := nearMissRE().FindStringSubmatchIndex(t); {
	case m != nil:
		rest = t[m[1]:]
	case strings.HasPrefix(strings.ToLower(t), Marker):
		// edgelint:ignored, edgelint:ignore-file, edgelint:ignoreEL001
		rest = strings.TrimLeft(t[len(Marker):], "dD")
	default:
		return "", false
	}
	rest = strings.TrimLeft(rest, " \t:=-")
	if r, cut := strings.CutPrefix(strings.ToLower(rest), "file"); cut && (r == "" || r[0] == ' ' || r[0] == '\t' || r[0] == ':' || r[0] == '=') {
		rest = strings.TrimLeft(rest[len("file"):], " \t:=")
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return Marker + " EL003 reason", true
	}
	return Marker + " " + rest, true
}

// nearMissWarning is the warning about a comment that looks like a
// suppression but is not one; marker is the comment marker to write.
func nearMissWarning(r model.Range, marker, meant string) model.Diagnostic {
	return warning(r, "this comment is not a suppression: edgelint reads only "+quoteComment(marker, Marker+" CODE")+
		" at the start of a comment; write "+quoteComment(marker, meant))
}

func quoteComment(marker, text string) string {
	return "\"" + marker + " " + text + "\""
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
