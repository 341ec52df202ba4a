package tfplan

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// FuzzParse reads the fuzzed bytes as a plan (terraform show -json): no
// input may panic Parse (which recovers, reporting an internal error),
// Sniff or Damaged, the model is assembled and the rules run without
// panicking, every range in the plan lies within it, and two readings
// give the same findings and problems.
func FuzzParse(f *testing.F) {
	for _, s := range testutil.Seeds(f, []string{"parsers/tfplan/testdata", "testdata/rules"}, ".json") {
		f.Add(s)
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_api_gateway_rest_api.a","mode":"managed","type":"aws_api_gateway_rest_api","name":"a","values":{"name":"a"}}]}},"configuration":{"root_module":{}}}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"module.m[0].aws_api_gateway_resource.r","change":{"after":{"path_part":"x"},"after_unknown":{"id":true}}}],"configuration":{"root_module":{"module_calls":{"m":{"source":"./m","module":{}}}}}}`))
	const path = "plan.json"
	f.Fuzz(func(t *testing.T, src []byte) {
		defer testutil.Watchdog(fmt.Sprintf("reading a plan of %d bytes", len(src)))()
		Sniff(path, src)
		Damaged(path, src)
		check := func() ([]rules.Finding, []model.Diagnostic) {
			cfg, errs := Parse(path, src, model.NewSymbols())
			if e := testutil.InternalError(errs); e != nil {
				t.Fatalf("%s: %s", e.Range, e.Message)
			}
			for _, e := range errs {
				testutil.CheckRange(t, "problem "+e.Message, e.Range, path, src)
			}
			if cfg == nil {
				return nil, errs
			}
			model.Assemble(cfg)
			found := rules.Run(cfg)
			for _, fd := range found {
				testutil.CheckRange(t, fd.Rule+" "+fd.Message, fd.Range, path, src)
			}
			return found, testutil.SortedErrors(errs)
		}
		found, errs := check()
		found2, errs2 := check()
		if !reflect.DeepEqual(found, found2) {
			t.Errorf("two readings of the same plan gave different findings:\n%v\n%v", found, found2)
		}
		if !reflect.DeepEqual(errs, errs2) {
			t.Errorf("two readings of the same plan gave different problems:\n%v\n%v", errs, errs2)
		}
	})
}
