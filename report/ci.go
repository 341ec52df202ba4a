package report

import (
	"crypto/md5" //nolint:gosec // an identity, not a protection: GitLab documents MD5 fingerprints
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Output formats of Write. FormatText and FormatJSON are shared with
// Inspect.
const (
	FormatSARIF      = "sarif"
	FormatJUnit      = "junit"
	FormatCheckstyle = "checkstyle"
	FormatGitHub     = "github"
	FormatGitLab     = "gitlab"
)

// Formats lists the names Write accepts, in the order to show them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatCheckstyle, FormatGitHub, FormatGitLab}
}

// CIOptions configure the formats read by CI systems and code review
// tools (SARIF, JUnit, Checkstyle, GitHub, GitLab).
type CIOptions struct {
	// Version is edgelint's version, recorded by SARIF as the driver's
	// version, without a leading "v" before a digit, and as its
	// semanticVersion too when it is a semantic version. Empty leaves it
	// out.
	Version string
	// BaseDir is the directory paths are shown relative to, usually the
	// repository root. A path under it is made relative to it; a path
	// outside it is shown absolute. Empty keeps paths as the engine
	// recorded them (relative inputs stay relative), only cleaned and
	// with forward slashes.
	BaseDir string
}

// Options configure Write: TextOptions for the text format, CIOptions for
// the CI formats. JSON takes none.
type Options struct {
	TextOptions
	CIOptions
}

