package main

import "runtime/debug"

// Garbage collector settings for analysis runs, unless GOGC or GOMEMLIMIT
// say otherwise. A run allocates far more than it keeps (each component's
// model is dropped once checked), so collecting less often saves CPU time
// on every size of scan, and a soft memory limit keeps the peak bounded on
// large ones: measured on the synthetic estates, 16% less wall time at 100
// and 1,000 units and a lower peak at 10,000 (docs/PERFORMANCE.md).
const (
	gcPercent   = 400
	memoryLimit = 200 << 20
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
		debug.SetMemoryLimit(memoryLimit)
	}
}
