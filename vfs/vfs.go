// Package vfs is the file system edgelint reads through: the disk, with an
// optional overlay of in-memory contents that take the place of files (the
// unsaved buffers of an editor). A nil *FS is the plain disk.
package vfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FS reads files from the disk, or from the overlay where it holds them.
type FS struct {
	files map[string][]byte // absolute, cleaned path → content
	// root is the boundary of a confined FS (see Confined), symbolic
	// links resolved, and rootLex the same as given, made absolute;
	// both empty for an FS that reads anywhere. dirs caches the
	// resolution of directories.
	root, rootLex string
	cwd           string // the working directory, for a confined FS
	mu            sync.RWMutex
	dirs          map[string]dirResolution // checked against the boundary
	real          map[string]dirResolution // resolved paths (see resolve)
}

// New returns an FS whose overlay holds contents by path; relative paths
// are taken from the working directory. A nil or empty overlay gives the
// plain disk.
func New(overlay map[string][]byte) *FS {
	if len(overlay) == 0 {
		return nil
	}
	f := &FS{files: make(map[string][]byte, len(overlay))}
	for p, b := range overlay {
		f.files[abs(p)] = b
	}
	return f
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// lookup returns the overlay content of name.
func (f *FS) lookup(name string) ([]byte, bool) {
	if f == nil || len(f.files) == 0 {
		return nil, false
	}
	a := abs(name)
	b, ok := f.files[a]
	if ok && !f.overlayAllowed(a) {
		return nil, false
	}
	return b, ok
}

// Overlaid reports whether name is held in the overlay.
func (f *FS) Overlaid(name string) bool {
	_, ok := f.lookup(name)
	return ok
}

// ReadFile returns the content of name, a regular file of at most
// MaxFileSize bytes (a *TooLargeError otherwise).
func (f *FS) ReadFile(name string) ([]byte, error) {
	return f.ReadFileLimit(name, MaxFileSize)
}

// errNotRegular is the error of reading a named pipe, a device or a
// socket.
var errNotRegular = errors.New("not a regular file")

// TooLargeError is ReadFileLimit's error for a file over the limit.
type TooLargeError struct {
	Path  string // as written; empty when not known
	Size  int64
	Limit int64
}

func (e *TooLargeError) Error() string {
	msg := "file of " + strconv.FormatInt(e.Size, 10) + " bytes is over the limit"
	if e.Limit > 0 {
		msg += " of " + sizeString(e.Limit) + " bytes"
	}
	if e.Path != "" {
		msg = e.Path + ": " + msg
	}
	return msg
}

// ReadFileLimit returns the content of name, or a *TooLargeError when it
// holds more than limit bytes; it reads nothing then. One open file
// answers both, where a Stat and a ReadFile would look the path up twice.
// Only a regular file is read: a named pipe, a device or a socket is an
// error, and the open never waits for a pipe's writer. A confined FS
// refuses a path resolving outside its boundary (*OutsideError).
func (f *FS) ReadFileLimit(name string, limit int64) ([]byte, error) {
	if limit < 0 || limit > MaxFileSize {
		limit = MaxFileSize
	}
	if b, ok := f.lookup(name); ok {
		if int64(len(b)) > limit {
			return nil, &TooLargeError{Path: name, Size: int64(len(b)), Limit: limit}
		}
		return b, nil
	}
	if f.confined() {
		return f.readConfined(name, limit)
	}
	return readDiskAs(name, name, limit, false)
}

// Open opens name for reading: a regular file, read whole (at most
// MaxFileSize bytes), as ReadFile reads it.
func (f *FS) Open(name string) (io.ReadCloser, error) {
	b, err := f.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// Stat describes name, following symbolic links. A confined FS refuses a
// path resolving outside its boundary (*OutsideError).
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if b, ok := f.lookup(name); ok {
		return fileInfo{name: filepath.Base(name), size: int64(len(b))}, nil
	}
	if f.confined() {
		resolved, err := f.Confine(name)
		if err != nil {
			return nil, err
		}
		info, err := os.Stat(resolved)
		if err != nil {
			return nil, f.pathError(name, err)
		}
		return info, nil
	}
	return os.Stat(name)
}

// ReadDir lists the directory name, sorted by file name, with the
// overlay's files in it added.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	dir := name
	if f.confined() {
		a := f.abs(name)
		resolved, err := f.realDir(a)
		if err != nil {
			if !errors.Is(err, errOutside) && len(f.childrenOf(name)) > 0 && f.overlayAllowed(a) {
				return f.overlayDir(name, nil, err)
			}
			return nil, f.pathError(name, err)
		}
		dir = resolved
	}
	entries, err := os.ReadDir(dir)
	if f == nil || len(f.files) == 0 {
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
		}
		return entries, nil
	}
	return f.overlayDir(name, entries, err)
}

