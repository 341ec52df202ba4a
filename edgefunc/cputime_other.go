//go:build !linux

package edgefunc

import "time"

// threadClock has no thread CPU clock to read on this system: the time
// bound is wall-clock time.
func threadClock() func() (time.Duration, bool) {
	return func() (time.Duration, bool) { return 0, false }
}
