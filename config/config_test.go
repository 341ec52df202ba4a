package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFull(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "env", "prod.tfvars"), "stage = \"prod\"\n")
	path := filepath.Join(dir, ".edgelint.yaml")
	writeFile(t, path, `# project settings
fail-on: warning
fail-on-empty: true
exclude: ["examples/**", "./vendor/", "**/*.generated.yaml"]
rules:
  EL001: {enabled: false}
  method-requires-auth: {severity: warning}
  el005:
    enabled: true
    severity: info
terraform:
  var-files: [env/prod.tfvars]
  vars: {stage: prod, replicas: 3, debug: false}
cloudformation:
  parameters:
    StageName: prod
`)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != path || c.Dir != dir {
		t.Errorf("Path, Dir = %q, %q", c.Path, c.Dir)
	}
	if c.FailOn != rules.Warning {
		t.Errorf("FailOn = %q", c.FailOn)
	}
	if !c.FailOnEmpty {
		t.Error("FailOnEmpty = false")
	}
	if want := []string{"examples/**", "vendor", "**/*.generated.yaml"}; !reflect.DeepEqual(c.Excludes, want) {
		t.Errorf("Excludes = %q, want %q", c.Excludes, want)
	}
	wantRules := map[string]RuleSetting{
		"EL001": {Disabled: true},
		"EL003": {Severity: rules.Warning},
		"EL005": {Severity: rules.Info},
	}
	if !reflect.DeepEqual(c.Rules, wantRules) {
		t.Errorf("Rules = %+v, want %+v", c.Rules, wantRules)
	}
	if want := []string{filepath.Join(dir, "env", "prod.tfvars")}; !reflect.DeepEqual(c.Terraform.VarFiles, want) {
		t.Errorf("VarFiles = %q, want %q", c.Terraform.VarFiles, want)
	}
	if want := map[string]string{"stage": "prod", "replicas": "3", "debug": "false"}; !reflect.DeepEqual(c.Terraform.Vars, want) {
		t.Errorf("Vars = %q", c.Terraform.Vars)
	}
	if want := map[string]string{"StageName": "prod"}; !reflect.DeepEqual(c.CloudFormation.Parameters, want) {
		t.Errorf("Parameters = %q", c.CloudFormation.Parameters)
	}
	if c.Enabled("EL001") || !c.Enabled("EL002") || !c.Enabled("EL005") {
		t.Error("Enabled is wrong")
	}
	if got := c.Severity("EL003", rules.Error); got != rules.Warning {
		t.Errorf("Severity(EL003) = %q", got)
	}
	if got := c.Severity("EL002", rules.Error); got != rules.Error {
		t.Errorf("Severity(EL002) = %q", got)
	}
}

