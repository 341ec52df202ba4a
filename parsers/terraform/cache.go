package terraform

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// FileCache holds configuration files parsed once and shared by every load
// that reads them: the files of module directories that several modules
// of a scan call. It is safe for concurrent use. Parsed files are only
// read, never changed.
type FileCache struct {
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

// holds reports whether the files of dir are cached.
func (c *FileCache) holds(dir string) bool {
	return c != nil && c.dirs[filepath.Clean(dir)]
}

// parsedFile is one file read and parsed.
type parsedFile struct {
	once  sync.Once
	src   []byte
	err   error // reading
	file  *hcl.File
	diags hcl.Diagnostics
}

func (c *FileCache) get(path string) *parsedFile {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.files[path]
	if !ok {
		p = &parsedFile{}
		c.files[path] = p
	}
	return p
}

// parse reads and parses path once.
func (p *parsedFile) parse(path string, read func(string) ([]byte, error)) *parsedFile {
	p.once.Do(func() {
		p.src, p.err = read(path)
		if p.err != nil {
			return
		}
		// A parser of its own: hclparse.Parser keeps what it parsed.
		ps := hclparse.NewParser()
		if strings.HasSuffix(path, ".json") {
			p.file, p.diags = ps.ParseJSON(p.src, path)
		} else {
			p.file, p.diags = ps.ParseHCL(p.src, path)
		}
	})
	return p
}
