package suppress

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/edgelint/edgelint/internal/nesting"
	"github.com/edgelint/edgelint/model"
)

// byteSpan is a half-open byte range of the source.
type byteSpan struct{ start, end int }

// parseHCL finds the directives in the # and // comments of a file in
// Terraform's native syntax. The scope of an own-line directive is the
// outermost block, attribute, object item or tuple element that starts on
// the line it applies to.
func parseHCL(path string, src []byte, l *lines, problems *[]model.Diagnostic) []*Directive {
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	var comments []byteSpan
	for _, t := range toks {
		if t.Type == hclsyntax.TokenComment {
			comments = append(comments, byteSpan{t.Range.Start.Byte, t.Range.End.Byte})
		}
	}
	if len(comments) == 0 {
		return nil
	}
	var spans []byteSpan
	// A source too deep to parse safely has no spans (see internal/nesting).
	if nesting.Scan(src, nesting.Config) == nil {
		if f, _ := hclsyntax.ParseConfig(src, path, hcl.InitialPos); f != nil {
			if body, ok := f.Body.(*hclsyntax.Body); ok {
				spans = hclSpans(body)
			}
		}
	}
	// commentLine reports whether line n holds comments only.
	commentLine := func(n int) bool {
		start := l.lineStart(n).Byte
		t := l.text(n)
		first := start + len(t) - len(strings.TrimLeft(string(t), " \t"))
		i := sort.Search(len(comments), func(i int) bool { return comments[i].end > first })
		return i < len(comments) && comments[i].start <= first && first < len(src)
	}

	var out []*Directive
	for _, c := range comments {
		text := string(src[c.start:c.end])
		whole := model.Range{File: path, Start: l.pos(c.start), End: l.pos(c.start + len(strings.TrimRight(text, "\r\n")))}
		var body, marker string
		var base int
		switch {
		case strings.HasPrefix(text, "#"):
			body, base, marker = text[1:], c.start+1, "#"
		case strings.HasPrefix(text, "//"):
			body, base, marker = text[2:], c.start+2, "//"
		default:
			// /* … */ comments are not directives; one written as a
			// directive is told so.
			inner := strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/")
			if _, _, ok := parseComment(inner, 0); ok && !strings.Contains(inner, "\n") {
				*problems = append(*problems, warning(whole, "a /* */ comment is not a suppression; write "+quoteComment("#", strings.TrimSpace(inner))))
			} else if meant, ok := nearMiss(inner); ok && !strings.Contains(inner, "\n") {
				*problems = append(*problems, nearMissWarning(whole, "#", meant))
			}
			continue
		}
		body = strings.TrimRight(body, "\r\n")
		words, reason, ok := parseComment(body, base)
		if !ok {
			if meant, ok := nearMiss(body); ok {
				*problems = append(*problems, nearMissWarning(whole, marker, meant))
			}
			continue
		}
		start := l.pos(c.start)
		d := &Directive{
			Range:  model.Range{File: path, Start: start, End: l.pos(c.start + len(strings.TrimRight(text, "\r\n")))},
			Rules:  resolve(path, l, words, problems),
			Reason: reason,
		}
		if l.indentOnly(start.Line, start.Column, false) {
			d.Kind = OwnLine
			d.Scope = ownLineScope(path, l, start.Line, commentLine, func(line int) (model.Pos, bool) {
				best := -1
				for i, s := range spans {
					if l.pos(s.start).Line != line {
						continue
					}
					if best < 0 || s.start < spans[best].start || (s.start == spans[best].start && s.end > spans[best].end) {
						best = i
					}
				}
				if best < 0 {
					return model.Pos{}, false
				}
				return l.pos(spans[best].end), true
			})
		} else {
			d.Kind = EndOfLine
			d.Scope = lineScope(path, l, start.Line)
		}
		out = append(out, d)
	}
	return out
}

// hclSpans lists the ranges of every block, attribute, object item and
// tuple element of body.
func hclSpans(body *hclsyntax.Body) []byteSpan {
	var spans []byteSpan
	add := func(r hcl.Range) { spans = append(spans, byteSpan{r.Start.Byte, r.End.Byte}) }
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.Attribute:
			add(n.SrcRange)
		case *hclsyntax.Block:
			add(n.Range())
		case *hclsyntax.ObjectConsExpr:
			for _, item := range n.Items {
				add(hcl.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range()))
			}
		case *hclsyntax.TupleConsExpr:
			for _, e := range n.Exprs {
				add(e.Range())
			}
		}
		return nil
	})
	return spans
}

// lineScope is the whole of line n.
func lineScope(path string, l *lines, n int) model.Range {
	return model.Range{File: path, Start: l.lineStart(n), End: l.lineStart(n + 1)}
}

// ownLineScope is the scope of an own-line directive on line n: the next
// line that is not a comment, extended to the end that opens returns for
// it. A blank line, or the end of the file, leaves the scope empty.
func ownLineScope(path string, l *lines, n int, commentLine func(int) bool, opens func(line int) (model.Pos, bool)) model.Range {
	t := n + 1
	for t <= l.count() && !l.blank(t) && commentLine(t) {
		t++
	}
	if t > l.count() || l.blank(t) {
		p := l.lineStart(n + 1)
		return model.Range{File: path, Start: p, End: p}
	}
	r := lineScope(path, l, t)
	if end, ok := opens(t); ok && (end.Line > r.End.Line || end.Line == r.End.Line && end.Column > r.End.Column) {
		r.End = end
	}
	return r
}
