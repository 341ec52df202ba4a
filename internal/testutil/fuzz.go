package testutil

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/model"
)

// maxSeedSize is the size above which a testdata file is not used as a
// fuzzing seed: the fuzzer mutates small inputs best, and a large seed
// slows every execution derived from it.
const maxSeedSize = 64 << 10

// Seeds returns the contents of the files under the repository's dirs
// (slash-separated, relative to the root) whose names end with one of
// suffixes, in path order, for fuzz targets to f.Add: the seeds are the
// project's own test inputs, not copies of them. Files over 64 KiB are
// left out.
func Seeds(t testing.TB, dirs []string, suffixes ...string) [][]byte {
	t.Helper()
	root := RepoRoot(t)
	var paths []string
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(d)), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !e.Type().IsRegular() {
				return nil
			}
			for _, s := range suffixes {
				if strings.HasSuffix(e.Name(), s) {
					paths = append(paths, p)
					break
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("seeds under %s: %v", d, err)
		}
	}
	sort.Strings(paths)
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("seed %s: %v", p, err)
		}
		if len(b) <= maxSeedSize {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no seed found under %v with suffixes %v", dirs, suffixes)
	}
	return out
}

// CheckRange reports an error when r, a range in file whose content is
// src, does not lie within src: a line past the last one, a byte offset
// past the end, or an end before the start. Lines end at "\n", "\r\n" or
// a lone "\r" (YAML's and the Language Server Protocol's line breaks). A
// range may end at the start of the line after the last, the end of a
// scope that reaches the end of the file. Ranges in other files, and
// ranges without a position (line 0), are not checked.
func CheckRange(t testing.TB, what string, r model.Range, file string, src []byte) {
	t.Helper()
	if r.File != file {
		return
	}
	lines := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n")) + 1
	for i, p := range []model.Pos{r.Start, r.End} {
		if p.Line == 0 && p.Column == 0 && p.Byte == 0 {
			continue
		}
		last := lines
		if i == 1 && p.Column <= 1 {
			last++
		}
		if p.Line < 1 || p.Line > last || p.Column < 0 || p.Byte < 0 || p.Byte > len(src) {
			t.Errorf("%s: position %d:%d (byte %d) is outside the file (%d lines, %d bytes)", what, p.Line, p.Column, p.Byte, lines, len(src))
		}
	}
	if r.End.Line == 0 || r.Start.Line == 0 {
		return
	}
	if r.End.Line < r.Start.Line || (r.End.Line == r.Start.Line && r.End.Column < r.Start.Column) {
		t.Errorf("%s: range ends at %d:%d, before its start %d:%d", what, r.End.Line, r.End.Column, r.Start.Line, r.Start.Column)
	}
}

// SortedErrors returns errs sorted by file, position, severity and
// message: the order in which the engine reports them, whatever order a
// parser found them in.
func SortedErrors(errs []model.Diagnostic) []model.Diagnostic {
	out := append([]model.Diagnostic(nil), errs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Range.File != b.Range.File:
			return a.Range.File < b.Range.File
		case a.Range.Start.Line != b.Range.Start.Line:
			return a.Range.Start.Line < b.Range.Start.Line
		case a.Range.Start.Column != b.Range.Start.Column:
			return a.Range.Start.Column < b.Range.Start.Column
		case a.Severity != b.Severity:
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
	return out
}

// InternalError returns the first problem of errs that reports a panic
// the parser recovered (its message starts "internal error"), or nil: a
// fuzz target fails on it, since the recovery hides an edgelint bug.
func InternalError(errs []model.Diagnostic) *model.Diagnostic {
	for i := range errs {
		if strings.HasPrefix(errs[i].Message, "internal error") {
			return &errs[i]
		}
	}
	return nil
}

// FuzzHang is how long one execution of a fuzz target may take before
// Watchdog reports it as a hang: far above what any input of the
// fuzzer's sizes takes on a busy machine, so that only unbounded work
// reaches it.
const FuzzHang = 40 * time.Second

// Watchdog crashes the process when the execution it guards has not
// called the returned stop function within FuzzHang: a hang never returns
// to fail the test, but a crash makes the fuzzer keep the input that
// caused it. what describes the input for the crash message.
func Watchdog(what string) (stop func()) {
	start := time.Now()
	timer := time.AfterFunc(FuzzHang, func() {
		panic(fmt.Sprintf("hang: %s has not finished after %v", what, time.Since(start).Round(time.Second)))
	})
	return func() { timer.Stop() }
}
