package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/testutil"
)

// hookDef is a pre-commit hook definition, as .pre-commit-hooks.yaml and
// a "repo: local" entry write it.
type hookDef struct {
	ID            string `yaml:"id"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	RequireSerial bool   `yaml:"require_serial"`
}

// readmeLocalHook returns the README's "repo: local" pre-commit
// configuration, as written.
func readmeLocalHook(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range strings.Split(string(src), "```yaml\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		if strings.Contains(block, "- repo: local") {
			return block
		}
	}
	t.Fatal(`README.md has no yaml block with "- repo: local"`)
	return ""
}

// TestPreCommitLocalHookReadme runs the README's "repo: local" hook, as
// written, with the real pre-commit and edgelint on PATH: it rejects a
// commit breaking the origin path and passes a working one. Its entry,
// files and serial run are those of .pre-commit-hooks.yaml.
func TestPreCommitLocalHookReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgelint and runs pre-commit")
	}
	config := readmeLocalHook(t)
	var parsed struct {
		Repos []struct {
			Repo  string    `yaml:"repo"`
			Hooks []hookDef `yaml:"hooks"`
		} `yaml:"repos"`
	}
	if err := yaml.Unmarshal([]byte(config), &parsed); err != nil {
		t.Fatalf("the README's local hook is not YAML: %v\n%s", err, config)
	}
	root := testutil.RepoRoot(t)
	defs, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hookDef
	if err := yaml.Unmarshal(defs, &hooks); err != nil || len(hooks) != 1 {
		t.Fatalf(".pre-commit-hooks.yaml: %v, %d hooks", err, len(hooks))
	}
	if len(parsed.Repos) != 1 || parsed.Repos[0].Repo != "local" || len(parsed.Repos[0].Hooks) != 1 {
		t.Fatalf("the README's local hook: %+v", parsed)
	}
	local, def := parsed.Repos[0].Hooks[0], hooks[0]
	if local.ID != def.ID || local.Entry != def.Entry || local.Files != def.Files || local.RequireSerial != def.RequireSerial || local.Language != "system" {
		t.Errorf("the README's local hook %+v differs from .pre-commit-hooks.yaml %+v (language must be system)", local, def)
	}

	preCommit := testutil.Tool(t, "pre-commit", "EDGELINT_PRE_COMMIT")
	git := testutil.Tool(t, "git", "")
	goBin := testutil.Tool(t, "go", "")
	bin := t.TempDir()
	build := exec.Command(goBin, "build", "-o", filepath.Join(bin, "edgelint"), "./cmd/edgelint")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	proj := t.TempDir()
	gitRun(t, git, proj, "init", "-q")
	if err := os.WriteFile(filepath.Join(proj, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PRE_COMMIT_HOME="+t.TempDir(), "NO_COLOR=1",
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
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
	rulesDir := filepath.Join(root, "testdata", "rules")
	copyFile(t, filepath.Join(rulesDir, "tf-seed-good", "api.tf"), filepath.Join(proj, "infra", "api.tf"))
	copyFile(t, filepath.Join(rulesDir, "tf-seed-good", "cdn.tf"), filepath.Join(proj, "infra", "cdn.tf"))
	if out, err := commit("a working distribution"); err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("the commit of a working config: %v\n%s", err, out)
	}
	copyFile(t, filepath.Join(rulesDir, "tf-seed-origin-path", "cdn.tf"), filepath.Join(proj, "infra", "cdn.tf"))
	out, err := commit("break the origin path")
	if err == nil {
		t.Fatalf("the commit of a broken origin path was accepted:\n%s", out)
	}
	if !strings.Contains(out, "Failed") || !strings.Contains(out, "infra/cdn.tf:18:30: error: [EL004 behavior-matches-no-resource]") {
		t.Errorf("hook output:\n%s", out)
	}
}
