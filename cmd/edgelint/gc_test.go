package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestAfterCrowdedCycle: the callback runs after a collection that comes
// less than the threshold of allocation after the previous one, and not
// while collections are further apart.
func TestAfterCrowdedCycle(t *testing.T) {
	// Only the test's own collections: no GC percentage, and no memory
	// limit (other tests' runs set one).
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	called := make(chan struct{}, 1)
	afterCrowdedCycle(8<<20, func() { called <- struct{}{} })
	var sink [][]byte
	for range 3 {
		// 16 MiB allocated between collections: not crowded.
		for range 64 {
			sink = append(sink, make([]byte, 256<<10))
		}
		sink = sink[:0]
		runtime.GC()
		select {
		case <-called:
			t.Fatal("called with 16 MiB allocated between collections")
		case <-time.After(50 * time.Millisecond):
		}
	}
	runtime.KeepAlive(sink)
	// Collections with nearly nothing allocated between them.
	deadline := time.After(10 * time.Second)
	for {
		runtime.GC()
		select {
		case <-called:
			return
		case <-deadline:
			t.Fatal("not called with collections nothing apart")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// TestTuneGC: an analysis run starts with the small run's memory limit and
// the raised GC percentage; GOGC and GOMEMLIMIT in the environment win.
func TestTuneGC(t *testing.T) {
	pct, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(limit)
	})
	a := &app{getenv: func(string) string { return "" }}
	a.tuneGC()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != smallRunLimit && got != memoryLimit {
		t.Errorf("memory limit %d, want %d (or %d once the heap has grown)", got, smallRunLimit, memoryLimit)
	}

	debug.SetMemoryLimit(1 << 40)
	b := &app{getenv: func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] }}
	b.tuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: GC percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT set: memory limit changed to %d", got)
	}
}
