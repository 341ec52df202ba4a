//go:build !linux

package vfs

import "os"

// Stamp returns the size and modification time (seconds and nanoseconds)
// of the regular file at path, not following a symbolic link; ok is false
// for anything else or an error.
func Stamp(path string) (size, sec, nsec int64, ok bool) {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() {
		return 0, 0, 0, false
	}
	mt := info.ModTime()
	return info.Size(), mt.Unix(), int64(mt.Nanosecond()), true
}
