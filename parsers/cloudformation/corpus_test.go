package cloudformation

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

// TestCorpusEveryFile sniffs and parses every file of the shared corpus,
// robustness set included: no panic (an internal error is reported as a
// ParseError by Parse's recover), and the loop must finish within the
// `go test -timeout`.
func TestCorpusEveryFile(t *testing.T) {
	root := testutil.SharedCorpus(t)
	syms := model.NewSymbols()
	files, templates := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if Sniff(path, src) {
			templates++
		}
		_, errs := Parse(path, src, Options{}, syms)
		for _, e := range errs {
			if strings.Contains(e.Message, "internal error") {
				t.Errorf("%s", e.Error())
			}
			if e.Range.File == "" {
				t.Errorf("%s: parse error without a file: %s", path, e.Message)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 || templates == 0 {
		t.Fatalf("read %d files, %d templates: the corpus looks empty", files, templates)
	}
}
