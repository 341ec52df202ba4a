package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var updateTrace = flag.Bool("update", false, "rewrite the golden traces in testdata/trace/golden")

// TestTraceGolden runs "edgelint trace" on the cases of
// testdata/trace/cases.txt and compares the text and JSON outputs, with
// the exit status, to the golden files.
func TestTraceGolden(t *testing.T) {
	t.Chdir("../..")
	f, err := os.Open("testdata/trace/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := splitQuoted(line)
		name, args := fields[0], fields[1:]
		n++
		t.Run(name, func(t *testing.T) {
			for _, format := range []string{"text", "json"} {
				var stdout, stderr bytes.Buffer
				code := run(append([]string{"trace", "--format", format, "--no-config"}, args...), &stdout, &stderr)
				got := fmt.Sprintf("$ edgelint trace %s\n%s", shellWords(args), stdout.String())
				if stderr.Len() > 0 {
					got += "--- stderr\n" + stderr.String()
				}
				got += fmt.Sprintf("--- exit %d\n", code)
				ext := ".txt"
				if format == "json" {
					ext = ".json"
				}
				path := filepath.Join("testdata", "trace", "golden", name+ext)
				if *updateTrace {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if d := cmp.Diff(string(want), got); d != "" {
					t.Errorf("%s differs (-want +got):\n%s", path, d)
				}
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no case")
	}
}

// shellWords joins args for the golden file's command line, quoting those
// with spaces.
func shellWords(args []string) string {
	var out []string
	for _, a := range args {
		if strings.Contains(a, " ") {
			a = "'" + a + "'"
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

// splitQuoted splits a line of cases.txt into words at spaces outside
// double quotes, which it removes.
func splitQuoted(line string) []string {
	var out []string
	var cur strings.Builder
	quoted, in := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// TestREADMETrace keeps the trace printed in the README identical to the
// golden trace of the same request.
func TestREADMETrace(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("../../testdata/trace/golden/broken-users.txt")
	if err != nil {
		t.Fatal(err)
	}
	out, _, _ := strings.Cut(string(golden), "--- exit")
	_, out, _ = strings.Cut(out, "\n")
	want := "$ edgelint trace /users examples/broken\n" + out
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md lacks the trace of testdata/trace/golden/broken-users.txt:\n%s", want)
	}
}

// TestTraceUsageErrors checks that mistakes on the command line are usage
// errors (exit 2) that say what is wrong, and that help mentions trace.
func TestTraceUsageErrors(t *testing.T) {
	t.Chdir("../..")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"trace"}, "needs a PATH or URL"},
		{[]string{"trace", "--method", "BREW", "/", "examples/broken"}, `--method "BREW"`},
		{[]string{"trace", "--header", "no colon", "/", "examples/broken"}, `want "Name: value"`},
		{[]string{"trace", "ftp://x/y", "examples/broken"}, "not an http or https URL"},
		{[]string{"trace", "--distribution", "nope", "/", "examples/broken"}, "names none or several"},
		{[]string{"trace", "/", "testdata/errors/does-not-exist"}, "does-not-exist"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != exitError || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr.String(), c.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if run([]string{"help"}, &stdout, &stderr) != exitOK || !strings.Contains(stdout.String(), "edgelint trace [flags] PATH|URL") {
		t.Errorf("help lacks trace:\n%s", stdout.String())
	}
}

// TestTraceEscapes checks that what a trace echoes from its arguments
// (the path, a header value) cannot write terminal escapes or lines of its
// own, in text output, and stays valid JSON.
func TestTraceEscapes(t *testing.T) {
	t.Chdir("../..")
	target := "/users\x1b[31m\n::error::x"
	for _, format := range []string{"text", "json"} {
		var stdout, stderr bytes.Buffer
		run([]string{"trace", "--format", format, "--header", "Authorization: a\x1b]0;x\x07", target, "examples/broken"}, &stdout, &stderr)
		out := stdout.String()
		if strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "\n::error::") {
			t.Errorf("%s output holds raw control characters or a line of the argument's:\n%q", format, out)
		}
		if format == "json" && !json.Valid(stdout.Bytes()) {
			t.Errorf("JSON output is not valid:\n%s", out)
		}
	}
}
