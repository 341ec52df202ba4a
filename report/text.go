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

// TextOptions configure Text.
type TextOptions struct {
	// Color marks severities, rule codes and underlines with ANSI escape
	// sequences. The caller decides (terminal, NO_COLOR, a flag).
	Color bool
	// Summary ends the report with one line counting findings by
	// severity, the files read and the inputs that could not be parsed.
	Summary bool
	// Baselined is the number of findings a baseline hid, for the
	// summary.
	Baselined int
}

// ANSI styles.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiError   = "\x1b[1;31m"
	ansiWarning = "\x1b[1;33m"
	ansiInfo    = "\x1b[1;36m"
)

// Text writes every finding of res, then every input error, for people
// and terminals; see the package documentation for the layout. A finding
// whose source cannot be read is shown by its machine line alone.
func Text(w io.Writer, res *engine.Result, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, color: opts.Color, src: newSources(), syms: symbolsOf(res)}
	var findings []rules.Finding
	var perrs []model.Diagnostic
	if res != nil {
		findings, perrs = res.Findings, res.Errors
	}
	for _, f := range findings {
		t.finding(f)
	}
	for _, e := range perrs {
		t.parseError(e)
	}
	if opts.Summary {
		if t.blocks > 0 {
			t.printf("\n")
		}
		t.printf("%s\n", Summary(res, opts.Baselined))
	}
	return bw.Flush()
}

type textWriter struct {
	w      *bufio.Writer
	color  bool
	src    *sources
	syms   *model.Symbols
	blocks int // blocks written so far
}

func (t *textWriter) printf(format string, args ...any) {
	// Errors are sticky in bufio.Writer and returned by Flush.
	_, _ = fmt.Fprintf(t.w, format, args...)
}

func (t *textWriter) style(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func severityStyle(sev string) string {
	switch rules.Severity(sev) {
	case rules.Error:
		return ansiError
	case rules.Warning:
		return ansiWarning
	default:
		return ansiInfo
	}
}

// msg prepares a message for one line: symbolic tokens displayed, control
// characters escaped.
func (t *textWriter) msg(s string) string {
	return clean(display(t.syms, s))
}

// startBlock separates consecutive problems with a blank line.
func (t *textWriter) startBlock() {
	if t.blocks > 0 {
		t.printf("\n")
	}
	t.blocks++
}

func (t *textWriter) finding(f rules.Finding) {
	t.startBlock()
	sev := string(f.Severity)
	if sev == "" {
		sev = string(rules.Error)
	}
	var head strings.Builder
	if loc := location(f.Range); loc != "" {
		head.WriteString(loc + ": ")
	}
	head.WriteString(t.style(severityStyle(sev), sev) + ": ")
	if f.Rule != "" || f.Name != "" {
		head.WriteString("[" + t.style(ansiBold, clean(f.Rule)))
		if f.Rule != "" && f.Name != "" {
			head.WriteString(" ")
		}
		head.WriteString(clean(f.Name) + "] ")
	}
	head.WriteString(t.msg(f.Message))
	t.printf("%s\n", head.String())

	gw := gutterWidth(f.Range.Start.Line)
	t.snippet(f.Range, sev, gw)
	for _, n := range f.Notes {
		// The fix line below says it again.
		if f.Fix != nil && n == f.Fix.Description {
			continue
		}
		t.note(gw, n)
	}
	for _, r := range f.Related {
		m := t.msg(r.Message)
		if loc := location(r.Range); loc != "" {
			if m == "" {
				m = "see " + loc
			} else {
				m += " at " + loc
			}
		}
		if m != "" {
			t.note(gw, m)
		}
	}
	if f.Fix != nil {
		t.note(gw, "fix: "+fixText(f.Fix, t))
	}
	// The rule's documentation, the doc_url of "edgelint rules --format json".
	if u := ruleDocURL(f.Rule); u != "" {
		t.note(gw, "docs: "+u)
	}
}

// fixText describes a fix: its description, or its edits when it has none.
func fixText(fx *rules.Fix, t *textWriter) string {
	if fx.Description != "" {
		return t.msg(fx.Description)
	}
	parts := make([]string, 0, len(fx.Edits))
	for _, e := range fx.Edits {
		parts = append(parts, "write "+strconv.Quote(t.msg(e.NewText))+" at "+location(e.Range))
	}
	return strings.Join(parts, "; ")
}

// note writes one "=" line aligned with the snippet gutter; line breaks in
// the note continue on indented lines.
func (t *textWriter) note(gw int, n string) {
	pad := strings.Repeat(" ", gw+1)
	for i, l := range strings.Split(strings.TrimRight(n, "\n"), "\n") {
		l = t.msg(l)
		if i == 0 {
			t.printf("%s = %s\n", pad, l)
		} else {
			t.printf("%s   %s\n", pad, l)
		}
	}
}

func (t *textWriter) snippet(r model.Range, sev string, gw int) {
	sn, ok := t.src.makeSnippet(r)
	if !ok {
		return
	}
	t.printf(" %*d | %s\n", gw, sn.line, sn.text)
	if sn.carets == 0 {
		return
	}
	under := strings.Repeat(" ", sn.caretPad) + t.style(severityStyle(sev), strings.Repeat("^", sn.carets))
	if sn.continues != "" {
		under += " " + sn.continues
	}
	t.printf(" %s | %s\n", strings.Repeat(" ", gw), under)
}

func (t *textWriter) parseError(e model.Diagnostic) {
	t.startBlock()
	sev := string(severityOf(string(e.Severity)))
	var head strings.Builder
	if loc := location(e.Range); loc != "" {
		head.WriteString(loc + ": ")
	}
	head.WriteString(t.style(severityStyle(sev), sev) + ": " + t.msg(e.Message))
	t.printf("%s\n", head.String())
	t.snippet(e.Range, sev, gutterWidth(e.Range.Start.Line))
}

// location renders a range as file:line:col, file:line or file, as far as
// it is known; "" when it carries no file.
func location(r model.Range) string {
	switch {
	case r.File == "":
		return ""
	case r.Start.Line < 1:
		return clean(r.File)
	case r.Start.Column < 1:
		return clean(r.File) + ":" + strconv.Itoa(r.Start.Line)
	}
	return clean(r.File) + ":" + strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Column)
}

