package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

// runnableBlock is a shell block of the README marked to be run: the line
// before its fence is
//
//	<!-- runnable -->                      run it; it must exit 0
//	<!-- runnable: exit 1, output "text" --> its exit status and output
//	<!-- runnable: ci -->                  CI runs it (.ci/run holds each
//	                                       command): not run here, so
//	                                       go test ./... does not recurse
type runnableBlock struct {
	line   int // of the fence
	script string
	exit   int
	output []string
	ci     bool
}

var (
	runnableMarker = regexp.MustCompile(`^<!--\s*runnable(?::\s*(.*?))?\s*-->$`)
	markerOutput   = regexp.MustCompile(`^output\s+"([^"]*)"$`)
	markerOption   = regexp.MustCompile(`^(ci|exit\s+\d+|output\s+"[^"]*")\s*(?:,|$)`)
)

// runnableBlocks reads the marked blocks of a Markdown file. A marker not
// followed by a ```sh fence, or with an option it does not know, is an
// error: a typo must not silently skip a block.
func runnableBlocks(t *testing.T, path string) []runnableBlock {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var blocks []runnableBlock
	for i := 0; i < len(lines); i++ {
		m := runnableMarker.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			if strings.Contains(lines[i], "runnable") && strings.HasPrefix(strings.TrimSpace(lines[i]), "<!--") {
				t.Fatalf("%s:%d: malformed marker %q", path, i+1, lines[i])
			}
			continue
		}
		b := runnableBlock{line: i + 2}
		for _, opt := range markerOptions(t, m[1], path, i+1) {
			switch {
			case opt == "ci":
				b.ci = true
			case strings.HasPrefix(opt, "exit "):
				n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(opt, "exit ")))
				if err != nil {
					t.Fatalf("%s:%d: bad exit status in %q", path, i+1, lines[i])
				}
				b.exit = n
			case markerOutput.MatchString(opt):
				b.output = append(b.output, markerOutput.FindStringSubmatch(opt)[1])
			default:
				t.Fatalf("%s:%d: unknown marker option %q", path, i+1, opt)
			}
		}
		if i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) != "```sh" {
			t.Fatalf("%s:%d: a runnable marker must be followed by a ```sh fence", path, i+1)
		}
		var body []string
		j := i + 2
		for ; j < len(lines) && strings.TrimSpace(lines[j]) != "```"; j++ {
			body = append(body, lines[j])
		}
		if j == len(lines) {
			t.Fatalf("%s:%d: unterminated block", path, i+2)
		}
		b.script = strings.Join(body, "\n") + "\n"
		blocks = append(blocks, b)
		i = j
	}
	return blocks
}

// markerOptions splits a marker's options at the commas between them
// (an output text may hold commas).
func markerOptions(t *testing.T, s, path string, line int) []string {
	t.Helper()
	var opts []string
	for s = strings.TrimSpace(s); s != ""; {
		loc := markerOption.FindStringSubmatchIndex(s)
		if loc == nil {
			t.Fatalf("%s:%d: cannot read marker options %q", path, line, s)
		}
		opts = append(opts, s[loc[2]:loc[3]])
		s = strings.TrimSpace(s[loc[1]:])
	}
	return opts
}

// scriptCommands are a script's command lines, without blank lines and
// comments.
func scriptCommands(script string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(script))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// TestReadmeRunnable runs the README's runnable shell blocks, in order, in
// a fresh copy of the repository (its files as they are now, committed to
// a new git repository), with a GOBIN of their own on PATH: installing,
// the example and the version work as written. The block CI runs is
// checked against .ci/run instead of being run.
func TestReadmeRunnable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgelint from a copy of the repository")
	}
	git := testutil.Tool(t, "git", "")
	bash := testutil.Tool(t, "bash", "")
	testutil.Tool(t, "go", "")
	root := testutil.RepoRoot(t)
	blocks := runnableBlocks(t, filepath.Join(root, "README.md"))
	var run, ci int
	for _, b := range blocks {
		if b.ci {
			ci++
		} else {
			run++
		}
	}
	if run < 2 || ci < 1 {
		t.Fatalf("README.md marks %d blocks to run and %d CI blocks; want the install and example blocks run and the test command checked", run, ci)
	}
	ciScript, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	ciLines := map[string]bool{}
	for _, l := range scriptCommands(string(ciScript)) {
		ciLines[l] = true
	}

	repo, _ := hookRepo(t, git)
	gobin := t.TempDir()
	env := append(os.Environ(), "GOBIN="+gobin, "PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1", "GOFLAGS=-modcacherw")
	for _, b := range blocks {
		if b.ci {
			for _, c := range scriptCommands(b.script) {
				if !ciLines[c] {
					t.Errorf("README.md:%d: %q is marked as the CI's command, but .ci/run does not run it", b.line, c)
				}
			}
			continue
		}
		cmd := exec.Command(bash, "-euo", "pipefail", "-c", b.script)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("README.md:%d: %v", b.line, err)
			}
			code = ee.ExitCode()
		}
		if code != b.exit {
			t.Errorf("README.md:%d: exit status %d, want %d\n%s\n%s", b.line, code, b.exit, b.script, out)
			continue
		}
		for _, want := range b.output {
			if !strings.Contains(string(out), want) {
				t.Errorf("README.md:%d: output lacks %q\n%s", b.line, want, out)
			}
		}
		t.Logf("README.md:%d: %s→ exit %d", b.line, strings.ReplaceAll(b.script, "\n", "; "), code)
	}
}
