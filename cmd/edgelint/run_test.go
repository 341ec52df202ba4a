package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

var fakeRules = []*rules.Rule{
	{Code: "EL900", Name: "fake-error", Severity: rules.Error, Summary: "An error rule", Doc: "# EL900 fake-error\n\nExplains errors.\n"},
	{Code: "EL901", Name: "fake-warning", Severity: rules.Warning, Summary: "A warning rule", Doc: "# EL901 fake-warning\n\nExplains warnings."},
}

func finding(sev rules.Severity) rules.Finding {
	return rules.Finding{
		Rule: "EL900", Name: "fake-" + string(sev), Severity: sev, Message: "a " + string(sev) + " finding",
		Range: model.Range{File: "main.tf", Start: model.Pos{Line: 3, Column: 5}, End: model.Pos{Line: 3, Column: 9}},
	}
}

func result(findings []rules.Finding, errs ...model.Diagnostic) *engine.Result {
	cfg := model.NewConfig(nil)
	cfg.Files = []string{"main.tf"}
	cfg.APIs = []*model.API{{ID: "api", Kind: model.REST, Source: model.Source{Address: "aws_api_gateway_rest_api.x"}}}
	return &engine.Result{Config: cfg, Findings: findings, Errors: errs}
}

var parseFailure = model.Diagnostic{Range: model.Range{File: "bad.yaml", Start: model.Pos{Line: 2, Column: 1}}, Message: "cannot parse", Severity: "error"}

// call records what the command asked the engine.
type call struct {
	paths []string
	opts  engine.Options
}

type harness struct {
	res      *engine.Result
	err      error
	env      map[string]string
	terminal bool

	calls          []call
	stdout, stderr bytes.Buffer
}

