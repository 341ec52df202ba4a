package lsp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// An analysis of a large module that a newer change supersedes while it
// runs is cancelled: the engine stops after the stage it is in (here the
// parsing) and the rules never run on the stale text; the newer analysis
// publishes.
func TestSupersededAnalysisStops(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.tf")
	src := testutil.APIModule(300)
	if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		calls    int
		stages   []string // the first analysis's, after its parsing
		firstErr error
		firstRes *engine.Result
	)
	parsed := make(chan struct{})
	firstDone := make(chan struct{})
	srv := &Server{Debounce: 10 * time.Millisecond, Analyze: func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if !first {
			return EngineAnalyze(ctx, paths, opts)
		}
		opts.Progress = func(stage string) {
			mu.Lock()
			seenParse := len(stages) > 0 || stage == "parse"
			if seenParse {
				stages = append(stages, stage)
			}
			mu.Unlock()
			if stage == "parse" {
				// The module is parsed: a newer change comes in.
				close(parsed)
				select {
				case <-ctx.Done():
				case <-time.After(10 * time.Second):
				}
			}
		}
		res, err := EngineAnalyze(ctx, paths, opts)
		mu.Lock()
		firstRes, firstErr = res, err
		mu.Unlock()
		close(firstDone)
		return res, err
	}}
	c := startClient(t, srv)
	c.initialize(dir, ClientCapabilities{})
	c.open(main)
	select {
	case <-parsed:
	case <-time.After(20 * time.Second):
		t.Fatal("the first analysis did not parse the module")
	}
	c.change(main, 2, src+"\n")
	select {
	case <-firstDone:
	case <-time.After(20 * time.Second):
		t.Fatal("the superseded analysis did not return")
	}
	mu.Lock()
	if !errors.Is(firstErr, context.Canceled) || firstRes != nil {
		t.Errorf("the superseded analysis returned (%v, %v), want (nil, context.Canceled)", firstRes, firstErr)
	}
	if len(stages) != 1 {
		t.Errorf("the superseded analysis went on after its parsing: %q", stages)
	}
	mu.Unlock()
	c.waitDiags(main, "EL001 of the newer analysis", hasCode("EL001"))
}
