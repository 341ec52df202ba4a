//go:build unix

package gitindex

import (
	"io/fs"
	"syscall"
)

// readIndex maps the index file into memory, read-only: the parse reads
// it once, and a map is neither copied nor, page by page, faulted into a
// fresh buffer as a read would be. release unmaps it; nothing may use b
// afterwards. A file that is empty or larger than limit is not mapped.
func readIndex(path string, limit int64) (b []byte, release func(), err error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size <= 0 || st.Size > limit {
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: syscall.EINVAL}
	}
	b, err = syscall.Mmap(fd, 0, int(st.Size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "mmap", Path: path, Err: err}
	}
	return b, func() { _ = syscall.Munmap(b) }, nil
}
