package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
)

// The files edgelint reads on an untrusted pull request: every file it
// opens must resolve under the boundary and be a regular file within the
// size cap; what lies outside is refused by name, never printed.

// secret is the content of the files outside the boundary: no byte of it
// may reach any output. It does not parse as HCL, so a file made of it
// that were read would be quoted in a syntax error's excerpt.
const secret = "edgelint-secret-5f1c9e :: token=ghp_leak\n"

// hostileRepo makes a repository (a .git directory) holding infra/, a
// broken wiring with findings, and beside it, outside the repository, a
// directory holding secret files. It returns both.
func hostileRepo(t *testing.T) (repo, outside string) {
	t.Helper()
	base := t.TempDir()
	repo, outside = filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, f := range []string{"api.tf", "cdn.tf"} {
		copyFile(t, filepath.Join(testutil.RepoRoot(t), "examples", "broken", f), filepath.Join(repo, "infra", f))
	}
	mkdirs(t, filepath.Join(repo, ".git"), filepath.Join(outside, "mod"))
	for _, f := range []string{"secret.tf", "secret.tfvars", "mod/main.tf"} {
		write(t, filepath.Join(outside, f), secret)
	}
	return repo, outside
}

func mkdirs(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	mkdirs(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	mkdirs(t, filepath.Dir(link))
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// runIn runs edgelint with args in dir, failing the test when it does not
// end within 20 seconds (a named pipe opened for reading would block it).
func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(args, &out, &errb) }()
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("edgelint %s did not finish", strings.Join(args, " "))
	}
	return code, out.String(), errb.String()
}

// leaks is what every run of the confinement tests must not print: the
// secret files' content and, for /proc/self/environ, the environment.
var leaks = []string{"edgelint-secret-5f1c9e", "ghp_leak", "EDGELINT_ENV_SECRET_81d2"}

// checkRefused runs edgelint with args in dir in the text, json and sarif
// formats and checks each exits with want, names every path of names in
// its output and prints no byte of the secrets.
func checkRefused(t *testing.T, dir string, want int, names []string, args ...string) {
	t.Helper()
	t.Setenv("EDGELINT_CACHE_DIR", "off")
	t.Setenv("EDGELINT_TEST_TOKEN", "EDGELINT_ENV_SECRET_81d2")
	for _, format := range []string{"text", "json", "sarif"} {
		code, stdout, stderr := runIn(t, dir, append([]string{"--format", format}, args...)...)
		all := stdout + stderr
		if code != want {
			t.Errorf("%s %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", format, args, code, want, stdout, stderr)
		}
		for _, n := range names {
			if !strings.Contains(all, n) {
				t.Errorf("%s %v: the output does not name %s:\n%s", format, args, n, all)
			}
		}
		for _, l := range leaks {
			if strings.Contains(all, l) {
				t.Errorf("%s %v: the output holds %q from outside the boundary:\n%s", format, args, l, all)
			}
		}
	}
}

// TestSymlinkOutsideRefused: a configuration, variables or override file
// that is a symbolic link leading outside the repository is refused, by
// its name, in a directory scan, with --changed-files and by inspect; the
// rest of the module is still analyzed.
func TestSymlinkOutsideRefused(t *testing.T) {
	repo, outside := hostileRepo(t)
	links := map[string]string{
		"infra/leak.tf":          filepath.Join(outside, "secret.tf"),
		"infra/leak.tf.json":     filepath.Join(outside, "secret.tf"),
		"infra/prod.auto.tfvars": filepath.Join(outside, "secret.tfvars"),
		"infra/terraform.tfvars": filepath.Join(outside, "secret.tfvars"),
		"infra/leak_override.tf": "../../outside/secret.tf",
	}
	if _, err := os.Stat("/proc/self/environ"); err == nil {
		links["infra/env.tf"] = "/proc/self/environ"
	}
	var names []string
	for link, target := range links {
		symlink(t, target, filepath.Join(repo, link))
		names = append(names, link)
	}
	checkRefused(t, repo, exitError, append(names, "EL003"), "infra")
	checkRefused(t, repo, exitError, []string{"infra/leak.tf"}, "--changed-files", "infra/leak.tf")
	code, stdout, stderr := runIn(t, repo, "inspect", "--format", "json", "infra")
	if code != exitError || !strings.Contains(stderr, "infra/leak.tf") {
		t.Errorf("inspect: exit %d, stderr:\n%s", code, stderr)
	}
	for _, l := range leaks {
		if strings.Contains(stdout+stderr, l) {
			t.Errorf("inspect prints %q from outside the boundary", l)
		}
	}
}

