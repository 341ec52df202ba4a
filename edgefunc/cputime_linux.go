package edgefunc

import (
	"math"
	"time"

	"golang.org/x/sys/unix"
)

// threadClock returns a clock of the CPU time the calling OS thread has
// used (the goroutine must be locked to its thread), read from any
// thread: the clock ID glibc's pthread_getcpuclockid makes for a thread
// (CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED of the thread ID, negated).
func threadClock() func() (time.Duration, bool) {
	tid := unix.Gettid()
	if tid <= 0 || tid > math.MaxInt32>>3 {
		return func() (time.Duration, bool) { return 0, false }
	}
	id := (^int32(tid) << 3) | 6
	return func() (time.Duration, bool) {
		var ts unix.Timespec
		if err := unix.ClockGettime(id, &ts); err != nil {
			return 0, false
		}
		return time.Duration(ts.Nano()), true
	}
}
