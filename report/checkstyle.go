package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Checkstyle writes res as Checkstyle XML, as reviewdog (-f=checkstyle)
// and Jenkins Warnings NG read it: <checkstyle version="4.3"> with one
// <file> per file, sorted by path, and one <error> per finding with
// line, column (code points, as edgelint counts them), severity (error,
// warning, info), message (the message, then the notes on their own
// lines) and source "edgelint.CODE". Input errors are <error>s with
// source "edgelint.input". Line and column are left out when unknown.
func Checkstyle(w io.Writer, res *engine.Result, opts CIOptions) error {
	r := newCIRun(res, opts)
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(bw, format, args...) }
	p("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	p("<checkstyle version=\"4.3\">\n")
	for _, g := range r.byFile(false) {
		name := clean(g.path)
		if name == "" {
			name = noFile
		}
		p("  <file name=\"%s\">\n", xmlAttr(name))
		for _, it := range g.items {
			if f := it.f; f != nil {
				msg := strings.Join(append([]string{f.message}, f.notes...), "\n")
				p("    <error%s severity=\"%s\" message=\"%s\" source=\"%s\"/>\n",
					checkstylePos(f.f.Range), checkstyleSeverity(f.sev), xmlAttr(msg), xmlAttr(toolName+"."+f.f.Rule))
				continue
			}
			e := it.e
			p("    <error%s severity=\"%s\" message=\"%s\" source=\"%s\"/>\n",
				checkstylePos(e.e.Range), checkstyleSeverity(e.sev), xmlAttr(e.message), toolName+"."+inputCheck)
		}
		p("  </file>\n")
	}
	p("</checkstyle>\n")
	return bw.Flush()
}

func checkstylePos(rg model.Range) string {
	var s string
	if rg.Start.Line >= 1 {
		s += ` line="` + strconv.Itoa(rg.Start.Line) + `"`
		if rg.Start.Column >= 1 {
			s += ` column="` + strconv.Itoa(rg.Start.Column) + `"`
		}
	}
	return s
}

func checkstyleSeverity(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "warning"
	case rules.Info:
		return "info"
	}
	return "error"
}
