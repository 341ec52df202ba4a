package vfs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
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
	err = f.WalkParallel(dir, 1, func(p string, d fs.DirEntry, err error) error {
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
		t.Errorf("WalkParallel visited %q, want a.tf and new/b.tf (a skipped directory's files stay skipped)", seen)
	}
	var disk *FS
	if b, err := disk.ReadFile(filepath.Join(dir, "a.tf")); err != nil || string(b) != "disk" {
		t.Errorf("nil FS reads the disk: %q, %v", b, err)
	}
	if New(nil) != nil {
		t.Error("an empty overlay is the disk")
	}
}

// TestWalkParallel: the parallel walk visits what filepath.WalkDir visits
// and the overlay's files, skips
// what it is told to, visits a directory before its content, reports an
// unreadable directory, stops on SkipAll, and adds the overlay's files.
func TestWalkParallel(t *testing.T) {
	dir := t.TempDir()
	for i := range 40 {
		for _, rel := range []string{"a.tf", "sub/b.yaml", "sub/deep/c.json", "node_modules/x.tf"} {
			p := filepath.Join(dir, "d"+string(rune('a'+i%26))+string(rune('0'+i/26)), rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	canList := func() bool { _, err := os.ReadDir(locked); return err == nil }()

	collect := func(walk func(string, fs.WalkDirFunc) error) (files, errs []string) {
		var mu sync.Mutex
		dirs := map[string]bool{}
		err := walk(dir, func(p string, d fs.DirEntry, err error) error {
			mu.Lock()
			defer mu.Unlock()
			rel, _ := filepath.Rel(dir, p)
			if err != nil {
				errs = append(errs, filepath.ToSlash(rel))
				return nil
			}
			if p != dir && !dirs[filepath.Dir(p)] && rel != filepath.Join("mem", "m.tf") {
				t.Errorf("%s visited before its directory", rel)
			}
			if d.IsDir() {
				if d.Name() == "node_modules" {
					return fs.SkipDir
				}
				dirs[p] = true
				return nil
			}
			files = append(files, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		return files, errs
	}
	f := New(map[string][]byte{filepath.Join(dir, "mem", "m.tf"): []byte("buffer")})
	// What filepath.WalkDir finds on the disk, and the overlay's file.
	want, wantErrs := collect(filepath.WalkDir)
	want = append(want, "mem/m.tf")
	sort.Strings(want)
	for _, jobs := range []int{1, 2, 8} {
		got, gotErrs := collect(func(root string, fn fs.WalkDirFunc) error { return f.WalkParallel(root, jobs, fn) })
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("jobs %d: visited %d files, want %d: %q", jobs, len(got), len(want), got)
		}
		if strings.Join(gotErrs, " ") != strings.Join(wantErrs, " ") {
			t.Errorf("jobs %d: errors %q, filepath.WalkDir %q", jobs, gotErrs, wantErrs)
		}
	}
	if len(want) != 40*3+1 || (!canList && len(wantErrs) != 1) {
		t.Errorf("want %d files, listed %d with errors %q", 40*3+1, len(want), wantErrs)
	}

	// SkipAll ends the walk, without an error.
	var mu sync.Mutex
	n := 0
	err := (*FS)(nil).WalkParallel(dir, 2, func(_ string, d fs.DirEntry, _ error) error {
		mu.Lock()
		defer mu.Unlock()
		if d != nil && !d.IsDir() {
			n++
			return fs.SkipAll
		}
		return nil
	})
	if err != nil || n == 0 || n > 3 {
		t.Errorf("SkipAll: %v after %d files", err, n)
	}
	// A missing root is reported to fn.
	var rootErr error
	_ = (*FS)(nil).WalkParallel(filepath.Join(dir, "missing"), 2, func(_ string, _ fs.DirEntry, err error) error {
		rootErr = err
		return err
	})
	if rootErr == nil {
		t.Error("missing root: fn got no error")
	}
}

// TestReadFileLimit: a file at the limit is read, one over it is not, from
// the disk and from the overlay.
func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	mem := filepath.Join(dir, "mem")
	for _, f := range []*FS{nil, New(map[string][]byte{mem: []byte("123456")})} {
		if b, err := f.ReadFileLimit(p, 5); err != nil || string(b) != "12345" {
			t.Errorf("at the limit: %q, %v", b, err)
		}
		var big *TooLargeError
		if b, err := f.ReadFileLimit(p, 4); !errors.As(err, &big) || big.Size != 5 || b != nil {
			t.Errorf("over the limit: %q, %v", b, err)
		}
		if _, err := f.ReadFileLimit(filepath.Join(dir, "missing"), 5); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("missing: %v", err)
		}
	}
	f := New(map[string][]byte{mem: []byte("123456")})
	var big *TooLargeError
	if _, err := f.ReadFileLimit(mem, 5); !errors.As(err, &big) || big.Size != 6 {
		t.Errorf("overlay over the limit: %v", err)
	}
	if b, err := f.ReadFileLimit(mem, 6); err != nil || string(b) != "123456" {
		t.Errorf("overlay at the limit: %q, %v", b, err)
	}
	// Files larger than a read's buffer.
	large := bytes.Repeat([]byte("x"), 1<<20+7)
	if err := os.WriteFile(p, large, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := (*FS)(nil).ReadFileLimit(p, 2<<20); err != nil || !bytes.Equal(b, large) {
		t.Errorf("large file: %d bytes, %v", len(b), err)
	}
}

// TestReadDisk: files read from the disk come back whole, and errors read
// as package os's.
func TestReadDisk(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 4097, 1 << 16} {
		p := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("ab"), size/2+1)[:size]
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := (*FS)(nil).ReadFile(p); err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d: %d bytes, %v", size, len(got), err)
		}
	}
	missing := filepath.Join(dir, "missing")
	_, err := (*FS)(nil).ReadFile(missing)
	_, osErr := os.ReadFile(missing)
	if err == nil || osErr == nil || err.Error() != osErr.Error() || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, os says %v", err, osErr)
	}
	if _, err := (*FS)(nil).ReadFile(dir); err == nil {
		t.Error("reading a directory: no error")
	}
}

