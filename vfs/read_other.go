//go:build !unix

package vfs

import (
	"io"
	"io/fs"
	"os"
)

// readDisk reads the file name from the disk, or returns a *TooLargeError
// when it holds more than limit bytes (limit < 0: no limit).
func readDisk(name string, limit int64) ([]byte, error) {
	return readOS(name, limit)
}

// readOS is readDisk through package os.
func readOS(name string, limit int64) ([]byte, error) {
	if limit < 0 {
		return os.ReadFile(name)
	}
	file, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, &TooLargeError{Size: info.Size()}
	}
	// The size may have changed since: read at most limit+1 bytes.
	b := make([]byte, 0, info.Size()+1)
	for {
		n, err := file.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, &TooLargeError{Size: int64(len(b))}
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// MapFile returns the content of the regular file name, or a
// *TooLargeError when it holds more than limit bytes; release does
// nothing (on unix systems the file is mapped instead of read).
func MapFile(name string, limit int64) (b []byte, release func(), err error) {
	if info, err := os.Stat(name); err == nil && !info.Mode().IsRegular() {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	b, err = readOS(name, limit)
	if err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}