func (h *harness) run(args ...string) int {
	a := &app{
		stdout: &h.stdout, stderr: &h.stderr,
		analyze: func(_ context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
			h.calls = append(h.calls, call{paths, opts})
			return h.res, h.err
		},
		rules:  func() []*rules.Rule { return fakeRules },
		getenv: func(k string) string { return h.env[k] },
		environ: func() []string {
			var kv []string
			for k, v := range h.env {
				kv = append(kv, k+"="+v)
			}
			return kv
		},
		isTerminal: func(io.Writer) bool { return h.terminal },
	}
	return a.run(args)
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	varFile := filepath.Join(dir, "prod.tfvars")
	if err := os.WriteFile(varFile, []byte(`stage = "prod"`), 0o644); err != nil {
		t.Fatal(err)
	}
	none := result(nil)
	warn := result([]rules.Finding{finding(rules.Warning)})
	info := result([]rules.Finding{finding(rules.Info)})
	both := result([]rules.Finding{finding(rules.Error), finding(rules.Warning)})
	broken := result([]rules.Finding{finding(rules.Warning)}, parseFailure)
	limited := result(nil, model.Diagnostic{Range: model.Range{File: "main.tf"}, Message: "module not installed", Severity: "warning"})

	cases := []struct {
		name      string
		args      []string
		res       *engine.Result
		engineErr error
		env       map[string]string
		terminal  bool

		code      int
		paths     []string // nil: the engine must not run
		stdout    []string // substrings
		notStdout []string
		stderr    []string
	}{
		{name: "default path", res: none, code: 0, paths: []string{"."}, stdout: []string{"0 errors, 0 warnings, 0 info in 1 file"}},
		{name: "paths", args: []string{dir, dir}, res: none, code: 0, paths: []string{dir, dir}},
		{name: "error finding fails", args: []string{dir}, res: both, code: 1, paths: []string{dir},
			stdout: []string{"main.tf:3:5: error: [EL900 fake-error] a error finding", "main.tf:3:5: warning: [EL900 fake-warning]"}},
		{name: "warning below the default threshold", args: []string{dir}, res: warn, code: 0, paths: []string{dir},
			stdout: []string{"warning: [EL900 fake-warning] a warning finding", "0 errors, 1 warning, 0 info"}},
		{name: "fail on warning", args: []string{dir, "--fail-on", "warning"}, res: warn, code: 1, paths: []string{dir}},
		{name: "fail on warning with =", args: []string{"--fail-on=warning", dir}, res: warn, code: 1, paths: []string{dir}},
		{name: "info below warning", args: []string{"--fail-on", "warning", dir}, res: info, code: 0, paths: []string{dir}},
		{name: "fail on info", args: []string{"--fail-on", "info", dir}, res: info, code: 1, paths: []string{dir}},
		{name: "fail on error ignores warnings", args: []string{"--fail-on", "error", dir}, res: warn, code: 0, paths: []string{dir}},
		{name: "unparsable input", args: []string{dir}, res: broken, code: 2, paths: []string{dir},
			stdout: []string{"warning: [EL900 fake-warning]", "bad.yaml:2:1: error: cannot parse", "(1 input could not be parsed)"},
			stderr: []string{"edgelint: 1 input could not be read or parsed"}},
		{name: "unparsable input beats findings", args: []string{dir, "--fail-on", "info"}, res: broken, code: 2, paths: []string{dir}},
		{name: "analysis limits are not failures", args: []string{dir}, res: limited, code: 0, paths: []string{dir},
			stdout: []string{"main.tf: warning: module not installed", "(1 input only partly analyzed)"}},
		{name: "json", args: []string{dir, "--format", "json"}, res: both, code: 1, paths: []string{dir},
			stdout: []string{`"findings": [`, `"rule": "EL900"`}, notStdout: []string{"0 info in"}},
		{name: "json with input errors", args: []string{"--format=json", dir}, res: broken, code: 2, paths: []string{dir},
			stdout: []string{`"message": "cannot parse"`}},
		{name: "no summary", args: []string{dir, "--no-summary"}, res: warn, code: 0, paths: []string{dir},
			stdout: []string{"a warning finding"}, notStdout: []string{"info in"}},
		{name: "double dash ends flags", args: []string{"--format", "json", "--", "rules"}, res: none, code: 2,
			stderr: []string{"edgelint: rules: no such file or directory"}},
		{name: "single dash flags", args: []string{"-format", "json", dir}, res: none, code: 0, paths: []string{dir}, stdout: []string{`"errors": []`}},

		// Colour.
		{name: "color always", args: []string{dir, "--color", "always"}, res: both, code: 1, paths: []string{dir}, stdout: []string{"\x1b["}},
		{name: "color never on a terminal", args: []string{dir, "--color=never"}, res: both, terminal: true, code: 1, paths: []string{dir}, notStdout: []string{"\x1b["}},
		{name: "color auto on a terminal", args: []string{dir}, res: both, terminal: true, code: 1, paths: []string{dir}, stdout: []string{"\x1b["}},
		{name: "color auto on a pipe", args: []string{dir}, res: both, code: 1, paths: []string{dir}, notStdout: []string{"\x1b["}},
		{name: "NO_COLOR", args: []string{dir}, res: both, terminal: true, env: map[string]string{"NO_COLOR": "1"}, code: 1, paths: []string{dir}, notStdout: []string{"\x1b["}},
		{name: "empty NO_COLOR", args: []string{dir}, res: both, terminal: true, env: map[string]string{"NO_COLOR": ""}, code: 1, paths: []string{dir}, stdout: []string{"\x1b["}},
		{name: "always beats NO_COLOR", args: []string{dir, "--color", "always"}, res: both, env: map[string]string{"NO_COLOR": "1"}, code: 1, paths: []string{dir}, stdout: []string{"\x1b["}},
		{name: "dumb terminal", args: []string{dir}, res: both, terminal: true, env: map[string]string{"TERM": "dumb"}, code: 1, paths: []string{dir}, notStdout: []string{"\x1b["}},

		// Usage errors.
		{name: "unknown format", args: []string{"--format", "xml", dir}, code: 2, stderr: []string{`edgelint: invalid value "xml" for flag --format: want one of text, json, sarif, junit, checkstyle, github, gitlab`, "--help"}},
		{name: "sarif", args: []string{"--format", "sarif", dir}, res: both, code: 1, paths: []string{dir}, stdout: []string{`"version": "2.1.0"`, `"ruleId": "EL900"`}},
		{name: "gitlab", args: []string{"--format=gitlab", dir}, res: both, code: 1, paths: []string{dir}, stdout: []string{`"check_name": "edgelint.EL900"`, `"fingerprint": "`}},
		{name: "github", args: []string{"--format", "github", dir}, res: both, code: 1, paths: []string{dir}, stdout: []string{"::error file=main.tf,line=3"}},
		{name: "unknown fail-on", args: []string{"--fail-on", "fatal"}, code: 2, stderr: []string{"--fail-on"}},
		{name: "unknown color", args: []string{"--color", "sometimes"}, code: 2, stderr: []string{"--color"}},
		{name: "unknown flag", args: []string{dir, "--strict"}, code: 2, stderr: []string{"flag provided but not defined: --strict"}},
		{name: "flag without value", args: []string{dir, "--format"}, code: 2, stderr: []string{"flag needs an argument: --format"}},
		{name: "var without =", args: []string{"--var", "stage"}, code: 2, stderr: []string{"want NAME=VALUE"}},
		{name: "parameter without key", args: []string{"--parameter", "=x"}, code: 2, stderr: []string{"want KEY=VALUE"}},
		{name: "missing path", args: []string{dir, filepath.Join(dir, "nope")}, code: 2, stderr: []string{"nope: no such file or directory"}},
		{name: "missing var file", args: []string{dir, "--var-file", filepath.Join(dir, "nope.tfvars")}, code: 2, stderr: []string{"--var-file " + filepath.Join(dir, "nope.tfvars") + ": no such file"}},
		{name: "engine failure", args: []string{dir}, engineErr: errors.New("boom"), code: 2, paths: []string{dir}, stderr: []string{"edgelint: boom"}},

		// Help.
		{name: "-h", args: []string{"-h"}, code: 0, stdout: []string{"Usage:", "Exit status:", "--fail-on"}},
		{name: "--help after a path", args: []string{dir, "--help"}, code: 0, stdout: []string{"Usage:"}},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"Usage:"}},
		{name: "explain -h", args: []string{"explain", "-h"}, code: 0, stdout: []string{"Usage:"}},

		// Subcommands.
		{name: "rules", args: []string{"rules"}, code: 0, stdout: []string{"CODE   NAME          SEVERITY  SUMMARY", "EL900  fake-error    error     An error rule", "EL901  fake-warning  warning   A warning rule"}},
		{name: "rules json, flags first", args: []string{"--format", "json", "rules"}, code: 0, stdout: []string{`"code": "EL901"`, `"doc_url": "https://`}},
		{name: "rules with an argument", args: []string{"rules", "EL900"}, code: 2, stderr: []string{"rules takes no arguments"}},
		{name: "rules with a lint flag", args: []string{"rules", "--fail-on", "info"}, code: 2, stderr: []string{"not defined: --fail-on"}},
		{name: "explain code", args: []string{"explain", "EL900"}, code: 0, stdout: []string{"# EL900 fake-error\n\nExplains errors.\n"}},
		{name: "explain lower-case code", args: []string{"explain", "el901"}, code: 0, stdout: []string{"Explains warnings.\n"}},
		{name: "explain name", args: []string{"explain", "fake-warning"}, code: 0, stdout: []string{"# EL901 fake-warning"}},
		{name: "explain unknown", args: []string{"explain", "EL999"}, code: 2, stderr: []string{`unknown rule "EL999"; rules: EL900 fake-error, EL901 fake-warning`}},
		{name: "explain nothing", args: []string{"explain"}, code: 2, stderr: []string{"explain takes one rule code or name (EL900 fake-error, EL901 fake-warning)"}},
		{name: "version", args: []string{"version"}, code: 0, stdout: []string{"edgelint "}},
		{name: "inspect", args: []string{"inspect", dir}, res: warn, code: 0, paths: []string{dir}, stdout: []string{"REST API aws_api_gateway_rest_api.x"}, notStdout: []string{"finding"}},
		{name: "inspect default path", args: []string{"inspect"}, res: none, code: 0, paths: []string{"."}},
		{name: "inspect json", args: []string{"inspect", "--format", "json", dir}, res: none, code: 0, paths: []string{dir}, stdout: []string{`"apis": [`}},
		{name: "inspect input errors", args: []string{"inspect", dir}, res: broken, code: 2, paths: []string{dir},
			notStdout: []string{"cannot parse"}, stderr: []string{"bad.yaml:2:1: error: cannot parse", "1 input could not be read or parsed"}},
		{name: "inspect rejects lint flags", args: []string{"inspect", "--fail-on", "info", dir}, code: 2, stderr: []string{"not defined: --fail-on"}},
		{name: "inspect unknown format", args: []string{"inspect", "--format", "dot", dir}, code: 2, stderr: []string{"want one of text, json"}},
		{name: "subcommand word after a path is a path", args: []string{dir, "version"}, code: 2, stderr: []string{"version: no such file or directory"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := &harness{res: tc.res, err: tc.engineErr, env: tc.env, terminal: tc.terminal}
			code := h.run(tc.args...)
			if code != tc.code {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, h.stdout.String(), h.stderr.String())
			}
			var paths []string
			for _, c := range h.calls {
				paths = append(paths, c.paths...)
			}
			if !reflect.DeepEqual(paths, tc.paths) {
				t.Errorf("engine ran on %q, want %q", paths, tc.paths)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(h.stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, h.stdout.String())
				}
			}
			for _, s := range tc.notStdout {
				if strings.Contains(h.stdout.String(), s) {
					t.Errorf("stdout holds %q:\n%s", s, h.stdout.String())
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(h.stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, h.stderr.String())
				}
			}
			if tc.code != 2 && tc.stderr == nil && h.stderr.Len() > 0 {
				t.Errorf("unexpected stderr:\n%s", h.stderr.String())
			}
		})
	}
}

