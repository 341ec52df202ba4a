package engine_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// stages counts the stages runs reach (engine.Options.Progress), and
// calls at, when set, at each.
type stages struct {
	mu sync.Mutex
	n  map[string]int
	at func(stage string, n int)
}

func (s *stages) progress(stage string) {
	s.mu.Lock()
	s.n[stage]++
	n := s.n[stage]
	at := s.at
	s.mu.Unlock()
	if at != nil {
		at(stage, n)
	}
}

func (s *stages) count(stage string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[stage]
}

// An analysis superseded while its components are analyzed (an editor's
// newer change) starts no further component and returns the context's
// error, with no result.
func TestCancelBetweenComponents(t *testing.T) {
	const units, cancelAt, jobs = 120, 3, 2
	dir := t.TempDir()
	for i := 0; i < units; i++ {
		d := filepath.Join(dir, fmt.Sprintf("stack%03d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(testutil.APIModule(2)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &stages{n: map[string]int{}}

	// Uncancelled, every unit is a component analyzed to the end.
	res, err := engine.RunContext(context.Background(), []string{dir}, engine.Options{Jobs: jobs, Progress: s.progress})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.count("parse"); got != units {
		t.Fatalf("an uncancelled run parsed %d components, want %d", got, units)
	}
	if len(res.Findings) != units {
		t.Fatalf("an uncancelled run found %d findings, want one a unit (%d)", len(res.Findings), units)
	}

	s.n = map[string]int{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.at = func(stage string, n int) {
		if stage == "parse" && n == cancelAt {
			cancel()
		}
	}
	res, err = engine.RunContext(ctx, []string{dir}, engine.Options{Jobs: jobs, Progress: s.progress})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("cancelled run returned (%v, %v), want (nil, context.Canceled)", res, err)
	}
	// The components already running when it was cancelled may end
	// their parsing; no other one is started.
	if got := s.count("parse"); got > cancelAt+jobs {
		t.Errorf("a run cancelled after %d components parsed %d of %d", cancelAt, got, units)
	}
	if got := s.count("check"); got > cancelAt+jobs-1 {
		t.Errorf("a run cancelled after %d components checked %d", cancelAt, got)
	}
	for _, later := range []string{"components", "joins", "fixes", "suppressions"} {
		if got := s.count(later); got > 0 {
			t.Errorf("a cancelled run went on to stage %s", later)
		}
	}
}

// A large module superseded while it is parsed is not checked: the rules
// do not run on it, and the run returns the context's error.
func TestCancelLargeModule(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(testutil.APIModule(400)), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &stages{n: map[string]int{}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.at = func(stage string, _ int) {
		if stage == "parse" {
			cancel()
		}
	}
	res, err := engine.RunContext(ctx, []string{dir}, engine.Options{Progress: s.progress})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("cancelled run returned (%v, %v), want (nil, context.Canceled)", res, err)
	}
	if got := s.count("check"); got != 0 {
		t.Errorf("the rules ran on a module cancelled while it was parsed (%d checks)", got)
	}

	// The same module, uncancelled, is checked and reports its finding.
	s.n, s.at = map[string]int{}, nil
	res, err = engine.RunContext(context.Background(), []string{dir}, engine.Options{Progress: s.progress})
	if err != nil {
		t.Fatal(err)
	}
	if s.count("check") != 1 || len(res.Findings) != 1 {
		t.Fatalf("uncancelled: %d checks, %d findings; want 1 and 1", s.count("check"), len(res.Findings))
	}
}

// A run whose context is done before it starts discovers nothing.
func TestCancelBeforeDiscovery(t *testing.T) {
	s := &stages{n: map[string]int{}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := engine.RunContext(ctx, []string{t.TempDir()}, engine.Options{Progress: s.progress})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("got (%v, %v), want (nil, context.Canceled)", res, err)
	}
	if got := s.count("discovery"); got != 0 {
		t.Errorf("discovery ran %d times", got)
	}
}
