package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/report"
)

// The items of the hostile-input suite, one test each, numbered as in
// testdata/hostile/README.md. Items 4 and 5 (nesting depth and the size of
// values in HCL evaluation) are in hostileeval_test.go.

// normalTree adds examples/broken, the ordinary configuration whose
// finding every run must still report, under dir/name.
func normalTree(t *testing.T, dir, name string) {
	t.Helper()
	for _, f := range []string{"api.tf", "cdn.tf"} {
		copyFile(t, filepath.Join(testutil.RepoRoot(t), "examples", "broken", f), filepath.Join(dir, name, f))
	}
}

// Item 1: a .tf, .tf.json, .tfvars or override file that is a link leading
// outside the repository (another file, /proc/self/environ) is refused by
// name in a scan, with --changed-files and by inspect, in every format.
func TestHostile01SymlinkOutside(t *testing.T) {
	repo, outside := hostileRepo(t)
	links := map[string]string{
		"infra/leak.tf":          filepath.Join(outside, "secret.tf"),
		"infra/leak.tf.json":     filepath.Join(outside, "secret.tf"),
		"infra/prod.auto.tfvars": filepath.Join(outside, "secret.tfvars"),
		"infra/terraform.tfvars": filepath.Join(outside, "secret.tfvars"),
		"infra/leak_override.tf": "../../outside/secret.tf",
		"infra/passwd.tf":        "/etc/passwd",
	}
	if hasProc(t) {
		links["infra/env.tf"] = "/proc/self/environ"
	}
	var names []string
	for link, target := range links {
		symlink(t, target, filepath.Join(repo, link))
		names = append(names, link)
	}
	passwd := leaks
	if b, err := os.ReadFile("/etc/passwd"); err == nil && strings.HasPrefix(string(b), "root:") {
		passwd = append(passwd[:len(passwd):len(passwd)], "root:x:0:0", "root:*:0:0")
	}
	c := hostileCmd{dir: repo, env: []string{secretEnv}}
	c.inEveryFormat(t, expect{code: exitError, names: names, normal: true, leaks: passwd}, "infra")
	c.inEveryFormat(t, expect{code: exitError, names: []string{"infra/leak.tf"}, leaks: passwd}, "--changed-files", "infra/leak.tf")
	r := c.run(t, "inspect", "--format", "json", "infra")
	expect{code: exitError, names: []string{"infra/leak.tf", "infra/env.tf"}, leaks: passwd}.check(t, "inspect", r)
}

// Item 2: the var-files of the repository's .edgelint.yaml may not lead
// outside it: absolute, ../, through a link, /proc/self/environ.
func TestHostile02ConfigVarFiles(t *testing.T) {
	for name, item := range map[string]string{
		"absolute": "OUTSIDE/secret.tfvars",
		"dotdot":   "../outside/secret.tfvars",
		"link":     "infra/linked.tfvars",
		"environ":  "/proc/self/environ",
	} {
		t.Run(name, func(t *testing.T) {
			if name == "environ" && !hasProc(t) {
				t.Skip("no /proc")
			}
			repo, outside := hostileRepo(t)
			symlink(t, filepath.Join(outside, "secret.tfvars"), filepath.Join(repo, "infra", "linked.tfvars"))
			item = strings.ReplaceAll(item, "OUTSIDE", outside)
			write(t, filepath.Join(repo, ".edgelint.yaml"), "terraform:\n  var-files: ["+item+"]\n")
			// The configuration is the run's: its error ends the run
			// before any analysis.
			hostileCmd{dir: repo, env: []string{secretEnv}}.inEveryFormat(t,
				expect{code: exitError, names: []string{".edgelint.yaml", item}, leaks: leaks}, "infra")
		})
	}
}

