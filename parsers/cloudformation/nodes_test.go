package cloudformation

import (
	"testing"

	"github.com/edgelint/edgelint/model"
)

const rangesYAML = `# ranges
plain: hello world   # comment
double: "a \"quoted\" value"
single: 'it''s'
literal: |
  line one
    line two

folded: >-
  folded
  text
after: x
multi: first
  second
  third
flow: [a, "b", {c: d}]
empty: []
tagged: !Sub "x-${y}"
long: !GetAtt [A, B]
block: !Join
  - ""
  - - a
    - b
anchor: &an {k: v}
alias: *an
null:
unicodé: é!
tab:	value
emptyref: !Ref
last: 1
`

// TestYAMLRanges checks the end positions computed for every scalar and
// collection style.
func TestYAMLRanges(t *testing.T) {
	src := []byte(rangesYAML)
	root, notes, perr := readYAML(newPosTable("r.yaml", src))
	if perr != nil || len(notes) != 0 {
		t.Fatalf("parse: %v %v", perr, notes)
	}
	for _, c := range []struct {
		key, text string
		nth       int
		str       string
	}{
		{"plain", "hello world", 0, "hello world"},
		{"double", `"a \"quoted\" value"`, 0, `a "quoted" value`},
		{"single", `'it''s'`, 0, "it's"},
		{"literal", "|\n  line one\n    line two", 0, "line one\n  line two\n"},
		{"folded", ">-\n  folded\n  text", 0, "folded text"},
		{"after", "x", 1, "x"},
		{"multi", "first\n  second\n  third", 0, "first second third"},
		{"flow", `[a, "b", {c: d}]`, 0, ""},
		{"empty", "[]", 0, ""},
		{"tagged", `!Sub "x-${y}"`, 0, ""},
		{"long", "!GetAtt [A, B]", 0, ""},
		{"block", "!Join\n  - \"\"\n  - - a\n    - b", 0, ""},
		{"anchor", "&an {k: v}", 0, ""},
		{"alias", "&an {k: v}", 0, ""}, // an alias shares its anchor's node
		{"unicodé", "é!", 0, "é!"},
		{"tab", "value", 1, "value"},
		{"emptyref", "!Ref", 0, ""},
	} {
		n := root.Get(c.key)
		if n == nil {
			t.Errorf("%s: missing", c.key)
			continue
		}
		if got, want := spanOf(n.Rng), locate(t, src, c.text, c.nth); got != want {
			t.Errorf("%s: range %v, want %v", c.key, got, want)
		}
		if c.str != "" && n.Str != c.str {
			t.Errorf("%s: value %q, want %q", c.key, n.Str, c.str)
		}
	}
	if n := root.Get("tagged"); n.Kind != KMap || n.Keys[0].Str != "Fn::Sub" || n.Vals[0].Str != "x-${y}" ||
		spanOf(n.Vals[0].Rng) != locate(t, src, `"x-${y}"`, 0) {
		t.Errorf("short form !Sub = %+v", n)
	}
	if n := root.Get("long"); n.Keys[0].Str != "Fn::GetAtt" || n.Vals[0].Kind != KSeq {
		t.Errorf("short form !GetAtt list = %+v", n)
	}
	// An empty value sits right after its key's colon.
	if n, at := root.Get("null"), locate(t, src, "null:", 0); n.Kind != KNull || spanOf(n.Rng) != (span{at.endLine, at.endCol, at.endLine, at.endCol}) {
		t.Errorf("null = %+v", n)
	}
	// The key node has its own range.
	_, k := root.Entry("unicodé")
	if spanOf(k.Rng) != locate(t, src, "unicodé", 0) {
		t.Errorf("key range = %v", spanOf(k.Rng))
	}
}

func TestJSONRanges(t *testing.T) {
	src := []byte("{\"a\":\t[1, -2.5e3, true, null, \"\\u00e9\\ud83d\\ude00\"],\n \"é\": {\"k\": \"v\"}, \"a\": {}}")
	root, notes, perr := readJSON(newPosTable("r.json", src))
	if perr != nil {
		t.Fatal(perr)
	}
	if len(notes) != 1 || notes[0].Severity != model.SevWarning || spanOf(notes[0].Range) != locate(t, src, `"a"`, 1) {
		t.Errorf("duplicate key notes = %+v", notes)
	}
	if n := root.Get("a"); n.Kind != KMap || spanOf(n.Rng) != locate(t, src, "{}", 0) {
		t.Errorf("the last duplicate wins: %+v", n)
	}
	n := root.Get("é").Get("k")
	if n.Str != "v" || spanOf(n.Rng) != (span{2, 13, 2, 16}) {
		t.Errorf("value range = %v", spanOf(n.Rng))
	}
	if spanOf(root.Rng) != (span{1, 1, 2, 27}) {
		t.Errorf("root range = %v", spanOf(root.Rng))
	}

	for src, want := range map[string]span{
		"{\"a\": [1, 2}":         {1, 12, 1, 12},
		"{\n\t\"a\": tru}":       {2, 7, 2, 7},
		"{\"a\": \"x\\q\"}":      {1, 9, 1, 9},
		"{\"a\": 1,\n}":          {2, 1, 2, 1},
		"{\"é\": \"unterminated": {1, 20, 1, 20},
	} {
		_, _, perr := readJSON(newPosTable("e.json", []byte(src)))
		if perr == nil || spanOf(perr.Range) != want {
			t.Errorf("%q: error %v, want at %v", src, perr, want)
		}
	}
}
