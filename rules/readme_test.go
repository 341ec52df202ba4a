package rules

import (
	"os"
	"strings"
	"testing"
)

// TestREADMERuleTable keeps the README's rule table identical to the rules.
func TestREADMERuleTable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	begin, end := strings.Index(s, "<!-- rules:begin -->"), strings.Index(s, "<!-- rules:end -->")
	if begin < 0 || end < begin {
		t.Fatal("README.md has no rules:begin/rules:end markers")
	}
	got := strings.TrimSpace(s[begin+len("<!-- rules:begin -->") : end])
	want := "| code | name | severity | fires when |\n|---|---|---|---|"
	for _, r := range All() {
		want += "\n| " + r.Code + " | " + r.Name + " | " + string(r.Severity) + " | " + r.Summary + " |"
	}
	if got != want {
		t.Errorf("README rule table is stale; want:\n%s", want)
	}
}

// TestRuleDocs checks every rule has a code, a name, a summary and a doc
// whose title names it, and every document in docs/ belongs to a
// registered rule (a rule written but never registered has a document
// and no rule).
func TestRuleDocs(t *testing.T) {
	entries, err := docsFS.ReadDir("docs")
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, r := range All() {
		codes[r.Code] = true
	}
	for _, e := range entries {
		code, ok := strings.CutSuffix(e.Name(), ".md")
		if !ok || !codes[code] {
			t.Errorf("docs/%s belongs to no registered rule", e.Name())
		}
	}
	if len(All()) == 0 {
		t.Fatal("no rules registered")
	}
	for _, r := range All() {
		if !strings.HasPrefix(r.Doc, "# "+r.Code+" "+r.Name) {
			t.Errorf("%s: doc title must be %q", r.Code, "# "+r.Code+" "+r.Name)
		}
		if r.Summary == "" || r.Run == nil || r.Severity == "" {
			t.Errorf("%s: incomplete rule", r.Code)
		}
		if Lookup(r.Name) != r || Lookup(strings.ToLower(r.Code)) != r {
			t.Errorf("%s: lookup by name or code fails", r.Code)
		}
	}
}