// Item 3: module directories from .terraform/modules/modules.json and ../
// module sources leading outside the repository are refused by name; a
// ../ source inside it works; fileexists() tells nothing of outside paths.
func TestHostile03ModulesOutside(t *testing.T) {
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
	c := hostileCmd{dir: repo, env: []string{secretEnv}}
	c.inEveryFormat(t, expect{code: exitError, names: []string{"infra/mods.tf", "installed"}, normal: true, leaks: leaks}, "infra")

	// A monorepo scanned at envs/prod calling ../../modules/edge.
	mono := filepath.Join(t.TempDir(), "mono")
	mkdirs(t, filepath.Join(mono, ".git"))
	normalTree(t, mono, "modules/edge")
	write(t, filepath.Join(mono, "envs", "prod", "main.tf"), "module \"edge\" {\n  source = \"../../modules/edge\"\n}\n")
	r := hostileCmd{dir: filepath.Join(mono, "envs", "prod")}.run(t, ".")
	expect{code: exitFindings, normal: true}.check(t, "../ module inside the repository", r)

	// fileexists on outside paths: the same model whether they exist or
	// not.
	inspect := func(path string) string {
		write(t, filepath.Join(repo, "probe", "main.tf"), "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = fileexists(\""+path+"\") ? \"exists\" : \"missing\"\n}\n")
		return c.run(t, "inspect", "--format", "json", "probe").stdout
	}
	for _, pair := range [][2]string{
		{filepath.Join(outside, "secret.tf"), filepath.Join(outside, "nothing.tf")},
		{"../../outside/secret.tf", "../../outside/nothing.tf"},
		{"/etc/passwd", "/etc/no-such-file-9a7"},
	} {
		if a, b := inspect(pair[0]), inspect(pair[1]); a != b || a == "" {
			t.Errorf("fileexists tells %s from %s:\n%s\n%s", pair[0], pair[1], a, b)
		}
	}
}

// fanOutTemplates writes levels templates of about size bytes into dir:
// level i declares an API, fills up to size with queues, and includes level
// i+1 fanOut times as nested stacks. Read whole, level 0 would be
// fanOut^(levels-1) stack instances.
func fanOutTemplates(t *testing.T, dir string, levels, fanOut, size int) {
	t.Helper()
	for i := range levels {
		var b strings.Builder
		b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n")
		for j := 0; i+1 < levels && j < fanOut; j++ {
			fmt.Fprintf(&b, "  S%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: level%d.yaml\n      Parameters:\n        Parent: !Ref Api\n", j, i+1)
		}
		for q := 0; b.Len() < size; q++ {
			fmt.Fprintf(&b, "  Queue%d:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub \"${AWS::StackName}-q%d\"\n", q, q)
		}
		b.WriteString("Outputs:\n  Host:\n    Value: !Sub \"${Api}.execute-api.${AWS::Region}.amazonaws.com\"\n")
		write(t, filepath.Join(dir, fmt.Sprintf("level%d.yaml", i)), b.String())
	}
}

// Item 6: nine 7 KB templates, each including the next six times, would be
// 6^8 stack instances: the unit stops at the cap with one warning naming
// the stack where it was hit.
func TestHostile06NestedStacks(t *testing.T) {
	dir := t.TempDir()
	normalTree(t, dir, "infra")
	fanOutTemplates(t, filepath.Join(dir, "stacks"), 9, 6, 7<<10)
	hostileCmd{dir: dir}.inEveryFormat(t,
		expect{code: exitFindings, names: []string{"stacks/level", "1024 stack instances"}, normal: true}, ".")
}

// Item 7: a configuration file that is a device or a named pipe, and a
// cache that is one, are never read: the run ends, naming the
// configuration file.
func TestHostile07NonRegularFiles(t *testing.T) {
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
			// Standard input is a pipe that stays open: read, it would
			// block for ever.
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			defer w.Close()
			hostileCmd{dir: repo, stdin: r}.inEveryFormat(t, expect{code: exitError, names: []string{".edgelint.yaml"}}, "infra")
		})
	}
	t.Run("cache", func(t *testing.T) {
		for _, kind := range []string{"fifo", "/dev/zero"} {
			repo, _ := hostileRepo(t)
			cache := t.TempDir()
			for _, name := range []string{"module-calls-v1.json", "module-calls-v2.txt", "module-calls-v3.txt", "module-calls-v4.txt"} {
				p := filepath.Join(cache, name)
				if kind == "fifo" {
					if err := syscall.Mkfifo(p, 0o644); err != nil {
						t.Skip("no named pipes:", err)
					}
				} else {
					symlink(t, kind, p)
				}
			}
			r := hostileCmd{dir: repo, env: []string{"EDGELINT_CACHE_DIR=" + cache}}.run(t, "--changed-files", "infra/api.tf")
			expect{code: exitFindings, normal: true}.check(t, "a cache that is a "+kind, r)
		}
	})
}

