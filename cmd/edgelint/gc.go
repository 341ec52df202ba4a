package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Garbage collector settings for analysis runs, unless GOGC or GOMEMLIMIT
// say otherwise (docs/PERFORMANCE.md has the measurements).
//
// A run allocates far more than it keeps (each component's model is
// dropped once checked), so the collector runs less often than Go's
// default: gcPercent lets the heap grow to five times what is live.
//
// That growth has a cost of its own: every page the heap grows into is
// faulted in once, and on virtual machines a fault costs microseconds.
// A small run, whose live heap stays under half of smallRunLimit, keeps
// its memory within smallRunLimit (a soft limit: the collector runs
// earlier instead). Once a collection leaves more live, the run is large
// and the limit becomes memoryLimit, which bounds the peak of the largest
// runs. What a collection counts as live includes what was allocated
// while it marked: a run that allocates fast, as the first files' parses
// do, shows several MiB more than it keeps, so the threshold is half the
// limit, not less (at 100 units, 2–3 MiB are live and the first
// collection reports 10).
const (
	gcPercent     = 400
	smallRunLimit = 32 << 20
	memoryLimit   = 200 << 20
)

// tuneGC applies the settings; inspect, which keeps the whole model, does
// not call it.
func (a *app) tuneGC() {
	if a.getenv == nil {
		return
	}
	if a.getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if a.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(smallRunLimit)
		afterLiveHeapExceeds(smallRunLimit/2, func() { debug.SetMemoryLimit(memoryLimit) })
	}
}

// gcSentinel is an object whose only use is to be collected: its cleanup
// runs after the collection that found it unreachable. It holds a pointer
// so that it is not batched with other tiny objects, whose cleanups may
// never run.
type gcSentinel struct{ _ *byte }

// afterLiveHeapExceeds calls f once, on another goroutine, after the first
// garbage collection that leaves more than n bytes of heap live.
func afterLiveHeapExceeds(n uint64, f func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		runtime.AddCleanup(new(gcSentinel), func(struct{}) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > n {
				f()
				return
			}
			arm()
		}, struct{}{})
	}
	arm()
}
