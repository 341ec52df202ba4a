package cloudformation

import (
	"strings"
	"testing"
)

// TestYAMLEscapes reads every escape YAML 1.2 defines in a double-quoted
// scalar and checks the decoded value, the scalar's range and the position
// of the key after it, on the same line (a flow mapping) and on the next.
func TestYAMLEscapes(t *testing.T) {
	for _, c := range []struct{ esc, want string }{
		{`\0`, "\x00"},
		{`\a`, "\a"},
		{`\b`, "\b"},
		{`\t`, "\t"},
		{"\\\t", "\t"},
		{`\n`, "\n"},
		{`\v`, "\v"},
		{`\f`, "\f"},
		{`\r`, "\r"},
		{`\e`, "\x1b"},
		{`\ `, " "},
		{`\"`, `"`},
		{`\/`, "/"},
		{`\\`, `\`},
		{`\N`, "\u0085"},
		{`\_`, "\u00a0"},
		{`\L`, "\u2028"},
		{`\P`, "\u2029"},
		{`\x2F`, "/"},
		{`\u00e9`, "é"},
		{`\U0001F600`, "😀"},
		{`\\/`, `\/`},
		{`\\\/`, `\/`},
		{`^$|^\/$`, "^$|^/$"},
		{`\/\_\/`, "/\u00a0/"},
		{"a\\\n      \\/b", "a/b"},              // escaped line break
		{"a\\\r\n      b", "ab"},                // escaped CRLF line break
		{"\\/\n      x\n\n      \\/", "/ x\n/"}, // folding across lines
	} {
		scalar := `"` + c.esc + `"`
		for _, layout := range []string{
			"Top:\n  Key: " + scalar + "\n  Next: zz9\n",
			"Top: {Key: " + scalar + ", Next: zz9}\n",
			"Top:\n  - " + scalar + "\n  - Next: zz9\n",
		} {
			src := []byte(layout)
			root, _, perr := readYAML(newPosTable("e.yaml", src))
			if perr != nil {
				t.Errorf("%q: %s", layout, perr.Message)
				continue
			}
			top := root.Get("Top")
			val, next := top.Get("Key"), top.Get("Next")
			if top.Kind == KSeq {
				val, next = top.Items[0], top.Items[1].Get("Next")
			}
			if val == nil || val.Str != c.want {
				t.Errorf("%q: value %+v, want %q", layout, val, c.want)
				continue
			}
			if got, want := spanOf(val.Rng), locate(t, src, scalar, 0); got != want {
				t.Errorf("%q: scalar range %v, want %v", layout, got, want)
			}
			if next == nil {
				t.Errorf("%q: no next value", layout)
				continue
			}
			if got, want := spanOf(next.Rng), locate(t, src, "zz9", 0); got != want {
				t.Errorf("%q: next value at %v, want %v", layout, got, want)
			}
			_, k := top.Entry("Next")
			if top.Kind == KSeq {
				_, k = top.Items[1].Entry("Next")
			}
			if got, want := spanOf(k.Rng), locate(t, src, "Next", 0); got != want {
				t.Errorf("%q: next key at %v, want %v", layout, got, want)
			}
		}
	}
}

// TestYAMLSlashOutsideQuotes: "\/" outside a double-quoted scalar is text,
// whatever the template's double-quoted scalars hold.
func TestYAMLSlashOutsideQuotes(t *testing.T) {
	src := []byte("# a comment \\/ here\n" +
		"plain: a\\/b\n" +
		"single: 'a\\/b'\n" +
		"literal: |\n  x \"\\/\" y\n" +
		"double: \"\\/\"\n" +
		"key \\/: 'k'\n" +
		"\"q\\/\": v\n" +
		"tagged: !Sub &t \"a\\/${X}\"\n" +
		"last: 1\n")
	root, _, perr := readYAML(newPosTable("s.yaml", src))
	if perr != nil {
		t.Fatal(perr.Message)
	}
	for key, want := range map[string]string{
		"plain":   `a\/b`,
		"single":  `a\/b`,
		"literal": "x \"\\/\" y\n",
		"double":  "/",
		`key \/`:  "k",
		"q/":      "v",
		"tagged":  "",
	} {
		if n := root.Get(key); n == nil || n.Str != want && want != "" {
			t.Errorf("%s: %+v, want %q", key, n, want)
		}
	}
	if n := root.Get("tagged").Get("Fn::Sub"); n == nil || n.Str != "a/${X}" {
		t.Errorf("tagged: %+v", n)
	}
	if n := root.Get("last"); spanOf(n.Rng) != locate(t, src, "1", 0) {
		t.Errorf("last at %v", spanOf(n.Rng))
	}
}

// TestYAMLBadEscapes: an invalid escape is reported where it is written.
func TestYAMLBadEscapes(t *testing.T) {
	for _, c := range []struct {
		src, at, msg string
	}{
		{"a: \"x\\qy\"\n", `\q`, `unknown escape \q in a double-quoted scalar`},
		{"a: 1\nb:\n  c: 'it\"s'\n  d: [\"\\/\", \"\\%\"]\n", `\%`, `unknown escape \%`},
		{"a:\n  b: \"x\n    y \\é\"\n", `\é`, `unknown escape \é`},
		{"a: \"\\x4\"\n", `\x`, `\x needs 2 hexadecimal digits`},
		{"a: \"\\/ \\uD800\"\n", `\u`, `\uD800 is not a Unicode character`},
	} {
		src := []byte(c.src)
		_, _, perr := readYAML(newPosTable("b.yaml", src))
		if perr == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		at := locate(t, src, c.at, 0)
		if got := spanOf(perr.Range); got != (span{at.line, at.col, at.line, at.col}) ||
			!strings.Contains(perr.Message, c.msg) || perr.Range.File != "b.yaml" {
			t.Errorf("%q: error %q at %v, want %q at %d:%d", c.src, perr.Message, got, c.msg, at.line, at.col)
		}
	}
}
