package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/edgelint/edgelint/internal/safetext"
)

// WriteText prints a trace, one line per hop with its source position,
// then the predicted answer. Each line is escaped on its own: what it
// echoes (the path, a pattern, a header value) cannot start a line of its
// own nor write a terminal escape.
func (t *Trace) WriteText(w io.Writer) error {
	lines := []string{fmt.Sprintf("%s %s through %s", t.Method, t.Path, t.Distribution)}
	for _, s := range t.Steps {
		pos := "-"
		if s.File != "" {
			pos = fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Column)
		}
		lines = append(lines, fmt.Sprintf("  %s: %s", pos, s.What))
	}
	switch t.Outcome {
	case Fails:
		if t.Status == nil {
			lines = append(lines, "=> fails: "+t.Reason)
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
		lines = append(lines, fmt.Sprintf("=> fails: %d%s%s", *t.Status, body, rule))
	case Reaches:
		lines = append(lines, fmt.Sprintf("=> reaches the integration: %s %s of %s, stage %s", deref(t.APIMethod), deref(t.Resource), deref(t.API), quote(deref(t.Stage))))
	case NotAPI:
		lines = append(lines, "=> not an API: "+t.Reason)
	default:
		lines = append(lines, "=> unknown: "+t.Reason)
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(safetext.Escape(l) + "\n")
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
