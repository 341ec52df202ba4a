package fix_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/fix"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// at is a one-line range of file on line, columns from and to.
func at(file string, line, from, to int) model.Range {
	return model.Range{File: file, Start: model.Pos{Line: line, Column: from}, End: model.Pos{Line: line, Column: to}}
}

func withFix(edits ...rules.TextEdit) rules.Finding {
	return rules.Finding{Rule: "EL004", Fix: &rules.Fix{Description: "d", Edits: edits}}
}

func TestPlanConflicts(t *testing.T) {
	findings := []rules.Finding{
		withFix(rules.TextEdit{Range: at("a.tf", 2, 5, 9), NewText: "x"}),  // 0: overlaps 1
		withFix(rules.TextEdit{Range: at("a.tf", 2, 8, 12), NewText: "y"}), // 1
		withFix(rules.TextEdit{Range: at("a.tf", 3, 1, 4), NewText: "z"}),  // 2: alone
		withFix(rules.TextEdit{Range: at("a.tf", 3, 1, 4), NewText: "z"}),  // 3: same edit as 2
		withFix(rules.TextEdit{Range: at("b.tf", 1, 1, 1), NewText: "p"}),  // 4: inserts where 5 does
		withFix(rules.TextEdit{Range: at("b.tf", 1, 1, 1), NewText: "q"}),  // 5
		withFix(rules.TextEdit{Range: at("b.tf", 2, 1, 3), NewText: "r"}),  // 6: adjacent to 7, no overlap
		withFix(rules.TextEdit{Range: at("b.tf", 2, 3, 5), NewText: "s"}),  // 7
		{Rule: "EL001"}, // 8: no fix
	}
	p := fix.NewPlan(findings)
	if got, want := p.Conflicts, []int{0, 1, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("conflicts %v, want %v", got, want)
	}
	if got, want := p.Fixed, []int{2, 3, 6, 7}; !slices.Equal(got, want) {
		t.Errorf("fixed %v, want %v", got, want)
	}
	if n := len(p.Files["a.tf"]); n != 1 {
		t.Errorf("a.tf has %d edits, want the shared one once", n)
	}
	if n := len(p.Files["b.tf"]); n != 2 {
		t.Errorf("b.tf has %d edits, want 2", n)
	}
}

func TestApplyEdits(t *testing.T) {
	src := []byte("a = \"é/Prod\"\nb = 1\n")
	// "/Prod" starts at column 7 (é is one column, two bytes).
	e := rules.TextEdit{Range: model.Range{File: "x.tf", Start: model.Pos{Line: 1, Column: 7, Byte: 7}, End: model.Pos{Line: 1, Column: 12, Byte: 12}}, NewText: "/prod"}
	ins := rules.TextEdit{Range: model.Range{File: "x.tf", Start: model.Pos{Line: 2, Column: 1}, End: model.Pos{Line: 2, Column: 1}}, NewText: "c = 2\n"}
	got, err := fix.ApplyEdits("x.tf", src, []rules.TextEdit{ins, e})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a = \"é/prod\"\nc = 2\nb = 1\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The file changed: the byte offset no longer agrees with the
	// column.
	_, err = fix.ApplyEdits("x.tf", []byte("a = \"e/Prod\"\nb = 1\n"), []rules.TextEdit{e})
	var stale *fix.StaleError
	if !errors.As(err, &stale) {
		t.Errorf("edit on a changed file: err %v, want a StaleError", err)
	}
	// A position past the end of its line.
	bad := rules.TextEdit{Range: at("x.tf", 2, 9, 10), NewText: "x"}
	if _, err := fix.ApplyEdits("x.tf", src, []rules.TextEdit{bad}); !errors.As(err, &stale) {
		t.Errorf("edit past its line: err %v, want a StaleError", err)
	}
}

// TestUnifiedDiffMatchesDiffU compares UnifiedDiff with diff -u on files
// with changes near and far from each other, an added line and a last line
// without a line break.
func TestUnifiedDiffMatchesDiffU(t *testing.T) {
	diff, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("no diff command")
	}
	var lines []string
	for i := 0; i < 30; i++ {
		lines = append(lines, "line "+string(rune('a'+i%26))+strings.Repeat("x", i))
	}
	old := strings.Join(lines, "\n") + "\n"
	changed := append([]string(nil), lines...)
	changed[2] = "changed 2"
	changed[5] = "changed 5"
	changed = append(changed[:20], append([]string{"added"}, changed[20:]...)...)
	changed[len(changed)-1] = "last"
	cases := map[string][2]string{
		"near and far": {old, strings.Join(changed, "\n") + "\n"},
		"no final EOL": {old, strings.Join(changed, "\n")},
		"first line":   {"a\nb\n", "A\nb\n"},
		"insert only":  {"a\nb\n", "a\nx\nb\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
			if err := os.WriteFile(a, []byte(c[0]), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(b, []byte(c[1]), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(diff, "-u", "--label", "a/f.tf", "--label", "b/f.tf", a, b)
			want, _ := cmd.Output()
			if got := fix.UnifiedDiff("f.tf", []byte(c[0]), []byte(c[1])); got != string(want) {
				t.Errorf("UnifiedDiff:\n%s\ndiff -u:\n%s", got, want)
			}
		})
	}
	if got := fix.UnifiedDiff("f.tf", []byte("same\n"), []byte("same\n")); got != "" {
		t.Errorf("equal files: %q, want no diff", got)
	}
}

// TestResolveDropsTheFixNote: the note that says what a fix does goes
// when the fix is made certain (every report shows the fix), and stays
// when the fix is dropped.
func TestResolveDropsTheFixNote(t *testing.T) {
	src := []byte("origin_path = \"/Prod\"\n")
	r := model.Range{File: "a.tf", Start: model.Pos{Line: 1, Column: 15, Byte: 14}, End: model.Pos{Line: 1, Column: 22, Byte: 21}}
	desc := `change the origin path to "/prod"`
	mk := func(old string) rules.Finding {
		return rules.Finding{Rule: "EL002", Notes: []string{"stages are case-sensitive", desc},
			Fix: &rules.Fix{Description: desc, Values: []rules.ValueEdit{{Range: r, Old: old, New: "/prod"}}}}
	}
	findings := []rules.Finding{mk("/Prod"), mk("/Other")}
	shared := findings[0].Notes
	fix.Resolve(findings, func(string) ([]byte, error) { return src, nil })
	if findings[0].Fix == nil || !slices.Equal(findings[0].Notes, []string{"stages are case-sensitive"}) {
		t.Errorf("certain fix: fix %v, notes %q", findings[0].Fix, findings[0].Notes)
	}
	if findings[1].Fix != nil || !slices.Equal(findings[1].Notes, []string{"stages are case-sensitive", desc}) {
		t.Errorf("dropped fix: fix %v, notes %q", findings[1].Fix, findings[1].Notes)
	}
	if shared[1] != desc {
		t.Error("the notes were changed in place")
	}
}
