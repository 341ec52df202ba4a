package vfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// MaxFileSize bounds every file read through an FS that names no smaller
// limit: a file over it is an input error, never read.
const MaxFileSize = 64 << 20

// OutsideError is the error of a path that resolves, symbolic links
// followed, outside the boundary of a confined FS. It names the path as
// it was written, never what it leads to.
type OutsideError struct {
	Path string // as written
	Root string // the boundary
}

func (e *OutsideError) Error() string { return e.Path + ": " + Reason(e) }

// errOutside marks a resolution that left the boundary, before the path
// as written is known.
var errOutside = errors.New("outside the boundary")

// Confined returns an FS that reads only regular files whose resolved path
// (symbolic links followed) lies under root, with the overlay's contents
// in place of files under it. Directories are resolved once each per FS;
// a file's own name is resolved only when it is a symbolic link.
func Confined(overlay map[string][]byte, root string) *FS {
	f := New(overlay)
	if f == nil {
		f = &FS{}
	}
	if wd, err := os.Getwd(); err == nil {
		f.cwd = wd
	}
	f.rootLex = f.abs(root)
	f.root = f.rootLex
	if r, err := filepath.EvalSymlinks(f.rootLex); err == nil {
		f.root = r
	}
	f.dirs = map[string]dirResolution{}
	f.real = map[string]dirResolution{}
	return f
}

// Root is the boundary of a confined FS, symbolic links resolved; empty
// for one that reads anywhere.
func (f *FS) Root() string {
	if f == nil {
		return ""
	}
	return f.root
}

// HasOverlay reports whether f holds in-memory contents.
func (f *FS) HasOverlay() bool { return f != nil && len(f.files) > 0 }

type dirResolution struct {
	real string
	err  error
}

// within reports whether p is root or lies under it; both are absolute and
// clean.
func within(root, p string) bool {
	if p == root {
		return true
	}
	if root == string(filepath.Separator) {
		return strings.HasPrefix(p, root)
	}
	return strings.HasPrefix(p, root) && p[len(root)] == filepath.Separator
}

// realDir resolves the absolute directory dir, once per FS: its path with
// symbolic links followed, or errOutside when that lies outside the
// boundary. A directory that does not exist is an fs.ErrNotExist error
// only when its nearest existing ancestor lies inside the boundary, so
// that no answer tells whether a path outside it exists.
func (f *FS) realDir(dir string) (string, error) {
	f.mu.RLock()
	r, ok := f.dirs[dir]
	f.mu.RUnlock()
	if ok {
		return r.real, r.err
	}
	resolved, err := f.resolve(dir)
	if err == nil {
		if !within(f.root, resolved) {
			resolved, err = "", errOutside
		}
	} else {
		resolved, err = "", f.missing(dir, err)
	}
	f.mu.Lock()
	f.dirs[dir] = dirResolution{resolved, err}
	f.mu.Unlock()
	return resolved, err
}

// resolve returns the absolute, clean path p with symbolic links
// followed, as filepath.EvalSymlinks does, but from its parent's
// resolution, kept: one lstat a directory rather than one for each
// element of its path.
func (f *FS) resolve(p string) (string, error) {
	if p == f.rootLex {
		return f.root, nil
	}
	f.mu.RLock()
	r, ok := f.real[p]
	f.mu.RUnlock()
	if ok {
		return r.real, r.err
	}
	resolved, err := p, error(nil)
	if parent := filepath.Dir(p); parent != p {
		var rp string
		if rp, err = f.resolve(parent); err == nil {
			resolved = filepath.Join(rp, filepath.Base(p))
			var info os.FileInfo
			if info, err = os.Lstat(resolved); err == nil && info.Mode()&fs.ModeSymlink != 0 {
				resolved, err = filepath.EvalSymlinks(resolved)
			}
		}
	}
	if err != nil {
		resolved = ""
	}
	f.mu.Lock()
	f.real[p] = dirResolution{resolved, err}
	f.mu.Unlock()
	return resolved, err
}

// missing is the error of a path p that does not resolve: errOutside when
// its nearest existing ancestor lies outside the boundary, else err.
func (f *FS) missing(p string, err error) error {
	for q := p; ; {
		parent := filepath.Dir(q)
		if parent == q {
			return errOutside
		}
		rest, _ := filepath.Rel(parent, p)
		q = parent
		if r, e := filepath.EvalSymlinks(q); e == nil {
			if !within(f.root, filepath.Join(r, rest)) {
				return errOutside
			}
			return err
		}
	}
}

// confineDir returns name with its directory resolved, checked to lie
// inside the boundary; the last element is left as it is. Errors name
// name as written.
func (f *FS) confineDir(name string) (string, error) {
	a := f.abs(name)
	if a == f.rootLex || a == f.root {
		return f.root, nil // the boundary itself, whose parent is outside
	}
	dir, base := splitClean(a)
	if dir == a {
		return f.confineWhole(name, a)
	}
	resolved, err := f.realDir(dir)
	if err != nil {
		return "", f.pathError(name, err)
	}
	return joinClean(resolved, base), nil
}

