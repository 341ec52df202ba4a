package serverless

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

// FuzzService reads hostile service files: no internal error, every range
// within the file, the same result twice.
func FuzzService(f *testing.F) {
	for _, s := range []string{basicService, "service: x\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nfunctions:\n  f:\n    events:\n      - http: GET ${self:custom.a}\n",
		"provider:\n  stage: ${opt:stage, ${env:S, 'x'}}\nfunctions: [${file(./f.yml)}]\nresources: ${file(./r.yml):R}\n",
		"functions:\n  f:\n    events:\n      - httpApi: '*'\n      - httpApi: {method: '*', path: /a/{b+}, authorizer: {type: aws_iam}}\n"} {
		f.Add([]byte(s))
	}
	for _, s := range testutil.Seeds(f, []string{"testdata/rules"}, "serverless.yml") {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		defer testutil.Watchdog(fmt.Sprintf("reading a service file of %d bytes", len(src)))()
		path := filepath.Join(dir, "serverless.yml")
		check := func() ([]rules.Finding, []model.Diagnostic) {
			cfg, errs, _, _ := Parse(path, src, Options{FS: vfs.New(map[string][]byte{path: src})}, model.NewSymbols())
			if e := testutil.InternalError(errs); e != nil {
				t.Fatalf("%s: %s", e.Range, e.Message)
			}
			for _, e := range errs {
				testutil.CheckRange(t, "problem "+e.Message, e.Range, path, src)
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
		if !reflect.DeepEqual(found, found2) || !reflect.DeepEqual(errs, errs2) {
			t.Errorf("two readings of the same service differ")
		}
	})
}
