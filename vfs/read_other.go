//go:build !unix

package vfs

// readDisk reads the file name from the disk, or returns a *TooLargeError
// when it holds more than limit bytes (limit < 0: no limit).
func readDisk(name string, limit int64) ([]byte, error) {
	return readOS(name, limit)
}