func TestEngineOptions(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.tfvars"), filepath.Join(dir, "b.tfvars")
	for _, f := range []string{a, b} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{res: result(nil)}
	code := h.run("--var-file", a, dir, "--var", "stage=prod", "--var=region=eu-west-1", "--var-file="+b,
		"--parameter", "Stage=dev", "--var", "stage=test", "--parameter", "Empty=", "--var", "expr=a=b")
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, h.stderr.String())
	}
	want := engine.Options{
		VarFiles:   []string{a, b},
		Vars:       map[string]string{"stage": "test", "region": "eu-west-1", "expr": "a=b"},
		Parameters: map[string]string{"Stage": "dev", "Empty": ""},
	}
	if len(h.calls) != 1 || !sameOptions(h.calls[0].opts, want) {
		t.Fatalf("engine options %+v, want %+v", h.calls, want)
	}

	h = &harness{res: result(nil), env: map[string]string{"TF_VAR_stage": "env", "TF_VAR_": "x", "OTHER": "y", "TF_WORKSPACE": "prod"}}
	if code := h.run(dir); code != 0 || len(h.calls) != 1 || !reflect.DeepEqual(h.calls[0].opts.EnvVars, map[string]string{"stage": "env"}) ||
		h.calls[0].opts.Workspace != "prod" {
		t.Fatalf("TF_VAR_ and TF_WORKSPACE environment: exit %d, calls %+v", code, h.calls)
	}

	h = &harness{res: result(nil)}
	if code := h.run("inspect", dir, "--var", "x=1", "--parameter", "P=2", "--var-file", a); code != 0 {
		t.Fatalf("inspect: exit status %d: %s", code, h.stderr.String())
	}
	want = engine.Options{VarFiles: []string{a}, Vars: map[string]string{"x": "1"}, Parameters: map[string]string{"P": "2"}, Model: true}
	if len(h.calls) != 1 || !sameOptions(h.calls[0].opts, want) {
		t.Fatalf("inspect engine options %+v, want %+v", h.calls, want)
	}

	h = &harness{res: result(nil)}
	if code := h.run(dir); code != 0 || h.calls[0].opts.Vars != nil || h.calls[0].opts.Parameters != nil {
		t.Fatalf("without flags: exit %d, options %+v", code, h.calls)
	}
}