func TestEmptyIsDefault(t *testing.T) {
	for _, src := range []string{"", "\n", "# only a comment\n", "---\n", "~\n"} {
		c, err := Parse(".edgelint.yaml", []byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if c.FailOn != "" || c.Excludes != nil || c.Rules != nil || c.Terraform.VarFiles != nil {
			t.Errorf("%q: not the defaults: %+v", src, c)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // every error, in order
	}{
		{"unknown rule", "fail-on: error\nrules:\n  EL001: {enabled: false}\n  EL099: {enabled: false}\n",
			[]string{`.edgelint.yaml:4:3: unknown rule "EL099" (` + "`edgelint rules`" + ` lists them)`}},
		{"misspelled rule name", "rules:\n  method-require-auth: {severity: info}\n",
			[]string{`.edgelint.yaml:2:3: unknown rule "method-require-auth" (did you mean "method-requires-auth"?)`}},
		{"underscore key", "fail_on: error\n",
			[]string{`.edgelint.yaml:1:1: unknown key "fail_on" (did you mean "fail-on"?)`}},
		{"unrelated key", "color: always\n",
			[]string{`.edgelint.yaml:1:1: unknown key "color" (known keys: fail-on, fail-on-empty, exclude, rules, terraform, cloudformation)`}},
		{"nested unknown key", "terraform:\n  varfiles: [a.tfvars]\n",
			[]string{`.edgelint.yaml:2:3: unknown key "varfiles" in terraform (did you mean "var-files"?)`}},
		{"rule setting key", "rules:\n  EL003: {enable: false}\n",
			[]string{`.edgelint.yaml:2:11: unknown key "enable" in rules.EL003 (did you mean "enabled"?)`}},
		{"bad severity", "fail-on: fatal\n",
			[]string{`.edgelint.yaml:1:10: fail-on: "fatal" is not a severity; want error, warning or info`}},
		{"severity case", "rules:\n  EL003:\n    severity: Warning\n",
			[]string{`.edgelint.yaml:3:15: rules.EL003.severity: "Warning" is not a severity; want error, warning or info (did you mean "warning"?)`}},
		{"severity not a string", "fail-on: [error]\n",
			[]string{`.edgelint.yaml:1:10: fail-on: want error, warning or info, got a list`}},
		{"fail-on-empty not a bool", "fail-on-empty: yes please\n",
			[]string{`.edgelint.yaml:1:16: fail-on-empty: want true or false, got a string (yes please)`}},
		{"enabled not a bool", "rules:\n  EL001: {enabled: \"no\"}\n",
			[]string{`.edgelint.yaml:2:20: rules.EL001.enabled: want true or false, got a string (no)`}},
		{"exclude not a list", "exclude: examples/**\n",
			[]string{`.edgelint.yaml:1:10: exclude: want a list of strings, got a string (examples/**)`}},
		{"exclude item not a string", "exclude:\n  - examples\n  - 3\n",
			[]string{`.edgelint.yaml:3:5: exclude: want a string, got a number (3)`}},
		{"absolute exclude", "exclude: [/tmp/**]\n",
			[]string{`.edgelint.yaml:1:11: exclude patterns are relative to the directory of the config file; remove the leading /`}},
		{"bad glob", "exclude: [\"a/[b\"]\n",
			[]string{`.edgelint.yaml:1:11: malformed pattern segment "[b": syntax error in pattern`}},
		{"dotdot exclude", "exclude: [../x]\n",
			[]string{`.edgelint.yaml:1:11: exclude patterns cannot leave the directory of the config file (..)`}},
		{"duplicate key", "fail-on: error\nexclude: []\nfail-on: warning\n",
			[]string{`.edgelint.yaml:3:1: duplicate key "fail-on" (first at line 1)`}},
		{"duplicate rule", "rules:\n  EL003: {enabled: false}\n  EL003: {enabled: true}\n",
			[]string{`.edgelint.yaml:3:3: rule "EL003" is configured twice (first at line 2)`}},
		{"rule by code and name", "rules:\n  EL003: {enabled: false}\n  method-requires-auth: {severity: info}\n",
			[]string{`.edgelint.yaml:3:3: "EL003" and "method-requires-auth" are the same rule (EL003 method-requires-auth); configure it once (first at line 2)`}},
		{"duplicate var", "terraform:\n  vars:\n    stage: a\n    stage: b\n",
			[]string{`.edgelint.yaml:4:5: duplicate key "stage" (first at line 3)`}},
		{"var value a mapping", "terraform:\n  vars:\n    tags: {a: b}\n",
			[]string{`.edgelint.yaml:3:11: terraform.vars.tags: want a string, number or boolean, got a mapping`}},
		{"parameters not a mapping", "cloudformation:\n  parameters: [a]\n",
			[]string{`.edgelint.yaml:2:15: cloudformation.parameters: want a mapping of names to values, got a list`}},
		{"root not a mapping", "- fail-on\n",
			[]string{`.edgelint.yaml:1:1: the configuration: want a mapping, got a list`}},
		{"rules not a mapping", "rules: [EL001]\n",
			[]string{`.edgelint.yaml:1:8: rules: want a mapping of rule codes or names to settings, got a list`}},
		{"missing var file", "terraform:\n  var-files:\n    - missing.tfvars\n",
			[]string{`.edgelint.yaml:3:7: var-file "missing.tfvars": no such file (var-files are relative to the directory of the config file)`}},
		{"two documents", "fail-on: error\n---\nfail-on: info\n",
			[]string{`.edgelint.yaml:2:1: a configuration file holds one YAML document; remove the second`}},
		{"syntax error", "fail-on: error\nexclude: a\n  b: c\n",
			[]string{`.edgelint.yaml:3:1: invalid YAML: mapping values are not allowed in this context`}},
		{"several errors", "fail_on: error\nrules:\n  EL099: {}\n  EL003: {severity: high}\n",
			[]string{
				`.edgelint.yaml:1:1: unknown key "fail_on" (did you mean "fail-on"?)`,
				`.edgelint.yaml:3:3: unknown rule "EL099" (` + "`edgelint rules`" + ` lists them)`,
				`.edgelint.yaml:4:21: rules.EL003.severity: "high" is not a severity; want error, warning or info`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, ".edgelint.yaml")
			writeFile(t, path, tt.src)
			t.Chdir(dir)
			_, err := Load(".edgelint.yaml")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			got := strings.Split(err.Error(), "\n")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestProblems(t *testing.T) {
	_, err := Parse("cfg/.edgelint.yaml", []byte("rules:\n  EL099: {}\n"))
	got := Problems(err)
	want := model.Diagnostic{
		Range:    model.Range{File: "cfg/.edgelint.yaml", Start: model.Pos{Line: 2, Column: 3}, End: model.Pos{Line: 2, Column: 3}},
		Message:  "unknown rule \"EL099\" (`edgelint rules` lists them)",
		Severity: "error",
	}
	if len(got) != 1 || got[0].Diagnostic() != want {
		t.Errorf("Problems = %v, want %+v", got, want)
	}
	_, err = Parse(".edgelint.yaml", []byte("a: 1\nb: 2\nfail-on: x\n"))
	if got := Problems(err); len(got) != 3 || got[2].Range.Start.Line != 3 {
		t.Errorf("Problems of three = %v", got)
	}
	if Problems(os.ErrNotExist) != nil {
		t.Error("Problems of an unpositioned error is not nil")
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	writeFile(t, filepath.Join(root, ".edgelint.yaml"), "fail-on: info\n") // outside the repository
	writeFile(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	writeFile(t, filepath.Join(repo, "infra", "deep", "main.tf"), "")

	// No configuration inside the repository: the one above it is not used.
	got, err := Find(filepath.Join(repo, "infra", "deep"))
	if err != nil || got != "" {
		t.Errorf("Find without config = %q, %v; want none", got, err)
	}

	// At the repository root, found from a subdirectory and from a file.
	writeFile(t, filepath.Join(repo, ".edgelint.yaml"), "")
	for _, start := range []string{filepath.Join(repo, "infra", "deep"), filepath.Join(repo, "infra", "deep", "main.tf"), repo} {
		got, err := Find(start)
		if want := filepath.Join(repo, ".edgelint.yaml"); err != nil || got != want {
			t.Errorf("Find(%s) = %q, %v; want %q", start, got, err, want)
		}
	}

	// The nearest one wins, and .yml is accepted.
	writeFile(t, filepath.Join(repo, "infra", ".edgelint.yml"), "")
	got, err = Find(filepath.Join(repo, "infra", "deep"))
	if want := filepath.Join(repo, "infra", ".edgelint.yml"); err != nil || got != want {
		t.Errorf("Find = %q, %v; want %q", got, err, want)
	}

	// A relative start gives a relative path.
	t.Chdir(filepath.Join(repo, "infra", "deep"))
	got, err = Find(".")
	if want := filepath.Join("..", ".edgelint.yml"); err != nil || got != want {
		t.Errorf("Find(.) = %q, %v; want %q", got, err, want)
	}

	// Two names in one directory are ambiguous.
	writeFile(t, filepath.Join(repo, "infra", ".edgelint.yaml"), "")
	if _, err := Find(filepath.Join(repo, "infra")); err == nil || !strings.Contains(err.Error(), "both exist") {
		t.Errorf("Find with .yaml and .yml = %v, want an error", err)
	}

	// Without a repository, the search goes up to the file system root.
	plain := filepath.Join(root, "plain", "sub")
	writeFile(t, filepath.Join(plain, "x.tf"), "")
	got, err = Find(plain)
	if want := filepath.Join(root, ".edgelint.yaml"); err != nil || got != want {
		t.Errorf("Find outside a repository = %q, %v; want %q", got, err, want)
	}
}

func TestExclude(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	c, err := Parse(filepath.Join("proj", ".edgelint.yaml"), []byte(`exclude:
  - examples/**
  - vendor
  - "**/*.generated.yaml"
  - "stacks/*/test-*.json"
  - "a/**/b/*.tf"
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{"proj/examples", true},
		{"proj/examples/broken/cdn.tf", true},
		{"proj/examplesx/cdn.tf", false},
		{"proj/vendor/x/y.yaml", true},
		{"proj/vendor", true},
		{"proj/src/vendor/y.yaml", false},
		{"proj/app.generated.yaml", true},
		{"proj/deep/er/app.generated.yaml", true},
		{"proj/app.yaml", false},
		{"proj/stacks/api/test-1.json", true},
		{"proj/stacks/api/nested/test-1.json", false},
		{"proj/stacks/api/prod.json", false},
		{"proj/a/b/main.tf", true},
		{"proj/a/x/y/b/main.tf", true},
		{"proj/a/x/y/c/main.tf", false},
		{"proj/./examples/../examples/z.tf", true},
		{filepath.Join(dir, "proj", "examples", "z.tf"), true},
		{"proj", false},
		{"other/examples/z.tf", false},
		{"examples/z.tf", false}, // outside the config file's directory
	}
	for _, tt := range tests {
		if got := c.Exclude(filepath.FromSlash(tt.path)); got != tt.want {
			t.Errorf("Exclude(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if Default().Exclude("anything") {
		t.Error("the default configuration excludes a path")
	}
}

func TestApplyRules(t *testing.T) {
	c, err := Parse(".edgelint.yaml", []byte("rules:\n  EL001: {enabled: false}\n  EL003: {severity: info}\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := []rules.Finding{
		{Rule: "EL001", Severity: rules.Error},
		{Rule: "EL003", Severity: rules.Error},
		{Rule: "EL004", Severity: rules.Error},
	}
	got := c.ApplyRules(in)
	want := []rules.Finding{{Rule: "EL003", Severity: rules.Info}, {Rule: "EL004", Severity: rules.Error}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ApplyRules = %+v, want %+v", got, want)
	}
}

func TestMatchSegments(t *testing.T) {
	tests := []struct {
		pat, name string
		want      bool
	}{
		{"**", "", true},
		{"**", "a/b/c", true},
		{"**/x", "x", true},
		{"**/x", "a/b/x", true},
		{"**/x", "a/b/xy", false},
		{"a/**/**/b", "a/b", true},
		{"a/**", "a", true},
		{"*", "a/b", false},
		{"a/?/c", "a/bb/c", false},
		{"a/[bc]/d", "a/c/d", true},
	}
	for _, tt := range tests {
		var name []string
		if tt.name != "" {
			name = strings.Split(tt.name, "/")
		}
		if got := matchSegments(strings.Split(tt.pat, "/"), name); got != tt.want {
			t.Errorf("match(%q, %q) = %v, want %v", tt.pat, tt.name, got, tt.want)
		}
	}
}
