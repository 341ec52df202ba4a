package terraform

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/edgelint/edgelint/internal/budget"
)

// FileCache holds configuration files parsed once and shared by every load
// that reads them with the same content: the files of module directories
// that several modules of a scan call, or, for a language server that
// analyzes again on every change, every file (NewFileCacheAll). A file is
// still read at every load and parsed again when its content changed. It
// is safe for concurrent use; parsed files are only read, never changed.
type FileCache struct {
	all bool
	// trust: a file parsed once is not read again to check its content
	// (a cache that lives for one scan, which reads each file once).
	trust bool
	dirs  map[string]bool
	mu    sync.Mutex
	files map[string]*parsedFile
}

// NewFileCache returns a cache, for one scan, of the files directly in
// dirs: each is read and parsed once, at its first load.
func NewFileCache(dirs []string) *FileCache {
	c := &FileCache{trust: true, dirs: map[string]bool{}, files: map[string]*parsedFile{}}
	for _, d := range dirs {
		c.dirs[filepath.Clean(d)] = true
	}
	return c
}

// NewFileCacheAll returns a cache for every file, kept across scans: each
// load reads the file again and parses it again if its content changed.
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
	read  bool // src holds the content: parse does not read it
	src   []byte
	err   error // reading
	file  *hcl.File
	diags hcl.Diagnostics
}

// load reads path and returns its parse, made once per content.
func (c *FileCache) load(path string, read func(string) ([]byte, error)) *parsedFile {
	if c.trust {
		c.mu.Lock()
		p := c.files[path]
		if p == nil {
			p = &parsedFile{}
			c.files[path] = p
		}
		c.mu.Unlock()
		return p.parse(path, read)
	}
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
		if !p.read {
			p.src, p.err = read(path)
		}
		if p.err == nil {
			p.parseSrc(path)
		}
	})
	return p
}

func (p *parsedFile) parseSrc(path string) {
	// A parser of its own: hclparse.Parser keeps what it parsed.
	if p.diags = nestingDiags(path, p.src, nestingKind(path)); p.diags != nil {
		return
	}
	ps := hclparse.NewParser()
	if strings.HasSuffix(path, ".json") {
		p.file, p.diags = ps.ParseJSON(p.src, path)
	} else {
		p.file, p.diags = ps.ParseHCL(p.src, path)
		p.diags = dropEncodingEchoes(path, p.src, p.diags)
		if p.file != nil {
			if body, ok := p.file.Body.(*hclsyntax.Body); ok {
				rewriteComparisons(body)
				rewriteBounds(body)
			}
		}
	}
}

// dropEncodingEchoes makes a byte that is not UTF-8 one error. hclsyntax
// reports such a byte ("Invalid character encoding") and, at its very
// range, what it broke: the string or heredoc it ends ("Unterminated
// template string"), the expression it is not ("Invalid expression"); in
// a block it reports only the block it left unclosed, far from the byte.
// The encoding error says what is wrong: the errors at its range are
// dropped and, when it is missing, it replaces the errors it caused.
func dropEncodingEchoes(path string, src []byte, diags hcl.Diagnostics) hcl.Diagnostics {
	if !diags.HasErrors() || utf8.Valid(src) {
		return diags
	}
	const summary = "Invalid character encoding"
	bad := map[hcl.Range]bool{}
	for _, d := range diags {
		if d.Summary == summary && d.Subject != nil {
			bad[*d.Subject] = true
		}
	}
	out := diags[:0:0]
	if len(bad) == 0 {
		// The first byte that is not UTF-8 outside a comment (the
		// lexer may have taken it into an identifier).
		at := firstBadByte(path, src)
		if at == nil {
			return diags
		}
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				out = append(out, d)
			}
		}
		return append(out, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  summary,
			Detail:   "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
			Subject:  at,
		})
	}
	for _, d := range diags {
		if d.Summary != summary && d.Subject != nil && bad[*d.Subject] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// firstBadByte is the range of the first byte of src that is not UTF-8
// outside a comment, nil when there is none.
func firstBadByte(path string, src []byte) *hcl.Range {
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	for _, t := range toks {
		if t.Type == hclsyntax.TokenComment || utf8.Valid(t.Bytes) {
			continue
		}
		off := t.Range.Start.Byte
		for len(t.Bytes) > 0 {
			r, w := utf8.DecodeRune(t.Bytes)
			if r == utf8.RuneError && w <= 1 {
				break
			}
			t.Bytes = t.Bytes[w:]
			off += w
		}
		if off >= len(src) {
			return nil
		}
		line := bytes.Count(src[:off], []byte("\n")) + 1
		ls := bytes.LastIndexByte(src[:off], '\n') + 1
		start := hcl.Pos{Line: line, Column: utf8.RuneCount(src[ls:off]) + 1, Byte: off}
		end := hcl.Pos{Line: line, Column: start.Column + 1, Byte: off + 1}
		return &hcl.Range{Filename: path, Start: start, End: end}
	}
	return nil
}

// Prefetch holds, for one scan, configuration files read before their
// module is loaded — to find the module calls that decide which
// directories are root modules — so that the load neither reads nor
// parses them again. Each file is taken once; what does not fit in the
// budget is read again when loaded. It is safe for concurrent use; a nil
// *Prefetch holds nothing.
type Prefetch struct {
	budget *budget.Bytes
	mu     sync.Mutex
	files  map[string]*parsedFile
}

// NewPrefetch returns a Prefetch holding at most about n bytes.
func NewPrefetch(n int) *Prefetch {
	return &Prefetch{budget: budget.New(n), files: map[string]*parsedFile{}}
}

// parseCost is what a parsed file is counted for against the budget, per
// byte of its source.
const parseCost = 8

// LocalSources is LocalSources of the package, keeping the file's content
// and, when it was parsed to find module blocks, its parse.
func (p *Prefetch) LocalSources(path string, src []byte) []string {
	if p == nil {
		return LocalSources(path, src)
	}
	var out []string
	pf := &parsedFile{read: true, src: src}
	cost := len(src)
	if mayCallModules(src) {
		pf.once.Do(func() { pf.parseSrc(path) })
		out = localSources(pf.file)
		cost *= parseCost
	}
	if p.budget.Take(cost) {
		p.mu.Lock()
		p.files[path] = pf
		p.mu.Unlock()
	}
	return out
}

// take returns the file held for path, removing it, or a parsedFile that
// reads the file.
func (p *Prefetch) take(path string) *parsedFile {
	if p == nil {
		return &parsedFile{}
	}
	p.mu.Lock()
	pf := p.files[path]
	delete(p.files, path)
	p.mu.Unlock()
	if pf == nil {
		return &parsedFile{}
	}
	return pf
}

// reader returns read, answering first with the content held for a path
// (once).
func (p *Prefetch) reader(read func(string) ([]byte, error)) func(string) ([]byte, error) {
	if p == nil {
		return read
	}
	return func(path string) ([]byte, error) {
		if pf := p.take(path); pf.read {
			return pf.src, nil
		}
		return read(path)
	}
}
