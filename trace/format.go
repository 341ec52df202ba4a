package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/edgelint/edgelint/internal/safetext"
)

// WriteText prints a trace, one line per hop with its source position,
// then the predicted answer.
func (t *Trace) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s through %s\n", t.Method, t.Path, t.Distribution)
	for _, s := range t.Steps {
		pos := "-"
		if s.File != "" {
			pos = fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Column)
		}
		fmt.Fprintf(&b, "  %s: %s\n", pos, s.What)
	}
	switch t.Outcome {
	case Fails:
		if t.Status == nil {
			fmt.Fprintf(&b, "=> fails: %s\n", t.Reason)
			break
		}
		rule := ""
		if t.Rule != nil {
			rule = " [" + *t.Rule + "]"
		}
		body := ""
		if t.Body != nil {
			body = " " + *t.Body
		}
		fmt.Fprintf(&b, "=> fails: %d%s%s\n", *t.Status, body, rule)
	case Reaches:
		fmt.Fprintf(&b, "=> reaches the integration: %s %s of %s, stage %s\n", deref(t.APIMethod), deref(t.Resource), deref(t.API), quote(deref(t.Stage)))
	case NotAPI:
		fmt.Fprintf(&b, "=> not an API: %s\n", t.Reason)
	default:
		fmt.Fprintf(&b, "=> unknown: %s\n", t.Reason)
	}
	// Every line is escaped alone: what the configuration holds (a
	// pattern, a header value) cannot start a line of its own.
	var out strings.Builder
	for _, l := range strings.SplitAfter(b.String(), "\n") {
		if l != "" {
			out.WriteString(safetext.Escape(strings.TrimSuffix(l, "\n")) + "\n")
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// WriteJSON prints a trace as one JSON object.
func (t *Trace) WriteJSON(w io.Writer) error {
	out := *t
	if out.Steps == nil {
		out.Steps = []Step{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

func deref(s *string) string {
	if s == nil {
		return "(unknown)"
	}
	return *s
}
