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
// A small run keeps its memory within smallRunLimit (a soft limit: the
// collector runs earlier instead); its heap goal is about 18 MiB once the
// runtime's own memory is counted. A run whose live heap grows toward
// that goal would collect every few MiB: once two collections come less
// than crowdedCycle of allocation apart, the run is large and the limit
// becomes memoryLimit, which bounds the peak of the largest runs (at
// 10,000 units about 70 MiB are live, and the heap peaks near 270 MB; at
// 200 MiB, the collector ran 240 times and took a sixth of the CPU, at
// 256 MiB 146 times and a ninth). (At 100
// units, collections come 10–18 MiB apart; at 1,000 units, the third is
// 3 MiB after the second.) The live heap a collection reports is no
// measure of this: it includes what was allocated while it marked, which
// at 100 units makes 2–3 MiB really live read as 7–11.
const (
	gcPercent     = 400
	smallRunLimit = 32 << 20
	crowdedCycle  = 8 << 20
	memoryLimit   = 256 << 20
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
		afterCrowdedCycle(crowdedCycle, func() { debug.SetMemoryLimit(memoryLimit) })
	}
}

// gcSentinel is an object whose only use is to be collected: its cleanup
// runs after the collection that found it unreachable. It holds a pointer
// so that it is not batched with other tiny objects, whose cleanups may
// never run.
type gcSentinel struct{ _ *byte }

// afterCrowdedCycle calls f once, on another goroutine, after the first
// garbage collection that comes less than n bytes of allocation after the
// previous one (the first collection: after the call).
func afterCrowdedCycle(n uint64, f func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	allocs := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	last := allocs()
	var arm func()
	arm = func() {
		runtime.AddCleanup(new(gcSentinel), func(struct{}) {
			now := allocs()
			if now-last < n {
				f()
				return
			}
			last = now
			arm()
		}, struct{}{})
	}
	arm()
}
