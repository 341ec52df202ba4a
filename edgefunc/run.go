package edgefunc

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Limits bound one run of a function.
type Limits struct {
	// Time is the CPU time a run may take (the function's top level and
	// its handler, promise jobs included); wall-clock time where the
	// thread's CPU time cannot be read.
	Time time.Duration
	// Wall is the wall-clock time a run may take however little CPU time
	// it gets.
	Wall time.Duration
	// Memory is what the process may allocate while the function runs.
	Memory uint64
	// CallDepth is the deepest JavaScript call stack.
	CallDepth int
	// Source is the largest code, in bytes, that is run.
	Source int
	// Length is the longest string or array a built-in may make in one
	// call (String.prototype.repeat, padStart, padEnd, Array.prototype.fill,
	// Array.from, typed arrays): built-ins run to their end before a
	// bound is checked.
	Length int
}

// DefaultLimits are the bounds of Run. CloudFront itself stops a function
// after about a millisecond of compute and accepts 10 KB of code
// (CloudFront Developer Guide, "Restrictions on CloudFront Functions" and
// "Quotas on CloudFront Functions"); the bounds here are far above what a
// function CloudFront accepts needs, and keep a hostile one from hanging
// or exhausting edgelint.
var DefaultLimits = Limits{
	Time:      50 * time.Millisecond,
	Wall:      time.Second,
	Memory:    64 << 20,
	CallDepth: 1000,
	Source:    64 << 10,
	Length:    1 << 20,
}

// The reasons a run is interrupted.
type stop int

const (
	stopTime stop = iota + 1
	stopMemory
	stopCancel
	stopUnknown
)

// runMu lets one function run at a time: the memory bound counts the
// process's allocations while it runs.
var runMu sync.Mutex

// state is what a run's natives record.
type state struct {
	vm      *goja.Runtime
	reads   []string
	nondet  bool
	unknown string
	runtime string
	lim     Limits
	recs    map[*goja.Object]*recObj
}

func (st *state) makeUnknown(reason string) {
	if st.unknown == "" {
		st.unknown = reason
	}
	st.vm.Interrupt(stopUnknown)
}

const heapAllocs = "/gc/heap/allocs:bytes"

