package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/edgelint/edgelint/internal/testutil"
)

// TestWalkSyntaxVisitsWhatVisitAllVisits: on every .tf file of the test
// data and the shared corpus, walkSyntax calls its function on the same
// nodes, as many times each, as hclsyntax.VisitAll (but for the
// containers it leaves out).
func TestWalkSyntaxVisitsWhatVisitAllVisits(t *testing.T) {
	files, nodes := 0, 0
	check := func(path string) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() || f == nil {
			return
		}
		body := f.Body.(*hclsyntax.Body)
		want := map[hclsyntax.Node]int{}
		_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
			switch n.(type) {
			case hclsyntax.Attributes, hclsyntax.Blocks, hclsyntax.ChildScope:
			default:
				want[n]++
			}
			return nil
		})
		got := map[hclsyntax.Node]int{}
		walkSyntax(body, func(n hclsyntax.Node) { got[n]++ })
		if len(got) != len(want) {
			t.Errorf("%s: walkSyntax visited %d nodes, VisitAll %d", path, len(got), len(want))
		}
		for n, c := range want {
			if got[n] != c {
				t.Errorf("%s: %T at %s visited %d times, VisitAll %d", path, n, n.Range(), got[n], c)
			}
		}
		files++
		nodes += len(want)
	}
	walk := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
				check(p)
			}
			return nil
		})
	}
	walk("testdata")
	walk(testutil.SharedCorpus(t))
	if files < 100 || nodes < 10000 {
		t.Errorf("compared %d files, %d nodes: too few to tell", files, nodes)
	}
	t.Logf("%d files, %d nodes", files, nodes)
}
