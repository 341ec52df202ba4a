package gitindex

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/vfs"
)

// TestTruncatedUnderTheMap: an index truncated while it is mapped is
// reported as not readable; reading past its new end does not crash.
func TestTruncatedUnderTheMap(t *testing.T) {
	// A version 2 index of 600 entries, several pages long.
	b := []byte("DIRC\x00\x00\x00\x02")
	b = binary.BigEndian.AppendUint32(b, 600)
	for i := range 600 {
		e := make([]byte, 62)
		binary.BigEndian.PutUint32(e[24:], 0o100644)
		name := []byte(filepath.Join("dir", "file") + string(rune('a'+i%26)) + ".tf")
		binary.BigEndian.PutUint16(e[60:], uint16(len(name)))
		e = append(append(e, name...), 0)
		for len(e)%8 != 0 {
			e = append(e, 0)
		}
		b = append(b, e...)
	}
	path := filepath.Join(t.TempDir(), "index")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	m, release, err := vfs.MapFile(path, maxIndex)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if entries, ok := parseMapped(m); !ok || len(entries) != 600 {
		t.Fatalf("whole index: %d entries, %v", len(entries), ok)
	}
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if entries, ok := parseMapped(m); ok {
		t.Errorf("truncated index read: %d entries", len(entries))
	}
}