func allocated() uint64 {
	s := []metrics.Sample{{Name: heapAllocs}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// abandoned holds the functions (runtime and code) a run had to be abandoned for: a built-in
// that runs past every bound (goja checks interrupts only between
// JavaScript instructions). They are not run again.
var (
	abandonMu sync.Mutex
	abandoned = map[progKey]string{}
)

func abandonedReason(p progKey) string {
	abandonMu.Lock()
	defer abandonMu.Unlock()
	return abandoned[p]
}

type outcome struct {
	res    Result
	nondet bool
}

// execute runs a compiled function once; variant chooses the clock and
// the random seed. nondet reports that the function read either. The
// function runs on a goroutine of its own, which is interrupted when it
// exceeds a bound, and abandoned when it does not stop within the time
// bound after that (a built-in still running).
func execute(ctx context.Context, prog *goja.Program, key progKey, req Request, lim Limits, variant uint64) (Result, bool) {
	runMu.Lock()
	defer runMu.Unlock()
	if r := abandonedReason(key); r != "" {
		return Result{Outcome: Failed, Limit: true, Reason: r}, false
	}

	vm := goja.New()
	ch := make(chan outcome, 1)
	clocks := make(chan func() (time.Duration, bool), 1)
	start := allocated()
	go func() {
		var o outcome
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer func() {
			if p := recover(); p != nil {
				o = outcome{res: Result{Outcome: Failed, Reason: fmt.Sprintf("internal error while running the function: %v", p)}}
			}
			ch <- o
		}()
		clocks <- threadClock()
		o.res, o.nondet = runOnce(vm, prog, key.runtime, req, lim, variant)
	}()
	cpu := <-clocks
	cpu0, cpuOK := cpu()

	// The time bound is the CPU time of the function's thread where it can
	// be read (a loaded machine does not make a function fail), else
	// wall-clock time; wall-clock time past Wall stops it in any case.
	wall := time.NewTimer(lim.Wall)
	defer wall.Stop()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	began := time.Now()
	var hard <-chan time.Time
	stopped := false
	stopFor := func(s stop) {
		if stopped {
			return
		}
		stopped = true
		vm.Interrupt(s)
		t := time.NewTimer(2 * lim.Time)
		hard = t.C
	}
	for {
		select {
		case o := <-ch:
			return o.res, o.nondet
		case <-ctx.Done():
			vm.Interrupt(stopCancel)
			return Result{Outcome: Unknown, Reason: "cancelled"}, false
		case <-wall.C:
			stopFor(stopTime)
		case <-tick.C:
			used := time.Since(began)
			if cpuOK {
				if c, ok := cpu(); ok {
					used = c - cpu0
				}
			}
			switch {
			case used > lim.Time:
				stopFor(stopTime)
			case allocated()-start > lim.Memory:
				stopFor(stopMemory)
			}
		case <-hard:
			reason := fmt.Sprintf("the function runs longer than %v (in a built-in that cannot be stopped)", lim.Time)
			abandonMu.Lock()
			abandoned[key] = reason
			abandonMu.Unlock()
			return Result{Outcome: Failed, Limit: true, Reason: reason}, false
		}
	}
}

func runOnce(vm *goja.Runtime, prog *goja.Program, runtimeName string, req Request, lim Limits, variant uint64) (Result, bool) {
	st := &state{vm: vm, runtime: runtimeName, lim: lim}
	vm.SetMaxCallStackSize(lim.CallDepth)
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if variant != 0 {
		clock = clock.Add(7919 * time.Second)
	}
	vm.SetTimeSource(func() time.Time {
		st.nondet = true
		return clock
	})
	seed := uint64(0x9E3779B97F4A7C15) + variant*0xD1B54A32D192ED03
	vm.SetRandSource(func() float64 {
		st.nondet = true
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / float64(1<<53)
	})
	res := st.run(prog, req)
	res.Reads = sortedReads(st.reads)
	if st.unknown != "" {
		return Result{Outcome: Unknown, Reason: st.unknown, Reads: res.Reads}, st.nondet
	}
	return res, st.nondet
}

// run runs the program's top level, then its handler on the event.
func (st *state) run(prog *goja.Program, req Request) Result {
	vm := st.vm
	if err := st.install(); err != nil {
		return st.failure(err)
	}
	if _, err := vm.RunProgram(prog); err != nil {
		return st.failure(err)
	}
	h, ok := goja.AssertFunction(vm.Get("handler"))
	if !ok {
		return Result{Outcome: Failed, Static: true, Reason: "the code defines no function handler"}
	}
	ev, request := st.event(req)
	var ret goja.Value
	err := safeCall(func() error {
		var err error
		ret, err = h(goja.Undefined(), ev)
		return err
	})
	if err != nil {
		return st.failure(err)
	}
	if st.unknown != "" {
		return Result{Outcome: Unknown, Reason: st.unknown}
	}
	if p, ok := ret.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateFulfilled:
			ret = p.Result()
		case goja.PromiseStateRejected:
			return Result{Outcome: Failed, Reason: "the handler's promise is rejected: " + describe(p.Result())}
		default:
			return Result{Outcome: Failed, Reason: "the handler's promise never settles"}
		}
	}
	return st.result(ret, request)
}

// safeCall runs f, turning a panic of goja's into an error.
func safeCall(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error while running the function: %v", p)
		}
	}()
	return f()
}

func describe(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return "no reason"
	}
	if o, ok := v.(*goja.Object); ok {
		if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
			return m.String()
		}
	}
	return v.String()
}

