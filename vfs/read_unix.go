//go:build unix

package vfs

import (
	"errors"
	"io/fs"
	"syscall"
)

// isLoop reports the error of opening a symbolic link without following
// it.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

// readDiskAs reads the file path from the disk, or returns a
// *TooLargeError when it holds more than limit bytes (limit < 0: no
// limit); errors name the file name, as it was written. With nofollow a
// last element that is a symbolic link is not followed (an error isLoop
// reports). It makes the system calls a safe read needs and no more
// (a stat, the open, an fstat, the reads): os.Open also sets the
// descriptor non-blocking and offers it to the runtime's poller, which a
// regular file refuses, five more calls per file. Only regular files are
// read: a pipe or a device is never opened, and reading one could block
// forever.
func readDiskAs(path, name string, limit int64, nofollow bool) ([]byte, error) {
	fd, st, err := openRegularAs(path, name, limit, nofollow)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	// One byte more than the size, so that the read reaching the end
	// comes back short; the file may also have grown since.
	b := make([]byte, 0, st.Size+1)
	for {
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			return b, nil
		}
		b = b[:len(b)+n]
		if limit >= 0 && int64(len(b)) > limit {
			return nil, &TooLargeError{Path: name, Size: int64(len(b)), Limit: limit}
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// openRegular opens the regular file name for reading, with its status,
// or returns a *TooLargeError when it holds more than limit bytes (limit <
// 0: no limit). A pipe, a device or a directory is an error, found by its
// status before any open; the open (which does not wait for a named
// pipe's writer) is checked again with fstat.
func openRegular(name string, limit int64) (int, *syscall.Stat_t, error) {
	return openRegularAs(name, name, limit, false)
}

// openRegularAs is openRegular on path, with errors naming name; with
// nofollow a last element that is a symbolic link is not followed.
func openRegularAs(path, name string, limit int64, nofollow bool) (int, *syscall.Stat_t, error) {
	// The type first, without opening: opening a device can act on it
	// (a tape rewinds, a watchdog starts), and a pipe must not be
	// waited on. The open below checks again, on what it opened.
	var pre syscall.Stat_t
	var err error
	for {
		if nofollow {
			err = syscall.Lstat(path, &pre)
		} else {
			err = syscall.Stat(path, &pre)
		}
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return -1, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	switch pre.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFLNK:
		return -1, nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ELOOP}
	case syscall.S_IFDIR:
		return -1, nil, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
	default:
		return -1, nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if limit >= 0 && pre.Size > limit {
		return -1, nil, &TooLargeError{Path: name, Size: pre.Size, Limit: limit}
	}
	var fd int
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	if nofollow {
		flags |= syscall.O_NOFOLLOW
	}
	for {
		fd, err = syscall.Open(path, flags, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return -1, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		_ = syscall.Close(fd)
		return -1, nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		err = &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
	default:
		err = &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if err == nil && limit >= 0 && st.Size > limit {
		err = &TooLargeError{Path: name, Size: st.Size, Limit: limit}
	}
	if err != nil {
		_ = syscall.Close(fd)
		return -1, nil, err
	}
	return fd, &st, nil
}

// MapFile maps the regular file name into memory, read-only, or returns
// a *TooLargeError when it holds more than limit bytes: a file read once
// and whole is then neither copied nor faulted page by page into a fresh
// buffer. release unmaps it; nothing may use b afterwards. Should the file
// shrink under the map, reading past its new end raises SIGBUS: callers
// read it under debug.SetPanicOnFault.
func MapFile(name string, limit int64) (b []byte, release func(), err error) {
	fd, st, err := openRegular(name, limit)
	if err != nil {
		return nil, nil, err
	}
	defer syscall.Close(fd)
	if st.Size == 0 {
		return []byte{}, func() {}, nil
	}
	b, err = syscall.Mmap(fd, 0, int(st.Size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "mmap", Path: name, Err: err}
	}
	return b, func() { _ = syscall.Munmap(b) }, nil
}