// wideMethodIDs lists, each after a comma, the IDs of behaviorsTF's n
// numbered methods, which its deployment's triggers read.
func wideMethodIDs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, ", aws_api_gateway_method.r%d.id", i)
	}
	return b.String()
}

// behaviorsTF returns a Terraform module: a REST API with a {proxy+}
// resource whose GET authorization is auth, n resources /r{i}, a root
// method and a deployment that follows them all, and a distribution whose
// behaviors have the given patterns, in front of it, forwarding no
// Authorization header.
func behaviorsTF(patterns []string, n int, auth string) string {
	var b strings.Builder
	b.WriteString(`resource "aws_api_gateway_rest_api" "api" {
  name = "wide"
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_method" "proxy" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.proxy.id
  http_method   = "GET"
  authorization = "` + auth + `"
}

resource "aws_api_gateway_method" "root" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
`)
	for i := range n {
		fmt.Fprintf(&b, `
resource "aws_api_gateway_resource" "r%d" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "r%d"
}

resource "aws_api_gateway_method" "r%d" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.r%d.id
  http_method   = "GET"
  authorization = "%s"
}
`, i, i, i, i, auth)
	}
	b.WriteString(`
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers    = { redeployment = sha1(jsonencode([aws_api_gateway_method.proxy.id, aws_api_gateway_method.root.id` + wideMethodIDs(n) + `])) }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "prod"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    origin_id   = "api"
    domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
    origin_path = "/prod"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
`)
	behavior := func(pattern string) {
		fmt.Fprintf(&b, `
  ordered_cache_behavior {
    path_pattern           = %q
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }
`, pattern)
	}
	for _, p := range patterns {
		behavior(p)
	}
	b.WriteString(`
  default_cache_behavior {
    target_origin_id         = "api"
    viewer_protocol_policy   = "https-only"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`)
	return b.String()
}

// Item 8: distributions whose path questions are costly (the shapes of
// rules/bounds_test.go, as real configurations) are decided within the
// targets, or reported as too complex to decide.
func TestHostile08ManyBehaviors(t *testing.T) {
	simple := make([]string, 10000)
	for k := range simple {
		simple[k] = fmt.Sprintf("/s%d/*", k)
	}
	stars := make([]string, 10000)
	for k := range stars {
		stars[k] = "/" + strings.Repeat("*a", 1+k%60) + "*b" + fmt.Sprint(k/60)
	}
	for _, c := range []struct {
		name     string
		patterns []string
		auth     string
		cpu      time.Duration // the speed target, in CPU time (logged)
		note     string
	}{
		// 10,000 behaviors < 2 s; any distribution < 5 s.
		{"simple", simple, "NONE", 2 * time.Second, ""},
		{"random", randomPatterns(500), "NONE", 5 * time.Second, ""},
		{"stars", stars, "AWS_IAM", 5 * time.Second, "too complex to decide whether behavior"},
		// The first-match question of testdata/rules/tf-el003-too-complex:
		// a subset construction over 2^20 states.
		{"subsets", []string{"*a????????????????????", strings.Repeat("*a", 20) + "*"}, "AWS_IAM", 5 * time.Second, "too complex to decide whether behavior"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			normalTree(t, dir, "infra")
			write(t, filepath.Join(dir, "wide", "main.tf"), behaviorsTF(c.patterns, 100, c.auth))
			r := hostileCmd{dir: dir}.run(t, "--format", "json", ".")
			want := expect{code: exitFindings, normal: true}
			if c.note != "" {
				want.names = []string{c.note}
			}
			want.check(t, c.name, r)
			// The suite bounds the run (the launcher's CPU limit and
			// deadline); the speed targets themselves are measured by
			// rules' BenchmarkManyBehaviors, not asserted by a timed test.
			t.Logf("%s: %v CPU (target %v)", c.name, r.cpu, c.cpu)
		})
	}
}

// randomPatterns returns n random patterns of wildcards, letters and
// digits, with a fixed seed (as rules/bounds_test.go).
func randomPatterns(n int) []string {
	const alphabet = "sr0123456789/*?*?"
	x := uint64(7*1_000_003 + n)
	next := func(m int) int {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return int(x % uint64(m))
	}
	ps := make([]string, n)
	for k := range ps {
		var b strings.Builder
		b.WriteByte('/')
		for range 2 + next(11) {
			b.WriteByte(alphabet[next(len(alphabet))])
		}
		ps[k] = b.String()
	}
	return ps
}

