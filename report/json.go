package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// jsonReport is the document JSON writes. Field order is the key order.
type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
}

type jsonSpan struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	jsonSpan
	Notes   []string      `json:"notes"`
	Related []jsonRelated `json:"related"`
	Fix     *jsonFix      `json:"fix,omitempty"`
	Entity  string        `json:"entity,omitempty"`
}

type jsonRelated struct {
	Message string `json:"message"`
	jsonSpan
}

type jsonFix struct {
	Description string     `json:"description"`
	Edits       []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	jsonSpan
	NewText string `json:"new_text"`
}

type jsonError struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Severity string `json:"severity"`
}

func span(r model.Range) jsonSpan {
	return jsonSpan{File: r.File, Line: r.Start.Line, Column: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

// JSON writes res as one JSON object, indented by two spaces:
//
//	{"findings": [...], "errors": [...]}
//
// Each finding has rule, name, severity, message, file, line, column,
// end_line, end_column, notes and related (arrays, possibly empty), and fix
// and entity when the finding has them. Each related location has message
// and the same position keys; a fix has description and edits, each edit
// the position keys and new_text. Each error has file, line, column,
// message and severity. Lines and columns are 1-based; 0 means unknown.
// Arrays are never null and keys keep this order.
func JSON(w io.Writer, res *engine.Result) error {
	doc := jsonReport{Findings: []jsonFinding{}, Errors: []jsonError{}}
	var syms *model.Symbols
	if res != nil {
		syms = symbolsOf(res)
		for _, f := range res.Findings {
			doc.Findings = append(doc.Findings, jsonFindingOf(f, syms))
		}
		for _, e := range res.Errors {
			doc.Errors = append(doc.Errors, jsonError{
				File: e.Range.File, Line: e.Range.Start.Line, Column: e.Range.Start.Column,
				Message: display(syms, e.Message), Severity: string(severityOf(string(e.Severity))),
			})
		}
	}
	return encodeJSON(w, doc)
}

func jsonFindingOf(f rules.Finding, syms *model.Symbols) jsonFinding {
	sev := string(f.Severity)
	if sev == "" {
		sev = string(rules.Error)
	}
	jf := jsonFinding{
		Rule: f.Rule, Name: f.Name, Severity: sev, Message: display(syms, f.Message),
		jsonSpan: span(f.Range),
		Notes:    []string{}, Related: []jsonRelated{},
		Entity: display(syms, f.Entity),
	}
	for _, n := range f.Notes {
		jf.Notes = append(jf.Notes, display(syms, n))
	}
	for _, r := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{Message: display(syms, r.Message), jsonSpan: span(r.Range)})
	}
	if f.Fix != nil {
		fx := &jsonFix{Description: display(syms, f.Fix.Description), Edits: []jsonEdit{}}
		for _, e := range f.Fix.Edits {
			// New text is written to files verbatim: no token display.
			fx.Edits = append(fx.Edits, jsonEdit{jsonSpan: span(e.Range), NewText: e.NewText})
		}
		jf.Fix = fx
	}
	return jf
}

// display renders symbolic tokens in s for people.
func display(syms *model.Symbols, s string) string {
	if syms == nil || !model.HasToken(s) {
		return s
	}
	return syms.Display(s)
}

// encodeJSON writes v indented by two spaces, without HTML escaping (the
// documents are read by tools, and "<api.id>" should read as written).
// The control characters encoding/json leaves raw (DEL, C1, bidirectional
// controls) are written as \u escapes (safetext.JSON), so that no value
// from the input reaches a terminal raw.
func encodeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safetext.JSON(b.Bytes()))
	return err
}
