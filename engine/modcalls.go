package engine

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // git names file contents by SHA-1; this checks a file against its index entry
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/internal/gitindex"
	"github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/vfs"
)

// moduleCalls caches, between runs on changed files, the local module
// sources each Terraform file declares and what can link each other file
// to a template (cloudformation.LinkFacts), by the file's git content hash: a file whose
// size and modification time still match its index entry is not read
// again to find them. The cache is content-addressed, so it is exact
// whatever repository or branch the file comes from.
type moduleCalls struct {
	path string
	// stamp identifies the build (buildStamp), which each entry's
	// checksum covers; stampSum (its digest) and sumBuf compute the
	// checksums, when the file is read and written.
	stamp    string
	stampSum []byte
	sumBuf   []byte
	// fs reads the files of the repository (inside the run's boundary).
	fs    *vfs.FS
	mu    sync.Mutex
	m     map[string][]string
	dirty bool
	// index is the repository's index, whose modification time tells
	// entries written in the same instant as their file ("racily clean"
	// in git's words), which are not trusted.
	indexTime int64
	roots     []indexedRoot
}

// indexedRoot is the index of a checkout a run lists its files from: the
// entries, sorted by path, and what joins a run's path to an entry's
// (the root, with a separator; empty for ".").
type indexedRoot struct {
	prefix  string
	entries []gitindex.Entry
}

// maxModuleCalls bounds the entries kept in the cache file.
const maxModuleCalls = 500000

// moduleCallsName is the cache file's name, and moduleCallsHeader its
// first line.
const (
	moduleCallsName   = "module-calls-v3.txt"
	moduleCallsHeader = "edgelint module calls v3\n"
)

// loadModuleCalls reads the cache in dir; nil when dir is empty. The file
// holds a line per file content: its git object name in hex, then its
// local module sources, each after a tab, then, after a tab, the entry's
// checksum (entrySum); a source holding a tab, a newline or a quote (or an
// empty one) is written quoted (strconv.Quote). A line that does not read
// as such, or whose checksum does not match (a flipped bit, a line cut
// short, the sources of another file's entry, an entry another build of
// edgelint computed), is dropped: its file is read again. A file without
// the header is ignored.
func loadModuleCalls(dir string) *moduleCalls {
	return readModuleCalls(dir, buildStamp())
}

// readModuleCalls is loadModuleCalls for the build that stamp identifies.
func readModuleCalls(dir, stamp string) *moduleCalls {
	if dir == "" {
		return nil
	}
	c := &moduleCalls{path: filepath.Join(dir, moduleCallsName), stamp: stamp, m: map[string][]string{}}
	b, err := (*vfs.FS)(nil).ReadFile(c.path) // a regular file, within MaxFileSize
	if err != nil || !bytes.HasPrefix(b, []byte(moduleCallsHeader)) {
		return c
	}
	m := make(map[string][]string, bytes.Count(b, []byte("\n")))
	for line := range strings.Lines(string(b[len(moduleCallsHeader):])) {
		key, srcs, ok := c.parseEntry(line)
		if !ok {
			// Written again without it.
			c.dirty = true
			continue
		}
		m[key] = srcs
	}
	c.m = m
	return c
}

// parseEntry reads one line of the cache file; ok is false when it is
// damaged.
func (c *moduleCalls) parseEntry(line string) (key string, srcs []string, ok bool) {
	line, ok = strings.CutSuffix(line, "\n")
	if !ok {
		return "", nil, false // cut short
	}
	i := strings.LastIndexByte(line, '\t')
	if i < 0 {
		return "", nil, false
	}
	line, sum := line[:i], line[i+1:]
	key, rest, _ := strings.Cut(line, "\t")
	if h, _, _ := strings.Cut(key, ":"); len(h) != 40 || (len(key) > 40 && key[40:] != factsSuffix && key[40:] != jsonSuffix) {
		return "", nil, false
	}
	srcs = []string{}
	for rest != "" {
		var src string
		src, rest, _ = strings.Cut(rest, "\t")
		if strings.HasPrefix(src, `"`) {
			var err error
			if src, err = strconv.Unquote(src); err != nil {
				return "", nil, false
			}
		}
		srcs = append(srcs, src)
	}
	want := c.entrySum(key, srcs)
	if sum != hex.EncodeToString(want[:]) {
		return "", nil, false
	}
	return key, srcs, true
}