// Item 9: a rule and an assembly that panic (the build tagged
// edgelint_panicprobe, engine/panicprobe.go) are internal errors naming the
// rule and the file; the other components are analyzed.
func TestHostile09Panics(t *testing.T) {
	bin := edgelintBinary(t, probeTag)
	dir := t.TempDir()
	normalTree(t, dir, "infra")
	probeTree(t, dir)
	hostileCmd{bin: bin, dir: dir}.inEveryFormat(t, expect{code: exitError, normal: true, names: []string{
		"internal error in rule EL999 (panic-probe)", "rule/", "internal error in the assembly of the model", "asm/edgelint-panic-assembly.yaml",
	}}, ".")
}

// probeTree writes, under dir, a module whose component makes the probe
// rule panic (rule/) and a template whose assembly panics (asm/).
func probeTree(t *testing.T, dir string) {
	t.Helper()
	root := testutil.RepoRoot(t)
	copyFile(t, filepath.Join(root, "examples", "broken", "api.tf"), filepath.Join(dir, "rule", "api.tf"))
	copyFile(t, filepath.Join(root, "examples", "broken", "cdn.tf"), filepath.Join(dir, "rule", "edgelint-panic-rule.tf"))
	copyFile(t, filepath.Join(root, "testdata", "rules", "cfn-seed-api-prefix", "template.yaml"), filepath.Join(dir, "asm", "edgelint-panic-assembly.yaml"))
}

// Item 10: what the input holds (workflow commands, escape sequences, bidi
// overrides, line breaks in values, comments and file names) reaches no
// output raw, in every format, with and without GitHub Actions; nor do
// usage errors echo it raw.
func TestHostile10Injection(t *testing.T) {
	dir := hostileTree(t)
	normalTree(t, dir, "normal")
	// A value a function call decodes to the payload and a byte that is
	// not UTF-8: the call fails, and its error (and anything a library
	// logs of it) must not print the bytes raw.
	write(t, filepath.Join(dir, "decoded", "main.tf"), "resource \"aws_api_gateway_rest_api\" \"x\" {\n  name = base64decode(\""+
		base64.StdEncoding.EncodeToString([]byte(payload+"\xff"))+"\")\n}\n")
	for _, format := range report.Formats() {
		for _, gha := range []bool{false, true} {
			env := []string{"GITHUB_ACTIONS="}
			if gha {
				env = []string{"GITHUB_ACTIONS=true"}
			}
			r := hostileCmd{dir: dir, env: env}.run(t, "--format", format, ".")
			expect{code: exitError, normal: true, names: []string{"EL004", "lead.yaml", "main.tf", "tf/cdn"}}.check(t, format, r)
			checkNoRawControls(t, r.stdout+r.stderr)
			checkNoCommands(t, format, gha, r.stdout, true)
			checkNoCommands(t, format, gha, r.stderr, false)
		}
	}
	for _, args := range [][]string{
		{"/nonexistent" + payload},
		{"--var-file", "/nonexistent" + payload, "."},
		{"--" + payload},
		{"explain", "EL" + payload},
	} {
		r := hostileCmd{dir: dir}.run(t, args...)
		if r.code != exitError {
			t.Errorf("%q: exit %d, want %d", args, r.code, exitError)
		}
		checkNoRawControls(t, r.stdout+r.stderr)
		checkNoCommands(t, report.FormatText, false, r.stderr, false)
	}
}

