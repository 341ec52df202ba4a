package fix_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// apply returns src with edits applied (edits of one file, by byte
// offset, from the end so offsets stay valid).
func apply(src []byte, edits []rules.TextEdit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start.Byte > edits[j].Range.Start.Byte })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.Range.Start.Byte], append([]byte(e.NewText), out[e.Range.End.Byte:]...)...)
	}
	return out
}

// onEdit reports whether g starts on a line an edit changed.
func onEdit(g rules.Finding, edits []rules.TextEdit) bool {
	for _, e := range edits {
		if g.Range.File == e.Range.File && g.Range.Start.Line >= e.Range.Start.Line && g.Range.Start.Line <= e.Range.End.Line {
			return true
		}
	}
	return false
}

func key(f rules.Finding) string { return f.Rule + " " + f.Entity }

// TestFixesClearTheirFindings applies every fix edgelint offers on the
// rule cases and the bundled example, one at a time, through the engine's
// overlay: the fixed finding must go away and no finding may appear on the
// edited lines.
// The edits themselves are kept in a golden file.
func TestFixesClearTheirFindings(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "rules", "*"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, filepath.Join("..", "examples", "broken"))
	var golden strings.Builder
	fixed := 0
	for _, dir := range dirs {
		res, err := engine.Run([]string{dir}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		before := map[string]bool{}
		for _, f := range res.Findings {
			before[key(f)] = true
		}
		for _, f := range res.Findings {
			if f.Fix == nil {
				continue
			}
			fixed++
			byFile := map[string][]rules.TextEdit{}
			for _, e := range f.Fix.Edits {
				byFile[e.Range.File] = append(byFile[e.Range.File], e)
				rel, _ := filepath.Rel("..", e.Range.File)
				fmt.Fprintf(&golden, "%s %s:%d:%d-%d:%d %q\n", f.Rule, filepath.ToSlash(rel), e.Range.Start.Line, e.Range.Start.Column, e.Range.End.Line, e.Range.End.Column, e.NewText)
			}
			overlay := map[string][]byte{}
			for file, edits := range byFile {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				overlay[file] = apply(src, edits)
			}
			after, err := engine.Run([]string{dir}, engine.Options{Overlay: overlay})
			if err != nil {
				t.Fatal(err)
			}
			if after.HasErrors() {
				t.Errorf("%s: %s fix %q breaks the file: %v", dir, f.Rule, f.Fix.Description, after.Errors)
			}
			for _, g := range after.Findings {
				if key(g) == key(f) {
					t.Errorf("%s: %s fix %q leaves the finding: %s", dir, f.Rule, f.Fix.Description, g.Message)
				}
				// A fixed root cause may unmask other faults; a finding on
				// the edited lines means the fix itself is wrong.
				if !before[key(g)] && onEdit(g, f.Fix.Edits) {
					t.Errorf("%s: %s fix %q brings a finding on its own line: %s %s", dir, f.Rule, f.Fix.Description, g.Rule, g.Message)
				}
			}
		}
	}
	if fixed == 0 {
		t.Fatal("no finding offers a fix")
	}
	path := filepath.Join("testdata", "fixes.golden")
	if *update {
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if golden.String() != string(want) {
		t.Errorf("fix edits differ from %s (run with -update after checking):\n%s", path, golden.String())
	}
}
