// Package edgefunc runs CloudFront Functions (cloudfront-js-1.0 and
// cloudfront-js-2.0) on a viewer request, offline and bounded, so that
// rules can tell what a viewer-request function does to the path the
// origin receives.
//
// A function runs in a fresh goja runtime with the CloudFront event
// (CloudFront Developer Guide, "CloudFront Functions event structure":
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html),
// the modules CloudFront offers (querystring and crypto; for 2.0 also
// cloudfront, whose KeyValueStore reads and origin changes make the result
// Unknown), no network and no timers. Every run is bounded (Limits):
// running time, memory, call depth and source size; a function that
// exceeds a bound is an input error (Failed). Runs are deterministic:
// Date and Math.random read a fixed clock and seed, and a function that
// reads them is run a second time with another clock and seed; when the
// two results differ, the result is Unknown.
//
// The package does not import the parsers: it reads model.EdgeFunction.
package edgefunc

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// SampleDomain is the distribution's domain name the runs see
// (event.context.distributionDomainName), the documentation's example: a
// sample request's Host header carries it too (SampleHeaders).
const SampleDomain = "d111111abcdef8.cloudfront.net"

// SampleHeaders returns the headers of a sample viewer request: its Host,
// the distribution's domain name.
func SampleHeaders() map[string]string { return map[string]string{"host": SampleDomain} }

// Request is the viewer request a function runs on. Header names are
// matched case-insensitively (CloudFront gives functions lower-case
// names).
type Request struct {
	Method, URI                   string
	Querystring, Headers, Cookies map[string]string
	// ClientIP is event.viewer.ip; empty gives a documentation address.
	ClientIP string
}

// Outcome is what a run decided.
type Outcome int

// Outcomes.
const (
	// Unknown: the result depends on something edgelint cannot know (a
	// KeyValueStore, the clock, randomness, an unknown function).
	Unknown Outcome = iota
	// Continue: the request goes on to the origin, possibly rewritten.
	Continue
	// Response: the function answered the viewer itself.
	Response
	// Failed: the function fails on this input: a syntax error, an
	// exception, an invalid return value, or a bound exceeded.
	Failed
)

func (o Outcome) String() string {
	switch o {
	case Continue:
		return "continue"
	case Response:
		return "response"
	case Failed:
		return "failed"
	}
	return "unknown"
}

// Result is the outcome of one run.
type Result struct {
	Outcome Outcome
	// URI is the request URI after the function (Continue).
	URI string
	// Status, StatusDescription and Headers are the response (Response);
	// Headers also holds the request headers after the function
	// (Continue). Names are lower case.
	Headers           map[string]string
	Status            int
	StatusDescription string
	// Reason says why the outcome is Unknown or Failed.
	Reason string
	// Limit is set when Failed because a bound was exceeded.
	Limit bool
	// Static is set when Failed whatever the request: the code does not
	// compile, defines no handler, or is too large.
	Static bool
	// Line is the line of the function's code an error points at (1-based;
	// 0 when unknown).
	Line int
	// Reads lists the inputs of the request, other than its method and
	// URI, that the function read: "header:host", "cookie:id",
	// "querystring:q", "querystring" (all of it), "viewer.ip". A result
	// is true for every viewer request only when it reads nothing the
	// request does not fix.
	Reads []string
}

// Run runs fn's handler on req as a viewer-request event. It never panics
// and returns within the running-time bound (DefaultLimits.Time, twice
// when the function reads the clock or randomness, or a bound must be
// confirmed), whatever the function does.
func Run(ctx context.Context, fn *model.EdgeFunction, req Request) Result {
	return RunWithLimits(ctx, fn, req, DefaultLimits)
}

// RunWithLimits is Run with other bounds.
func RunWithLimits(ctx context.Context, fn *model.EdgeFunction, req Request, lim Limits) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res = Result{Outcome: Failed, Reason: fmt.Sprintf("internal error while running the function: %v", p)}
		}
	}()
	if fn == nil {
		return Result{Outcome: Unknown, Reason: "the function is not in the scan"}
	}
	if !fn.Code.Known || model.HasToken(fn.Code.V) {
		return Result{Outcome: Unknown, Reason: "the function's code is not known"}
	}
	if !fn.Runtime.IsLiteral() {
		return Result{Outcome: Unknown, Reason: "the function's runtime is not known"}
	}
	rt := fn.Runtime.V
	if rt != model.RuntimeJS1 && rt != model.RuntimeJS2 {
		return Result{Outcome: Unknown, Reason: fmt.Sprintf("runtime %q is not one edgelint runs", rt)}
	}
	if len(fn.Code.V) > lim.Source {
		return Result{Outcome: Failed, Limit: true, Static: true, Reason: fmt.Sprintf("the function's code is %d bytes, more than the %d edgelint runs (CloudFront accepts 10 KB)", len(fn.Code.V), lim.Source)}
	}
	prog, err := compile(fn.Code.V, rt)
	if err != nil {
		return errResult(err)
	}
	if ctx.Err() != nil {
		return Result{Outcome: Unknown, Reason: "cancelled"}
	}
	r1, nondet := execute(ctx, prog, progKey{rt, fn.Code.V}, req, lim, 0)
	if r1.Limit {
		// A bound is confirmed by a second run: the first may have been
		// slowed, or its allocation count raised, by the rest of the
		// process.
		r2, _ := execute(ctx, prog, progKey{rt, fn.Code.V}, req, lim, 0)
		if !r2.Limit {
			return r2
		}
		return r1
	}
	if nondet {
		r2, _ := execute(ctx, prog, progKey{rt, fn.Code.V}, req, lim, 1)
		if !sameResult(r1, r2) {
			return Result{Outcome: Unknown, Reason: "the result depends on the clock or on Math.random", Reads: r1.Reads}
		}
	}
	return r1
}

// sameResult reports whether two runs decided the same.
func sameResult(a, b Result) bool {
	if a.Outcome != b.Outcome || a.URI != b.URI || a.Status != b.Status || a.StatusDescription != b.StatusDescription || len(a.Headers) != len(b.Headers) {
		return false
	}
	for k, v := range a.Headers {
		if w, ok := b.Headers[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func addRead(reads *[]string, r string) {
	for _, x := range *reads {
		if x == r {
			return
		}
	}
	*reads = append(*reads, r)
}

func sortedReads(r []string) []string {
	out := append([]string(nil), r...)
	sort.Strings(out)
	return out
}

func lowerKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}