// entrySum is the checksum of an entry: SHA-256, shortened to 128 bits,
// of the build that computed it, its key (the content it was computed
// from) and its values, each after its length.
func (c *moduleCalls) entrySum(key string, srcs []string) [16]byte {
	if c.stampSum == nil {
		stamp := sha256.Sum256([]byte(c.stamp))
		c.stampSum = stamp[:]
	}
	b := c.sumBuf[:0]
	b = append(b, c.stampSum...)
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	for _, s := range srcs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	c.sumBuf = b
	sum := sha256.Sum256(b)
	return [16]byte(sum[:16])
}

// buildStamp identifies the build of edgelint: what it computes for a file
// may change from one build to the next, so the entries one build wrote
// are not trusted by another. A release is named by its module version; a
// development build also by its commit, whether its tree was modified,
// and its executable's size and modification time.
var buildStamp = sync.OnceValue(func() string {
	var b strings.Builder
	release := false
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(&b, "%s %s %s %s", bi.GoVersion, bi.Main.Path, bi.Main.Version, bi.Main.Sum)
		release = bi.Main.Version != "" && bi.Main.Version != "(devel)"
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				fmt.Fprintf(&b, " %s=%s", s.Key, s.Value)
				if s.Key == "vcs.modified" && s.Value == "true" {
					release = false
				}
			}
		}
	}
	if !release {
		if exe, err := os.Executable(); err == nil {
			if info, err := os.Stat(exe); err == nil {
				fmt.Fprintf(&b, " %d %d", info.Size(), info.ModTime().UnixNano())
			}
		}
	}
	return b.String()
})

// factsSuffix marks the cache keys of link facts, which would otherwise
// share the key of a Terraform file of the same content.
const factsSuffix = ":links"

// jsonSuffix marks the cache keys of the module sources of Terraform JSON
// files (.tf.json), which are read with the JSON syntax.
const jsonSuffix = ":json"

// use adds the index entries of the checkout at root, whose files a run
// names prefix + entry path. They are looked up by binary search: git
// keeps them sorted by path (sorted here otherwise).
func (c *moduleCalls) use(root, prefix string, entries []gitindex.Entry) {
	if c == nil {
		return
	}
	if info, err := os.Stat(filepath.Join(root, ".git", "index")); err == nil {
		c.indexTime = info.ModTime().UnixNano()
	}
	byPath := func(a, b gitindex.Entry) int { return strings.Compare(a.Path, b.Path) }
	if !slices.IsSortedFunc(entries, byPath) {
		entries = slices.Clone(entries)
		slices.SortStableFunc(entries, byPath)
	}
	c.roots = append(c.roots, indexedRoot{prefix: prefix, entries: entries})
}

// indexed reports whether the run lists files from an index.
func (c *moduleCalls) indexed() bool { return c != nil && len(c.roots) > 0 }

// entry returns the index entry of the file at path.
func (c *moduleCalls) entry(path string) (gitindex.Entry, bool) {
	for _, r := range c.roots {
		rel, ok := strings.CutPrefix(path, r.prefix)
		if !ok {
			continue
		}
		i, found := slices.BinarySearchFunc(r.entries, rel, func(e gitindex.Entry, p string) int { return strings.Compare(e.Path, p) })
		if found {
			return r.entries[i], true
		}
	}
	return gitindex.Entry{}, false
}

// vouched returns the index entry of the file at path when it vouches for
// the file's content: same size and modification time, and not written in
// the same instant as the index.
func (c *moduleCalls) vouched(path string) (gitindex.Entry, bool) {
	if c == nil {
		return gitindex.Entry{}, false
	}
	e, found := c.entry(path)
	if !found {
		return gitindex.Entry{}, false
	}
	size, sec, nsec, ok := vfs.Stamp(path)
	// git stores the seconds in 32 bits: compare in 64.
	if !ok || size != int64(e.Size) || sec != int64(e.MtimeSec) || nsec != int64(e.MtimeNsec) ||
		int64(e.MtimeSec)*1e9+int64(e.MtimeNsec) >= c.indexTime {
		return gitindex.Entry{}, false
	}
	return e, true
}