func TestRulesJSON(t *testing.T) {
	h := &harness{}
	if code := h.run("rules", "--format", "json"); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	var got []map[string]string
	if err := json.Unmarshal(h.stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0]["code"] != "EL900" || got[1]["severity"] != "warning" {
		t.Fatalf("rules JSON: %v", got)
	}
}

func TestJSONOutputIsOneDocument(t *testing.T) {
	h := &harness{res: result([]rules.Finding{finding(rules.Error)}, parseFailure)}
	h.run("--format", "json", t.TempDir())
	dec := json.NewDecoder(&h.stdout)
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Fatal("more than one JSON value on stdout")
	}
}

func TestSplitArgs(t *testing.T) {
	o := &lintOptions{}
	fs := o.flagSet()
	cases := []struct {
		args              []string
		flags, positional []string
		first             int
	}{
		{nil, nil, nil, -1},
		{[]string{"a", "--format", "json", "b"}, []string{"--format", "json"}, []string{"a", "b"}, 0},
		{[]string{"--no-summary", "a"}, []string{"--no-summary"}, []string{"a"}, 1},
		{[]string{"--format=json", "--", "-x", "b"}, []string{"--format=json"}, []string{"-x", "b"}, -1},
		{[]string{"--unknown", "a"}, []string{"--unknown"}, []string{"a"}, 1},
		{[]string{"-", "a"}, nil, []string{"-", "a"}, 0},
		{[]string{"--var-file", "rules", "inspect"}, []string{"--var-file", "rules"}, []string{"inspect"}, 2},
	}
	for _, tc := range cases {
		flags, positional, first := splitArgs(fs, tc.args)
		if !reflect.DeepEqual(flags, tc.flags) || !reflect.DeepEqual(positional, tc.positional) || first != tc.first {
			t.Errorf("splitArgs(%q) = %q, %q, %d; want %q, %q, %d", tc.args, flags, positional, first, tc.flags, tc.positional, tc.first)
		}
	}
}

