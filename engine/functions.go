package engine

import (
	"context"
	"fmt"

	"github.com/edgelint/edgelint/edgefunc"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// functionErrors runs every CloudFront Function that a behavior of cfg
// runs on viewer requests, once on "/" and once on a path of each such
// behavior, and reports as input errors the functions that fail whatever
// the request (a syntax error, no handler) or exceed a bound of edgefunc
// (running time, memory, call depth, code size): what they forward is
// unknown, and CloudFront would answer with an error. A config without
// such an association runs nothing.
func functionErrors(cfg *model.Config) []model.Diagnostic {
	var errs []model.Diagnostic
	reported := map[*model.EdgeFunction]bool{}
	for _, d := range cfg.Distributions {
		for _, b := range d.Behaviors {
			for _, fa := range b.Functions {
				fn := fa.Function
				if fn == nil || fa.Lambda || reported[fn] || !fa.EventType.Known || fa.EventType.V != "viewer-request" {
					continue
				}
				paths := []string{"/"}
				if b.PathPattern.IsLiteral() {
					if s := pathmatch.CompileGlob("", b.PathPattern.V).Sample(); s != "" && s != "/" {
						paths = append(paths, s)
					}
				}
				for _, p := range paths {
					r := edgefunc.Run(context.Background(), fn, edgefunc.Request{Method: "GET", URI: p, Headers: edgefunc.SampleHeaders()})
					if r.Outcome != edgefunc.Failed || (!r.Limit && !r.Static) {
						continue
					}
					reported[fn] = true
					errs = append(errs, functionError(fn, r, p))
					break
				}
			}
		}
	}
	return errs
}

func functionError(fn *model.EdgeFunction, r edgefunc.Result, path string) model.Diagnostic {
	where := ""
	rng := fn.Code.Range
	if rng.IsZero() {
		rng = fn.Source.Anchor()
	}
	if r.Line > 0 {
		where = fmt.Sprintf(" (line %d of its code)", r.Line)
		// Code written over several lines of the file (a heredoc, a
		// YAML block scalar) begins on the line after its opening.
		if rng.End.Line-rng.Start.Line >= r.Line {
			line := rng.Start.Line + r.Line
			rng = model.Range{File: rng.File, Start: model.Pos{Line: line, Column: 1}, End: model.Pos{Line: line + 1, Column: 1}}
		}
	}
	on := ""
	if !r.Static {
		on = fmt.Sprintf(" on a request for %q", path)
	}
	return model.Diagnostic{
		Range:    rng,
		Severity: model.SevError,
		Message: fmt.Sprintf("CloudFront Function %q (%s) fails when edgelint runs it%s: %s%s; what it forwards is unknown",
			fn.Display(), fn.Source.Address, on, r.Reason, where),
	}
}