// lookup answers key from the cache or, once, from compute on the file's
// content (read and checked against the entry's hash); ok is false when
// neither can.
func (c *moduleCalls) lookup(path string, e gitindex.Entry, key string, compute func([]byte) []string) ([]string, bool) {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v, true
	}
	b, err := c.fs.ReadFile(path)
	if err != nil || blobHash(b) != e.Hash {
		return nil, false
	}
	v = compute(b)
	c.mu.Lock()
	c.m[key], c.dirty = v, true
	c.mu.Unlock()
	return v, true
}

// sources returns the local module sources of the Terraform file at path,
// from the cache when its index entry vouches for it; ok is false when the
// cache cannot answer and the caller reads the file itself.
func (c *moduleCalls) sources(path string) ([]string, bool) {
	e, ok := c.vouched(path)
	if !ok {
		return nil, false
	}
	key := hex.EncodeToString(e.Hash[:])
	if strings.HasSuffix(path, ".json") {
		// Read as JSON, not native syntax: the same content answers
		// differently.
		key += jsonSuffix
	}
	return c.lookup(path, e, key, func(b []byte) []string {
		srcs := terraform.LocalSources(path, b)
		if srcs == nil {
			srcs = []string{}
		}
		return srcs
	})
}

// links returns the link facts of the file at path, from the cache when
// its index entry vouches for it; ok is false when the cache cannot
// answer.
func (c *moduleCalls) links(path string) (cloudformation.LinkFacts, bool) {
	e, ok := c.vouched(path)
	if !ok {
		return cloudformation.LinkFacts{}, false
	}
	v, ok := c.lookup(path, e, hex.EncodeToString(e.Hash[:])+factsSuffix, func(b []byte) []string {
		f := cloudformation.ScanLinks(b)
		flags := "!"
		for _, x := range []struct {
			set bool
			c   string
		}{{f.Exports, "E"}, {f.Imports, "I"}, {f.Nests, "N"}} {
			if x.set {
				flags += x.c
			}
		}
		return []string{flags}
	})
	if !ok || len(v) != 1 || !strings.HasPrefix(v[0], "!") {
		return cloudformation.LinkFacts{}, false
	}
	return cloudformation.LinkFacts{Exports: strings.Contains(v[0], "E"), Imports: strings.Contains(v[0], "I"), Nests: strings.Contains(v[0], "N")}, true
}

// blobHash is git's name of a file's content.
func blobHash(b []byte) [20]byte {
	h := sha1.New() //nolint:gosec // git's object name
	h.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	h.Write(b)
	var out [20]byte
	copy(out[:], h.Sum(nil))
	return out
}

// save writes the cache back when it learned something; failures only
// cost the next run its speed.
func (c *moduleCalls) save() {
	if c == nil || !c.dirty {
		return
	}
	if len(c.m) > maxModuleCalls {
		// Keep what this run's files hold: their module sources and link
		// facts.
		keep := map[string][]string{}
		for _, r := range c.roots {
			for _, e := range r.entries {
				k := hex.EncodeToString(e.Hash[:])
				for _, k := range []string{k, k + factsSuffix, k + jsonSuffix} {
					if v, ok := c.m[k]; ok {
						keep[k] = v
					}
				}
			}
		}
		c.m = keep
	}
	keys := make([]string, 0, len(c.m))
	for k := range c.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteString(moduleCallsHeader)
	for _, k := range keys {
		buf.WriteString(k)
		for _, src := range c.m[k] {
			buf.WriteByte('\t')
			if src == "" || strings.ContainsAny(src, "\t\n\r\"") {
				src = strconv.Quote(src)
			}
			buf.WriteString(src)
		}
		buf.WriteByte('\t')
		sum := c.entrySum(k, c.m[k])
		buf.WriteString(hex.EncodeToString(sum[:]))
		buf.WriteByte('\n')
	}
	b := buf.Bytes()
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".module-calls-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path) != nil {
		_ = os.Remove(tmp.Name())
	}
	// The files of earlier versions.
	_ = os.Remove(filepath.Join(filepath.Dir(c.path), "module-calls-v1.json"))
	_ = os.Remove(filepath.Join(filepath.Dir(c.path), "module-calls-v2.txt"))
}