// Write writes res in format, one of Formats(); "" is FormatText.
func Write(format string, w io.Writer, res *engine.Result, opts Options) error {
	switch format {
	case FormatText, "":
		return Text(w, res, opts.TextOptions)
	case FormatJSON:
		return JSON(w, res)
	case FormatSARIF:
		return SARIF(w, res, opts.CIOptions)
	case FormatJUnit:
		return JUnit(w, res, opts.CIOptions)
	case FormatCheckstyle:
		return Checkstyle(w, res, opts.CIOptions)
	case FormatGitHub:
		return GitHub(w, res, opts.CIOptions)
	case FormatGitLab:
		return GitLab(w, res, opts.CIOptions)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// ruleSet returns the rules the SARIF driver describes; tests replace it
// to keep golden files independent of the rule documents.
var ruleSet = rules.All

// ruleDocURL is the documentation URL of the rule with code, "" when
// there is no such rule.
func ruleDocURL(code string) string {
	for _, r := range ruleSet() {
		if r.Code == code && code != "" {
			return r.DocURL()
		}
	}
	return ""
}

// inputCheck names input problems (files that could not be read or
// parsed, limits of the analysis) where a format needs a check name.
const inputCheck = "input"

// ---- the run as the CI formats see it ----------------------------------------

// ciRun is what every CI format starts from: findings and input errors
// with paths, displayed text and fingerprints resolved.
type ciRun struct {
	opts     CIOptions
	syms     *model.Symbols
	src      *sources
	findings []ciFinding
	errors   []ciError
	// files are the paths of the inputs edgelint read, sorted, without
	// duplicates.
	files []string
}

// Messages and details are displayed and on one line, their control
// characters escaped (clean); notes too, but for the line breaks a note
// may hold. Records are joined with line breaks: no text from the input
// may make a line of its own.
type ciFinding struct {
	f        rules.Finding
	sev      rules.Severity
	path     string // as shown; "" when the finding has no file
	relative bool   // path is relative to BaseDir (or as given)
	message  string // displayed
	notes    []string
	// fingerprint identifies the finding across runs independently of
	// line numbers.
	fingerprint string
}

type ciError struct {
	e        model.Diagnostic
	sev      rules.Severity
	path     string
	relative bool
	message  string
	// fingerprint is as for findings, from the file and message.
	fingerprint string
}

func newCIRun(res *engine.Result, opts CIOptions) *ciRun {
	r := &ciRun{opts: opts, syms: symbolsOf(res), src: newSources()}
	if res == nil {
		return r
	}
	seen := map[string]int{}
	for _, f := range res.Findings {
		message := display(r.syms, f.Message)
		cf := ciFinding{f: f, sev: severityOf(string(f.Severity)), message: clean(message)}
		cf.path, cf.relative = r.path(f.Range.File)
		for _, n := range f.Notes {
			cf.notes = append(cf.notes, cleanLines(display(r.syms, n)))
		}
		cf.fingerprint = fingerprint(seen, identity(f.Rule, cf.path, display(r.syms, f.Entity), message))
		r.findings = append(r.findings, cf)
	}
	for _, e := range res.Errors {
		message := display(r.syms, e.Message)
		ce := ciError{e: e, sev: severityOf(string(e.Severity)), message: clean(message)}
		ce.path, ce.relative = r.path(e.Range.File)
		ce.fingerprint = fingerprint(seen, identity(inputCheck, ce.path, "", message))
		r.errors = append(r.errors, ce)
	}
	if res.Config != nil {
		set := map[string]bool{}
		for _, f := range res.Config.Files {
			if p, _ := r.path(f); p != "" && !set[p] {
				set[p] = true
				r.files = append(r.files, p)
			}
		}
		sort.Strings(r.files)
	}
	return r
}

// identity is what a fingerprint hashes: the rule, the file and the
// entity the finding is about, or its message when it names no entity.
// Line numbers are left out so that a finding keeps its identity when
// lines are added above it.
func identity(rule, path, entity, message string) string {
	if entity != "" {
		return "edgelint/v1\x00" + rule + "\x00" + path + "\x00entity\x00" + entity
	}
	return "edgelint/v1\x00" + rule + "\x00" + path + "\x00message\x00" + message
}

// fingerprint hashes id (MD5, hex). The n-th problem of a run with the
// same identity, n > 1, adds n, so that fingerprints are unique in a run
// and stable as long as those problems keep their order.
func fingerprint(seen map[string]int, id string) string {
	seen[id]++
	if n := seen[id]; n > 1 {
		id += "\x00" + strconv.Itoa(n)
	}
	sum := md5.Sum([]byte(id)) //nolint:gosec // see the import
	return hex.EncodeToString(sum[:])
}

// severityOf maps an empty or unknown severity to error
// (model.Diagnostic.IsError), as every report does.
func severityOf(s string) rules.Severity {
	switch rules.Severity(s) {
	case rules.Warning, rules.Info:
		return rules.Severity(s)
	}
	return rules.Error
}

// path shows file relative to BaseDir when it is under it (see
// CIOptions.BaseDir), with forward slashes; relative reports whether the
// result is a relative path.
func (r *ciRun) path(file string) (p string, relative bool) {
	if file == "" {
		return "", false
	}
	if r.opts.BaseDir == "" {
		c := filepath.Clean(file)
		return filepath.ToSlash(c), !filepath.IsAbs(c)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(file)), !filepath.IsAbs(file)
	}
	base, err := filepath.Abs(r.opts.BaseDir)
	if err == nil {
		if rel, err := filepath.Rel(base, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), true
		}
	}
	return filepath.ToSlash(abs), false
}

// span renders a range's start as path:line:col, path:line or path.
func spanText(path string, rg model.Range) string {
	switch {
	case path == "":
		return ""
	case rg.Start.Line < 1:
		return path
	case rg.Start.Column < 1:
		return path + ":" + strconv.Itoa(rg.Start.Line)
	}
	return path + ":" + strconv.Itoa(rg.Start.Line) + ":" + strconv.Itoa(rg.Start.Column)
}

// title is a finding's "CODE name", or what of it is set.
func (f ciFinding) title() string {
	return clean(strings.TrimSpace(f.f.Rule + " " + f.f.Name))
}

