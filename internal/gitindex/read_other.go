//go:build !unix

package gitindex

import (
	"io/fs"
	"os"
	"syscall"
)

// readIndex reads the index file; release does nothing.
func readIndex(path string, limit int64) (b []byte, release func(), err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() || info.Size() <= 0 || info.Size() > limit {
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: syscall.EINVAL}
	}
	b, err = os.ReadFile(path)
	return b, func() {}, err
}
