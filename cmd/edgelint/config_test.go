package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

// project copies examples/broken (EL003, EL004, EL005) into a temporary
// directory with the given .edgelint.yaml ("" for none) and returns the
// directory.
func project(t *testing.T, cfg string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"api.tf", "cdn.tf"} {
		copyFile(t, filepath.Join(testutil.RepoRoot(t), "examples", "broken", f), filepath.Join(dir, "infra", f))
	}
	if cfg != "" {
		if err := os.WriteFile(filepath.Join(dir, ".edgelint.yaml"), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lintIn runs edgelint with args in dir and returns the exit status and
// outputs.
func lintIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// ruleLines returns the machine lines of text output ("file:line:col:
// severity: [CODE ...").
func ruleLines(out string) []string {
	var ls []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, ": [EL") && !strings.HasPrefix(l, " ") {
			ls = append(ls, l[:strings.Index(l, "]")+1])
		}
	}
	return ls
}

func TestConfigFile(t *testing.T) {
	cases := []struct {
		name, cfg string
		args      []string
		code      int
		want      []string // machine lines, in order
		stderr    string
	}{
		{name: "no file", args: []string{"infra"}, code: 1, want: []string{
			"infra/api.tf:37:19: error: [EL003 method-requires-auth]",
			"infra/cdn.tf:19:19: error: [EL005 origin-domain-malformed]",
			"infra/cdn.tf:32:30: error: [EL004 behavior-matches-no-resource]"}},
		{name: "rule off by code, severity by name", cfg: "rules:\n  EL004: {enabled: false}\n  origin-domain-malformed: {severity: warning}\n", args: []string{"infra"}, code: 1, want: []string{
			"infra/api.tf:37:19: error: [EL003 method-requires-auth]",
			"infra/cdn.tf:19:19: warning: [EL005 origin-domain-malformed]"}},
		{name: "only warnings left pass at fail-on error", cfg: "rules:\n  EL003: {enabled: false}\n  EL004: {enabled: false}\n  EL005: {severity: warning}\n", args: []string{"infra"}, code: 0, want: []string{
			"infra/cdn.tf:19:19: warning: [EL005 origin-domain-malformed]"}},
		{name: "fail-on from the file", cfg: "fail-on: warning\nrules:\n  EL003: {enabled: false}\n  EL004: {enabled: false}\n  EL005: {severity: warning}\n", args: []string{"infra"}, code: 1, want: []string{
			"infra/cdn.tf:19:19: warning: [EL005 origin-domain-malformed]"}},
		{name: "the flag overrides fail-on", cfg: "fail-on: warning\nrules:\n  EL003: {enabled: false}\n  EL004: {enabled: false}\n  EL005: {severity: warning}\n", args: []string{"--fail-on", "error", "infra"}, code: 0, want: []string{
			"infra/cdn.tf:19:19: warning: [EL005 origin-domain-malformed]"}},
		{name: "exclude", cfg: "exclude: [\"infra/**\"]\n", args: []string{"."}, code: 0},
		{name: "found from a subdirectory's parent", cfg: "rules:\n  EL003: {enabled: false}\n  EL004: {enabled: false}\n  EL005: {enabled: false}\n", args: []string{"infra"}, code: 0},
		{name: "--no-config", cfg: "rules:\n  EL003: {enabled: false}\n", args: []string{"--no-config", "infra"}, code: 1, want: []string{
			"infra/api.tf:37:19: error: [EL003 method-requires-auth]",
			"infra/cdn.tf:19:19: error: [EL005 origin-domain-malformed]",
			"infra/cdn.tf:32:30: error: [EL004 behavior-matches-no-resource]"}},
		{name: "unknown key", cfg: "fail_on: warning\n", args: []string{"infra"}, code: 2, stderr: `.edgelint.yaml:1:1: unknown key "fail_on" (did you mean "fail-on"?)`},
		{name: "unknown rule", cfg: "rules:\n  EL099: {enabled: false}\n", args: []string{"infra"}, code: 2, stderr: `.edgelint.yaml:2:3: unknown rule "EL099"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t, c.cfg)
			code, out, errs := lintIn(t, dir, append([]string{"--no-summary", "--color", "never"}, c.args...)...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, errs)
			}
			if got := ruleLines(out); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if c.stderr != "" && !strings.Contains(errs, c.stderr) {
				t.Errorf("stderr lacks %q:\n%s", c.stderr, errs)
			}
		})
	}
}

func TestConfigFlag(t *testing.T) {
	dir := project(t, "")
	other := filepath.Join(dir, "ci.yaml")
	if err := os.WriteFile(other, []byte("rules:\n  EL003: {enabled: false}\n  EL004: {enabled: false}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := lintIn(t, dir, "--no-summary", "--config", "ci.yaml", "infra")
	if code != 1 || strings.Join(ruleLines(out), "\n") != "infra/cdn.tf:19:19: error: [EL005 origin-domain-malformed]" {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
}

// TestBaseline records today's findings, survives an edit that moves
// every line, and reports a new finding alone.
func TestBaseline(t *testing.T) {
	dir := project(t, "")
	code, _, errs := lintIn(t, dir, "--write-baseline", "edgelint-baseline.json", "infra")
	if code != 0 || !strings.Contains(errs, "wrote 3 findings to baseline edgelint-baseline.json") {
		t.Fatalf("write: exit %d: %s", code, errs)
	}
	code, out, errs := lintIn(t, dir, "--no-summary", "--baseline", "edgelint-baseline.json", "infra")
	if code != 0 || len(ruleLines(out)) != 0 {
		t.Fatalf("baseline: exit %d\n%s\n%s", code, out, errs)
	}
	// The summary says what the baseline hid.
	if _, out, _ := lintIn(t, dir, "--baseline", "edgelint-baseline.json", "infra"); !strings.Contains(out, "(3 findings hidden by the baseline)") {
		t.Errorf("summary:\n%s", out)
	}
	// Lines move: a comment block at the top of each file.
	for _, f := range []string{"api.tf", "cdn.tf"} {
		p := filepath.Join(dir, "infra", f)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append([]byte("# owned by the platform team\n# see the runbook\n\n"), b...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, _ := lintIn(t, dir, "--no-summary", "--baseline", "edgelint-baseline.json", "infra"); code != 0 || len(ruleLines(out)) != 0 {
		t.Fatalf("after moving lines: exit %d\n%s", code, out)
	}
	// A new fault: a second behavior with the same mistake.
	p := filepath.Join(dir, "infra", "cdn.tf")
	b, _ := os.ReadFile(p)
	s := strings.Replace(string(b), "  ordered_cache_behavior {", "  ordered_cache_behavior {\n    path_pattern           = \"/api/users\"\n    target_origin_id       = \"blog-api\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"4135ea2d-6df8-44a3-9df3-4b5a84be39ad\"\n  }\n\n  ordered_cache_behavior {", 1)
	if s == string(b) {
		t.Fatal("fixture changed shape")
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = lintIn(t, dir, "--no-summary", "--baseline", "edgelint-baseline.json", "infra")
	got := ruleLines(out)
	if code != 1 || len(got) != 1 || !strings.Contains(got[0], "[EL004") {
		t.Fatalf("new finding: exit %d, findings %q\n%s\n%s", code, got, out, errs)
	}
	if code, _, errs := lintIn(t, dir, "--baseline", "missing.json", "infra"); code != 2 || !strings.Contains(errs, "missing.json") {
		t.Errorf("missing baseline: exit %d: %s", code, errs)
	}
}