// TestSymlinkInsideRead: a link that stays inside the repository is read
// like the file it leads to, and --root widens the boundary.
func TestSymlinkInsideRead(t *testing.T) {
	repo, outside := hostileRepo(t)
	if err := os.Rename(filepath.Join(repo, "infra", "api.tf"), filepath.Join(repo, "shared.tf")); err != nil {
		t.Fatal(err)
	}
	symlink(t, "../shared.tf", filepath.Join(repo, "infra", "api.tf"))
	code, stdout, stderr := runIn(t, repo, "infra")
	if code != exitFindings || !strings.Contains(stdout, "EL003") {
		t.Errorf("a link inside the repository: exit %d\n%s%s", code, stdout, stderr)
	}
	// Outside the repository, but inside --root.
	write(t, filepath.Join(outside, "api.tf"), mustRead(t, filepath.Join(repo, "shared.tf")))
	if err := os.Remove(filepath.Join(repo, "infra", "api.tf")); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(outside, "api.tf"), filepath.Join(repo, "infra", "api.tf"))
	if code, stdout, stderr := runIn(t, repo, "--root", filepath.Dir(repo), "infra"); code != exitFindings || !strings.Contains(stdout, "EL003") {
		t.Errorf("--root above the link's target: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runIn(t, repo, "infra"); code != exitError || !strings.Contains(stdout+stderr, "infra/api.tf") {
		t.Errorf("without --root: exit %d\n%s%s", code, stdout, stderr)
	}
	// A scanned path outside --root is refused; a --root that is not a
	// directory is a usage error.
	if code, stdout, stderr := runIn(t, repo, "--root", filepath.Join(repo, "infra"), "."); code != exitError || !strings.Contains(stdout+stderr, "refused") {
		t.Errorf("a path outside --root: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runIn(t, repo, "--root", filepath.Join(repo, "nothing"), "infra"); code != exitError || !strings.Contains(stderr, "--root") {
		t.Errorf("a missing --root: exit %d\n%s", code, stderr)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestConfigVarFilesConfined: the var-files of the repository's own
// .edgelint.yaml may not lead outside it (absolute, ../ or through a
// link); a --var-file flag, the user's own choice, may.
func TestConfigVarFilesConfined(t *testing.T) {
	for name, item := range map[string]string{
		"absolute": "OUTSIDE/secret.tfvars",
		"dotdot":   "../outside/secret.tfvars",
		"link":     "infra/linked.tfvars",
		"environ":  "/proc/self/environ",
	} {
		t.Run(name, func(t *testing.T) {
			repo, outside := hostileRepo(t)
			if item == "/proc/self/environ" {
				if _, err := os.Stat(item); err != nil {
					t.Skip("no /proc")
				}
			}
			symlink(t, filepath.Join(outside, "secret.tfvars"), filepath.Join(repo, "infra", "linked.tfvars"))
			item = strings.ReplaceAll(item, "OUTSIDE", outside)
			write(t, filepath.Join(repo, ".edgelint.yaml"), "terraform:\n  var-files: ["+item+"]\n")
			checkRefused(t, repo, exitError, []string{".edgelint.yaml", item}, "infra")
		})
	}
	repo, outside := hostileRepo(t)
	write(t, filepath.Join(outside, "ok.tfvars"), "unused = 1\n")
	code, stdout, stderr := runIn(t, repo, "--var-file", filepath.Join(outside, "ok.tfvars"), "infra")
	if code != exitFindings {
		t.Errorf("--var-file outside the repository: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestModulesConfined: a module directory from .terraform/modules/
// modules.json or a ../ source leading outside the repository is refused
// by name; a ../ source inside it still works; fileexists() does not tell
// whether a path outside exists.
func TestModulesConfined(t *testing.T) {
	repo, outside := hostileRepo(t)
	write(t, filepath.Join(repo, "infra", "mods.tf"), `
module "installed" {
  source = "example.com/x/y/aws"
}

module "up" {
  source = "../../outside/mod"
}
`)
	write(t, filepath.Join(repo, "infra", ".terraform", "modules", "modules.json"),
		`{"Modules":[{"Key":"installed","Source":"example.com/x/y/aws","Dir":"`+filepath.Join(outside, "mod")+`"}]}`)
	checkRefused(t, repo, exitError, []string{"installed", "infra/mods.tf"}, "infra")

	// A monorepo: envs/prod calls ../../modules/edge, inside the
	// repository.
	mono := filepath.Join(t.TempDir(), "mono")
	mkdirs(t, filepath.Join(mono, ".git"))
	for _, f := range []string{"api.tf", "cdn.tf"} {
		copyFile(t, filepath.Join(testutil.RepoRoot(t), "examples", "broken", f), filepath.Join(mono, "modules", "edge", f))
	}
	write(t, filepath.Join(mono, "envs", "prod", "main.tf"), "module \"edge\" {\n  source = \"../../modules/edge\"\n}\n")
	code, stdout, stderr := runIn(t, filepath.Join(mono, "envs", "prod"), ".")
	if code != exitFindings || !strings.Contains(stdout, "EL003") {
		t.Errorf("../ module inside the repository: exit %d\n%s%s", code, stdout, stderr)
	}

	// fileexists on a path outside: the same answer whether it exists
	// or not.
	model := func(path string) string {
		write(t, filepath.Join(repo, "probe", "main.tf"), `
resource "aws_api_gateway_rest_api" "api" {
  name = fileexists("`+path+`") ? "exists" : "missing"
}
`)
		_, stdout, _ := runIn(t, repo, "inspect", "--format", "json", "probe")
		var v any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("inspect output: %v\n%s", err, stdout)
		}
		return stdout
	}
	for _, pair := range [][2]string{
		{filepath.Join(outside, "secret.tf"), filepath.Join(outside, "nothing.tf")},
		{"../../outside/secret.tf", "../../outside/nothing.tf"},
		{"/etc/passwd", "/etc/no-such-file-9a7"},
	} {
		if a, b := model(pair[0]), model(pair[1]); a != b {
			t.Errorf("fileexists tells %s from %s:\n%s\n%s", pair[0], pair[1], a, b)
		}
	}
}

// TestNonRegularFiles: a configuration file that is a device or a named
// pipe, and a cache file that is a named pipe, are never read: the run
// ends, with an error naming the configuration file.
func TestNonRegularFiles(t *testing.T) {
	for _, dev := range []string{"/dev/zero", "/dev/urandom", "/dev/stdin", "fifo"} {
		t.Run(filepath.Base(dev), func(t *testing.T) {
			repo, _ := hostileRepo(t)
			cfg := filepath.Join(repo, ".edgelint.yaml")
			if dev == "fifo" {
				if err := syscall.Mkfifo(cfg, 0o644); err != nil {
					t.Skip("no named pipes:", err)
				}
			} else {
				if _, err := os.Stat(dev); err != nil {
					t.Skip(err)
				}
				symlink(t, dev, cfg)
			}
			checkRefused(t, repo, exitError, []string{".edgelint.yaml"}, "infra")
		})
	}
	t.Run("cache", func(t *testing.T) {
		repo, _ := hostileRepo(t)
		cache := t.TempDir()
		if err := syscall.Mkfifo(filepath.Join(cache, "module-calls-v2.txt"), 0o644); err != nil {
			t.Skip("no named pipes:", err)
		}
		t.Setenv("EDGELINT_CACHE_DIR", cache)
		code, stdout, stderr := runIn(t, repo, "--changed-files", "infra/api.tf")
		if code != exitFindings || !strings.Contains(stdout, "EL003") {
			t.Errorf("a named pipe as the cache: exit %d\n%s%s", code, stdout, stderr)
		}
	})
}

// TestFailClosed: a file over the size cap and a named pipe named on the
// command line are input errors (exit 2) naming them; the other inputs
// are still analyzed.
func TestFailClosed(t *testing.T) {
	repo, _ := hostileRepo(t)
	huge, err := os.Create(filepath.Join(repo, "infra", "huge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: nothing is written, and nothing must be read.
	if err := huge.Truncate(64<<20 + 1); err != nil {
		t.Fatal(err)
	}
	huge.Close()
	checkRefused(t, repo, exitError, []string{"infra/huge.yaml", "EL003"}, "infra")

	repo, _ = hostileRepo(t)
	if err := syscall.Mkfifo(filepath.Join(repo, "z.tf"), 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	checkRefused(t, repo, exitError, []string{"z.tf", "EL003"}, "z.tf", "infra")
	// In a scanned directory too.
	if err := syscall.Mkfifo(filepath.Join(repo, "infra", "y.tf"), 0o644); err != nil {
		t.Fatal(err)
	}
	checkRefused(t, repo, exitError, []string{"infra/y.tf", "EL003"}, "infra")
}

// TestModuleAliasCycle: a module calling itself through a symbolic link
// (up -> .., source ./up/a) is one module: each finding is reported once.
func TestModuleAliasCycle(t *testing.T) {
	repo, _ := hostileRepo(t)
	a := filepath.Join(repo, "a")
	for _, f := range []string{"api.tf", "cdn.tf"} {
		copyFile(t, filepath.Join(repo, "infra", f), filepath.Join(a, f))
	}
	write(t, filepath.Join(a, "self.tf"), "module \"self\" {\n  source = \"./up/a\"\n}\n")
	symlink(t, "..", filepath.Join(a, "up"))
	code, stdout, stderr := runIn(t, repo, "--format", "json", "a")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	var out struct {
		Findings []struct {
			Code string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range out.Findings {
		counts[f.Code]++
	}
	if counts["EL003"] != 1 || counts["EL004"] != 1 {
		t.Errorf("findings by code %v, want each once\n%s", counts, stdout)
	}
}

// TestCLIHelper is the edgelint command when runCLI runs the test binary
// as a subprocess; otherwise it is skipped.
func TestCLIHelper(t *testing.T) {
	raw := os.Getenv("EDGELINT_CLI_HELPER_ARGS")
	if raw == "" {
		t.Skip("the command, for runCLI")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// runCLI runs edgelint with args in dir as a process of its own, with
// env added to its environment: /proc/self/environ is then that
// process's.
func runCLI(t *testing.T, dir string, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCLIHelper$")
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "EDGELINT_CLI_HELPER_ARGS="+string(raw), "EDGELINT_CACHE_DIR=off"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	timer := time.AfterFunc(20*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// TestEnvironNotPrinted: a .tf file or a config var-file leading to
// /proc/self/environ prints none of the CI job's environment.
func TestEnvironNotPrinted(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("no /proc")
	}
	const token = "EDGELINT_ENV_SECRET_81d2"
	for name, setup := range map[string]func(repo string){
		"tf": func(repo string) { symlink(t, "/proc/self/environ", filepath.Join(repo, "infra", "env.tf")) },
		"var-file": func(repo string) {
			write(t, filepath.Join(repo, ".edgelint.yaml"), "terraform:\n  var-files: [/proc/self/environ]\n")
		},
	} {
		t.Run(name, func(t *testing.T) {
			repo, _ := hostileRepo(t)
			setup(repo)
			for _, format := range []string{"text", "json", "sarif"} {
				code, stdout, stderr := runCLI(t, repo, []string{"CI_TOKEN=" + token}, "--format", format, "infra")
				if code != exitError {
					t.Errorf("%s: exit %d, want %d\n%s%s", format, code, exitError, stdout, stderr)
				}
				if strings.Contains(stdout+stderr, token) || strings.Contains(stdout+stderr, "EDGELINT_CLI_HELPER_ARGS") {
					t.Errorf("%s: the environment is printed:\n%s%s", format, stdout, stderr)
				}
			}
		})
	}
}

// TestTemplateFilesConfined: the local files a CloudFormation/SAM template
// names (an OpenAPI definition, an AWS::Include, a nested stack's
// template) are not read through a link leading outside the repository:
// the template says which one it could not read, and nothing of it is
// printed.
func TestTemplateFilesConfined(t *testing.T) {
	repo, outside := hostileRepo(t)
	secretYAML := "openapi: 3.0.1\npaths:\n  /edgelint-secret-5f1c9e:\n    get: {}\nghp_leak: [\n"
	write(t, filepath.Join(outside, "secret.yaml"), secretYAML)
	for _, n := range []string{"def.yaml", "inc.yaml", "child.yaml"} {
		symlink(t, filepath.Join(outside, "secret.yaml"), filepath.Join(repo, "stack", n))
	}
	write(t, filepath.Join(repo, "stack", "template.yaml"), `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: def.yaml
  Included:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ./inc.yaml
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child.yaml
`)
	t.Setenv("EDGELINT_CACHE_DIR", "off")
	for _, format := range []string{"text", "json", "sarif"} {
		code, stdout, stderr := runIn(t, repo, "--format", format, "stack/template.yaml")
		all := stdout + stderr
		if code != exitOK {
			t.Errorf("%s: exit %d, want %d (a template's refused file is a limit of its analysis)\n%s", format, code, exitOK, all)
		}
		if !strings.Contains(all, "child.yaml") {
			t.Errorf("%s: the output does not name child.yaml:\n%s", format, all)
		}
		for _, l := range leaks {
			if strings.Contains(all, l) {
				t.Errorf("%s: the output holds %q from outside the boundary:\n%s", format, l, all)
			}
		}
	}
	// The APIs whose definitions were refused say so in the model.
	_, stdout, stderr := runIn(t, repo, "inspect", "--format", "json", "stack/template.yaml")
	for _, n := range []string{"def.yaml", "inc.yaml"} {
		if !strings.Contains(stdout, n) {
			t.Errorf("inspect does not name %s:\n%s%s", n, stdout, stderr)
		}
	}
	for _, l := range leaks {
		if strings.Contains(stdout+stderr, l) {
			t.Errorf("inspect holds %q from outside the boundary", l)
		}
	}
}
