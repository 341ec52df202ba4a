package terraform

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// FuzzModule loads a module of one native syntax file, main.tf, holding
// the fuzzed bytes, assembles its model and runs the rules on it.
func FuzzModule(f *testing.F) {
	for _, s := range testutil.Seeds(f, []string{"testdata/rules", "testdata/corpus", "parsers/terraform/testdata"}, ".tf") {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzModule(t, dir, "main.tf", src)
	})
}

// FuzzModuleJSON is FuzzModule for a JSON syntax file, main.tf.json.
func FuzzModuleJSON(f *testing.F) {
	for _, s := range testutil.Seeds(f, []string{"parsers/terraform/testdata", "testdata/rules", "testdata/corpus"}, ".tf.json") {
		f.Add(s)
	}
	for _, s := range []string{
		`{"resource": {"aws_api_gateway_rest_api": {"api": {"name": "x"}}, "aws_api_gateway_resource": {"r": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "parent_id": "${aws_api_gateway_rest_api.api.root_resource_id}", "path_part": "users"}}}}`,
		`{"variable": {"stage": {"default": "prod"}}, "locals": {"p": "/${var.stage}"}, "output": {"o": {"value": "${local.p}"}}}`,
		`{"resource": {"aws_cloudfront_distribution": {"cdn": {"origin": [{"domain_name": "${aws_api_gateway_rest_api.api.id}.execute-api.us-east-1.amazonaws.com", "origin_id": "api", "origin_path": "/prod"}], "ordered_cache_behavior": [{"path_pattern": "/api/*", "target_origin_id": "api"}]}}}}`,
		`{"module": {"m": {"source": "./m", "count": 2}}, "//": "comment"}`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzModule(t, dir, "main.tf.json", src)
	})
}

// fuzzModule loads dir holding only name, whose content is src (an
// overlay on an empty directory), twice: no load may panic (the loader
// recovers, reporting an internal error), the model is assembled and the
// rules run without panicking, every range in the file lies within it,
// and the two loads give the same findings and problems.
func fuzzModule(t *testing.T, dir, name string, src []byte) {
	path := filepath.Join(dir, name)
	check := func() ([]rules.Finding, []model.Diagnostic) {
		opts := Options{Root: dir, FS: vfs.New(map[string][]byte{path: src})}
		cfg, errs := LoadModule(dir, opts, model.NewSymbols())
		if e := testutil.InternalError(errs); e != nil {
			t.Fatalf("%s: %s", e.Range, e.Message)
		}
		model.Assemble(cfg)
		found := rules.Run(cfg)
		for _, e := range errs {
			testutil.CheckRange(t, "problem "+e.Message, e.Range, path, src)
		}
		for _, fd := range found {
			testutil.CheckRange(t, fd.Rule+" "+fd.Message, fd.Range, path, src)
			for _, r := range fd.Related {
				testutil.CheckRange(t, fd.Rule+" related "+r.Message, r.Range, path, src)
			}
		}
		return found, testutil.SortedErrors(errs)
	}
	defer testutil.Watchdog(fmt.Sprintf("loading and checking %s (%d bytes)", name, len(src)))()
	found, errs := check()
	found2, errs2 := check()
	if !reflect.DeepEqual(found, found2) {
		t.Errorf("two loads of the same module gave different findings:\n%v\n%v", found, found2)
	}
	if !reflect.DeepEqual(errs, errs2) {
		t.Errorf("two loads of the same module gave different problems:\n%v\n%v", errs, errs2)
	}
}
