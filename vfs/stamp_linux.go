package vfs

import "syscall"

// Stamp returns the size and modification time (seconds and nanoseconds)
// of the regular file at path, not following a symbolic link; ok is false
// for anything else or an error. It is one lstat call into a Stat_t on
// the stack: a pre-commit run checks every Terraform file of a
// repository against its git index entry this way.
func Stamp(path string) (size, sec, nsec int64, ok bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Lstat(path, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return 0, 0, 0, false
		}
		return st.Size, st.Mtim.Sec, st.Mtim.Nsec, true
	}
}