func TestRealWiring(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"rules"}, &stdout, &stderr); code != 0 {
		t.Fatalf("rules: exit status %d: %s", code, stderr.String())
	}
	for _, r := range rules.All() {
		if !strings.Contains(stdout.String(), r.Code+"  "+r.Name) {
			t.Errorf("rules table lacks %s %s:\n%s", r.Code, r.Name, stdout.String())
		}
	}
	if isTerminal(&stdout) {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
}

// sameOptions compares engine options field by field; the parse cache, a
// run-time structure, is left out.
func sameOptions(a, b engine.Options) bool {
	return cmp.Equal(a, b, cmpopts.IgnoreFields(engine.Options{}, "ParseCache"), cmpopts.IgnoreUnexported(engine.Options{}), cmpopts.EquateEmpty())
}

// TestOutputFileAndSummary: --output writes the report in the chosen
// format to the file, standard output stays empty, and the summary goes
// to standard error.
func TestOutputFileAndSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.sarif")
	h := &harness{res: result([]rules.Finding{finding(rules.Error)})}
	if code := h.run("--format", "sarif", "--output", out, "."); code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, h.stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil || doc["version"] != "2.1.0" {
		t.Errorf("the file is not a SARIF report (%v):\n%s", err, b)
	}
	if h.stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", h.stdout.String())
	}
	if want := "1 error, 0 warnings, 0 info in 1 file\n"; !strings.HasPrefix(h.stderr.String(), want) {
		t.Errorf("stderr %q, want the summary %q first", h.stderr.String(), want)
	}
	if !strings.Contains(h.stderr.String(), "wrote the sarif report to "+out) {
		t.Errorf("stderr %q does not name the file", h.stderr.String())
	}

	// --no-summary keeps the terminal quiet.
	h = &harness{res: result(nil)}
	if code := h.run("--format", "json", "--output", out, "--no-summary", "."); code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, h.stderr.String())
	}
	if h.stderr.Len() != 0 || h.stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q, want nothing", h.stdout.String(), h.stderr.String())
	}

	// A file that cannot be written is an error.
	h = &harness{res: result(nil)}
	if code := h.run("--output", filepath.Join(out, "x", "y"), "."); code != exitError {
		t.Errorf("unwritable --output: exit %d, want %d", code, exitError)
	}
}

