package main

import (
	"strings"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/report"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/trace"
)

// headerList collects repeated --header 'Name: value' flags.
type headerList struct{ m map[string]string }

func (h *headerList) String() string { return "" }

func (h *headerList) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return errHeader
	}
	if h.m == nil {
		h.m = map[string]string{}
	}
	h.m[strings.ToLower(name)] = strings.TrimSpace(value)
	return nil
}

type headerError struct{}

func (headerError) Error() string { return `want "Name: value"` }

var errHeader = headerError{}

// traceCmd follows one request through a distribution (edgelint trace).
func (a *app) traceCmd(args []string) int {
	var o inputOptions
	fs := newFlagSet("edgelint trace")
	format := newChoice("text", "text", "json")
	fs.Var(format, "format", "")
	method := fs.String("method", "GET", "")
	dist := fs.String("distribution", "", "")
	var headers headerList
	fs.Var(&headers, "header", "")
	o.register(fs)
	pos, code, done := a.parse(fs, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return a.usageError("trace needs a PATH or URL to follow")
	}
	target, paths := pos[0], pos[1:]
	host, _, _, err := trace.ParseTarget(target)
	if err != nil {
		return a.usageError("trace: %v", err)
	}
	m := strings.ToUpper(strings.TrimSpace(*method))
	switch m {
	case "GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE":
	default:
		return a.usageError("--method %q: want GET, HEAD, OPTIONS, PUT, POST, PATCH or DELETE", *method)
	}
	cfg, code, done := a.loadConfig(&o, paths)
	if done {
		return code
	}
	o.model = true
	res, code, done := a.analyzePaths(paths, &o, nil, cfg)
	if done {
		return code
	}
	if res.Config == nil || len(res.Config.Distributions) == 0 {
		a.reportTraceInputs(res)
		return a.usageError("trace: no CloudFront distribution found")
	}
	d, candidates := trace.Select(res.Config, *dist, host)
	if d == nil {
		a.reportTraceInputs(res)
		what := "several distributions"
		switch {
		case *dist != "":
			what = "--distribution " + *dist + " names none or several of the distributions"
		case host != "":
			what = "no single distribution has the alias " + host
		}
		return a.usageError("trace: %s; pick one with --distribution: %s", what, strings.Join(candidates, ", "))
	}
	t := trace.Run(a.context(), rules.NewRequests(res.Config), d, trace.Request{Method: m, Target: target, Headers: headers.m})
	resume := a.stopCommands(a.stdout, format.value)
	if format.value == "json" {
		err = t.WriteJSON(a.stdout)
	} else {
		err = t.WriteText(a.stdout)
	}
	resume()
	if err != nil {
		a.errorf("writing the trace: %v", err)
		return exitError
	}
	a.reportTraceInputs(res)
	if res.HasErrors() {
		a.reportInputErrors(res)
		return exitError
	}
	return t.ExitCode()
}

// reportTraceInputs prints the inputs that could not be read, and the
// limits of the analysis, on standard error.
func (a *app) reportTraceInputs(res *engine.Result) {
	if len(res.Errors) == 0 {
		return
	}
	resume := a.stopCommands(a.stderr, report.FormatText)
	_ = report.Text(a.stderr, &engine.Result{Config: res.Config, Errors: res.Errors}, report.TextOptions{})
	resume()
}
