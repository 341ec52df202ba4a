package report

import (
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// SARIF constants.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifSrcRoot is the uriBaseId of relative artifact URIs.
	sarifSrcRoot = "%SRCROOT%"
	// sarifFingerprint is the partialFingerprints key; bump the version
	// when what it hashes changes.
	sarifFingerprint = "edgelint/v1"
	toolName         = "edgelint"
	toolURI          = "https://github.com/edgelint/edgelint"
)

// sarifTags are the tags of every rule. None is "security": edgelint's
// rules find requests that fail (an availability fault), not
// vulnerabilities, so no rule has a security-severity either; GitHub
// would otherwise list the findings as security alerts.
var sarifTags = []string{"correctness", "aws", "cloudfront", "api-gateway"}

// semverRE is the regular expression of semver.org for a version.
var semverRE = lazyre.New(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	InformationURI  string      `json:"informationUri"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId,omitempty"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               int                    `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical         `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

// SARIF writes res as a SARIF 2.1.0 log with one run, in the subset
// GitHub code scanning reads.
//
// The driver describes every rule (id the code, name the rule's name in
// PascalCase as SARIF recommends, descriptions from the summary and the
// first paragraph of its document, help the whole document, helpUri its
// online page). Each finding is a result with its rule, level (error,
// warning, note), message (the notes on the lines that follow), location,
// the entity as a logical location, related locations, a fix when the
// finding has one whose edits all have complete ranges, and a
// partialFingerprints entry "edgelint/v1" that hashes the rule, the file
// and the entity (or the message when there is none), never line
// numbers, so an alert survives edits above it.
//
// Columns are counted in UTF-16 code units, SARIF's default and what
// GitHub assumes, converted from edgelint's code points by reading the
// source line (run.columnKind says so explicitly). Relative paths are
// written as relative URIs with uriBaseId "%SRCROOT%" (defined in
// originalUriBaseIds when opts.BaseDir is set), absolute ones as file
// URIs. Input errors are tool execution notifications of the run's
// invocation, which is not successful when one of them is an error; so
// is a finding without a file, which code scanning could not place.
// A version with a leading "v" followed by a digit is written without
// the "v".
func SARIF(w io.Writer, res *engine.Result, opts CIOptions) error {
	r := newCIRun(res, opts)
	driver := sarifDriver{Name: toolName, InformationURI: toolURI, Version: opts.Version, Rules: []sarifRule{}}
	if v, ok := strings.CutPrefix(opts.Version, "v"); ok && v != "" && v[0] >= '0' && v[0] <= '9' {
		// SARIF consumers compare versions that start with a number.
		driver.Version = v
	}
	if semverRE().MatchString(driver.Version) {
		driver.SemanticVersion = driver.Version
	}
	index := map[string]int{}
	for i, rule := range ruleSet() {
		index[rule.Code] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
	}
	run := sarifRun{
		Tool:       sarifTool{Driver: driver},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
	}
	if opts.BaseDir != "" {
		if abs, err := filepath.Abs(opts.BaseDir); err == nil {
			uri := fileURI(filepath.ToSlash(abs), false)
			if !strings.HasSuffix(uri, "/") {
				uri += "/"
			}
			run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{sarifSrcRoot: {URI: uri}}
		}
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, f := range r.findings {
		if f.path == "" {
			// A result needs a location in GitHub code scanning.
			msg := strings.Join(append([]string{f.title() + ": " + f.message}, f.notes...), "\n")
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
				sarifNotification{Level: sarifLevel(f.sev), Message: sarifText{Text: msg}})
			continue
		}
		run.Results = append(run.Results, r.sarifResult(f, index))
	}
	for _, e := range r.errors {
		n := sarifNotification{Level: sarifLevel(e.sev), Message: sarifText{Text: e.message}}
		if loc := r.sarifPhysical(e.path, e.relative, e.e.Range); loc != nil {
			n.Locations = []sarifLocation{{PhysicalLocation: loc}}
		}
		if e.sev == rules.Error {
			inv.ExecutionSuccessful = false
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifRuleOf(rule *rules.Rule) sarifRule {
	full := firstParagraph(rule.Doc)
	if full == "" {
		full = rule.Summary
	}
	return sarifRule{
		ID:                   rule.Code,
		Name:                 pascalCase(rule.Name),
		ShortDescription:     sarifText{Text: rule.Summary},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp{Text: rule.Doc, Markdown: rule.Doc},
		HelpURI:              rule.DocURL(),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(severityOf(string(rule.Severity)))},
		Properties:           sarifRuleProps{Tags: sarifTags, Precision: "very-high"},
	}
}

func (r *ciRun) sarifResult(f ciFinding, index map[string]int) sarifResult {
	res := sarifResult{
		RuleID:              f.f.Rule,
		Level:               sarifLevel(f.sev),
		Message:             sarifText{Text: strings.Join(append([]string{f.message}, f.notes...), "\n")},
		Locations:           []sarifLocation{},
		PartialFingerprints: map[string]string{sarifFingerprint: f.fingerprint},
	}
	if i, ok := index[f.f.Rule]; ok {
		res.RuleIndex = &i
	}
	loc := sarifLocation{PhysicalLocation: r.sarifPhysical(f.path, f.relative, f.f.Range)}
	if e := display(r.syms, f.f.Entity); e != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: e}}
	}
	if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
		res.Locations = append(res.Locations, loc)
	}
	for i, rel := range f.f.Related {
		p, relative := r.path(rel.Range.File)
		l := sarifLocation{ID: i + 1, PhysicalLocation: r.sarifPhysical(p, relative, rel.Range)}
		if m := display(r.syms, rel.Message); m != "" {
			l.Message = &sarifText{Text: m}
		}
		res.RelatedLocations = append(res.RelatedLocations, l)
	}
	if fix, ok := r.sarifFix(f.f.Fix); ok {
		res.Fixes = []sarifFix{fix}
	}
	return res
}

// sarifFix renders a fix; false when it has no edit or an edit whose
// file or range is not fully known (a partial fix would be wrong).
func (r *ciRun) sarifFix(fx *rules.Fix) (sarifFix, bool) {
	if fx == nil || len(fx.Edits) == 0 {
		return sarifFix{}, false
	}
	out := sarifFix{Description: sarifText{Text: r.fixText(fx)}}
	byFile := map[string]int{}
	for _, e := range fx.Edits {
		rg := e.Range
		if rg.File == "" || rg.Start.Line < 1 || rg.Start.Column < 1 || rg.End.Line < rg.Start.Line || rg.End.Column < 1 {
			return sarifFix{}, false
		}
		p, relative := r.path(rg.File)
		start := r.utf16Column(rg.File, rg.Start.Line, rg.Start.Column)
		end := r.utf16Column(rg.File, rg.End.Line, rg.End.Column)
		if rg.End.Line == rg.Start.Line && end < start {
			return sarifFix{}, false
		}
		rep := sarifReplacement{DeletedRegion: sarifRegion{StartLine: rg.Start.Line, StartColumn: start, EndLine: rg.End.Line, EndColumn: end}}
		if e.NewText != "" {
			rep.InsertedContent = &sarifText{Text: e.NewText}
		}
		i, ok := byFile[p]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[p] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: sarifArtifact(p, relative)})
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out, true
}

func sarifArtifact(path string, relative bool) sarifArtifactLocation {
	a := sarifArtifactLocation{URI: fileURI(path, relative)}
	if relative {
		a.URIBaseID = sarifSrcRoot
	}
	return a
}

// sarifPhysical is the physical location of rg, shown as path; nil when
// it has no file.
func (r *ciRun) sarifPhysical(path string, relative bool, rg model.Range) *sarifPhysicalLocation {
	if path == "" {
		return nil
	}
	return &sarifPhysicalLocation{ArtifactLocation: sarifArtifact(path, relative), Region: r.sarifRegion(rg)}
}

// sarifRegion converts a half-open range to a SARIF region (whose end
// column is exclusive too); nil when no line is known. An end before the
// start is dropped to the start.
func (r *ciRun) sarifRegion(rg model.Range) *sarifRegion {
	if rg.Start.Line < 1 {
		return nil
	}
	reg := &sarifRegion{StartLine: rg.Start.Line}
	if rg.Start.Column >= 1 {
		reg.StartColumn = r.utf16Column(rg.File, rg.Start.Line, rg.Start.Column)
	}
	switch {
	case rg.End.Line > rg.Start.Line:
		reg.EndLine = rg.End.Line
		if rg.End.Column >= 1 && reg.StartColumn > 0 {
			reg.EndColumn = r.utf16Column(rg.File, rg.End.Line, rg.End.Column)
		}
	case rg.End.Line == rg.Start.Line && reg.StartColumn > 0 && rg.End.Column >= 1:
		reg.EndLine = rg.End.Line
		reg.EndColumn = max(r.utf16Column(rg.File, rg.End.Line, rg.End.Column), reg.StartColumn)
	}
	return reg
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "warning"
	case rules.Info:
		return "note"
	}
	return "error"
}

// pascalCase turns a kebab-case rule name into the PascalCase identifier
// SARIF recommends for reportingDescriptor.name.
func pascalCase(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) }) {
		r, n := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[n:])
	}
	return b.String()
}
