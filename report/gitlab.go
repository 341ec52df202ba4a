package report

import (
	"io"
	"strings"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

type gitlabIssue struct {
	// Type and Categories are required by the Code Climate specification
	// GitLab's format is a subset of; GitLab ignores them.
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Content     *gitlabContent `json:"content,omitempty"`
	Categories  []string       `json:"categories"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabContent struct {
	Body string `json:"body"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// GitLab writes res as a GitLab Code Quality report: a JSON array with
// one issue per finding and per input error. Each issue has the fields
// GitLab requires, description (the message), check_name
// ("edgelint.CODE", "edgelint.input" for input errors), fingerprint (the
// MD5 of the same identity as SARIF's partial fingerprint: rule, file and
// entity, never line numbers), severity and location (path, lines begin
// and end), plus Code Climate's type, categories and content (the notes,
// related locations, fix and documentation link, in Markdown).
//
// Severities: error is "critical" (the deployed API answers 403 or 401
// for the affected requests: an outage, not a maintainability smell),
// warning "major" (a fault that is likely but not certain) and info
// "info"; "blocker" is left to tools that gate on it. An input that
// could not be parsed is "critical" too: it was not checked. A problem
// without a line is placed on line 1, as GitLab needs a line.
func GitLab(w io.Writer, res *engine.Result, opts CIOptions) error {
	r := newCIRun(res, opts)
	issues := []gitlabIssue{}
	for _, f := range r.findings {
		var body []string
		for _, d := range r.details(f) {
			body = append(body, "- "+d)
		}
		if u := ruleDocURL(f.f.Rule); u != "" {
			body = append(body, "", "["+f.title()+"]("+u+")")
		}
		is := gitlabIssue{
			Type: "issue", CheckName: toolName + "." + f.f.Rule, Description: f.message,
			Categories: []string{"Bug Risk"}, Fingerprint: f.fingerprint, Severity: gitlabSeverity(f.sev),
			Location: gitlabLocationOf(f.path, f.f.Range),
		}
		if len(body) > 0 {
			is.Content = &gitlabContent{Body: strings.TrimLeft(strings.Join(body, "\n"), "\n")}
		}
		issues = append(issues, is)
	}
	for _, e := range r.errors {
		issues = append(issues, gitlabIssue{
			Type: "issue", CheckName: toolName + "." + inputCheck, Description: e.message,
			Categories: []string{"Bug Risk"}, Fingerprint: e.fingerprint, Severity: gitlabSeverity(e.sev),
			Location: gitlabLocationOf(e.path, e.e.Range),
		})
	}
	return encodeJSON(w, issues)
}

func gitlabLocationOf(path string, rg model.Range) gitlabLocation {
	if path == "" {
		path = noFile
	}
	l := gitlabLocation{Path: path, Lines: gitlabLines{Begin: rg.Start.Line}}
	if l.Lines.Begin < 1 {
		l.Lines.Begin = 1
		return l
	}
	if rg.End.Line > rg.Start.Line {
		l.Lines.End = rg.End.Line
	} else {
		l.Lines.End = rg.Start.Line
	}
	return l
}

func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "major"
	case rules.Info:
		return "info"
	}
	return "critical"
}
