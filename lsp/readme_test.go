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

// readmeBlock returns the first ```lang block after the line of README.md
// that contains label.
func readmeBlock(t *testing.T, label, lang string) string {
	t.Helper()
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(src), label)
	if !ok {
		t.Fatalf("README.md has no %q", label)
	}
	_, after, ok = strings.Cut(after, "\n```"+lang+"\n")
	if !ok {
		t.Fatalf("README.md has no ```%s block after %q", lang, label)
	}
	block, _, ok := strings.Cut(after, "\n```\n")
	if !ok {
		t.Fatalf("README.md: the ```%s block after %q does not end", lang, label)
	}
	return block + "\n"
}

// editorSetup builds edgelint into a directory of its own, for PATH (the
// README's configurations start "edgelint"), and copies examples/broken.
func editorSetup(ctx context.Context, t *testing.T) (binDir, dir, home string) {
	t.Helper()
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	binDir = filepath.Join(tmp, "bin")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(binDir, "edgelint"), "../cmd/edgelint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return binDir, copyDir(t, "../examples/broken"), filepath.Join(tmp, "home")
}

// readmeResult is what the checking scripts below write.
type readmeResult struct {
	OK       bool
	Error    string
	Filetype string
	Codes    []string
}

func runEditor(ctx context.Context, t *testing.T, cmd *exec.Cmd, result string) readmeResult {
	t.Helper()
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("%s did not finish in time\n%s", filepath.Base(cmd.Path), out)
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(cmd.Path), err, out)
	}
	raw, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("no result: %v\n%s", err, out)
	}
	var r readmeResult
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("result: %v\n%s", err, raw)
	}
	if !r.OK {
		t.Fatalf("the README's configuration gave no diagnostics: %s\n%s", r.Error, out)
	}
	return r
}

// TestReadmeNeovim07 loads the README's Neovim 0.7 configuration as it is
// written, as the init file, opens cdn.tf of examples/broken and waits for
// edgelint's diagnostics.
func TestReadmeNeovim07(t *testing.T) {
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
	binDir, dir, home := editorSetup(ctx, t)
	init := filepath.Join(home, "init.lua")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(init, []byte(readmeBlock(t, "**Neovim 0.7**", "lua")), 0o644); err != nil {
		t.Fatal(err)
	}
	result := filepath.Join(home, "result.json")
	check := filepath.Join(home, "check.lua")
	if err := os.WriteFile(check, []byte(`
local out = {}
local ok, err = pcall(function()
  vim.cmd("edit cdn.tf")
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  local function codes()
    local cs = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(cs, d.code or ((d.user_data or {}).lsp or {}).code)
    end
    table.sort(cs)
    return cs
  end
  assert(vim.wait(20000, function() return #codes() >= 2 end, 20), "no diagnostics within 20 s")
  out.codes = codes()
end)
out.ok = ok
if not ok then out.error = tostring(err) end
local f = assert(io.open(os.getenv("EDGELINT_README_RESULT"), "w"))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd("qall!")
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", init, "-i", "NONE", "-n", "-c", "luafile "+check)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"), "EDGELINT_README_RESULT="+result,
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	r := runEditor(ctx, t, cmd, result)
	if got := strings.Join(r.Codes, " "); got != "EL004 EL005" {
		t.Errorf("diagnostics in cdn.tf (filetype %q): %s, want EL004 EL005", r.Filetype, got)
	}
}

// TestReadmeEmacs loads the README's Eglot configuration as it is written,
// opens cdn.tf of examples/broken in a Terraform mode, starts Eglot as M-x
// eglot does and waits for edgelint's diagnostics in Flymake.
func TestReadmeEmacs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts Emacs")
	}
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		if os.Getenv("EDGELINT_REQUIRE_TOOLS") == "1" {
			t.Fatal("emacs is not installed (apt-get install emacs-nox elpa-eglot) and EDGELINT_REQUIRE_TOOLS=1")
		}
		t.Skip("emacs is not installed (apt-get install emacs-nox elpa-eglot); set EDGELINT_REQUIRE_TOOLS=1 to fail instead")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	binDir, dir, home := editorSetup(ctx, t)
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(home, "edgelint.el")
	if err := os.WriteFile(config, []byte(readmeBlock(t, "**Emacs** with Eglot", "elisp")), 0o644); err != nil {
		t.Fatal(err)
	}
	result := filepath.Join(home, "result.json")
	check := filepath.Join(home, "check.el")
	if err := os.WriteFile(check, []byte(`;;; -*- lexical-binding: t -*-
(require 'package)
(package-initialize)
(require 'json)
(load (getenv "EDGELINT_README_CONFIG") nil t)
;; A stand-in for terraform-mode (a package), which the configuration names.
(define-derived-mode terraform-mode prog-mode "Terraform")
(add-to-list 'auto-mode-alist '("\\.tf\\'" . terraform-mode))
(let ((out (list (cons 'ok :json-false))))
  (condition-case err
      (progn
        (find-file "cdn.tf")
        (require 'eglot)
        (setf (alist-get 'filetype out) (symbol-name major-mode))
        (apply #'eglot (eglot--guess-contact))
        (let ((deadline (+ (float-time) 20)))
          (while (and (< (length (flymake-diagnostics)) 2) (< (float-time) deadline))
            (accept-process-output nil 0.05)
            (flymake-start)))
        (let ((codes (sort (mapcar (lambda (d) (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code))
                                   (flymake-diagnostics))
                           #'string<)))
          (setf (alist-get 'codes out) (vconcat codes))
          (setf (alist-get 'ok out) (if codes t :json-false))
          (unless codes (setf (alist-get 'error out) "no diagnostics within 20 s"))))
    (error (setf (alist-get 'error out) (error-message-string err))))
  (with-temp-file (getenv "EDGELINT_README_RESULT")
    (insert (json-encode out)))
  (kill-emacs 0))
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, emacs, "--batch", "-l", check)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"EDGELINT_README_RESULT="+result, "EDGELINT_README_CONFIG="+config, "HOME="+home)
	r := runEditor(ctx, t, cmd, result)
	if got := strings.Join(r.Codes, " "); got != "EL004 EL005" {
		t.Errorf("diagnostics in cdn.tf (%s): %s, want EL004 EL005", r.Filetype, got)
	}
}
