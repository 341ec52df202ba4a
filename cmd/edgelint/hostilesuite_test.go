package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/report"
)

// The hostile-input suite (testdata/hostile/README.md): every input of the
// suite is generated at test time and given to the real edgelint binary,
// built once per test run, as a process of its own under a memory limit
// and a deadline. Each test checks that the run ends in time and within
// the memory limit without a crash, with the outcome the input calls for
// (an input error naming the file, a note), that the ordinary broken
// configuration beside the hostile input is still analyzed, and, where the
// input concerns files outside the repository, that no byte of them
// reaches any output format.

const (
	// hostileCPU is the processor time a run may take (user and system,
	// all threads): the bound the issue gives (10 s). The kernel enforces
	// it (RLIMIT_CPU; the Go runtime ignores SIGXCPU, so the hard limit,
	// a second later, kills the process) and the test asserts it.
	hostileCPU = 10 * time.Second
	// hostileDeadline is the wall time a run may take before it is killed
	// with its process group: a run that blocks (a named pipe, a device)
	// uses no processor time. It is above hostileCPU because the suite
	// runs on shared CI machines, where wall time follows the load.
	hostileDeadline = 30 * time.Second
	// hostileMemory is the data segment limit (RLIMIT_DATA) a run gets,
	// and the peak resident size it may reach.
	hostileMemory = 1 << 30
	// launchEnv makes the test binary a launcher: it sets RLIMIT_DATA
	// to the variable's value, and RLIMIT_CPU, and executes its
	// arguments (TestMain).
	launchEnv = "EDGELINT_HOSTILE_LAUNCH"
	// normalFinding is a finding of examples/broken, the ordinary
	// configuration every hostile tree holds: it must still be reported.
	normalFinding = "method GET /users of"
	// probeTag builds edgelint with the rule and assembly that panic on
	// purpose (engine/panicprobe.go).
	probeTag = "edgelint_panicprobe"
)

func TestMain(m *testing.M) {
	if limit := os.Getenv(launchEnv); limit != "" {
		launch(limit)
	}
	code := m.Run()
	if builds.dir != "" {
		_ = os.RemoveAll(builds.dir)
	}
	os.Exit(code)
}

// launch sets the data segment and processor time limits and replaces
// the process with the program its arguments name: the limits hold for
// edgelint from its first instruction. RLIMIT_DATA, not RLIMIT_AS: the Go
// runtime reserves far more address space than it uses.
func launch(limit string) {
	n, err := strconv.ParseUint(limit, 10, 64)
	if err == nil && len(os.Args) > 1 {
		data := syscall.Rlimit{Cur: n, Max: n}
		cpu := syscall.Rlimit{Cur: uint64(hostileCPU / time.Second), Max: uint64(hostileCPU/time.Second) + 1}
		if err = syscall.Setrlimit(syscall.RLIMIT_DATA, &data); err == nil {
			err = syscall.Setrlimit(syscall.RLIMIT_CPU, &cpu)
		}
		if err == nil {
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, launchEnv+"=") {
					env = append(env, kv)
				}
			}
			err = syscall.Exec(os.Args[1], os.Args[1:], env)
		}
	}
	fmt.Fprintln(os.Stderr, "hostile launcher:", err)
	os.Exit(125)
}

// builds holds the edgelint binaries built for this test run, by build
// tags.
var builds struct {
	mu   sync.Mutex
	dir  string
	bins map[string]string
}

// edgelintBinary builds edgelint (with tags, if any) once per test run and
// returns its path.
func edgelintBinary(t *testing.T, tags string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds edgelint and runs it on hostile inputs")
	}
	builds.mu.Lock()
	defer builds.mu.Unlock()
	if bin, ok := builds.bins[tags]; ok {
		return bin
	}
	if builds.dir == "" {
		dir, err := os.MkdirTemp("", "edgelint-hostile-")
		if err != nil {
			t.Fatal(err)
		}
		builds.dir, builds.bins = dir, map[string]string{}
	}
	bin := filepath.Join(builds.dir, "edgelint"+strings.ReplaceAll(tags, ",", "-"))
	args := []string{"build", "-o", bin}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = filepath.Join(testutil.RepoRoot(t), "cmd", "edgelint")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	builds.bins[tags] = bin
	return bin
}

// hostileCmd is one run of edgelint on a hostile input.
type hostileCmd struct {
	bin   string    // the binary; the default build when empty
	dir   string    // working directory
	env   []string  // added to the environment (EDGELINT_CACHE_DIR=off by default)
	stdin io.Reader // standard input; none when nil
}

// hostileResult is what a run did and what it cost.
type hostileResult struct {
	code           int
	stdout, stderr string
	wall, cpu      time.Duration
	maxRSS         int64 // bytes
}

func (r hostileResult) String() string {
	return fmt.Sprintf("exit %d, %v wall, %v CPU, %d MiB peak\nstdout:\n%s\nstderr:\n%s",
		r.code, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), r.maxRSS>>20, clip(r.stdout), clip(r.stderr))
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// crashSigns are what the Go runtime prints when the process dies: a
// panic, a fatal error (stack overflow, out of memory), a signal.
var crashSigns = []string{"panic: ", "fatal error: ", "runtime: out of memory", "goroutine 1 [", "SIGSEGV", "hostile launcher:"}

