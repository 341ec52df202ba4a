package engine_test

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// BenchmarkCorpus analyzes the whole wiring corpus end to end.
func BenchmarkCorpus(b *testing.B) {
	dir := filepath.Join(testutil.RepoRoot(b), "testdata", "corpus")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Run([]string{dir}, engine.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
