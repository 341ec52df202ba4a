package model

import "fmt"

// Severity is how much a diagnostic matters: SevError, SevWarning or
// SevInfo. The empty severity is none of them: Normalize makes it an
// error.
type Severity string

// The severities of a diagnostic.
const (
	// SevError is an input that could not be read or parsed, or a part
	// of it that could not be understood: the analysis of its file is
	// not whole, and the command exits with the error status.
	SevError Severity = "error"
	// SevWarning is a limit of the analysis worth acting on (a module
	// that is not installed, a suppression that silences nothing).
	SevWarning Severity = "warning"
	// SevInfo is a limit of the analysis told for information (a
	// function edgelint lacks, a value it cannot know).
	SevInfo Severity = "info"
)

// Valid reports whether s is one of the severities.
func (s Severity) Valid() bool {
	return s == SevError || s == SevWarning || s == SevInfo
}

// Diagnostic is a file that could not be read or parsed, or a part of it
// that could not be understood, or a limit of the analysis: a problem of
// the input or of its reading, not a finding of a rule. Other files are
// still analyzed.
type Diagnostic struct {
	Range   Range  `json:"range"`
	Message string `json:"message"`
	// Severity of the problem: SevError for unreadable or unparsable
	// input, SevWarning/SevInfo for limits of the analysis.
	Severity Severity `json:"severity"`
	// Suppression marks a problem of edgelint's own markup (a
	// suppression comment or Metadata entry that is unused, names an
	// unknown rule or is misspelled), not of the analysis: the file was
	// analyzed whole.
	Suppression bool `json:"-"`
}

// Errorf returns an error diagnostic at r.
func Errorf(r Range, format string, args ...any) Diagnostic {
	return Diagnostic{Range: r, Message: fmt.Sprintf(format, args...), Severity: SevError}
}

// IsError reports whether d is an error: an input that could not be read
// or parsed. A diagnostic without a valid severity is taken for one, so
// that a run that could not classify a problem is never taken for a
// clean one.
func (d Diagnostic) IsError() bool {
	return d.Severity == SevError || !d.Severity.Valid()
}

func (d Diagnostic) Error() string {
	if d.Range.Start.Line > 0 {
		return fmt.Sprintf("%s: %s", d.Range, d.Message)
	}
	return fmt.Sprintf("%s: %s", d.Range.File, d.Message)
}

// Diagnostics is a list of diagnostics.
type Diagnostics []Diagnostic

// HasErrors reports whether one of ds is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.IsError() {
			return true
		}
	}
	return false
}

// Normalize gives every diagnostic of ds without a valid severity the
// error severity (see IsError), in place, and returns ds.
func (ds Diagnostics) Normalize() Diagnostics {
	for i := range ds {
		if !ds[i].Severity.Valid() {
			ds[i].Severity = SevError
		}
	}
	return ds
}
