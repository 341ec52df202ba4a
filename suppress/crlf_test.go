package suppress

import (
	"strings"
	"testing"
)

func TestCRLF(t *testing.T) {
	// Line ends are CRLF; the end-of-line comment's range must not
	// include the CR.
	for name, tc := range map[string]struct{ src, comment string }{
		"main.tf":    {"resource \"x\" \"y\" {\n  # edgelint:ignore EL004 reason\n  b {\n    c = 1\n  }\n  d = 2 // edgelint:ignore EL001 why\n}\n", "// edgelint:ignore EL001 why"},
		"stack.yaml": {"Resources:\n  # edgelint:ignore EL004 reason\n  B:\n    c: 1\n  D: 2 # edgelint:ignore EL001 why\n", "# edgelint:ignore EL001 why"},
	} {
		src := tc.src
		src = strings.ReplaceAll(src, "\n", "\r\n")
		set, problems := Parse(name, []byte(src))
		if len(problems) != 0 || len(set.Directives) != 2 {
			t.Fatalf("%s: %d directives, problems %v", name, len(set.Directives), problems)
		}
		d := set.Directives[0]
		if d.Kind != OwnLine || d.Reason != "reason" || d.Scope.Start.Line != 3 || d.Scope.End.Line != 5 {
			t.Errorf("%s: first directive %+v", name, d)
		}
		d = set.Directives[1]
		if d.Kind != EndOfLine || d.Reason != "why" || d.Range.End.Column != d.Range.Start.Column+len(tc.comment) {
			t.Errorf("%s: second directive %+v (range %d:%d-%d)", name, d, d.Range.Start.Line, d.Range.Start.Column, d.Range.End.Column)
		}
	}
}
