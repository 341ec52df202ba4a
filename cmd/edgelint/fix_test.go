package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/fix"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// realApp is the command with the real engine and rules, writing to the
// buffers.
func realApp(stdout, stderr io.Writer) *app {
	return &app{
		stdout: stdout, stderr: stderr,
		analyze: engine.RunContext, rules: rules.All,
		getenv: func(string) string { return "" }, environ: func() []string { return nil },
		isTerminal: func(io.Writer) bool { return false },
	}
}

// copyDir copies the regular files of the tree src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readTree returns the content of every regular file under dir, by path
// relative to it.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// findingKeys counts findings by rule, identity and message.
func findingKeys(fs []rules.Finding) map[string]int {
	out := map[string]int{}
	for _, f := range fs {
		out[f.Rule+" "+f.Entity+" "+f.Message]++
	}
	return out
}

// TestFixRuleCases runs --diff and then --fix on a copy of every rule case
// that offers a certain fix: each fixed finding is gone from a new
// analysis and nothing new appears, the files --fix wrote are what the
// diff --diff printed turns the originals into, and --diff wrote
// nothing.
func TestFixRuleCases(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes every rule case several times")
	}
	cases := ruletest.Cases(t, ruletest.Dir(t))
	tested := 0
	for _, dir := range cases {
		res, err := engine.Run([]string{dir}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fixable := 0
		for _, f := range res.Findings {
			if f.Fix != nil && len(f.Fix.Edits) > 0 {
				fixable++
			}
		}
		if fixable == 0 {
			continue
		}
		tested++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			copyDir(t, dir, tmp)
			t.Chdir(tmp)
			before, err := engine.Run([]string{"."}, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			orig := readTree(t, ".")

			var diff, stderr bytes.Buffer
			if code := realApp(&diff, &stderr).run([]string{"--no-config", "--diff", "."}); code != exitFindings {
				t.Fatalf("--diff: exit %d, want %d; stderr:\n%s", code, exitFindings, stderr.String())
			}
			if got := readTree(t, "."); !equalTrees(got, orig) {
				t.Fatal("--diff changed files")
			}

			var out bytes.Buffer
			stderr.Reset()
			code := realApp(&out, &stderr).run([]string{"--no-config", "--fix", "--no-summary", "."})
			if code == exitError {
				t.Fatalf("--fix: exit 2; stderr:\n%s", stderr.String())
			}
			if !strings.Contains(stderr.String(), "fixed ") {
				t.Errorf("--fix said nothing of what it fixed; stderr:\n%s", stderr.String())
			}
			after, err := engine.Run([]string{"."}, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			was, now := findingKeys(before.Findings), findingKeys(after.Findings)
			for k, n := range now {
				if n > was[k] {
					t.Errorf("new finding after --fix: %s", k)
				}
			}
			for _, f := range before.Findings {
				if f.Fix != nil && len(f.Fix.Edits) > 0 {
					for _, g := range after.Findings {
						if g.Rule == f.Rule && g.Entity == f.Entity && g.Message == f.Message {
							t.Errorf("finding with a fix is still there after --fix: %s %s: %s", f.Rule, f.Entity, f.Message)
						}
					}
				}
			}
			fixed := readTree(t, ".")
			patched := applyUnifiedDiff(t, orig, diff.String())
			if !equalTrees(patched, fixed) {
				t.Errorf("the --diff output applied to the originals differs from the --fix result\ndiff:\n%s", diff.String())
			}
			if equalTrees(fixed, orig) {
				t.Error("--fix changed no file")
			}
		})
	}
	if tested == 0 {
		t.Fatal("no rule case offers a certain fix")
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyUnifiedDiff applies a unified diff whose headers are "--- a/NAME"
// and "+++ b/NAME" to the files of tree, checking every context and
// removed line.
func applyUnifiedDiff(t *testing.T, tree map[string]string, diff string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range tree {
		out[k] = v
	}
	lines := strings.SplitAfter(diff, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	for i := 0; i < len(lines); {
		old, ok := strings.CutPrefix(strings.TrimSuffix(lines[i], "\n"), "--- a/")
		if !ok || i+1 >= len(lines) || strings.TrimSuffix(lines[i+1], "\n") != "+++ b/"+old {
			t.Fatalf("diff line %d: want a file header, got %q", i+1, lines[i])
		}
		i += 2
		src, ok := out[old]
		if !ok {
			t.Fatalf("diff names %s, which does not exist", old)
		}
		a := strings.SplitAfter(src, "\n")
		if a[len(a)-1] == "" {
			a = a[:len(a)-1]
		}
		var b []string
		next := 0 // index in a of the next line not yet copied
		for i < len(lines) && strings.HasPrefix(lines[i], "@@") {
			m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n"))
			if m == nil {
				t.Fatalf("bad hunk header %q", lines[i])
			}
			start, _ := strconv.Atoi(m[1])
			count := 1
			if m[2] != "" {
				count, _ = strconv.Atoi(m[2])
			}
			if count == 0 {
				start++
			}
			b = append(b, a[next:start-1]...)
			next = start - 1
			i++
			for i < len(lines) && lines[i] != "" && strings.ContainsRune(" -+\\", rune(lines[i][0])) {
				l := lines[i]
				text := l[1:]
				noEOL := i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\\")
				if noEOL {
					text = strings.TrimSuffix(text, "\n")
				}
				switch l[0] {
				case ' ', '-':
					if next >= len(a) || a[next] != text {
						t.Fatalf("%s: diff line %q does not match line %d", old, l, next+1)
					}
					if l[0] == ' ' {
						b = append(b, text)
					}
					next++
				case '+':
					b = append(b, text)
				}
				i++
			}
		}
		b = append(b, a[next:]...)
		out[old] = strings.Join(b, "")
	}
	return out
}

// TestApplyUnifiedDiffReadsDiffU checks the test's patch reader on a diff diff(1)
// wrote, so that TestFixRuleCases compares with diff's format.
func TestApplyUnifiedDiffReadsDiffU(t *testing.T) {
	orig := map[string]string{"x.tf": "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"}
	// diff -u of x.tf with line 2 changed and line 10 removed.
	d := "--- a/x.tf\n+++ b/x.tf\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,5 +7,4 @@\n g\n h\n i\n-j\n k\n"
	got := applyUnifiedDiff(t, orig, d)["x.tf"]
	if want := "a\nB\nc\nd\ne\nf\ng\nh\ni\nk\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// fixCase writes a Terraform file whose origin path names the stage in
// the wrong case (EL002, with a certain fix) into dir.
func fixCase(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(ruletest.Dir(t), "tf-el002-stage-case", "cdn.tf"))
	if err != nil {
		t.Fatal(err)
	}
	api, err := os.ReadFile(filepath.Join(ruletest.Dir(t), "tf-el002-stage-case", "api.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api.tf"), api, 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "cdn.tf")
	if err := os.WriteFile(p, src, 0o640); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFixKeepsModeAndWritesAtomically: the fixed file keeps its mode and
// no temporary file is left beside it.
func TestFixKeepsModeAndWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	p := fixCase(t, dir)
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	var out, stderr bytes.Buffer
	if code := realApp(&out, &stderr).run([]string{"--no-config", "--fix", "."}); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", code, stderr.String(), out.String())
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", info.Mode().Perm())
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), `origin_path = "/prod"`) {
		t.Errorf("not fixed:\n%s", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left in the directory: %v", entries)
	}
	if !strings.Contains(stderr.String(), "fixed 1 finding in 1 file") {
		t.Errorf("stderr %q", stderr.String())
	}
}

// TestFixRefusesAFileChangedOnDisk: a file that changes between its
// reading and its writing is not overwritten.
func TestFixRefusesAFileChangedOnDisk(t *testing.T) {
	dir := t.TempDir()
	p := fixCase(t, dir)
	t.Chdir(dir)
	res, err := engine.Run([]string{"."}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := vfs.Confined(nil, dir)
	plan := fix.NewPlan(res.Findings)
	var stderr bytes.Buffer
	a := realApp(io.Discard, &stderr)
	files, failed := a.prepareFixes(plan, fsys)
	if failed || len(files) != 1 {
		t.Fatalf("prepareFixes: %d files, failed %v: %s", len(files), failed, stderr.String())
	}
	// Another program writes the file meanwhile.
	edited := strings.Replace(string(files[0].old), "origin_id", "origin_id  ", 1)
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFixed(fsys, files[0]); !errors.Is(err, errChanged) {
		t.Fatalf("writeFixed: %v, want errChanged", err)
	}
	if b, _ := os.ReadFile(p); string(b) != edited {
		t.Error("the changed file was overwritten")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left in the directory: %v", entries)
	}
}

// TestFixWritesOnlyInsideTheBoundary: a finding in a file that a
// symbolic link leads to out of the scanned tree is not fixed.
func TestFixWritesOnlyInsideTheBoundary(t *testing.T) {
	outside := t.TempDir()
	p := fixCase(t, outside)
	orig, _ := os.ReadFile(p)
	root := t.TempDir()
	if err := os.Symlink(p, filepath.Join(root, "cdn.tf")); err != nil {
		t.Skip(err)
	}
	if err := os.Rename(filepath.Join(outside, "api.tf"), filepath.Join(root, "api.tf")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	// The engine reads everywhere here; the fix is written through the
	// scan's boundary, root.
	res, err := engine.Run([]string{"."}, engine.Options{Root: "/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fix.NewPlan(res.Findings).Fixed) == 0 {
		t.Fatalf("no fix to make: %v %v", res.Findings, res.Errors)
	}
	var stderr bytes.Buffer
	a := realApp(io.Discard, &stderr)
	if a.applyFixes(res.Findings, vfs.Confined(nil, root)) {
		t.Error("applyFixes reported success")
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, orig) {
		t.Error("a file outside the boundary was written")
	}
	if !strings.Contains(stderr.String(), "not fixing cdn.tf") {
		t.Errorf("stderr %q does not name the file", stderr.String())
	}
}