// TestSuppressionWarningsHonourFailOn: a warning about a suppression
// comment fails the run at --fail-on warning, not at the default.
func TestSuppressionWarningsHonourFailOn(t *testing.T) {
	unused := model.Diagnostic{Range: model.Range{File: "main.tf", Start: model.Pos{Line: 2, Column: 3}}, Message: "unused suppression", Severity: model.SevWarning, Suppression: true}
	h := &harness{res: result(nil, unused)}
	if code := h.run("."); code != exitOK {
		t.Errorf("default --fail-on: exit %d, want 0", code)
	}
	if !strings.Contains(h.stdout.String(), "0 errors, 1 warning, 0 info in 1 file (1 problem in suppression comments)") {
		t.Errorf("summary:\n%s", h.stdout.String())
	}
	h = &harness{res: result(nil, unused)}
	if code := h.run("--fail-on", "warning", "."); code != exitFindings {
		t.Errorf("--fail-on warning: exit %d, want 1", code)
	}
	// A limit of the analysis is not a finding: it does not fail the run.
	limit := model.Diagnostic{Range: model.Range{File: "main.tf"}, Message: "module not installed", Severity: model.SevWarning}
	h = &harness{res: result(nil, limit)}
	if code := h.run("--fail-on", "warning", "."); code != exitOK {
		t.Errorf("--fail-on warning with a limit of the analysis: exit %d, want 0", code)
	}
}

