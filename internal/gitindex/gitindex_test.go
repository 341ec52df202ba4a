package gitindex

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

// TestIndexVersions builds a checkout with git and reads its index in
// versions 2, 3 (an entry with extended flags) and 4 (prefix-compressed
// names): the files are those `git ls-files` lists, without the symlink.
func TestIndexVersions(t *testing.T) {
	git := testutil.Tool(t, "git", "")
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(git, append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	files := []string{"main.tf", "modules/api/main.tf", "modules/api/variables.tf", "modules/cdn/main.tf",
		"stacks/a-rather-long-directory-name/template.yaml", "stacks/a-rather-long-directory-name/params.json", "z.txt"}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("main.tf", filepath.Join(dir, "link.tf")); err != nil {
		t.Fatal(err)
	}
	run("init", "-q")
	run("add", "-A")
	// intent-to-add sets an extended flag (index version 3).
	if err := os.WriteFile(filepath.Join(dir, "new.tf"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("add", "-N", "new.tf")
	want := append(append([]string(nil), files...), "new.tf")
	sort.Strings(want)
	for _, v := range []string{"3", "4", "2"} {
		if v == "2" {
			run("rm", "-q", "--cached", "new.tf")
			want = strings.Fields(strings.ReplaceAll(strings.Join(want, " "), "new.tf", ""))
		}
		run("update-index", "--index-version", v)
		got, ok := paths(dir)
		if !ok {
			t.Fatalf("version %s: index not read", v)
		}
		for i := range got {
			got[i] = filepath.ToSlash(got[i])
		}
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("version %s: got\n%s\nwant\n%s", v, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestNotAnIndex(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("DIRC"), []byte("DIRC\x00\x00\x00\x05\x00\x00\x00\x00"), []byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x09junk")} {
		if _, ok := parse(b); ok {
			t.Errorf("parse(%q) read a broken index", b)
		}
	}
	if _, ok := Entries(t.TempDir()); ok {
		t.Error("a directory without .git has no index")
	}
}

// paths returns the paths of the entries of the index at dir.
func paths(dir string) ([]string, bool) {
	es, ok := Entries(dir)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out, ok
}
