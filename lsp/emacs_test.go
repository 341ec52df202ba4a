package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEmacs runs `edgelint lsp` under a second real client: Emacs with
// Eglot (built in from Emacs 29; Debian 12's Emacs 28 needs the elpa-eglot
// package), driven in batch mode by testdata/emacs/test.el. It is skipped
// when emacs or Eglot is missing, unless EDGELINT_REQUIRE_TOOLS=1.
func TestEmacs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts Emacs")
	}
	missing := func(what string) {
		t.Helper()
		if os.Getenv("EDGELINT_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s (apt-get install emacs-nox elpa-eglot) and EDGELINT_REQUIRE_TOOLS=1", what)
		}
		t.Skipf("%s (apt-get install emacs-nox elpa-eglot); set EDGELINT_REQUIRE_TOOLS=1 to fail instead", what)
	}
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		missing("emacs is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(tmp, "home")
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	probe := exec.CommandContext(ctx, emacs, "--batch", "--eval", `(progn (require 'package) (package-initialize) (princ (if (require 'eglot nil t) "eglot" "none")))`)
	probe.Env = env
	if out, err := probe.Output(); err != nil || !strings.HasSuffix(string(out), "eglot") {
		missing("Eglot is not available to emacs")
	}

	bin := filepath.Join(tmp, "edgelint")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "../cmd/edgelint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// examples/broken with a behavior path outside the Basic Multilingual
	// Plane: Eglot counts columns in UTF-16 code units, so the range is
	// only right when the server does too.
	dir := copyDir(t, "../examples/broken")
	cdn := filepath.Join(dir, "cdn.tf")
	src, err := os.ReadFile(cdn)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cdn, []byte(replace(t, string(src), `"/api/posts"`, `"/😀/posts"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/emacs/test.el")
	if err != nil {
		t.Fatal(err)
	}
	result := filepath.Join(tmp, "result.json")
	cmd := exec.CommandContext(ctx, emacs, "--batch", "-l", script)
	cmd.Dir = dir
	cmd.Env = append(append([]string(nil), env...), "EDGELINT_BIN="+bin, "EDGELINT_EMACS_DIR="+dir, "EDGELINT_EMACS_RESULT="+result)
	var r emacsResult
	runClientScript(ctx, t, "emacs", cmd, result, &r)
	if r.ServerName != "edgelint" {
		t.Errorf("server name %q", r.ServerName)
	}

	el004, el005 := findEmacsDiag(r.Initial, "EL004"), findEmacsDiag(r.Initial, "EL005")
	// cdn.tf:32:30 to 32:40 in code points (Emacs columns); "😀" is two
	// UTF-16 code units, one character.
	if el004 == nil || el004.Line != 32 || el004.Col != 29 || el004.EndLine != 32 || el004.EndCol != 39 {
		t.Errorf("EL004 = %+v, want line 32, characters 29-39", el004)
	}
	if el004 != nil && (el004.Type != "eglot-error" || !strings.Contains(el004.Message, "/😀/posts")) {
		t.Errorf("EL004 type %q message %q", el004.Type, el004.Message)
	}
	if el005 == nil || el005.Line != 19 || el005.Col != 18 || el005.EndCol != 94 {
		t.Errorf("EL005 = %+v, want line 19, characters 18-94", el005)
	}
	if h, _ := r.Hover.(string); !strings.Contains(h, "# EL004 behavior-matches-no-resource") {
		t.Errorf("hover over EL004 = %v, want the rule's documentation", r.Hover)
	}
	if len(r.Actions) != 1 || r.Actions[0].Kind != "quickfix" || !r.Actions[0].Preferred || !strings.Contains(r.Actions[0].Title, `"/posts"`) {
		t.Fatalf("code actions on EL004 = %+v, want one preferred quick fix to \"/posts\"", r.Actions)
	}
	if want := `    path_pattern           = "/posts"`; r.FixedLine != want {
		t.Errorf("fixed line = %q, want %q", r.FixedLine, want)
	}
	for _, d := range r.AfterFix {
		if d.Line == 32 {
			t.Errorf("after the quick fix and save, %s is still on line 32", d.Code)
		}
	}
	if findEmacsDiag(r.AfterFix, "EL005") == nil {
		t.Errorf("after the fix: %+v, want EL005 kept (not fixed)", r.AfterFix)
	}
	onDisk, err := os.ReadFile(cdn)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(onDisk), `path_pattern           = "/posts"`) || strings.Contains(string(onDisk), "😀") {
		t.Errorf("save did not write the fix:\n%s", onDisk)
	}
	if r.ExitCode == nil || *r.ExitCode != 0 {
		t.Errorf("server exit code = %v, want 0 after shutdown and exit", r.ExitCode)
	}
}

// emacsResult is what test.el writes.
type emacsResult struct {
	OK         bool
	Error      string
	Steps      []string
	ServerName string `json:"server_name"`
	Initial    []emacsDiag
	Hover      any
	Actions    []struct {
		Title     string
		Kind      string
		Preferred bool
	}
	FixedLine string      `json:"fixed_line"`
	AfterFix  []emacsDiag `json:"after_fix"`
	ExitCode  *int        `json:"exit_code"`
}

// emacsDiag is a Flymake diagnostic: 1-based lines, columns in
// characters.
type emacsDiag struct {
	Code    string
	Line    int
	Col     int
	EndLine int `json:"end_line"`
	EndCol  int `json:"end_col"`
	Type    string
	Message string
}

func findEmacsDiag(ds []emacsDiag, code string) *emacsDiag {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

func (r *emacsResult) ok() (bool, []string, string) { return r.OK, r.Steps, r.Error }