// TestEnableDisable: --enable and --disable (comma-separated,
// repeatable, codes or names) turn rules on and off for one run; an
// unknown rule is a usage error with a suggestion.
func TestEnableDisable(t *testing.T) {
	h := &harness{res: result(nil)}
	if code := h.run("--disable", "EL900,fake-warning", "--no-config", "."); code != exitOK {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	cfg := h.calls[0].opts.Config
	if cfg == nil || cfg.Enabled("EL900") || cfg.Enabled("EL901") {
		t.Errorf("rules not disabled: %+v", cfg)
	}

	// On top of the configuration file: --enable turns a rule the file
	// disables back on, and the file's other settings stay.
	dir := t.TempDir()
	conf := filepath.Join(dir, "edgelint.yaml")
	if err := os.WriteFile(conf, []byte("fail-on: warning\nrules:\n  EL001: {enabled: false}\n  EL002: {enabled: false}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := realApp(io.Discard, io.Discard)
	a.analyze = func(_ context.Context, _ []string, opts engine.Options) (*engine.Result, error) {
		cfg = opts.Config
		return result(nil), nil
	}
	if code := a.run([]string{"--config", conf, "--enable", "EL001", "--disable", "el003", "--disable", "behavior-matches-no-resource", dir}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if cfg == nil || !cfg.Enabled("EL001") || cfg.Enabled("EL002") || cfg.Enabled("EL003") || cfg.Enabled("EL004") || cfg.FailOn != rules.Warning {
		t.Errorf("config after flags: %+v", cfg)
	}

	for _, c := range []struct{ args, want string }{
		{"--disable EL9000", `--disable: unknown rule "EL9000" (did you mean "EL900"?)`},
		{"--enable fake-eror", `--enable: unknown rule "fake-eror" (did you mean "fake-error"?)`},
		{"--enable EL777", "--enable: unknown rule \"EL777\" (`edgelint rules` lists the rules)"},
		{"--enable EL900 --disable fake-error", "EL900 is given to both --enable and --disable"},
		{"--disable EL900,", `--disable "EL900,": empty rule code`},
	} {
		h := &harness{res: result(nil)}
		if code := h.run(append(strings.Fields(c.args), ".")...); code != exitError {
			t.Errorf("%s: exit %d, want %d", c.args, code, exitError)
		}
		if !strings.Contains(h.stderr.String(), c.want) || len(h.calls) != 0 {
			t.Errorf("%s: stderr %q, want %q", c.args, h.stderr.String(), c.want)
		}
	}
}

// TestNothingFound: a scan that finds no module or template says so on
// standard error, and fails with --fail-on-empty or fail-on-empty: true.
func TestNothingFound(t *testing.T) {
	empty := func() *engine.Result { return &engine.Result{Config: model.NewConfig(nil)} }
	const msg = "edgelint: no Terraform module or CloudFormation template under docs\n"
	t.Chdir(t.TempDir())
	if err := os.Mkdir("docs", 0o755); err != nil {
		t.Fatal(err)
	}
	h := &harness{res: empty()}
	if code := h.run("--no-config", "docs"); code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
	if h.stderr.String() != msg {
		t.Errorf("stderr %q, want %q", h.stderr.String(), msg)
	}
	h = &harness{res: empty()}
	if code := h.run("--no-config", "--fail-on-empty", "docs"); code != exitFindings {
		t.Errorf("--fail-on-empty: exit %d, want 1", code)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "edgelint.yaml")
	if err := os.WriteFile(conf, []byte("fail-on-empty: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h = &harness{res: empty()}
	if code := h.run("--config", conf, dir); code != exitFindings {
		t.Errorf("fail-on-empty: true: exit %d, want 1; stderr %s", code, h.stderr.String())
	}
	// Something found: quiet, whatever the flag.
	h = &harness{res: result(nil)}
	if code := h.run("--no-config", "--fail-on-empty", "."); code != exitOK || h.stderr.Len() != 0 {
		t.Errorf("exit %d, stderr %q", code, h.stderr.String())
	}
	// An unparsable input is something found.
	h = &harness{res: &engine.Result{Config: model.NewConfig(nil), Errors: model.Diagnostics{parseFailure}}}
	h.run("--no-config", "--fail-on-empty", ".")
	if strings.Contains(h.stderr.String(), "no Terraform module") {
		t.Errorf("stderr %q", h.stderr.String())
	}
	// Changed files outside every unit are a normal commit.
	h = &harness{res: empty()}
	if code := h.run("--no-config", "--changed-files", "--fail-on-empty", "README.md"); code != exitOK || h.stderr.Len() != 0 {
		t.Errorf("--changed-files: exit %d, stderr %q", code, h.stderr.String())
	}
}

// TestUsageListsEveryFlag: the help text and the README name every flag
// of the analysis.
func TestUsageListsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	o := &lintOptions{}
	o.flagSet().VisitAll(func(f *flag.Flag) {
		if !strings.Contains(usage, "--"+f.Name) {
			t.Errorf("edgelint help does not name --%s", f.Name)
		}
		if !strings.Contains(string(readme), "`--"+f.Name) {
			t.Errorf("README.md does not name --%s", f.Name)
		}
	})
}
