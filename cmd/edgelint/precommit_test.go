package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

// gitRun runs git in dir and returns its combined output.
func gitRun(t *testing.T, git, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(git, append([]string{"-c", "user.name=edgelint test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// hookRepo commits the repository's working tree (tracked and new files)
// into a temporary repository, so the hook definition and the code under
// test are what pre-commit installs, and returns it with its commit.
func hookRepo(t *testing.T, git string) (dir, rev string) {
	t.Helper()
	root := testutil.RepoRoot(t)
	dir = t.TempDir()
	var files []string
	cmd := exec.Command(git, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	if list, err := cmd.Output(); err == nil {
		files = strings.Split(string(list), "\x00")
	} else {
		// Not a git checkout (an exported tree): take every file.
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		src := filepath.Join(root, f)
		if info, err := os.Lstat(src); f == "" || err != nil || !info.Mode().IsRegular() {
			continue
		}
		copyFile(t, src, filepath.Join(dir, f))
	}
	gitRun(t, git, dir, "init", "-q")
	gitRun(t, git, dir, "add", "-A")
	gitRun(t, git, dir, "commit", "-q", "-m", "edgelint under test")
	return dir, strings.TrimSpace(gitRun(t, git, dir, "rev-parse", "HEAD"))
}

// TestPreCommitHook installs the repository's .pre-commit-hooks.yaml with
// the real pre-commit into a temporary project: a commit of a working
// CloudFront + API Gateway module passes, a commit breaking its origin
// path is rejected with the finding shown, and a commit touching only
// unrelated files does not run the hook.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgelint through pre-commit")
	}
	preCommit := testutil.Tool(t, "pre-commit", "EDGELINT_PRE_COMMIT")
	git := testutil.Tool(t, "git", "")
	goBin := testutil.Tool(t, "go", "")
	repo, rev := hookRepo(t, git)

	proj := t.TempDir()
	gitRun(t, git, proj, "init", "-q")
	config := "repos:\n  - repo: " + repo + "\n    rev: " + rev + "\n    hooks:\n      - id: edgelint\n"
	if err := os.WriteFile(filepath.Join(proj, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	modCache, err := exec.Command(goBin, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+t.TempDir(),
		// The hook is built with the modules this test was built with.
		"GOMODCACHE="+strings.TrimSpace(string(modCache)),
		"GOFLAGS=-modcacherw",
		"NO_COLOR=1",
	)
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = proj, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run(preCommit, "install"); err != nil {
		t.Fatalf("pre-commit install: %v\n%s", err, out)
	}
	commit := func(msg string) (string, error) {
		if out, err := run(git, "add", "-A"); err != nil {
			t.Fatalf("git add: %v\n%s", err, out)
		}
		return run(git, "-c", "user.name=edgelint test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "commit", "-m", msg)
	}
	rulesDir := filepath.Join(testutil.RepoRoot(t), "testdata", "rules")
	copyFile(t, filepath.Join(rulesDir, "tf-seed-good", "api.tf"), filepath.Join(proj, "infra", "api.tf"))
	copyFile(t, filepath.Join(rulesDir, "tf-seed-good", "cdn.tf"), filepath.Join(proj, "infra", "cdn.tf"))
	if err := os.WriteFile(filepath.Join(proj, "README.md"), []byte("# project\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := commit("a working distribution"); err != nil {
		t.Fatalf("the commit of a working config was rejected: %v\n%s", err, out)
	} else if !strings.Contains(out, "edgelint") || !strings.Contains(out, "Passed") {
		t.Fatalf("the hook did not run on the working config:\n%s", out)
	}

	// The origin path now adds /users after the stage: two behaviors
	// reach no resource.
	copyFile(t, filepath.Join(rulesDir, "tf-seed-origin-path", "cdn.tf"), filepath.Join(proj, "infra", "cdn.tf"))
	out, err := commit("break the origin path")
	if err == nil {
		t.Fatalf("the commit of a broken origin path was accepted:\n%s", out)
	}
	for _, want := range []string{"Failed", "infra/cdn.tf:18:30: error: [EL004 behavior-matches-no-resource]", "infra/cdn.tf:27:30: error: [EL004"} {
		if !strings.Contains(out, want) {
			t.Errorf("hook output lacks %q:\n%s", want, out)
		}
	}
	if head := gitRun(t, git, proj, "log", "--oneline"); strings.Contains(head, "break the origin path") {
		t.Fatal("the rejected commit is in the history")
	}

	// Only unrelated files: the hook is skipped.
	if _, err := run(git, "checkout", "--", "infra/cdn.tf"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(git, "reset", "-q"); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(rulesDir, "tf-seed-good", "cdn.tf"), filepath.Join(proj, "infra", "cdn.tf"))
	if err := os.WriteFile(filepath.Join(proj, "README.md"), []byte("# project\n\nmore\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = commit("docs")
	if err != nil {
		t.Fatalf("a commit of unrelated files was rejected: %v\n%s", err, out)
	}
	if !bytes.Contains([]byte(out), []byte("(no files to check)Skipped")) {
		t.Errorf("the hook ran on unrelated files:\n%s", out)
	}
}
