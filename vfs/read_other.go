//go:build !unix

package vfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// errLink is readDiskAs's error for a symbolic link not followed.
var errLink = errors.New("a symbolic link")

// isLoop reports the error of opening a symbolic link without following
// it.
func isLoop(err error) bool { return errors.Is(err, errLink) }

// readDiskAs reads the regular file path from the disk, or returns a
// *TooLargeError when it holds more than limit bytes (limit < 0: no
// limit); errors name the file name. A symbolic link is followed only
// without nofollow.
func readDiskAs(path, name string, limit int64, nofollow bool) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		if nofollow {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errLink}
		}
		if info, err = os.Stat(path); err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	b, err := readOS(path, limit)
	if big := (*TooLargeError)(nil); errors.As(err, &big) {
		big.Path, big.Limit = name, limit
	}
	return b, err
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