// run runs edgelint with args under the memory limit and the deadline,
// and fails the test when the run is killed at the deadline, crashes or
// goes past the memory limit.
func (c hostileCmd) run(t *testing.T, args ...string) hostileResult {
	t.Helper()
	return c.start(t, nil, args...).wait()
}

// hostileProc is a run of edgelint under way.
type hostileProc struct {
	t              *testing.T
	args           []string
	cmd            *exec.Cmd
	cancel         context.CancelFunc
	ctx            context.Context
	stdout, stderr bytes.Buffer
	begun          time.Time
}

// start starts edgelint with args under the memory and CPU limits and the
// deadline. Its standard output goes to stdout when not nil.
func (c hostileCmd) start(t *testing.T, stdout io.Writer, args ...string) *hostileProc {
	t.Helper()
	bin := c.bin
	if bin == "" {
		bin = edgelintBinary(t, "")
	}
	p := &hostileProc{t: t, args: args}
	p.ctx, p.cancel = context.WithTimeout(context.Background(), hostileDeadline)
	cmd := exec.CommandContext(p.ctx, os.Args[0], append([]string{bin}, args...)...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), launchEnv+"="+strconv.Itoa(hostileMemory), "EDGELINT_CACHE_DIR=off", "GITHUB_ACTIONS=")
	cmd.Env = append(cmd.Env, c.env...)
	cmd.Stdin = c.stdin
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	if stdout != nil {
		cmd.Stdout = stdout
	}
	// The deadline kills the whole process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	p.cmd = cmd
	p.begun = time.Now()
	if err := cmd.Start(); err != nil {
		p.cancel()
		t.Fatalf("edgelint %q: %v", strings.Join(args, " "), err)
	}
	return p
}

// wait waits for the run's end and checks it: in time, within the limits,
// without a crash.
func (p *hostileProc) wait() hostileResult {
	t, args, cmd := p.t, p.args, p.cmd
	t.Helper()
	defer p.cancel()
	err := cmd.Wait()
	r := hostileResult{wall: time.Since(p.begun), stdout: p.stdout.String(), stderr: p.stderr.String()}
	if p.ctx.Err() != nil {
		t.Fatalf("edgelint %q did not end within %v (killed)\n%s", strings.Join(args, " "), hostileDeadline, r)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("edgelint %q: %v", strings.Join(args, " "), err)
	}
	if ps := cmd.ProcessState; ps != nil {
		r.cpu = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = ru.Maxrss << 10 // kilobytes on Linux
		}
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("edgelint %q died of %v (the CPU limit is %v)\n%s", strings.Join(args, " "), ws.Signal(), hostileCPU, r)
		}
	}
	for _, s := range crashSigns {
		if strings.Contains(r.stderr, s) {
			t.Fatalf("edgelint %q crashed (%q)\n%s", strings.Join(args, " "), s, r)
		}
	}
	if r.cpu >= hostileCPU {
		t.Fatalf("edgelint %q took %v of CPU, limit %v\n%s", strings.Join(args, " "), r.cpu, hostileCPU, r)
	}
	if r.maxRSS >= hostileMemory {
		t.Fatalf("edgelint %q peaked at %d MiB, limit %d MiB\n%s", strings.Join(args, " "), r.maxRSS>>20, hostileMemory>>20, r)
	}
	if r.wall >= hostileCPU {
		t.Logf("edgelint %q: %v wall time, over %v (the machine's load: its CPU time is %v)", strings.Join(args, " "), r.wall, hostileCPU, r.cpu)
	}
	t.Logf("edgelint %q: exit %d, %v wall, %v CPU, %d MiB peak", clip(strings.Join(args, " ")), r.code, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), r.maxRSS>>20)
	return r
}

// expect is the outcome a hostile input calls for.
type expect struct {
	code  int
	names []string // substrings of the output (stdout and stderr): the files named, the notes
	// normal: the ordinary broken configuration's finding is reported.
	normal bool
	// leaks: substrings that may appear in no output.
	leaks []string
}

// check fails the test when r is not the outcome e.
func (e expect) check(t *testing.T, what string, r hostileResult) {
	t.Helper()
	all := r.stdout + r.stderr
	if r.code != e.code {
		t.Errorf("%s: exit %d, want %d\n%s", what, r.code, e.code, r)
	}
	for _, n := range e.names {
		if !strings.Contains(all, n) {
			t.Errorf("%s: the output does not name %q\n%s", what, n, r)
		}
	}
	if e.normal && !strings.Contains(r.stdout, normalFinding) {
		t.Errorf("%s: the ordinary configuration's finding %q is not reported\n%s", what, normalFinding, r)
	}
	for _, l := range e.leaks {
		if strings.Contains(all, l) {
			t.Errorf("%s: the output holds %q from outside the boundary\n%s", what, l, r)
		}
	}
}

// inEveryFormat runs edgelint with args in every output format and checks
// each run against e.
func (c hostileCmd) inEveryFormat(t *testing.T, e expect, args ...string) {
	t.Helper()
	for _, format := range report.Formats() {
		r := c.run(t, append([]string{"--format", format}, args...)...)
		e.check(t, format+" "+strings.Join(args, " "), r)
	}
}

// secretEnv is put in the environment of every run whose input reaches
// for files outside the repository: /proc/self/environ is the run's own,
// and leaks holds its value.
const secretEnv = "CI_TOKEN=EDGELINT_ENV_SECRET_81d2"

func hasProc(t *testing.T) bool {
	t.Helper()
	_, err := os.Stat("/proc/self/environ")
	return err == nil
}
