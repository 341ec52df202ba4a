package terraform

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestProvenance: values from a module call argument or a tfvars entry are
// located where they were written; composed values and defaults keep the
// attribute's range.
func TestProvenance(t *testing.T) {
	dir := filepath.Join("testdata", "provenance")
	cfg, errs, syms := load(t, dir, Options{})
	noErrors(t, errs)
	main := filepath.Join(dir, "main.tf")
	tfvars := filepath.Join(dir, "terraform.tfvars")
	cdn := filepath.Join(dir, "modules", "cdn", "main.tf")

	// A dynamic block over a module input: the leaves of the caller's
	// object literal.
	d := dist(t, cfg, "module.cdn.aws_cloudfront_distribution.this")
	o := origin(t, d, "api")
	wantStr(t, "module origin path", syms, o.OriginPath, "/Prod")
	wantRange(t, "module origin path", o.OriginPath.Range, rangeOf(t, main, `"/Prod"`, 0))
	if r := o.OriginPath.Range; r.Start.Line != 15 || r.Start.Column != 14 || r.End.Line != 15 || r.End.Column != 21 {
		t.Errorf("module origin path at %d:%d-%d:%d, want 15:14-15:21", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
	}
	wantRange(t, "module origin id", o.ID.Range, rangeOf(t, main, `"api"`, 0))
	// A tfvars value handed down by a module call stays at the tfvars
	// entry.
	o = origin(t, d, "extra")
	wantStr(t, "passed-down path", syms, o.OriginPath, "Prod")
	wantRange(t, "passed-down path", o.OriginPath.Range, rangeOf(t, tfvars, `"Prod"`, 0))
	// The child's own default.
	o = origin(t, d, "own")
	wantStr(t, "child default path", syms, o.OriginPath, "/Own")
	wantRange(t, "child default path", o.OriginPath.Range, rangeOf(t, cdn, "var.own", 0))

	d = dist(t, cfg, "aws_cloudfront_distribution.root")
	o = origin(t, d, "tfvars")
	wantStr(t, "tfvars path", syms, o.OriginPath, "Prod")
	wantRange(t, "tfvars path", o.OriginPath.Range, rangeOf(t, tfvars, `"Prod"`, 0))
	o = origin(t, d, "composed")
	wantStr(t, "composed path", syms, o.OriginPath, "/Prod")
	wantRange(t, "composed path", o.OriginPath.Range, rangeOf(t, main, `"/${var.stage}"`, 0))
	o = origin(t, d, "default")
	wantStr(t, "default path", syms, o.OriginPath, "/Fallback")
	wantRange(t, "default path", o.OriginPath.Range, rangeOf(t, main, "var.fallback", 0))
}

// TestProvenanceCommandLine: a --var value has no file to point at; the
// finding stays on the attribute (or on the module argument passing it on).
func TestProvenanceCommandLine(t *testing.T) {
	dir := filepath.Join("testdata", "provenance")
	cfg, errs, syms := load(t, dir, Options{Vars: map[string]string{"stage": "Beta"}})
	noErrors(t, errs)
	o := origin(t, dist(t, cfg, "aws_cloudfront_distribution.root"), "tfvars")
	wantStr(t, "--var path", syms, o.OriginPath, "Beta")
	if f := o.OriginPath.Range.File; strings.HasPrefix(f, "<") || !strings.HasSuffix(f, ".tf") {
		t.Errorf("--var path located in %q, want the attribute in a .tf file", f)
	}
	o = origin(t, dist(t, cfg, "module.cdn.aws_cloudfront_distribution.this"), "extra")
	if f := o.OriginPath.Range.File; strings.HasPrefix(f, "<") {
		t.Errorf("passed-down --var path located in %q", f)
	}
}
