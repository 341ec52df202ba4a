package budget

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestTake(t *testing.T) {
	b := New(10)
	if !b.Take(4) || !b.Take(6) || b.Take(1) {
		t.Error("10 bytes did not give 4, then 6, then nothing")
	}
	if (*Bytes)(nil).Take(0) {
		t.Error("a nil budget gave bytes")
	}
	// Concurrent takers get exactly what there is.
	c := New(1000)
	var taken atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if c.Take(3) {
					taken.Add(3)
				}
			}
		})
	}
	wg.Wait()
	if got := taken.Load(); got != 999 {
		t.Errorf("took %d bytes of 1000 in threes, want 999", got)
	}
}