// Item 11: inputs that cannot be read are input errors naming the file,
// never silence: a template with a NUL byte or a byte that is not UTF-8 in
// a comment, a file over 64 MiB, a named pipe on the command line, a plan
// cut short.
func TestHostile11FailClosed(t *testing.T) {
	dir := t.TempDir()
	normalTree(t, dir, "infra")
	tpl := "AWSTemplateFormatVersion: '2010-09-09'\n# a comment %s\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n"
	write(t, filepath.Join(dir, "nul.yaml"), fmt.Sprintf(tpl, "\x00"))
	write(t, filepath.Join(dir, "latin1.yaml"), fmt.Sprintf(tpl, "caf\xe9"))
	write(t, filepath.Join(dir, "plan.json"), `{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{"resources":[{"address":"aws_api_gateway_rest_api.api","mode":"managed","type":"aws_api_gateway_rest_api","name":"api","values":{"name":"cut`)
	huge, err := os.Create(filepath.Join(dir, "huge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: nothing is written, and nothing must be read.
	if err := huge.Truncate(64<<20 + 1); err != nil {
		t.Fatal(err)
	}
	huge.Close()
	names := []string{"nul.yaml", "latin1.yaml", "plan.json", "huge.yaml"}
	args := []string{"."}
	if err := syscall.Mkfifo(filepath.Join(dir, "z.tf"), 0o644); err == nil {
		names = append(names, "z.tf")
		args = []string{"z.tf", "."}
	}
	hostileCmd{dir: dir}.inEveryFormat(t, expect{code: exitError, names: names, normal: true}, args...)
}

// Item 12: a damaged cache (bits flipped, cut short, garbage) gives the
// findings of a run without the cache.
func TestHostile12CorruptCache(t *testing.T) {
	git := testutil.Tool(t, "git", "")
	dir := t.TempDir()
	normalTree(t, dir, "infra")
	normalTree(t, dir, "other")
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q")
	// The index vouches for a file only when it is not racily clean: the
	// files are older than the index.
	old := time.Now().Add(-time.Hour)
	for _, f := range []string{"infra/api.tf", "infra/cdn.tf", "other/api.tf", "other/cdn.tf"} {
		if err := os.Chtimes(filepath.Join(dir, f), old, old); err != nil {
			t.Fatal(err)
		}
	}
	gitIn("add", "-A")
	args := []string{"--format", "json", "--changed-files", "infra/api.tf", "other/cdn.tf"}
	want := hostileCmd{dir: dir}.run(t, args...)
	expect{code: exitFindings, normal: true}.check(t, "without a cache", want)
	cache := t.TempDir()
	c := hostileCmd{dir: dir, env: []string{"EDGELINT_CACHE_DIR=" + cache}}
	for range 2 {
		expect{code: exitFindings, normal: true}.check(t, "filling the cache", c.run(t, args...))
	}
	files, _ := filepath.Glob(filepath.Join(cache, "module-calls-*"))
	if len(files) != 1 {
		t.Fatalf("cache files %q, want one", files)
	}
	good := mustRead(t, files[0])
	lines := strings.SplitAfter(good, "\n")
	if len(lines) < 3 {
		t.Fatalf("the cache holds no entry:\n%s", good)
	}
	flip := func(at func(line string) int) string {
		out := lines[0]
		for _, l := range lines[1:] {
			if i := at(l); i >= 0 && i < len(l) && l[i] != '\n' {
				l = l[:i] + string(l[i]^1) + l[i+1:]
			}
			out += l
		}
		return out
	}
	garbage := make([]byte, len(good))
	for i := range garbage {
		garbage[i] = byte(i*131 + 7)
	}
	for name, content := range map[string]string{
		"last value bit":  flip(func(l string) int { return len(l) - 2 }),
		"middle bit":      flip(func(l string) int { return len(l) / 2 }),
		"key bit":         flip(func(string) int { return 3 }),
		"cut short":       good[:len(good)/2],
		"garbage entries": lines[0] + string(garbage),
		"garbage":         string(garbage),
	} {
		if err := os.WriteFile(files[0], []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		got := c.run(t, args...)
		if got.code != want.code || got.stdout != want.stdout {
			t.Errorf("cache %s: exit %d, want %d; findings:\n%s\nwant:\n%s", name, got.code, want.code, got.stdout, want.stdout)
		}
	}
}

// Item 13: a module calling itself through a link (a/up -> .., source
// ./up/a) is one module: each finding once, in every format.
func TestHostile13ModuleAliasCycle(t *testing.T) {
	dir := t.TempDir()
	mkdirs(t, filepath.Join(dir, ".git"))
	normalTree(t, dir, "a")
	write(t, filepath.Join(dir, "a", "self.tf"), "module \"self\" {\n  source = \"./up/a\"\n}\n")
	symlink(t, "..", filepath.Join(dir, "a", "up"))
	c := hostileCmd{dir: dir}
	c.inEveryFormat(t, expect{code: exitFindings, normal: true}, "a")
	r := c.run(t, "--format", "json", "a")
	var out struct {
		Findings []struct {
			Code string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range out.Findings {
		counts[f.Code]++
	}
	if counts["EL003"] != 1 || counts["EL004"] != 1 {
		t.Errorf("findings by code %v, want EL003 and EL004 once each\n%s", counts, r)
	}
}

// Item 14: path patterns and origin paths that are not UTF-8 (made by
// base64decode and by raw bytes in a string) are unknown to the path
// matcher: no crash, no finding guessed from them.
func TestHostile14InvalidUTF8Paths(t *testing.T) {
	dir := t.TempDir()
	normalTree(t, dir, "infra")
	src := behaviorsTF([]string{"/s0/*", "PATTERN"}, 2, "NONE")
	write(t, filepath.Join(dir, "decoded", "main.tf"), strings.Replace(src, `"PATTERN"`, `"0/${base64decode("zA==")}"`, 1))
	write(t, filepath.Join(dir, "origin", "main.tf"), strings.Replace(strings.Replace(src, `"PATTERN"`, `"/r1"`, 1),
		`origin_path = "/prod"`, `origin_path = "/prod${base64decode("pg==")}"`, 1))
	write(t, filepath.Join(dir, "raw", "main.tf"), strings.Replace(src, `"PATTERN"`, "\"/r1\xa6\"", 1))
	r := hostileCmd{dir: dir}.run(t, "--format", "json", ".")
	if !strings.Contains(r.stdout, normalFinding) {
		t.Errorf("the ordinary configuration's finding is not reported\n%s", r)
	}
	if r.code != exitFindings && r.code != exitError {
		t.Errorf("exit %d\n%s", r.code, r)
	}
	var out struct {
		Findings []struct {
			File    string `json:"file"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	for _, f := range out.Findings {
		if !strings.HasPrefix(f.File, "infra") {
			t.Errorf("finding on a configuration that has none to give: %s", f.Message)
		}
	}
}

// lspClient speaks JSON-RPC with the LSP framing to a language server
// process.
type lspClient struct {
	t    *testing.T
	in   io.WriteCloser
	msgs chan lspMessage
	next int
}

type lspMessage struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
}

// startLSP starts `edgelint lsp` and reads its messages.
func startLSP(t *testing.T, c hostileCmd) (*lspClient, *hostileProc) {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c.stdin = inR
	p := c.start(t, outW, "lsp")
	inR.Close()
	outW.Close()
	cl := &lspClient{t: t, in: inW, msgs: make(chan lspMessage, 1024)}
	go func() {
		defer close(cl.msgs)
		defer outR.Close()
		br := bufio.NewReader(outR)
		for {
			n := -1
			for {
				line, err := br.ReadString('\n')
				if err != nil {
					return
				}
				line = strings.TrimRight(line, "\r\n")
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
					n, _ = strconv.Atoi(v)
				}
			}
			if n < 0 {
				return
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(br, body); err != nil {
				return
			}
			var m lspMessage
			if json.Unmarshal(body, &m) == nil {
				cl.msgs <- m
			}
		}
	}()
	return cl, p
}

func (c *lspClient) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(b), b); err != nil {
		c.t.Fatal(err)
	}
}

// request sends a request and returns its id.
func (c *lspClient) request(method string, params any) int {
	c.t.Helper()
	c.next++
	c.send(map[string]any{"jsonrpc": "2.0", "id": c.next, "method": method, "params": params})
	return c.next
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// await returns the first message ok accepts, failing the test when the
// server ends or is silent for the deadline.
func (c *lspClient) await(what string, ok func(lspMessage) bool) lspMessage {
	c.t.Helper()
	timeout := time.After(hostileDeadline)
	var seen []string
	for {
		select {
		case m, open := <-c.msgs:
			if !open {
				c.t.Fatalf("the language server ended before %s; it sent:\n%s", what, strings.Join(seen, "\n"))
			}
			if ok(m) {
				return m
			}
			seen = append(seen, clip(m.Method+" "+string(m.Params)+string(m.Result)+string(m.Error)))
		case <-timeout:
			c.t.Fatalf("no %s within %v; the server sent:\n%s", what, hostileDeadline, strings.Join(seen, "\n"))
		}
	}
}

// diagnostics awaits diagnostics published for path whose messages hold
// want.
func (c *lspClient) diagnostics(path, want string) {
	c.t.Helper()
	uri := "file://" + path
	c.await("diagnostics on "+path+" holding "+want, func(m lspMessage) bool {
		return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), `"uri":"`+uri+`"`) &&
			strings.Contains(string(m.Params), want)
	})
}

func (c *lspClient) open(path, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": "file://" + path, "languageId": "terraform", "version": 1, "text": text,
	}})
}

// shutdown asks the server to end, and closes its input.
func (c *lspClient) shutdown() {
	c.t.Helper()
	id := c.request("shutdown", nil)
	c.await("the shutdown response", func(m lspMessage) bool { return m.ID != nil && *m.ID == id })
	c.notify("exit", nil)
	c.in.Close()
}

// Item 9, in the language server: a rule that panics (the probe build)
// gives an internal error and the server goes on analyzing; a document
// over the size cap sent by didOpen gets a diagnostic, not an analysis.
func TestHostile09LanguageServer(t *testing.T) {
	bin := edgelintBinary(t, probeTag)
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mkdirs(t, filepath.Join(dir, ".git"))
	normalTree(t, dir, "infra")
	probeTree(t, dir)
	cl, p := startLSP(t, hostileCmd{bin: bin, dir: dir})
	cl.request("initialize", map[string]any{"processId": nil, "rootUri": "file://" + dir, "capabilities": map[string]any{}})
	cl.await("the initialize response", func(m lspMessage) bool { return m.ID != nil && *m.ID == 1 })
	cl.notify("initialized", map[string]any{})

	rule := filepath.Join(dir, "rule", "edgelint-panic-rule.tf")
	cl.open(rule, mustRead(t, rule))
	cl.diagnostics(rule, "internal error in rule EL999 (panic-probe)")
	asm := filepath.Join(dir, "asm", "edgelint-panic-assembly.yaml")
	cl.open(asm, mustRead(t, asm))
	cl.diagnostics(asm, "internal error in the assembly of the model")
	// The server lives on and analyzes the other files.
	api := filepath.Join(dir, "infra", "api.tf")
	cl.open(api, mustRead(t, api))
	cl.diagnostics(api, "EL003")

	// 64 MiB and a byte more: a diagnostic says it is not analyzed.
	cdn := filepath.Join(dir, "infra", "cdn.tf")
	src := mustRead(t, cdn)
	big := src + "\n#" + strings.Repeat("x", 64<<20-len(src)) + "\n"
	cl.open(cdn, big)
	cl.diagnostics(cdn, "not analyzed: the document is larger than 64 MiB")
	cl.shutdown()
	r := p.wait()
	if r.code != exitOK {
		t.Errorf("exit %d after shutdown and exit\n%s", r.code, r)
	}
}

// Malformed traffic ends the language server's connection without a
// crash or an allocation of what the header claims: a Content-Length
// over the limit, a header that is not one, a body that is not JSON.
func TestHostile09LanguageServerFraming(t *testing.T) {
	for _, c := range []struct{ name, traffic, stderr string }{
		{"huge-length", "Content-Length: 1099511627776\r\n\r\n{", "exceeds the limit of 268435456 bytes"},
		{"bad-header", "Content-Type: x\r\nnot a header\r\n\r\n{}", "invalid header line"},
		{"negative", "Content-Length: -5\r\n\r\n{}", "invalid Content-Length"},
		{"binary-header", "Content-Length: 2\x00\xff\r\n\r\n{}", "invalid Content-Length"},
		{"not-json", "Content-Length: 9\r\n\r\n{\"id\":1,]", ""},
		{"deep-json", fmt.Sprintf("Content-Length: %d\r\n\r\n%s", 200000, strings.Repeat("[", 200000)), ""},
	} {
		name, traffic := c.name, c.traffic
		t.Run(strings.ReplaceAll(name, " ", "-"), func(t *testing.T) {
			dir := t.TempDir()
			normalTree(t, dir, "infra")
			cl, p := startLSP(t, hostileCmd{dir: dir})
			if _, err := io.WriteString(cl.in, traffic); err != nil {
				t.Fatal(err)
			}
			cl.in.Close()
			// The input ends without exit: the status is 1 (LSP).
			r := p.wait()
			if r.code != 1 || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("exit %d, want 1 and an error holding %q\n%s", r.code, c.stderr, r)
			}
			checkNoRawControls(t, r.stdout+r.stderr)
		})
	}
}
