package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim runs `edgelint lsp` under a real client: Neovim, driven by
// testdata/nvim/test.lua. It is skipped when nvim is not installed, unless
// EDGELINT_REQUIRE_TOOLS=1.
func TestNeovim(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts Neovim")
	}
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("EDGELINT_REQUIRE_TOOLS") == "1" {
			t.Fatal("nvim is not installed (apt-get install neovim) and EDGELINT_REQUIRE_TOOLS=1")
		}
		t.Skip("nvim is not installed (apt-get install neovim); set EDGELINT_REQUIRE_TOOLS=1 to fail instead")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(tmp, "edgelint")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "../cmd/edgelint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// examples/broken with a non-ASCII behavior path, so that the range
	// is only right when client and server agree on the position
	// encoding.
	dir := copyDir(t, "../examples/broken")
	cdn := filepath.Join(dir, "cdn.tf")
	src, err := os.ReadFile(cdn)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cdn, []byte(replace(t, string(src), `"/api/posts"`, `"/apí/posts"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/nvim/test.lua")
	if err != nil {
		t.Fatal(err)
	}
	result := filepath.Join(tmp, "result.json")
	home := filepath.Join(tmp, "home")
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"EDGELINT_BIN="+bin, "EDGELINT_NVIM_DIR="+dir, "EDGELINT_NVIM_RESULT="+result,
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"),
	)
	var r nvimResult
	runClientScript(ctx, t, "nvim", cmd, result, &r)
	if r.OffsetEncoding != "utf-8" {
		t.Errorf("negotiated encoding = %q, want utf-8 (the client's first)", r.OffsetEncoding)
	}

	el004, el005 := findDiag(r.Initial, "EL004"), findDiag(r.Initial, "EL005")
	// cdn.tf:32:30 to 32:43 in code points; "í" is two bytes.
	if el004 == nil || el004.Lnum != 31 || el004.Col != 29 || el004.EndLnum != 31 || el004.EndCol != 42 {
		t.Errorf("EL004 = %+v, want line 31 (0-based), bytes 29-42", el004)
	}
	if el004 != nil && (el004.Source != "edgelint" || !strings.HasSuffix(el004.Href, "EL004.md")) {
		t.Errorf("EL004 source %q href %q", el004.Source, el004.Href)
	}
	if el005 == nil || el005.Lnum != 18 || el005.Col != 18 || el005.EndCol != 94 {
		t.Errorf("EL005 = %+v, want line 18 (0-based), bytes 18-94", el005)
	}
	if h, _ := r.Hover.(string); !strings.Contains(h, "EL004") || !strings.Contains(h, `Behavior "/apí/posts"`) {
		t.Errorf("hover over EL004 = %v, want the behavior's routes and the rule's documentation", r.Hover)
	}
	if h, _ := r.RouteHover.(string); !strings.Contains(h, "/posts") || !strings.Contains(h, "the default behavior of aws_cloudfront_distribution.cdn") {
		t.Errorf("hover over resource /posts = %v, want the default behavior that reaches it", r.RouteHover)
	}
	if findDiag(r.AfterChange, "EL005") != nil || findDiag(r.AfterChange, "EL004") == nil || !r.Modified {
		t.Errorf("after the unsaved edit: diagnostics %v, modified %v; want EL005 gone from the unsaved buffer, EL004 kept", codesOf(r.AfterChange), r.Modified)
	}
	if len(r.Actions) != 1 || r.Actions[0].Kind != "quickfix" || !r.Actions[0].Preferred || !strings.Contains(r.Actions[0].Title, "/posts") {
		t.Errorf("code actions on EL004 = %+v, want one preferred quick fix to \"/posts\"", r.Actions)
	}
	if len(r.Actions) > 0 {
		for _, d := range r.AfterFix {
			if d.Lnum == 31 {
				t.Errorf("after the quick fix and :write, %s is still on line 31", d.Code)
			}
		}
		if want := `    path_pattern           = "/posts"`; r.FixedLine != want {
			t.Errorf("fixed line = %q, want %q", r.FixedLine, want)
		}
		onDisk, err := os.ReadFile(cdn)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(onDisk), `= "/posts"`) || !strings.Contains(string(onDisk), "execute-api") || strings.Contains(string(onDisk), "excute") {
			t.Errorf(":write did not save the edit and the fix:\n%s", onDisk)
		}
	}
	if r.ExitCode == nil || *r.ExitCode != 0 {
		t.Errorf("server exit code = %v, want 0 after shutdown and exit", r.ExitCode)
	}
}

// nvimResult is what test.lua writes.
type nvimResult struct {
	OK             bool
	Error          string
	Steps          []string
	OffsetEncoding string `json:"offset_encoding"`
	Initial        []nvimDiag
	Hover          any
	RouteHover     any `json:"route_hover"`
	Actions        []struct {
		Title     string
		Kind      string
		Preferred bool
	}
	AfterFix    []nvimDiag `json:"after_fix"`
	AfterChange []nvimDiag `json:"after_change"`
	FixedLine   string     `json:"fixed_line"`
	Modified    bool
	ExitCode    *int `json:"exit_code"`
}

// nvimDiag is a diagnostic as Neovim stores it: 0-based lines, byte
// columns.
type nvimDiag struct {
	Code    string
	Source  string
	Href    string
	Lnum    int
	Col     int
	EndLnum int `json:"end_lnum"`
	EndCol  int `json:"end_col"`
	Message string
}

func findDiag(ds []nvimDiag, code string) *nvimDiag {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

func codesOf(ds []nvimDiag) []string {
	var cs []string
	for _, d := range ds {
		cs = append(cs, d.Code)
	}
	return cs
}

func (r *nvimResult) ok() (bool, []string, string) { return r.OK, r.Steps, r.Error }

// runClientScript runs an editor (cmd) on its test script, which writes
// its result as JSON to the file result, and decodes that into r: the
// editor must finish before ctx ends and exit 0, and the result must say
// ok, or the test fails with the editor's output.
func runClientScript(ctx context.Context, t *testing.T, editor string, cmd *exec.Cmd, result string, r interface {
	ok() (bool, []string, string)
}) {
	t.Helper()
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("%s did not finish in time\n%s", editor, out)
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", editor, err, out)
	}
	raw, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("%s wrote no result: %v\n%s", editor, err, out)
	}
	if err := json.Unmarshal(raw, r); err != nil {
		t.Fatalf("result: %v\n%s", err, raw)
	}
	if ok, steps, msg := r.ok(); !ok {
		t.Fatalf("the %s script failed after steps %v: %s\n%s", editor, steps, msg, out)
	}
}
