package engine_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// copyTree copies the files of testdata/rules/<name> into dst.
func copyTree(t *testing.T, name, dst string) {
	t.Helper()
	src := filepath.Join("..", "testdata", "rules", name)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func codesIn(res *engine.Result) map[string][]string {
	out := map[string][]string{}
	for _, f := range res.Findings {
		out[filepath.Base(filepath.Dir(f.Range.File))] = append(out[filepath.Base(filepath.Dir(f.Range.File))], f.Rule)
	}
	return out
}

func TestOverlayReplacesDisk(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	copyTree(t, "tf-seed-good", good)
	run := func(overlay map[string][]byte) *engine.Result {
		res, err := engine.Run([]string{dir}, engine.Options{Overlay: overlay})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := run(nil); len(res.Findings) != 0 {
		t.Fatalf("good config on disk: %d findings", len(res.Findings))
	}
	broken, err := os.ReadFile(filepath.Join("..", "testdata", "rules", "tf-seed-origin-path", "cdn.tf"))
	if err != nil {
		t.Fatal(err)
	}
	apiSrc, err := os.ReadFile(filepath.Join("..", "testdata", "rules", "tf-seed-origin-path", "api.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// An unsaved buffer with the broken origin path, given by a relative
	// path to prove paths are compared absolute.
	t.Chdir(dir)
	res := run(map[string][]byte{filepath.Join("good", "cdn.tf"): broken})
	if got := len(res.Findings); got != 2 {
		t.Fatalf("overlay: got %d findings, want the 2 EL004 of the broken origin path", got)
	}
	for _, f := range res.Findings {
		if f.Rule != "EL004" || filepath.Base(f.Range.File) != "cdn.tf" {
			t.Errorf("overlay finding %s at %s", f.Rule, f.Range)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(good, "cdn.tf")); bytes.Equal(b, broken) {
		t.Fatal("the overlay was written to disk")
	}
	// Files that exist only in the overlay are discovered as well: a new
	// module directory.
	extra := filepath.Join(dir, "new", "main.tf")
	res = run(map[string][]byte{extra: broken, filepath.Join(dir, "new", "api.tf"): apiSrc})
	if got := codesIn(res)["new"]; len(got) != 2 {
		t.Fatalf("overlay-only module: got %v, want 2 EL004 (findings %v, errors %v)", got, res.Findings, res.Errors)
	}
}

func TestOnlyLimitsToUnits(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "tf-seed-origin-path", filepath.Join(dir, "a"))
	copyTree(t, "tf-seed-api-prefix", filepath.Join(dir, "b"))
	copyTree(t, "tf-module-dynamic-origin", filepath.Join(dir, "m"))
	copyTree(t, "cfn-cross-stack", filepath.Join(dir, "x"))
	copyTree(t, "cfn-nested-stack", filepath.Join(dir, "n"))
	all, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := codesIn(all)
	for _, d := range []string{"a", "b", "x", "n"} {
		if len(want[d]) == 0 {
			t.Fatalf("fixture %s has no finding in a full scan: %v", d, want)
		}
	}
	modFiles, _ := filepath.Glob(filepath.Join(dir, "m", "modules", "*", "*.tf"))
	if len(modFiles) == 0 {
		t.Fatal("fixture m has no called module")
	}
	cases := []struct {
		name  string
		only  []string
		units []string // directories whose findings must be reported, and nothing else
	}{
		{"a Terraform file", []string{filepath.Join(dir, "a", "cdn.tf")}, []string{"a"}},
		{"the other file of the same module", []string{filepath.Join(dir, "a", "api.tf")}, []string{"a"}},
		{"two modules", []string{filepath.Join(dir, "a", "api.tf"), filepath.Join(dir, "b", "cdn.tf")}, []string{"a", "b"}},
		{"a called module analyzed through its caller", modFiles[:1], []string{"m"}},
		{"the API template of a cross-stack pair", []string{filepath.Join(dir, "x", "api.yaml")}, []string{"x"}},
		{"a nested stack's template, analyzed through its parent", nestedChild(t, filepath.Join(dir, "n", "api")), []string{"n"}},
		{"an unrelated file", []string{filepath.Join(dir, "README.md")}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := engine.Run([]string{dir}, engine.Options{Only: c.only})
			if err != nil {
				t.Fatal(err)
			}
			got := codesIn(res)
			for _, u := range c.units {
				if strings.Join(got[u], ",") != strings.Join(want[u], ",") {
					t.Errorf("unit %s: got %v, want %v as in a full scan", u, got[u], want[u])
				}
				delete(got, u)
			}
			if len(got) != 0 {
				t.Errorf("findings outside the selected units: %v", got)
			}
		})
	}
}

// nestedChild returns the template files of a nested stack directory.
func nestedChild(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no nested template in %s", dir)
	}
	return files[:1]
}

// TestGitIndexListing: with GitIndex, a run on changed files lists the
// files of a git checkout from its index: tracked units are found as by a
// walk, untracked files are not analyzed.
func TestGitIndexListing(t *testing.T) {
	git := testutil.Tool(t, "git", "")
	dir := t.TempDir()
	copyTree(t, "tf-seed-origin-path", filepath.Join(dir, "a"))
	copyTree(t, "tf-module-dynamic-origin", filepath.Join(dir, "m"))
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	copyTree(t, "tf-seed-api-prefix", filepath.Join(dir, "untracked"))
	modFiles, _ := filepath.Glob(filepath.Join(dir, "m", "modules", "*", "*.tf"))
	only := []string{filepath.Join(dir, "a", "cdn.tf"), modFiles[0], filepath.Join(dir, "untracked", "cdn.tf")}
	walked, err := engine.Run([]string{dir}, engine.Options{Only: only})
	if err != nil {
		t.Fatal(err)
	}
	listed, err := engine.Run([]string{dir}, engine.Options{Only: only, GitIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	w, l := codesIn(walked), codesIn(listed)
	if len(w["untracked"]) == 0 || len(l["untracked"]) != 0 {
		t.Errorf("untracked unit: walked %v, listed %v; want found by the walk only", w["untracked"], l["untracked"])
	}
	for _, u := range []string{"a", "m"} {
		if len(l[u]) == 0 || strings.Join(l[u], ",") != strings.Join(w[u], ",") {
			t.Errorf("unit %s: listed %v, walked %v", u, l[u], w[u])
		}
	}
}

// TestModuleCallsCache: runs on changed files in a git checkout keep the
// module calls of Terraform files by content; a later run finds the same
// callers from the cache, and a file changed since it was staged is read
// again rather than trusted.
func TestModuleCallsCache(t *testing.T) {
	git := testutil.Tool(t, "git", "")
	dir := t.TempDir()
	copyTree(t, "tf-module-dynamic-origin", filepath.Join(dir, "m"))
	gitIn := gitCommand(t, git, dir)
	gitIn("init", "-q")
	gitIn("add", "-A")
	modFiles, _ := filepath.Glob(filepath.Join(dir, "m", "modules", "*", "*.tf"))
	cache := t.TempDir()
	opts := engine.Options{Only: modFiles[:1], GitIndex: true, CacheDir: cache}
	want, err := engine.Run([]string{dir}, engine.Options{Only: modFiles[:1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Findings) == 0 {
		t.Fatal("the fixture's caller has no finding")
	}
	cachedRuns(t, dir, gitIn, opts, len(want.Findings))
	if _, err := os.Stat(filepath.Join(cache, "module-calls-v3.txt")); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	// The caller stops calling the module, unstaged: its entry no longer
	// vouches for it, so the changed module is analyzed on its own.
	replaceIn(t, filepath.Join(dir, "m", "main.tf"), "source", "# source")
	got, err := engine.Run([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	walked, err := engine.Run([]string{dir}, engine.Options{Only: modFiles[:1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != len(walked.Findings) {
		t.Errorf("after an unstaged edit: %d findings with the cache, %d walking", len(got.Findings), len(walked.Findings))
	}
}

// TestLinkFactsCache: runs on a changed template in a git checkout keep
// what each file's text tells of its links by content; later runs find the
// same linked templates without reading the others, and a file changed
// since it was staged is read again.
func TestLinkFactsCache(t *testing.T) {
	git := testutil.Tool(t, "git", "")
	dir := t.TempDir()
	copyTree(t, "cfn-cross-stack", filepath.Join(dir, "s"))
	for i := range 20 {
		p := filepath.Join(dir, "other", fmt.Sprintf("t%d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fmt.Appendf(nil, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q%d:\n    Type: AWS::SQS::Queue\n", i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn := gitCommand(t, git, dir)
	gitIn("init", "-q")
	gitIn("add", "-A")
	api := filepath.Join(dir, "s", "api.yaml")
	want, err := engine.Run([]string{dir}, engine.Options{Only: []string{api}})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Findings) == 0 {
		t.Fatal("the fixture's distribution stack has no finding")
	}
	cache := t.TempDir()
	opts := engine.Options{Only: []string{api}, GitIndex: true, CacheDir: cache}
	cachedRuns(t, dir, gitIn, opts, len(want.Findings))
	b, err := os.ReadFile(filepath.Join(cache, "module-calls-v3.txt"))
	if err != nil || strings.Count(string(b), ":links") < 20 {
		t.Fatalf("the link facts of the templates were not cached: %v\n%s", err, b)
	}
	// The distribution stack stops importing, unstaged: it is read again,
	// and no longer linked, so the API stack alone has no finding.
	replaceIn(t, filepath.Join(dir, "s", "cdn.yaml"), "ImportValue", "Sub")
	got, err := engine.Run([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) == len(want.Findings) {
		t.Errorf("an unstaged change was not seen: %d findings", len(got.Findings))
	}
}

// gitCommand returns a function running git in dir, failing the test on
// an error.
func gitCommand(t *testing.T, git, dir string) func(args ...string) {
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// cachedRuns runs the engine twice with opts, the cache filled by the
// first, and checks both find want findings.
func cachedRuns(t *testing.T, dir string, gitIn func(...string), opts engine.Options, want int) {
	t.Helper()
	for run := 0; run < 2; run++ {
		// The index must be older than the files' entries are trusted
		// against: entries written in the same instant are racy.
		time.Sleep(20 * time.Millisecond)
		gitIn("update-index", "--really-refresh")
		got, err := engine.Run([]string{dir}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Findings) != want {
			t.Fatalf("run %d: %d findings, want %d as without the cache", run, len(got.Findings), want)
		}
	}
}

// replaceIn replaces from by to in the file at path.
func replaceIn(t *testing.T, path, from, to string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), from, to)), 0o644); err != nil {
		t.Fatal(err)
	}
}
