package edgefunc

import (
	"runtime"
	"testing"
	"time"
)

// TestThreadClock: the clock counts the CPU time of the thread that made
// it, not the time it waits.
func TestThreadClock(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := threadClock()
	a, ok := c()
	if !ok {
		t.Skip("no thread CPU clock")
	}
	// Spin until the thread has used 10 ms (however loaded the machine).
	var b time.Duration
	for start := time.Now(); ; {
		b, _ = c()
		if b-a >= 10*time.Millisecond {
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("thread CPU time %v after 20 s of spinning", b-a)
		}
	}
	time.Sleep(50 * time.Millisecond)
	d, _ := c()
	if d-b > 5*time.Millisecond {
		t.Fatalf("thread CPU time grew by %v while sleeping", d-b)
	}
}
