package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tree writes a release directory; the second call differs in everything
// an archive must not record: creation order, file times, permission bits
// other than the executable ones.
func tree(t *testing.T, second bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "edgelint_1.2.3_linux_amd64")
	files := []struct {
		name, body string
		mode       os.FileMode
	}{
		{"edgelint", "\x7fELF binary", 0o755},
		{"README.md", "# edgelint\n", 0o644},
		{"docs/b.md", "b\n", 0o644},
		{"docs/a.md", "a\n", 0o644},
	}
	if second {
		for i, j := 0, len(files)-1; i < j; i, j = i+1, j-1 {
			files[i], files[j] = files[j], files[i]
		}
	}
	for i, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		mode := f.mode
		if second {
			mode = mode&0o111 | 0o600 // other read bits
		}
		if err := os.WriteFile(p, []byte(f.body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		when := time.Date(2020+i, 1, 1, 0, 0, 0, 0, time.UTC)
		if second {
			when = time.Now()
		}
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const epoch = 1767225600 // 2026-01-01T00:00:00Z

var wantNames = []string{
	"edgelint_1.2.3_linux_amd64/",
	"edgelint_1.2.3_linux_amd64/README.md",
	"edgelint_1.2.3_linux_amd64/docs/",
	"edgelint_1.2.3_linux_amd64/docs/a.md",
	"edgelint_1.2.3_linux_amd64/docs/b.md",
	"edgelint_1.2.3_linux_amd64/edgelint",
}

func packBoth(t *testing.T, ext string) (first, second []byte) {
	t.Helper()
	var out [2][]byte
	for i := range out {
		dst := filepath.Join(t.TempDir(), "out"+ext)
		if err := run([]string{"pack", "-mtime", "1767225600", "-o", dst, tree(t, i == 1)}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Errorf("%s: the same files in another order, with other times and permissions, give another archive", ext)
	}
	return out[0], out[1]
}

func TestPackTarGz(t *testing.T) {
	b, _ := packBoth(t, ".tar.gz")
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header name %q time %v, want none", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.ModTime.Unix() != epoch || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: time %v uid %d gid %d uname %q gname %q", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		want := int64(0o644)
		if strings.HasSuffix(h.Name, "/") || strings.HasSuffix(h.Name, "/edgelint") {
			want = 0o755
		}
		if h.Mode != want {
			t.Errorf("%s: mode %o, want %o", h.Name, h.Mode, want)
		}
	}
	if strings.Join(names, " ") != strings.Join(wantNames, " ") {
		t.Errorf("entries %q, want %q", names, wantNames)
	}
}

func TestPackZip(t *testing.T) {
	b, _ := packBoth(t, ".zip")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Modified.Unix() != epoch {
			t.Errorf("%s: time %v", f.Name, f.Modified)
		}
		if f.Name == "edgelint_1.2.3_linux_amd64/edgelint" && f.Mode().Perm() != 0o755 {
			t.Errorf("%s: mode %v", f.Name, f.Mode())
		}
	}
	if strings.Join(names, " ") != strings.Join(wantNames, " ") {
		t.Errorf("entries %q, want %q", names, wantNames)
	}
}

func TestPackRejects(t *testing.T) {
	dir := tree(t, false)
	if err := os.Symlink("README.md", filepath.Join(dir, "link")); err != nil {
		t.Skip(err)
	}
	out := filepath.Join(t.TempDir(), "x.tar.gz")
	if err := run([]string{"pack", "-mtime", "1767225600", "-o", out, dir}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a symbolic link: %v", err)
	}
	if err := run([]string{"pack", "-o", out, tree(t, false)}); err == nil || !strings.Contains(err.Error(), "-mtime") {
		t.Errorf("no -mtime: %v", err)
	}
	if err := run([]string{"pack", "-mtime", "1767225600", "-o", out + ".rar", tree(t, false)}); err == nil {
		t.Error("an unknown archive format was accepted")
	}
}

func TestSums(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"b.zip": "", "a.tar.gz": "abc"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "SHA256SUMS")
	if err := run([]string{"sums", "-o", out, filepath.Join(dir, "b.zip"), filepath.Join(dir, "a.tar.gz")}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// sha256sum's output for these files.
	want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.tar.gz\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  b.zip\n"
	if string(got) != want {
		t.Errorf("SHA256SUMS:\n%s\nwant:\n%s", got, want)
	}
}
