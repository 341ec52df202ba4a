package tfplan

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions Sniff's key scans implement.
var (
	formatVersionRE = regexp.MustCompile(`"format_version"\s*:\s*"`)
	planKeyRE       = regexp.MustCompile(`"(?:planned_values|resource_changes)"\s*:\s*[\[{]`)
	configurationRE = regexp.MustCompile(`"configuration"\s*:\s*\{`)
)

func sniffRE(src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	src = bytes.TrimLeft(src, " \t\r\n")
	if len(src) == 0 || src[0] != '{' || bytes.IndexByte(src, 0) >= 0 {
		return false
	}
	return formatVersionRE.Match(src) && planKeyRE.Match(src) && configurationRE.Match(src)
}

// TestSniffMatchesExpressions: Sniff decides as the regular expressions it
// replaces do, on generated documents made of the keys, the white space
// and the values their edges depend on.
func TestSniffMatchesExpressions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	matched := 0
	for range 100000 {
		var b strings.Builder
		b.WriteString(pick("{", "{", "{", " {", "["))
		// Each key, in order, usually well formed: a perturbation at
		// each edge one time in eight.
		odd := func(usual string, others ...string) string {
			if r.IntN(8) == 0 {
				return pick(others...)
			}
			return usual
		}
		for _, k := range []string{"format_version", pick("planned_values", "resource_changes"), "configuration", "x"} {
			val := map[string]string{"format_version": `"1.2"`, "configuration": "{}"}[k]
			if val == "" {
				val = pick("{}", "[]")
			}
			b.WriteString(odd(`"`, "", "'") + odd(k, "x"+k, k[:len(k)-1]) + odd(`"`, "", "x"))
			b.WriteString(odd("", " ", "\n", "\f\t", "\v"))
			b.WriteString(odd(":", "", ";"))
			b.WriteString(odd(" ", "\r\n", "\v", ""))
			b.WriteString(odd(val, "1", "null", `"`, "[", "{", "\x00"))
			b.WriteString(", ")
		}
		src := []byte(b.String())
		want := sniffRE(src)
		if want {
			matched++
		}
		if got := Sniff("generated", src); got != want {
			t.Errorf("Sniff(%q) = %v, the expressions say %v", src, got, want)
		}
	}
	t.Logf("%d of the generated documents are plans", matched)
	if matched < 1000 {
		t.Errorf("only %d generated documents are plans: the generator no longer exercises the scans", matched)
	}
}