// unwrapPath is the error inside a *fs.PathError, or err.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// overlayDir adds to the entries of the directory name the overlay's files
// in it.
func (f *FS) overlayDir(name string, entries []fs.DirEntry, err error) ([]fs.DirEntry, error) {
	extra := f.childrenOf(name)
	if err != nil && len(extra) == 0 {
		return entries, err
	}
	have := make(map[string]bool, len(entries))
	for _, e := range entries {
		have[e.Name()] = true
	}
	added := false
	for _, base := range extra {
		if !have[base] {
			entries = append(entries, fileInfo{name: base, size: int64(len(f.files[filepath.Join(abs(name), base)]))})
			added = true
		}
	}
	if added {
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	}
	return entries, nil
}

// childrenOf lists the base names of the overlay files directly in dir.
func (f *FS) childrenOf(dir string) []string {
	d := abs(dir)
	var out []string
	for p := range f.files {
		if filepath.Dir(p) == d {
			out = append(out, filepath.Base(p))
		}
	}
	sort.Strings(out)
	return out
}

// WalkParallel walks the tree at root like filepath.WalkDir, listing
// directories on up to jobs goroutines: fn is called from several
// goroutines at once and in no set order, with a directory before its
// content. Then it visits the overlay files under root that are not on
// the disk (paths joined to root as given), unless a skipped directory
// holds them. fn returns nil, fs.SkipDir (for a directory: its content is
// not listed) or fs.SkipAll; any other error ends the walk and is
// returned.
//
// The directories waiting to be listed are shared: a goroutine that runs
// out of work takes the one found last, so that no goroutine idles while
// another still has a large subtree ahead of it.
func (f *FS) WalkParallel(root string, jobs int, fn fs.WalkDirFunc) error {
	if f.confined() {
		if _, err := f.realDir(f.abs(root)); errors.Is(err, errOutside) {
			return fn(root, nil, &OutsideError{Path: root, Root: f.root})
		}
	}
	w := &walker{fn: fn, track: f.HasOverlay(), seen: map[string]bool{}}
	w.more = sync.NewCond(&w.mu)
	info, err := os.Lstat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else if d := fs.FileInfoToDirEntry(info); w.call(root, d) {
		if err = w.err; err == nil {
			w.dirs = append(w.dirs, dirEntry{root, d})
			var g sync.WaitGroup
			for range max(jobs, 1) - 1 {
				g.Go(w.work)
			}
			w.work()
			g.Wait()
			err = w.err
		}
	} else {
		err = w.err
	}
	if errors.Is(err, fs.SkipDir) || errors.Is(err, fs.SkipAll) {
		err = nil
	}
	if err != nil || !f.HasOverlay() {
		return err
	}
	return f.walkOverlay(root, w.seen, w.skipped, fn)
}

// walker is the state of one WalkParallel.
type walker struct {
	fn    fs.WalkDirFunc
	track bool // record what the overlay walk needs
	mu    sync.Mutex
	more  *sync.Cond // signalled when dirs grows or the walk ends
	// dirs are the directories to list, busy the goroutines listing one.
	dirs []dirEntry
	busy int
	err  error // the first error ending the walk
	stop bool
	// seen and skipped are the files visited and the directories
	// skipped, absolute, when track is set.
	seen    map[string]bool
	skipped []string
}

type dirEntry struct {
	path string
	d    fs.DirEntry
}

