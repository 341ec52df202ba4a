package report

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
)

// xmlText escapes s for XML character data. Each line is cleaned of
// control characters first (they are not allowed in XML 1.0, even as
// references, and would reach terminals); line breaks are kept.
//
// A line that would start, after white space, with "::" has its first
// colon written as a character reference: read raw (a CI log printing the
// report), it cannot be taken for a GitHub Actions workflow command, which
// the runner recognizes at the start of a line after white space (its
// ActionCommand.TryParseV2 trims the line's start); read as XML, it is the
// same text.
func xmlText(s string) string {
	lines := strings.Split(xmlEscape(cleanLines(s), false), "\n")
	for i, l := range lines {
		if rest := strings.TrimLeftFunc(l, unicode.IsSpace); strings.HasPrefix(rest, "::") {
			lines[i] = l[:len(l)-len(rest)] + "&#58;" + rest[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// xmlAttr escapes s for a double-quoted attribute value; line breaks are
// kept as character references, which XML parsers do not normalize.
func xmlAttr(s string) string {
	return xmlEscape(cleanLines(s), true)
}

// cleanLines is clean applied to each line of s (safetext.Lines).
func cleanLines(s string) string { return safetext.Lines(s) }

func xmlEscape(s string, attr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case attr && r == '"':
			b.WriteString("&quot;")
		case attr && r == '\n':
			b.WriteString("&#10;")
		case attr && r == '\t':
			b.WriteString("&#9;")
		case !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// fileGroup is the findings and input errors of one file, for the
// formats that group by file.
type fileGroup struct {
	path  string
	items []groupItem
}

// groupItem is a finding or an input error.
type groupItem struct {
	f *ciFinding
	e *ciError
}

func (it groupItem) rng() model.Range {
	if it.f != nil {
		return it.f.f.Range
	}
	return it.e.e.Range
}

// byFile groups the problems of r by shown path, sorted by path, each
// group's problems by position (findings first on ties, then in their
// order). Files that were read and have no problem get an empty group
// when withClean is set.
func (r *ciRun) byFile(withClean bool) []*fileGroup {
	groups := map[string]*fileGroup{}
	get := func(p string) *fileGroup {
		g, ok := groups[p]
		if !ok {
			g = &fileGroup{path: p}
			groups[p] = g
		}
		return g
	}
	for i := range r.findings {
		g := get(r.findings[i].path)
		g.items = append(g.items, groupItem{f: &r.findings[i]})
	}
	for i := range r.errors {
		g := get(r.errors[i].path)
		g.items = append(g.items, groupItem{e: &r.errors[i]})
	}
	if withClean {
		for _, p := range r.files {
			get(p)
		}
	}
	out := make([]*fileGroup, 0, len(groups))
	for _, g := range groups {
		sort.SliceStable(g.items, func(i, j int) bool {
			a, b := g.items[i].rng(), g.items[j].rng()
			if a.Start.Line != b.Start.Line {
				return a.Start.Line < b.Start.Line
			}
			return a.Start.Column < b.Start.Column
		})
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		// Problems without a file come last.
		if (out[i].path == "") != (out[j].path == "") {
			return out[j].path == ""
		}
		return out[i].path < out[j].path
	})
	return out
}
