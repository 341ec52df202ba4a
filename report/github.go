package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// GitHub writes res as GitHub Actions workflow commands, one line per
// problem, which the runner turns into annotations on the pull request:
//
//	::error file=F,line=L,endLine=L,col=C,endColumn=C,title=EL004 behavior-matches-no-resource::message
//
// The command is error, warning or notice by severity. The message
// continues with the notes, related locations and fix on their own
// lines. Columns are UTF-16 code units, as GitHub counts them, and are
// only written for a range on one line, which is all GitHub accepts.
// Input errors follow, titled "edgelint input error" (or warning,
// notice). Data is escaped as the Actions toolkit does ("%", CR and LF
// in the message; also ":" and "," in properties) and control
// characters are shown escaped, so no text can start another command.
func GitHub(w io.Writer, res *engine.Result, opts CIOptions) error {
	r := newCIRun(res, opts)
	bw := bufio.NewWriter(w)
	for _, f := range r.findings {
		msg := strings.Join(append([]string{f.message}, r.details(f)...), "\n")
		r.githubCommand(bw, githubCommand(f.sev), f.path, f.f.Range, f.title(), msg)
	}
	for _, e := range r.errors {
		title := toolName + " input " + string(e.sev)
		r.githubCommand(bw, githubCommand(e.sev), e.path, e.e.Range, title, e.message)
	}
	return bw.Flush()
}

func githubCommand(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "warning"
	case rules.Info:
		return "notice"
	}
	return "error"
}

func (r *ciRun) githubCommand(w *bufio.Writer, cmd, path string, rg model.Range, title, msg string) {
	var props []string
	add := func(k, v string) { props = append(props, k+"="+githubProperty(v)) }
	if path != "" {
		add("file", path)
		if rg.Start.Line >= 1 {
			add("line", strconv.Itoa(rg.Start.Line))
			oneLine := rg.End.Line == rg.Start.Line || rg.End.Line < 1
			if rg.End.Line > rg.Start.Line {
				add("endLine", strconv.Itoa(rg.End.Line))
			} else {
				add("endLine", strconv.Itoa(rg.Start.Line))
			}
			if oneLine && rg.Start.Column >= 1 {
				col := r.utf16Column(rg.File, rg.Start.Line, rg.Start.Column)
				add("col", strconv.Itoa(col))
				if rg.End.Line == rg.Start.Line && rg.End.Column >= 1 {
					add("endColumn", strconv.Itoa(max(col, r.utf16Column(rg.File, rg.End.Line, rg.End.Column))))
				}
			}
		}
	}
	if title != "" {
		add("title", title)
	}
	line := "::" + cmd
	if len(props) > 0 {
		line += " " + strings.Join(props, ",")
	}
	_, _ = w.WriteString(line + "::" + githubData(msg) + "\n")
}

// githubData escapes a workflow command's message as the Actions toolkit
// does (escapeData), after showing control characters escaped.
func githubData(s string) string {
	s = cleanLines(s)
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command property value as the
// Actions toolkit does (escapeProperty).
func githubProperty(s string) string {
	s = cleanLines(s)
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
