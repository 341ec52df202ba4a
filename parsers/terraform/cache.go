package terraform

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// FileCache holds configuration files parsed once and shared by every load
// that reads them with the same content: the files of module directories
// that several modules of a scan call, or, for a language server that
// analyzes again on every change, every file (NewFileCacheAll). A file is
// still read at every load and parsed again when its content changed. It
// is safe for concurrent use; parsed files are only read, never changed.
type FileCache struct {
	all   bool
	dirs  map[string]bool
	mu    sync.Mutex
	files map[string]*parsedFile
}

// NewFileCache returns a cache for the files directly in dirs.
func NewFileCache(dirs []string) *FileCache {
	c := &FileCache{dirs: map[string]bool{}, files: map[string]*parsedFile{}}
	for _, d := range dirs {
		c.dirs[filepath.Clean(d)] = true
	}
	return c
}

// NewFileCacheAll returns a cache for every file.
func NewFileCacheAll() *FileCache {
	return &FileCache{all: true, files: map[string]*parsedFile{}}
}

// holds reports whether the files of dir are cached.
func (c *FileCache) holds(dir string) bool {
	return c != nil && (c.all || c.dirs[filepath.Clean(dir)])
}

// parsedFile is one file's content and its parse.
type parsedFile struct {
	once  sync.Once
	src   []byte
	err   error // reading
	file  *hcl.File
	diags hcl.Diagnostics
}

// load reads path and returns its parse, made once per content.
func (c *FileCache) load(path string, read func(string) ([]byte, error)) *parsedFile {
	src, err := read(path)
	if err != nil {
		p := &parsedFile{err: err}
		p.once.Do(func() {}) // read once: parse must not read it again
		return p
	}
	c.mu.Lock()
	p := c.files[path]
	if p == nil || !bytes.Equal(p.src, src) {
		p = &parsedFile{src: src}
		c.files[path] = p
	}
	c.mu.Unlock()
	p.once.Do(func() { p.parseSrc(path) })
	return p
}

// parse reads (unless src is set) and parses path, once.
func (p *parsedFile) parse(path string, read func(string) ([]byte, error)) *parsedFile {
	p.once.Do(func() {
		p.src, p.err = read(path)
		if p.err == nil {
			p.parseSrc(path)
		}
	})
	return p
}

func (p *parsedFile) parseSrc(path string) {
	// A parser of its own: hclparse.Parser keeps what it parsed.
	ps := hclparse.NewParser()
	if strings.HasSuffix(path, ".json") {
		p.file, p.diags = ps.ParseJSON(p.src, path)
	} else {
		p.file, p.diags = ps.ParseHCL(p.src, path)
	}
}
