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
// whose title names it.
func TestRuleDocs(t *testing.T) {
	if len(All()) != 6 {
		t.Fatalf("want 6 rules, got %d", len(All()))
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
