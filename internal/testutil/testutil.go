// Package testutil holds helpers shared by edgelint's tests.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository root")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// SharedCorpus returns the shared corpus directory: $EDGELINT_CORPUS, or
// ../shared/corpus beside the repository. When it is absent the test is
// skipped with a message, unless EDGELINT_REQUIRE_CORPUS is set (CI), in
// which case it fails.
func SharedCorpus(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("EDGELINT_CORPUS")
	if dir == "" {
		dir = filepath.Join(RepoRoot(t), "..", "shared", "corpus")
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		if os.Getenv("EDGELINT_REQUIRE_CORPUS") != "" {
			t.Fatalf("shared corpus not found at %s (EDGELINT_REQUIRE_CORPUS is set)", dir)
		}
		t.Skipf("shared corpus not found at %s: set EDGELINT_CORPUS or check out ../shared beside the repository", dir)
	}
	return dir
}

// Tool returns the path of the external program name (pre-commit, nvim,
// xmllint, …) that a test drives for real: the value of the environment
// variable env when set, else name looked up in PATH. When it is missing the
// test is skipped with a message, unless EDGELINT_REQUIRE_TOOLS is set (CI
// installs every tool and sets it), in which case it fails.
func Tool(t testing.TB, name, env string) string {
	t.Helper()
	if env != "" {
		if p := os.Getenv(env); p != "" {
			return p
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("EDGELINT_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s not found (EDGELINT_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not found: install it to run this test (.ci/run shows how)", name)
	}
	return p
}