// isClean reports whether filepath.Clean(p) is p, for an absolute p; it
// answers false where it cannot tell at once (another separator).
func isClean(p string) bool {
	if filepath.Separator != '/' || p == "" || p[0] != '/' {
		return false
	}
	if p == "/" {
		return true
	}
	for i := 1; i <= len(p); {
		j := strings.IndexByte(p[i:], '/')
		if j < 0 {
			j = len(p) - i
		}
		if e := p[i : i+j]; e == "" || e == "." || e == ".." {
			return false // "//", "/./", "/../", or a final "/"
		}
		i += j + 1
	}
	return true
}

// splitClean is filepath.Dir(a), filepath.Base(a) of an absolute a,
// without cleaning again a path that is clean.
func splitClean(a string) (dir, base string) {
	if !isClean(a) {
		return filepath.Dir(a), filepath.Base(a)
	}
	if a == "/" {
		return a, a
	}
	i := strings.LastIndexByte(a, '/')
	if i == 0 {
		return "/", a[1:]
	}
	return a[:i], a[i+1:]
}

// joinClean is filepath.Join(dir, base) of a clean absolute dir and the
// last element of a clean path.
func joinClean(dir, base string) string {
	if !isClean(dir) || base == "" || base == "." || base == ".." || strings.IndexByte(base, '/') >= 0 {
		return filepath.Join(dir, base)
	}
	if dir == "/" {
		return dir + base
	}
	return dir + "/" + base
}

// confineWhole resolves name, absolute a, entirely: a directory, or a file
// whose last element is a symbolic link.
func (f *FS) confineWhole(name, a string) (string, error) {
	resolved, err := f.realDir(a)
	if err != nil {
		return "", f.pathError(name, err)
	}
	return resolved, nil
}

// resolveLink resolves the symbolic link real (a confined path whose
// directory is resolved) and checks where it leads.
func (f *FS) resolveLink(name, resolved string) (string, error) {
	t, err := filepath.EvalSymlinks(resolved)
	if err != nil {
		// A dangling link: where it would lead decides between
		// "outside" and "does not exist".
		target, e := os.Readlink(resolved)
		if e != nil {
			return "", f.pathError(name, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(resolved), target)
		}
		return "", f.pathError(name, f.missing(filepath.Clean(target), err))
	}
	if !within(f.root, t) {
		return "", f.pathError(name, errOutside)
	}
	return t, nil
}

func (f *FS) pathError(name string, err error) error {
	if errors.Is(err, errOutside) {
		return &OutsideError{Path: name, Root: f.root}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &fs.PathError{Op: "open", Path: name, Err: err}
}

// Confine returns the path name resolves to, symbolic links followed, or
// an *OutsideError when that lies outside the boundary. An FS that reads
// anywhere returns name.
func (f *FS) Confine(name string) (string, error) {
	if !f.confined() {
		return name, nil
	}
	resolved, err := f.confineDir(name)
	if err != nil {
		return "", err
	}
	info, err := os.Lstat(resolved)
	if err != nil {
		return "", f.pathError(name, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return f.resolveLink(name, resolved)
	}
	return resolved, nil
}

// RealPath is the absolute path of name with symbolic links resolved, or
// its absolute path when it does not resolve: the identity of a directory
// that several paths may lead to.
func (f *FS) RealPath(name string) string {
	a := f.abs(name)
	if f.confined() {
		if resolved, err := f.realDir(a); err == nil {
			return resolved
		}
		return a
	}
	if resolved, err := filepath.EvalSymlinks(a); err == nil {
		return resolved
	}
	return a
}

func (f *FS) confined() bool { return f != nil && f.root != "" }

// abs makes p absolute against the working directory a confined FS read
// when it was made (filepath.Abs looks it up at every call).
func (f *FS) abs(p string) string {
	if isClean(p) {
		return p
	}
	if filepath.IsAbs(p) || f == nil || f.cwd == "" {
		return abs(p)
	}
	return filepath.Join(f.cwd, p)
}

// overlayAllowed reports whether the overlay may serve the absolute path
// a: under the boundary, as written or resolved.
func (f *FS) overlayAllowed(a string) bool {
	return !f.confined() || within(f.rootLex, a) || within(f.root, a)
}

// readConfined reads name under the boundary: its directory resolved
// once, the file opened without following a last symbolic link, which is
// resolved and checked when there is one.
func (f *FS) readConfined(name string, limit int64) ([]byte, error) {
	resolved, err := f.confineDir(name)
	if err != nil {
		return nil, err
	}
	b, err := readDiskAs(resolved, name, limit, true)
	if isLoop(err) {
		if resolved, err = f.resolveLink(name, resolved); err != nil {
			return nil, err
		}
		b, err = readDiskAs(resolved, name, limit, true)
	}
	return b, err
}

// sizeString formats a byte count.
func sizeString(n int64) string { return strconv.FormatInt(n, 10) }

// Reason is the message of err without the path it names, for a report
// that names the file already.
func Reason(err error) string {
	var oe *OutsideError
	var big *TooLargeError
	var pe *fs.PathError
	switch {
	case errors.As(err, &oe):
		return "refused: it resolves outside " + oe.Root + ", the directory edgelint reads (see --root)"
	case errors.As(err, &big):
		c := *big
		c.Path = ""
		return c.Error()
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}
