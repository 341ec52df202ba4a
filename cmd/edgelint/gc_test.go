package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestAfterLiveHeapExceeds: the callback runs after a collection that
// leaves more than the threshold live, and not while less is live.
func TestAfterLiveHeapExceeds(t *testing.T) {
	never := make(chan struct{}, 1)
	afterLiveHeapExceeds(1<<40, func() { never <- struct{}{} })
	for range 3 {
		runtime.GC()
	}
	select {
	case <-never:
		t.Fatal("called with less than 1 TiB live")
	case <-time.After(100 * time.Millisecond):
	}

	called := make(chan struct{}, 1)
	afterLiveHeapExceeds(8<<20, func() { called <- struct{}{} })
	keep := make([][]*int, 0, 64)
	for range 64 {
		keep = append(keep, make([]*int, 1<<15)) // 64 × 256 KiB = 16 MiB live
	}
	deadline := time.After(10 * time.Second)
	for {
		runtime.GC()
		select {
		case <-called:
			runtime.KeepAlive(keep)
			return
		case <-deadline:
			t.Fatal("not called with 16 MiB live")
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
