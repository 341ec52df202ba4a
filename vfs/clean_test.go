package vfs

import (
	"path/filepath"
	"testing"
)

// TestCleanPaths: the shortcuts for clean absolute paths answer as
// filepath's Clean, Dir, Base and Join do, for clean and unclean paths.
func TestCleanPaths(t *testing.T) {
	paths := []string{
		"/", "/a", "/a/b", "/a/b.tf", "/a/.b", "/a/..b", "/a/b..", "/...", "/a/...",
		"//", "/a/", "/a//b", "/./a", "/a/.", "/a/..", "/a/../b", "/..", "/.",
		"a", "a/b", "./a", "", ".", "..",
	}
	for _, p := range paths {
		if got, want := isClean(p), filepath.IsAbs(p) && filepath.Clean(p) == p; got != want {
			t.Errorf("isClean(%q) = %v, want %v", p, got, want)
		}
		if !filepath.IsAbs(p) {
			continue
		}
		if d, b := splitClean(p); d != filepath.Dir(p) || b != filepath.Base(p) {
			t.Errorf("splitClean(%q) = %q, %q, want %q, %q", p, d, b, filepath.Dir(p), filepath.Base(p))
		}
		for _, base := range []string{"x", "x.tf", ".x", "..", ".", "", "x/y", "/x"} {
			if got, want := joinClean(p, base), filepath.Join(p, base); got != want {
				t.Errorf("joinClean(%q, %q) = %q, want %q", p, base, got, want)
			}
		}
	}
}
