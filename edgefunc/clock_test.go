package edgefunc

import (
	"runtime"
	"testing"
	"time"
)

func TestThreadClock(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := threadClock()
	a, ok := c()
	if !ok {
		t.Skip("no thread CPU clock")
	}
	for s := time.Now(); time.Since(s) < 20*time.Millisecond; {
	}
	b, _ := c()
	if b-a < 10*time.Millisecond || b-a > time.Second {
		t.Fatalf("thread CPU time %v over a 20 ms busy loop", b-a)
	}
	time.Sleep(30 * time.Millisecond)
	d, _ := c()
	if d-b > 10*time.Millisecond {
		t.Fatalf("thread CPU time grew by %v while sleeping", d-b)
	}
}
