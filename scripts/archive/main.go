// Command archive writes edgelint's release archives and their checksums,
// byte for byte the same from the same inputs: scripts/release.sh runs it.
//
//	archive pack -mtime SECONDS -o OUT.tar.gz|OUT.zip DIR
//	archive sums -o SHA256SUMS FILE...
//
// pack stores DIR under its own name, entries sorted by name, every time
// set to -mtime (SOURCE_DATE_EPOCH), owner and group 0 without names,
// modes 0755 for directories and executables and 0644 for other files, in
// a gzip stream without name or time. sums writes "HASH  NAME" lines
// (sha256sum's format) sorted by name.
package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "archive:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: archive pack -mtime SECONDS -o OUT DIR | archive sums -o OUT FILE")
	}
	fset := flag.NewFlagSet("archive "+args[0], flag.ContinueOnError)
	out := fset.String("o", "", "output file")
	mtime := fset.Int64("mtime", -1, "modification time of every entry, in seconds since 1970 (SOURCE_DATE_EPOCH)")
	if err := fset.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-o is required")
	}
	switch args[0] {
	case "pack":
		if fset.NArg() != 1 {
			return errors.New("pack takes one directory")
		}
		// Zip cannot store times before 1980.
		if *mtime < 315532800 {
			return errors.New("-mtime must be given, 1980 or later (SOURCE_DATE_EPOCH)")
		}
		return pack(*out, fset.Arg(0), time.Unix(*mtime, 0).UTC())
	case "sums":
		return sums(*out, fset.Args())
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// entry is a file or directory to archive.
type entry struct {
	name string // slash-separated, under the archived directory's name
	src  string
	dir  bool
	exec bool
}

// walk lists dir's entries, sorted by name, under dir's base name.
// Anything but regular files and directories (links, devices) is an
// error: a release holds files.
func walk(dir string) ([]entry, error) {
	base := filepath.Base(filepath.Clean(dir))
	var entries []entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := path.Join(base, filepath.ToSlash(rel))
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case info.IsDir():
			entries = append(entries, entry{name: name + "/", src: p, dir: true})
		case info.Mode().IsRegular():
			entries = append(entries, entry{name: name, src: p, exec: info.Mode().Perm()&0o111 != 0})
		default:
			return fmt.Errorf("%s: not a regular file or directory", p)
		}
		return nil
	})
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	return entries, err
}

func (e entry) mode() fs.FileMode {
	if e.dir || e.exec {
		return 0o755
	}
	return 0o644
}

func pack(out, dir string, mtime time.Time) (err error) {
	entries, err := walk(dir)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriter(f)
	switch {
	case strings.HasSuffix(out, ".tar.gz"):
		err = writeTarGz(w, entries, mtime)
	case strings.HasSuffix(out, ".zip"):
		err = writeZip(w, entries, mtime)
	default:
		err = fmt.Errorf("%s: the name must end in .tar.gz or .zip", out)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

func writeTarGz(w io.Writer, entries []entry, mtime time.Time) error {
	// No name, no time, the same OS byte everywhere: gzip.Writer's
	// header is all zero fields but the OS (255, unknown).
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Mode: int64(e.mode()), ModTime: mtime, Format: tar.FormatUSTAR}
		if e.dir {
			hdr.Typeflag = tar.TypeDir
		} else {
			hdr.Typeflag = tar.TypeReg
			info, err := os.Stat(e.src)
			if err != nil {
				return err
			}
			hdr.Size = info.Size()
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		if !e.dir {
			if err := copyFile(tw, e.src); err != nil {
				return err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, e := range entries {
		hdr := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		if e.dir {
			hdr.Method = zip.Store
			hdr.SetMode(fs.ModeDir | 0o755)
		} else {
			hdr.SetMode(e.mode())
		}
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		if !e.dir {
			if err := copyFile(fw, e.src); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

func copyFile(w io.Writer, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// sums writes the SHA-256 of files to out, one "HASH  NAME" line each
// (NAME the base name), sorted by name.
func sums(out string, files []string) error {
	if len(files) == 0 {
		return errors.New("sums takes the files to sum")
	}
	lines := make([]string, 0, len(files))
	for _, p := range files {
		h := sha256.New()
		if err := copyFile(h, p); err != nil {
			return err
		}
		lines = append(lines, hex.EncodeToString(h.Sum(nil))+"  "+filepath.Base(p))
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	return os.WriteFile(out, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
