package safetext

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain → text ✓":          "plain → text ✓",
		"a\nb\rc\td":              `a\x0ab\x0dc\x09d`,
		"\x1b]8;;https://x\x1b\\": `\x1b]8;;https://x\x1b\`,
		"del\x7f":                 `del\x7f`,
		"c1 \u0085\u009b":         `c1 \u0085\u009b`,
		"bidi \u202a\u202e\u2066\u2069\u200f\u061c": `bidi \u202a\u202e\u2066\u2069\u200f\u061c`,
		"sep \u2028\u2029":                          `sep \u2028\u2029`,
		"bad \x9b[2J \xff":                          `bad \x9b[2J \xff`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if got := Escape(in); !Safe(got) {
			t.Errorf("Escape(%q) = %q is not safe", in, got)
		}
	}
}

func TestLines(t *testing.T) {
	if got, want := Lines("one\r\ntwo\x1b[2J\nthree\rfour"), "one\ntwo\\x1b[2J\nthree\\x0dfour"; got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

// TestJSON: the unsafe runes encoding/json leaves raw are escaped, and the
// document decodes to the same value.
func TestJSON(t *testing.T) {
	in := map[string]string{"k\u202e": "a\x1b[2J\x7f\u009b\u202e\u2066\u2028\n\t\"ok\" → ✓"}
	doc, err := json.MarshalIndent(in, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(doc)
	if !Safe(strings.NewReplacer("\n", "", "\t", "").Replace(string(out))) {
		t.Errorf("JSON left a raw control: %q", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("JSON broke the document: %v\n%s", err, out)
	}
	if back["k\u202e"] != in["k\u202e"] || len(back) != 1 {
		t.Errorf("JSON changed the value: %q, want %q", back, in)
	}
	if plain := []byte(`{"a": "b"}`); &JSON(plain)[0] != &plain[0] {
		t.Error("a safe document is copied")
	}
}
