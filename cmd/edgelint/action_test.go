package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/testutil"
)

// action is the part of action.yml the test reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			Run   string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

var exprRE = regexp.MustCompile(`\$\{\{\s*([a-z_.-]+)\s*\}\}`)

// TestGitHubAction runs the shell steps of action.yml the way the GitHub
// runner does (expressions substituted, GITHUB_PATH and GITHUB_OUTPUT
// files): it builds edgelint from the action's own checkout and writes a
// SARIF report of the bundled broken example, failing the step.
func TestGitHubAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgelint")
	}
	bash := testutil.Tool(t, "bash", "")
	root := testutil.RepoRoot(t)
	b, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", a.Runs.Using)
	}
	work := t.TempDir()
	inputs := map[string]string{}
	for k, v := range a.Inputs {
		inputs[k] = v.Default
	}
	inputs["paths"] = filepath.Join(root, "examples", "broken")
	inputs["format"] = "sarif"
	inputs["output"] = filepath.Join(work, "edgelint.sarif")
	ctx := map[string]string{"github.action_path": root}
	for k, v := range inputs {
		ctx["inputs."+k] = v
	}
	expand := func(s string) string {
		return exprRE.ReplaceAllStringFunc(s, func(m string) string {
			key := exprRE.FindStringSubmatch(m)[1]
			v, ok := ctx[key]
			if !ok {
				t.Fatalf("action.yml uses %s, unknown to the test", m)
			}
			return v
		})
	}
	runnerTemp := filepath.Join(work, "runner")
	if err := os.MkdirAll(runnerTemp, 0o755); err != nil {
		t.Fatal(err)
	}
	pathFile, outFile := filepath.Join(work, "github_path"), filepath.Join(work, "github_output")
	path := os.Getenv("PATH")
	ran := map[string]int{}
	for _, st := range a.Runs.Steps {
		if st.Uses != "" {
			continue // actions/setup-go: Go is on this machine
		}
		if st.Shell != "bash" {
			t.Fatalf("step %s: shell %q", st.ID, st.Shell)
		}
		// As the runner runs a bash step.
		cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(st.Run))
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "PATH="+path, "RUNNER_TEMP="+runnerTemp, "GITHUB_PATH="+pathFile, "GITHUB_OUTPUT="+outFile)
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+expand(v))
		}
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		ran[st.ID] = code
		t.Logf("step %s: exit %d\n%s", st.ID, code, out)
		if p, err := os.ReadFile(pathFile); err == nil {
			for _, l := range strings.Fields(string(p)) {
				path = l + string(os.PathListSeparator) + path
			}
			_ = os.Remove(pathFile)
		}
	}
	if ran["install"] != 0 {
		t.Fatalf("install step failed")
	}
	if ran["run"] != 1 {
		t.Errorf("run step exit %d, want 1 (errors found)", ran["run"])
	}
	outs, _ := os.ReadFile(outFile)
	if !strings.Contains(string(outs), "exit-code=1") {
		t.Errorf("outputs %q lack exit-code=1", outs)
	}
	sarif, err := os.ReadFile(inputs["output"])
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &doc); err != nil {
		t.Fatalf("SARIF output: %v", err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 3 {
		t.Errorf("SARIF: version %q, %d runs, results %+v", doc.Version, len(doc.Runs), doc.Runs)
	}
}
