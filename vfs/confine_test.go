//go:build unix

package vfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestConfined: a confined FS reads regular files whose resolved path lies
// under its root; links out, devices and pipes are refused by the name
// they were given, and what does not exist outside is not told from what
// does.
func TestConfined(t *testing.T) {
	base := t.TempDir()
	root, out := filepath.Join(base, "root"), filepath.Join(base, "out")
	mk := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	mk(filepath.Join(root, "a", "in.tf"), "inside")
	mk(filepath.Join(out, "secret"), "secret")
	link(filepath.Join(out, "secret"), filepath.Join(root, "a", "abs.tf"))
	link("../../out/secret", filepath.Join(root, "a", "rel.tf"))
	link("in.tf", filepath.Join(root, "a", "alias.tf"))
	link(out, filepath.Join(root, "outdir"))
	link("a", filepath.Join(root, "adir"))
	link(filepath.Join(out, "missing"), filepath.Join(root, "a", "dangling.tf"))
	link("/dev/zero", filepath.Join(root, "a", "zero.tf"))
	if err := syscall.Mkfifo(filepath.Join(root, "a", "pipe.tf"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := Confined(map[string][]byte{filepath.Join(out, "buffer"): []byte("buffer")}, root)

	for _, p := range []string{"a/in.tf", "a/alias.tf", "adir/in.tf"} {
		b, err := f.ReadFile(filepath.Join(root, p))
		if err != nil || string(b) != "inside" {
			t.Errorf("ReadFile(%s) = %q, %v; want the file", p, b, err)
		}
	}
	outside := []string{"a/abs.tf", "a/rel.tf", "outdir/secret", "a/../../out/secret", "outdir/missing", "a/dangling.tf", "../out/buffer"}
	for _, p := range outside {
		name := filepath.Join(root, p)
		_, err := f.ReadFile(name)
		var oe *OutsideError
		if !errors.As(err, &oe) || oe.Path != name || strings.Contains(err.Error(), "secret\n") {
			t.Errorf("ReadFile(%s): %v, want an *OutsideError naming it", p, err)
		}
		if _, err := f.Stat(name); !errors.As(err, &oe) {
			t.Errorf("Stat(%s): %v, want an *OutsideError", p, err)
		}
	}
	if _, err := f.ReadDir(filepath.Join(root, "outdir")); !errors.As(err, new(*OutsideError)) {
		t.Errorf("ReadDir of a link out: %v", err)
	}
	if _, err := f.Stat(filepath.Join(root, "a", "missing.tf")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a missing file inside: %v, want not exist", err)
	}
	if _, err := f.ReadFile(filepath.Join(root, "a", "pipe.tf")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("ReadFile of a named pipe: %v, want not a regular file", err)
	}
	if _, err := f.ReadFile(filepath.Join(root, "a", "zero.tf")); err == nil {
		t.Error("ReadFile of a link to /dev/zero succeeded")
	}
	// A device inside the boundary: only regular files are read.
	if _, err := Confined(nil, "/dev").ReadFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("ReadFile(/dev/zero) under /dev: %v, want not a regular file", err)
	}
	// The boundary itself and what RealPath makes of an alias.
	if info, err := f.Stat(root); err != nil || !info.IsDir() {
		t.Errorf("Stat(root): %v", err)
	}
	if a, b := f.RealPath(filepath.Join(root, "adir")), f.RealPath(filepath.Join(root, "a")); a != b {
		t.Errorf("RealPath: %s and %s, want one directory", a, b)
	}
	// The size cap.
	mk(filepath.Join(root, "big"), "0123456789")
	var big *TooLargeError
	if _, err := f.ReadFileLimit(filepath.Join(root, "big"), 5); !errors.As(err, &big) || big.Path != filepath.Join(root, "big") {
		t.Errorf("over the limit: %v", err)
	}
	// An FS that reads anywhere still reads only regular files.
	if _, err := (*FS)(nil).ReadFile(filepath.Join(root, "a", "pipe.tf")); err == nil {
		t.Error("the plain disk read a named pipe")
	}
}
