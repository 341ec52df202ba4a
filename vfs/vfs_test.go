package vfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.tf", "disk")
	write("skip/x.tf", "disk")
	f := New(map[string][]byte{
		filepath.Join(dir, "a.tf"):        []byte("buffer"),
		filepath.Join(dir, "new", "b.tf"): []byte("only in memory"),
		filepath.Join(dir, "skip", "y"):   []byte("in a skipped directory"),
	})
	if b, err := f.ReadFile(filepath.Join(dir, "a.tf")); err != nil || string(b) != "buffer" {
		t.Errorf("ReadFile overlaid = %q, %v", b, err)
	}
	if b, err := f.ReadFile(filepath.Join(dir, "skip", "x.tf")); err != nil || string(b) != "disk" {
		t.Errorf("ReadFile on disk = %q, %v", b, err)
	}
	if info, err := f.Stat(filepath.Join(dir, "new", "b.tf")); err != nil || info.Size() != int64(len("only in memory")) || !info.Mode().IsRegular() {
		t.Errorf("Stat of a file only in memory = %v, %v", info, err)
	}
	entries, err := f.ReadDir(filepath.Join(dir, "new"))
	if err != nil || len(entries) != 1 || entries[0].Name() != "b.tf" {
		t.Errorf("ReadDir of a directory only in memory = %v, %v", entries, err)
	}
	var seen []string
	err = f.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "skip" {
			return fs.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			seen = append(seen, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(seen)
	if got := len(seen); got != 2 || seen[0] != "a.tf" || seen[1] != "new/b.tf" {
		t.Errorf("WalkDir visited %q, want a.tf and new/b.tf (a skipped directory's files stay skipped)", seen)
	}
	var disk *FS
	if b, err := disk.ReadFile(filepath.Join(dir, "a.tf")); err != nil || string(b) != "disk" {
		t.Errorf("nil FS reads the disk: %q, %v", b, err)
	}
	if New(nil) != nil {
		t.Error("an empty overlay is the disk")
	}
}
