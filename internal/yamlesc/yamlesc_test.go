package yamlesc

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParse: "\/" is an escape in double-quoted scalars only; the decoded
// tree is what yaml.v3 gives for the same document with "\x2f".
func TestParse(t *testing.T) {
	src := "# \\/ in a comment\n" +
		"dq: \"^$|^\\/$\"\n" +
		"dq2: \"a\\\\/b \\\\\\/c\"\n" +
		"plain: a\\/b\n" +
		"sq: 'a\\/b'\n" +
		"block: |\n  \"\\/\"\n" +
		"anchored: &x !!str \"\\/\"\n" +
		"alias: *x\n" +
		"flow: [\"\\/\", {\"k\\/\": \"v\\/\"}]\n" +
		"multi: \"a\\/\n  b\\\n  \\/c\"\n"
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := n.Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"dq":       "^$|^/$",
		"dq2":      `a\/b \/c`,
		"plain":    `a\/b`,
		"sq":       `a\/b`,
		"block":    "\"\\/\"\n",
		"anchored": "/",
		"alias":    "/",
		"flow":     []any{"/", map[string]any{"k/": "v/"}},
		"multi":    "a/ b/c",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("decoded tree (-want +got):\n%s", d)
	}
	if n.Content[0].Content[3].Line != 3 || n.Content[0].Content[17].Line != 11 || n.Content[0].Content[17].Column != 8 {
		t.Errorf("positions: dq2 at line %d, multi at %d:%d", n.Content[0].Content[3].Line,
			n.Content[0].Content[17].Line, n.Content[0].Content[17].Column)
	}
}

// TestBadEscape: invalid escapes are found where they are written; an
// invalid escape still fails the parse.
func TestBadEscape(t *testing.T) {
	for src, want := range map[string]string{
		"a: \"\\/\\q\"\n":               `\q`,
		"a: 'x\"\\q' \n":                "",
		"a: [\"\\/\", \"ok\", \"\\z\"]": `\z`,
		"a: \"\\x4g\"":                  `\x4`,
		"a: \"\\U00110000\"":            `\U`,
	} {
		off, what, ok := BadEscape([]byte(src), 0)
		if want == "" {
			if ok {
				t.Errorf("%q: bad escape %q reported", src, what)
			}
			continue
		}
		if !ok || !strings.HasPrefix(src[off:], want) {
			t.Errorf("%q: bad escape at %d (%q, %v), want at %q", src, off, what, ok, want)
		}
		if _, err := Parse([]byte(src)); err == nil || !IsEscapeError(strings.TrimPrefix(err.Error(), "yaml: ")) {
			t.Errorf("%q: parse error %v", src, err)
		}
	}
}
