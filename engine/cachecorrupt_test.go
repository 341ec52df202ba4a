package engine_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// TestCorruptCache: a run on changed files whose cache was damaged (bits
// flipped, cut short, the entries of other files swapped in, garbage)
// finds what a run without the cache finds: a damaged entry is dropped
// and its file read again, never trusted.
func TestCorruptCache(t *testing.T) {
	git := testutil.Tool(t, "git", "")
	dir := t.TempDir()
	copyTree(t, "cfn-cross-stack", filepath.Join(dir, "s"))
	copyTree(t, "tf-module-dynamic-origin", filepath.Join(dir, "m"))
	for i := range 5 {
		p := filepath.Join(dir, "other", fmt.Sprintf("t%d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fmt.Appendf(nil, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q%d:\n    Type: AWS::SQS::Queue\n", i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn := gitCommand(t, git, dir)
	gitIn("init", "-q")
	gitIn("add", "-A")
	modFiles, _ := filepath.Glob(filepath.Join(dir, "m", "modules", "*", "*.tf"))
	only := []string{filepath.Join(dir, "s", "api.yaml"), modFiles[0]}
	none, err := engine.Run([]string{dir}, engine.Options{Only: only})
	if err != nil {
		t.Fatal(err)
	}
	want := findingKeys(none)
	if len(want) < 2 {
		t.Fatalf("the fixtures have %d findings, want one from each", len(want))
	}
	cache := t.TempDir()
	opts := engine.Options{Only: only, GitIndex: true, CacheDir: cache}
	cachedRuns(t, dir, gitIn, opts, len(want))
	files, _ := filepath.Glob(filepath.Join(cache, "module-calls-*"))
	if len(files) != 1 {
		t.Fatalf("cache files %q, want one", files)
	}
	file := files[0]
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	head, entries := lines[0], lines[1:len(lines)-1]
	if len(entries) < 8 {
		t.Fatalf("%d cache entries, want the files' module calls and link facts", len(entries))
	}
	// each rewrites the entries, their fields split at tabs.
	each := func(f func(i int, fields []string) []string) string {
		out := head
		for i, e := range entries {
			out += strings.Join(f(i, strings.Split(strings.TrimSuffix(e, "\n"), "\t")), "\t") + "\n"
		}
		return out
	}
	r := rand.New(rand.NewPCG(5, 6))
	garbage := make([]byte, len(good))
	for i := range garbage {
		garbage[i] = byte(r.IntN(256))
	}
	for _, c := range []struct{ name, content string }{
		{"bit flipped in the first value", each(func(_ int, fs []string) []string {
			if len(fs) > 1 && fs[1] != "" {
				b := []byte(fs[1])
				b[len(b)-1] ^= 1
				fs[1] = string(b)
			}
			return fs
		})},
		{"bit flipped anywhere", each(func(_ int, fs []string) []string {
			line := []byte(strings.Join(fs, "\t"))
			if len(line) <= 41 {
				return fs
			}
			line[41+r.IntN(len(line)-41)] ^= 1 << r.IntN(7)
			return strings.Split(string(line), "\t")
		})},
		{"values of the next entry", each(func(i int, fs []string) []string {
			next := strings.Split(strings.TrimSuffix(entries[(i+1)%len(entries)], "\n"), "\t")
			if len(fs) > 1 && len(next) > 1 {
				fs[1] = next[1]
			}
			return fs
		})},
		{"entries of other keys", each(func(i int, fs []string) []string {
			next := strings.Split(entries[(i+1)%len(entries)], "\t")
			if strings.HasSuffix(fs[0], ":links") == strings.HasSuffix(next[0], ":links") {
				fs[0] = next[0]
			}
			return fs
		})},
		{"cut short", string(good[:len(good)/2])},
		{"cut in every line", each(func(_ int, fs []string) []string {
			line := strings.Join(fs, "\t")
			return []string{line[:len(line)-3]}
		})},
		{"garbage", string(garbage)},
		{"garbage after the header", head + string(garbage)},
	} {
		if err := os.WriteFile(file, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		for run := range 2 {
			time.Sleep(20 * time.Millisecond)
			gitIn("update-index", "--really-refresh")
			res, err := engine.Run([]string{dir}, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := findingKeys(res); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s, run %d: findings\n%s\nwant, as without the cache,\n%s", c.name, run, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// findingKeys are the findings of a run, as sorted text.
func findingKeys(res *engine.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s:%d:%d %s", f.Rule, f.Range.File, f.Range.Start.Line, f.Range.Start.Column, f.Message))
	}
	sort.Strings(out)
	return out
}