// failure turns a run's error into a result.
func (st *state) failure(err error) Result {
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		switch ie.Value() {
		case stopTime:
			return Result{Outcome: Failed, Limit: true, Reason: fmt.Sprintf("the function runs longer than %v", st.lim.Time), Line: codeLine(ie.Stack())}
		case stopMemory:
			return Result{Outcome: Failed, Limit: true, Reason: fmt.Sprintf("the function allocates more than %d MiB", st.lim.Memory>>20), Line: codeLine(ie.Stack())}
		case stopCancel:
			return Result{Outcome: Unknown, Reason: "cancelled"}
		case stopUnknown:
			return Result{Outcome: Unknown, Reason: st.unknown}
		}
		return Result{Outcome: Failed, Reason: "interrupted"}
	}
	if st.unknown != "" {
		return Result{Outcome: Unknown, Reason: st.unknown}
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return Result{Outcome: Failed, Limit: true, Reason: fmt.Sprintf("the function calls deeper than %d frames", st.lim.CallDepth), Line: codeLine(so.Stack())}
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		line := codeLine(ex.Stack())
		msg := describe(ex.Value())
		if strings.HasPrefix(msg, "RangeError: edgelint") || strings.Contains(msg, "longer than edgelint runs") {
			return Result{Outcome: Failed, Limit: true, Reason: msg, Line: line}
		}
		return Result{Outcome: Failed, Reason: "the function throws: " + msg, Line: line}
	}
	return Result{Outcome: Failed, Reason: err.Error()}
}

// codeLine is the line of the function's code the innermost frame of a
// stack is at, 0 when none is.
func codeLine(stack []goja.StackFrame) int {
	for _, fr := range stack {
		if fr.SrcName() == "function.js" {
			return fr.Position().Line
		}
	}
	return 0
}

// result reads what the handler returned: a request goes on, a response
// answers the viewer.
func (st *state) result(ret goja.Value, request *goja.Object) Result {
	o, ok := ret.(*goja.Object)
	if !ok || o == nil {
		return Result{Outcome: Failed, Reason: "the handler returns neither a request nor a response"}
	}
	if sc := o.Get("statusCode"); sc != nil && !goja.IsUndefined(sc) {
		f := sc.ToFloat()
		if math.IsNaN(f) || f < 100 || f > 599 || f != math.Trunc(f) {
			return Result{Outcome: Failed, Reason: "the handler returns a response with an invalid status code " + sc.String()}
		}
		res := Result{Outcome: Response, Status: int(f)}
		if d := o.Get("statusDescription"); d != nil && !goja.IsUndefined(d) {
			res.StatusDescription = d.String()
		}
		res.Headers = st.valueMap(o.Get("headers"))
		return res
	}
	u := o.Get("uri")
	if u == nil || goja.IsUndefined(u) {
		if o != request {
			return Result{Outcome: Failed, Reason: "the handler returns an object that is neither a request nor a response"}
		}
		return Result{Outcome: Failed, Reason: "the request has no uri"}
	}
	uri := u.String()
	if !strings.HasPrefix(uri, "/") {
		return Result{Outcome: Failed, Reason: fmt.Sprintf("the handler returns a request whose uri %q does not begin with /", uri)}
	}
	return Result{Outcome: Continue, URI: uri, Headers: st.valueMap(o.Get("headers"))}
}

// valueMap reads an object of {value} objects (headers, cookies) without
// recording reads.
func (st *state) valueMap(v goja.Value) map[string]string {
	o, ok := v.(*goja.Object)
	if !ok || o == nil {
		return nil
	}
	if r := st.recs[o]; r != nil {
		out := map[string]string{}
		for _, k := range r.keys {
			if s, ok := valueOf(r.vals[k]); ok {
				out[strings.ToLower(k)] = s
			}
		}
		return out
	}
	out := map[string]string{}
	for _, k := range o.Keys() {
		if s, ok := valueOf(o.Get(k)); ok {
			out[strings.ToLower(k)] = s
		}
	}
	return out
}

func valueOf(v goja.Value) (string, bool) {
	o, ok := v.(*goja.Object)
	if !ok || o == nil {
		return "", false
	}
	x := o.Get("value")
	if x == nil || goja.IsUndefined(x) || goja.IsNull(x) {
		return "", false
	}
	return x.String(), true
}