// TestStamp: a regular file's size and modification time, as os.Lstat
// gives them; nothing for a directory, a symbolic link or a missing file.
func TestStamp(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.tf")
	if err := os.WriteFile(f, []byte("twelve bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	mt := time.Date(2024, 2, 3, 4, 5, 6, 789, time.UTC)
	if err := os.Chtimes(f, mt, mt); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(f)
	if err != nil {
		t.Fatal(err)
	}
	size, sec, nsec, ok := Stamp(f)
	if !ok || size != 12 || sec != info.ModTime().Unix() || nsec != int64(info.ModTime().Nanosecond()) {
		t.Errorf("Stamp = %d, %d, %d, %v; want 12, %d, %d", size, sec, nsec, ok, info.ModTime().Unix(), info.ModTime().Nanosecond())
	}
	link := filepath.Join(dir, "link.tf")
	if err := os.Symlink(f, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, link, filepath.Join(dir, "missing.tf")} {
		if _, _, _, ok := Stamp(p); ok {
			t.Errorf("Stamp(%s) is ok", p)
		}
	}
}

// TestMapFile: a file's content, mapped; an empty file; a file over the
// limit and a directory are errors.
func TestMapFile(t *testing.T) {
	dir := t.TempDir()
	f, empty := filepath.Join(dir, "index"), filepath.Join(dir, "empty")
	if err := os.WriteFile(f, []byte("DIRC and more"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	b, release, err := MapFile(f, 100)
	if err != nil || string(b) != "DIRC and more" {
		t.Fatalf("MapFile = %q, %v", b, err)
	}
	release()
	if b, release, err := MapFile(empty, 100); err != nil || len(b) != 0 {
		t.Errorf("empty file: %q, %v", b, err)
	} else {
		release()
	}
	var big *TooLargeError
	if _, _, err := MapFile(f, 4); !errors.As(err, &big) || big.Size != 13 {
		t.Errorf("over the limit: %v", err)
	}
	if _, _, err := MapFile(dir, 100); err == nil {
		t.Error("a directory was mapped")
	}
}