// details are the lines that follow a finding's message for people:
// notes, related locations and the fix.
func (r *ciRun) details(f ciFinding) []string {
	out := append([]string(nil), f.notes...)
	for _, rel := range f.f.Related {
		m := display(r.syms, rel.Message)
		p, _ := r.path(rel.Range.File)
		if loc := spanText(p, rel.Range); loc != "" {
			if m == "" {
				m = "see " + loc
			} else {
				m += " at " + loc
			}
		}
		if m != "" {
			out = append(out, clean(m))
		}
	}
	if f.f.Fix != nil {
		out = append(out, clean("fix: "+r.fixText(f.f.Fix)))
	}
	return out
}

// fixText describes a fix: its description, or its edits when it has none.
func (r *ciRun) fixText(fx *rules.Fix) string {
	if fx.Description != "" {
		return display(r.syms, fx.Description)
	}
	parts := make([]string, 0, len(fx.Edits))
	for _, e := range fx.Edits {
		p, _ := r.path(e.Range.File)
		parts = append(parts, "write "+strconv.Quote(e.NewText)+" at "+spanText(p, e.Range))
	}
	return strings.Join(parts, "; ")
}

// ---- columns -----------------------------------------------------------------

// utf16Column converts the 1-based code point column col of line in file
// to UTF-16 code units, the unit SARIF and GitHub count columns in. It
// reads the source line; when the file cannot be read the column is kept
// (exact for lines without characters outside the Basic Multilingual
// Plane).
func (r *ciRun) utf16Column(file string, line, col int) int {
	if col < 1 || line < 1 {
		return col
	}
	text, ok := r.src.line(file, line)
	if !ok {
		return col
	}
	units, i := 1, 1
	for _, c := range text {
		if i >= col {
			return units
		}
		units += utf16.RuneLen(c) // invalid bytes range as U+FFFD: one unit
		i++
	}
	// Past the end of the line: one unit per column.
	return units + col - i
}

// ---- rule documents ------------------------------------------------------------

var (
	mdLink     = lazyre.New(`\[([^\]]*)\]\([^)]*\)`)
	mdSeverity = lazyre.New(`^\*\*[A-Za-z ,]+:\*\*`)
)

// firstParagraph returns the first paragraph of a rule's Markdown
// document as plain text: the heading and the severity line are skipped,
// code spans lose their backticks, emphasis its asterisks and links their
// targets, and lines are joined.
func firstParagraph(doc string) string {
	var para []string
	for _, l := range strings.Split(doc, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
			if len(para) > 0 {
				return plainMarkdown(strings.Join(para, " "))
			}
			continue
		case len(para) == 0 && (strings.HasPrefix(l, "#") || mdSeverity().MatchString(l)):
			continue
		}
		para = append(para, l)
	}
	return plainMarkdown(strings.Join(para, " "))
}

// plainMarkdown removes inline Markdown: backticks of code spans (their
// content is kept verbatim), emphasis asterisks and underscores outside
// code, and link targets.
func plainMarkdown(s string) string {
	var b strings.Builder
	code := false
	rs := []rune(s)
	for i, c := range rs {
		switch {
		case c == '`':
			code = !code
			continue
		case !code && c == '*':
			continue
		case !code && c == '_' && (i == 0 || i == len(rs)-1 || !isWordRune(rs[i-1]) || !isWordRune(rs[i+1])):
			continue
		}
		b.WriteRune(c)
	}
	return mdLink().ReplaceAllString(b.String(), "$1")
}

func isWordRune(c rune) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 0x7f
}

// ---- URIs ------------------------------------------------------------------------

// fileURI renders a path as a URI reference: a relative reference for a
// relative path, a file URI for an absolute one. Segments are
// percent-encoded (RFC 3986).
func fileURI(path string, relative bool) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		e := url.PathEscape(s)
		if relative || i > 1 || !isDrive(s) {
			// A colon in a relative reference's first segment would read
			// as a scheme.
			e = strings.ReplaceAll(e, ":", "%3A")
		}
		segs[i] = e
	}
	p := strings.Join(segs, "/")
	if relative {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	return "file://" + p
}

// isDrive reports whether s is a Windows drive ("C:").
func isDrive(s string) bool {
	return len(s) == 2 && s[1] == ':' && (s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z')
}
