package keyscan

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestScansMatchExpressions: JSONKey, YAMLKey (with each indentation) and
// LineEnd agree with the regular expressions their comments give, on
// generated text made of the pieces whose edges they check.
func TestScansMatchExpressions(t *testing.T) {
	anything := func([]byte) bool { return true }
	checks := []struct {
		re   *regexp.Regexp
		scan func([]byte) bool
	}{
		{regexp.MustCompile(`"K"\s*:`), func(b []byte) bool { return JSONKey(b, "K", anything) }},
		{regexp.MustCompile(`"K"\s*:\s*\{`), func(b []byte) bool { return JSONKey(b, "K", func(r []byte) bool { return len(r) > 0 && r[0] == '{' }) }},
		{regexp.MustCompile(`(?m)^[ \t]*["']?K["']?[ \t]*:`), func(b []byte) bool { return YAMLKey(b, "K", AnyIndent, anything) }},
		{regexp.MustCompile(`(?m)^[ \t]+["']?K["']?[ \t]*:`), func(b []byte) bool { return YAMLKey(b, "K", Indented, anything) }},
		{regexp.MustCompile(`(?m)^["']?K["']?[ \t]*:`), func(b []byte) bool { return YAMLKey(b, "K", Column0, anything) }},
		{regexp.MustCompile(`(?m)^[ \t]*["']?K["']?[ \t]*:[ \t]*(?:#.*)?\r?$`), func(b []byte) bool { return YAMLKey(b, "K", AnyIndent, LineEnd) }},
	}
	pieces := []string{"K", "K", "KK", "xK", `"K"`, `"K":`, "\n  K", "\tK:", ": {", `: "`, `"`, "'", ":", " ", "\t", "\n", "\r", "\r\n", "\f", "\v", "#", "{", "x"}
	r := rand.New(rand.NewPCG(5, 6))
	hits := make([]int, len(checks))
	for range 100000 {
		var b strings.Builder
		for range 1 + r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		src := []byte(b.String())
		for i, c := range checks {
			want := c.re.Match(src)
			if want {
				hits[i]++
			}
			if got := c.scan(src); got != want {
				t.Errorf("%s on %q: scan %v, expression %v", c.re, src, got, want)
			}
		}
	}
	for i, n := range hits {
		if n < 500 {
			t.Errorf("%s matched only %d generated texts", checks[i].re, n)
		}
	}
}