func symbolsOf(res *engine.Result) *model.Symbols {
	if res == nil || res.Config == nil {
		return nil
	}
	return res.Config.Symbols
}

// Summary is the footer line of the text report, e.g.
// "3 errors, 1 warning, 0 info in 12 files (2 inputs could not be parsed,
// 4 findings hidden by the baseline)". Warnings about suppression
// comments count as warnings; an input is "only partly analyzed" when a
// limit of the analysis, not of a suppression comment, was reported in
// it. baselined is the number of findings a baseline hid.
func Summary(res *engine.Result, baselined int) string {
	var errs, warns, infos, markup, suppressed int
	var perrs []model.Diagnostic
	files := map[string]bool{}
	if res != nil {
		for _, f := range res.Findings {
			switch f.Severity {
			case rules.Warning:
				warns++
			case rules.Info:
				infos++
			default:
				errs++
			}
		}
		perrs = res.Errors
		suppressed = len(res.Suppressed)
		if res.Config != nil {
			for _, f := range res.Config.Files {
				files[f] = true
			}
		}
	}
	broken, partial := map[string]bool{}, map[string]bool{}
	for _, e := range perrs {
		switch {
		case e.IsError():
			broken[e.Range.File] = true
		case e.Suppression:
			markup++
			if e.Severity == model.SevWarning {
				warns++
			} else {
				infos++
			}
		default:
			partial[e.Range.File] = true
		}
	}
	s := plural(errs, "error", "errors") + ", " + plural(warns, "warning", "warnings") + ", " +
		strconv.Itoa(infos) + " info in " + plural(len(files), "file", "files")
	for f := range broken {
		delete(partial, f)
	}
	var extra []string
	if n := len(broken); n > 0 {
		extra = append(extra, plural(n, "input", "inputs")+" could not be parsed")
	}
	if n := len(partial); n > 0 {
		extra = append(extra, plural(n, "input", "inputs")+" only partly analyzed")
	}
	if markup > 0 {
		extra = append(extra, plural(markup, "problem", "problems")+" in suppression comments")
	}
	if baselined > 0 {
		extra = append(extra, plural(baselined, "finding", "findings")+" hidden by the baseline")
	}
	if suppressed > 0 {
		extra = append(extra, plural(suppressed, "finding", "findings")+" suppressed")
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