// work lists directories until none is left and none is being listed (or
// the walk has ended).
func (w *walker) work() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.dirs) == 0 && w.busy > 0 && !w.stop {
			w.more.Wait()
		}
		if w.stop || len(w.dirs) == 0 {
			w.more.Broadcast()
			return
		}
		next := w.dirs[len(w.dirs)-1]
		w.dirs = w.dirs[:len(w.dirs)-1]
		w.busy++
		w.mu.Unlock()
		w.list(next.path, next.d)
		w.mu.Lock()
		w.busy--
		if w.busy == 0 && len(w.dirs) == 0 {
			w.more.Broadcast()
		}
	}
}

// end records the error that ends the walk.
func (w *walker) end(err error) {
	w.mu.Lock()
	if !w.stop {
		w.stop = true
		if !errors.Is(err, fs.SkipAll) {
			w.err = err
		}
		w.more.Broadcast()
	}
	w.mu.Unlock()
}

// call calls fn on p and records what the overlay walk needs; it reports
// whether p is a directory whose content is to be listed. An error other
// than SkipDir ends the walk.
func (w *walker) call(p string, d fs.DirEntry) bool {
	r := w.fn(p, d, nil)
	if w.track {
		w.mu.Lock()
		if errors.Is(r, fs.SkipDir) && d.IsDir() {
			w.skipped = append(w.skipped, abs(p)+string(filepath.Separator))
		} else if !d.IsDir() {
			w.seen[abs(p)] = true
		}
		w.mu.Unlock()
	}
	if r != nil && !errors.Is(r, fs.SkipDir) {
		w.end(r)
		return false
	}
	return r == nil && d.IsDir()
}

// list calls fn on the content of directory p and queues its
// subdirectories.
func (w *walker) list(p string, d fs.DirEntry) {
	entries, err := os.ReadDir(p)
	if err != nil {
		if r := w.fn(p, d, err); r != nil && !errors.Is(r, fs.SkipDir) {
			w.end(r)
			return
		}
	}
	for _, e := range entries {
		w.mu.Lock()
		stop := w.stop
		w.mu.Unlock()
		if stop {
			return
		}
		c := joinClean(p, e.Name())
		if w.call(c, e) {
			w.mu.Lock()
			w.dirs = append(w.dirs, dirEntry{c, e})
			w.more.Signal()
			w.mu.Unlock()
		}
	}
}

// walkOverlay visits the overlay files under root that are not on the
// disk and not under a skipped directory.
func (f *FS) walkOverlay(root string, seen map[string]bool, skipped []string, fn fs.WalkDirFunc) error {
	ar := abs(root)
	var extra []string
	for p := range f.files {
		if seen[p] || !strings.HasPrefix(p, ar+string(filepath.Separator)) {
			continue
		}
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		inSkipped := false
		for _, s := range skipped {
			if strings.HasPrefix(p, s) {
				inSkipped = true
				break
			}
		}
		if !inSkipped {
			extra = append(extra, p)
		}
	}
	sort.Strings(extra)
	for _, p := range extra {
		rel, _ := filepath.Rel(ar, p)
		name := filepath.Join(root, rel)
		if err := fn(name, fileInfo{name: filepath.Base(p), size: int64(len(f.files[p]))}, nil); err != nil && !errors.Is(err, fs.SkipDir) {
			if errors.Is(err, fs.SkipAll) {
				return nil
			}
			return err
		}
	}
	return nil
}

// fileInfo describes an overlay file: a regular file, as both FileInfo
// and DirEntry.
type fileInfo struct {
	name string
	size int64
}

func (i fileInfo) Name() string               { return i.name }
func (i fileInfo) Size() int64                { return i.size }
func (i fileInfo) Mode() fs.FileMode          { return 0o644 }
func (i fileInfo) ModTime() time.Time         { return time.Time{} }
func (i fileInfo) IsDir() bool                { return false }
func (i fileInfo) Sys() any                   { return nil }
func (i fileInfo) Type() fs.FileMode          { return 0 }
func (i fileInfo) Info() (fs.FileInfo, error) { return i, nil }
