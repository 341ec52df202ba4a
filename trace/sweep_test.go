package trace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/trace"
)

// TestTraceSweep traces requests through every behavior of every rule
// case, of the regression corpus and of the hostile inputs, with a read
// and a write method: no trace panics, every outcome is one of four, a
// failure has a status, and both outputs are written (the JSON one valid).
func TestTraceSweep(t *testing.T) {
	root := testutil.RepoRoot(t)
	dirs := ruletest.Cases(t, ruletest.Dir(t))
	for _, sub := range []string{"corpus", "hostile"} {
		entries, err := os.ReadDir(filepath.Join(root, "testdata", sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(root, "testdata", sub, e.Name()))
			}
		}
	}
	outcomes := map[string]int{}
	for _, dir := range dirs {
		res, err := engine.Run([]string{dir}, engine.Options{Model: true})
		if err != nil {
			t.Fatal(err)
		}
		q := rules.NewRequests(res.Config)
		for _, d := range res.Config.Distributions {
			for _, b := range d.Behaviors {
				paths := []string{"/", rules.SampleViewerPath(b)}
				for _, rt := range q.Routes(b) {
					paths = append(paths, rt.Viewer)
				}
				for _, p := range paths {
					if p == "" {
						continue
					}
					for _, m := range []string{"GET", "DELETE"} {
						tr := trace.Run(context.Background(), q, d, trace.Request{Method: m, Target: p, Headers: map[string]string{"Authorization": "x"}})
						outcomes[tr.Outcome]++
						switch tr.Outcome {
						case trace.Fails:
							if tr.Status == nil {
								t.Errorf("%s: %s %s fails without a status", dir, m, p)
							}
						case trace.Reaches, trace.NotAPI, trace.Unknown:
						default:
							t.Errorf("%s: %s %s: outcome %q", dir, m, p, tr.Outcome)
						}
						var text, js bytes.Buffer
						if err := tr.WriteText(&text); err != nil || text.Len() == 0 {
							t.Errorf("%s: %s %s: text: %v", dir, m, p, err)
						}
						if err := tr.WriteJSON(&js); err != nil || !json.Valid(js.Bytes()) {
							t.Errorf("%s: %s %s: JSON: %v", dir, m, p, err)
						}
					}
				}
			}
		}
	}
	t.Logf("outcomes: %v", outcomes)
	for _, o := range []string{trace.Reaches, trace.Fails, trace.NotAPI, trace.Unknown} {
		if outcomes[o] == 0 {
			t.Errorf("no trace has outcome %s", o)
		}
	}
}
