// Package gitindex lists the files a git checkout tracks by reading its
// index (.git/index) directly: one file read instead of a walk of the whole
// tree, which is what a pre-commit run on a few changed files can afford.
// No git program is run. Versions 2, 3 and 4 of the index format are read;
// anything else, or any inconsistency, is reported as not readable and the
// caller walks the tree instead.
package gitindex

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/edgelint/edgelint/vfs"
)

// maxIndex bounds the index file read.
const maxIndex = 256 << 20

// Entry is a tracked regular file: its path (relative to the checkout,
// with the OS separator), the size and modification time git recorded for
// it, and the hash of its staged content.
type Entry struct {
	Path      string
	Size      uint32
	MtimeSec  uint32
	MtimeNsec uint32
	Hash      [20]byte
}

// Entries returns the regular files tracked in the git checkout at root,
// and whether root's index could be read. Symbolic links and submodules
// are left out.
func Entries(root string) ([]Entry, bool) {
	git := filepath.Join(root, ".git")
	if info, err := os.Stat(git); err != nil || !info.IsDir() {
		return nil, false
	}
	b, release, err := vfs.MapFile(filepath.Join(git, "index"), maxIndex)
	if err != nil {
		return nil, false
	}
	defer release()
	return parseMapped(b)
}

// parseMapped parses a mapped index. Should the file shrink under the map
// (git replaces its index by renaming a new file over it, but another
// program might truncate it), reading past its new end raises SIGBUS: it
// is turned into a panic and the index reported as not readable. Nothing
// parse returns refers to b.
func parseMapped(b []byte) (entries []Entry, ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			entries, ok = nil, false
		}
	}()
	return parse(b)
}

// parse decodes the entries of an index file.
func parse(b []byte) ([]Entry, bool) {
	if len(b) < 12 || !bytes.Equal(b[:4], []byte("DIRC")) {
		return nil, false
	}
	version := binary.BigEndian.Uint32(b[4:8])
	if version < 2 || version > 4 {
		return nil, false
	}
	n := int(binary.BigEndian.Uint32(b[8:12]))
	if n > len(b)/62 {
		return nil, false
	}
	out := make([]Entry, 0, n)
	// The names are copied into one buffer, which becomes (without another
	// copy) the one string every Path is a part of: one allocation instead
	// of one per entry, and nothing of b is kept. What the entries' fixed
	// fields leave of b bounds the names but for prefix compression (v4).
	var names strings.Builder
	names.Grow(len(b) - 12 - 62*n)
	ends := make([]int, 0, n)
	off := 12
	var prev []byte
	for i := 0; i < n; i++ {
		start := off
		// ctime, mtime (8 bytes each), dev, ino, mode, uid, gid, size (4
		// each), object name (20), flags (2).
		if off+62 > len(b) {
			return nil, false
		}
		e := Entry{
			MtimeSec:  binary.BigEndian.Uint32(b[off+8 : off+12]),
			MtimeNsec: binary.BigEndian.Uint32(b[off+12 : off+16]),
			Size:      binary.BigEndian.Uint32(b[off+36 : off+40]),
		}
		copy(e.Hash[:], b[off+40:off+60])
		mode := binary.BigEndian.Uint32(b[off+24 : off+28])
		flags := binary.BigEndian.Uint16(b[off+60 : off+62])
		off += 62
		if flags&0x4000 != 0 { // extended flags
			if version < 3 || off+2 > len(b) {
				return nil, false
			}
			off += 2
		}
		var name []byte
		if version == 4 {
			// The name is the previous one with a number of bytes
			// removed from its end (a varint), then a NUL-terminated
			// suffix; no padding.
			strip, k := varint(b[off:])
			if k <= 0 || strip > len(prev) {
				return nil, false
			}
			off += k
			end := bytes.IndexByte(b[off:], 0)
			if end < 0 {
				return nil, false
			}
			name = append(append([]byte(nil), prev[:len(prev)-strip]...), b[off:off+end]...)
			off += end + 1
		} else {
			end := bytes.IndexByte(b[off:], 0)
			if end < 0 {
				return nil, false
			}
			name = b[off : off+end]
			// Entries are padded with NULs to a multiple of eight bytes.
			off = start + (off-start+end+8)&^7
			if off > len(b) {
				return nil, false
			}
		}
		prev = name
		// Regular files only: 0100644 or 0100755 (type bits 1000).
		if mode>>12 != 0b1000 {
			continue
		}
		// Entries of a conflicted merge appear once per stage.
		if stage := (flags >> 12) & 3; stage > 1 {
			continue
		}
		names.Write(name)
		ends = append(ends, names.Len())
		out = append(out, e)
	}
	all := filepath.FromSlash(names.String())
	start := 0
	for i, end := range ends {
		out[i].Path, start = all[start:end], end
	}
	return out, true
}

// varint decodes git's offset varint (as in the index v4 and pack
// files); k is the number of bytes read, 0 when b ends first.
func varint(b []byte) (v, k int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	v = int(c & 0x7f)
	k = 1
	for c&0x80 != 0 {
		if k >= len(b) || k > 9 {
			return 0, 0
		}
		c = b[k]
		k++
		v = ((v + 1) << 7) | int(c&0x7f)
	}
	return v, k
}
