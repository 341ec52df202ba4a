package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/jsonrpc"
	"github.com/edgelint/edgelint/lsp"
	"github.com/edgelint/edgelint/rules"
)

func TestLSPArguments(t *testing.T) {
	h := &harness{res: result(nil)}
	if code := h.run("lsp", "extra"); code != exitError || !strings.Contains(h.stderr.String(), "lsp takes no arguments") {
		t.Errorf("lsp extra: exit %d, stderr %q", code, h.stderr.String())
	}
	h = &harness{res: result(nil)}
	if code := h.run("lsp", "--var-file", filepath.Join(t.TempDir(), "missing.tfvars")); code != exitError {
		t.Errorf("lsp --var-file missing: exit %d, want 2", code)
	}
}

// TestLSPSession runs `edgelint lsp --var stage=prod` on pipes: the engine
// gets the variables and the open buffer, and the process status is 0
// after shutdown and exit.
func TestLSPSession(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(main, []byte("# empty\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	saved := stdin
	stdin = serverIn
	defer func() { stdin = saved }()

	var mu sync.Mutex
	var calls []engine.Options
	a := &app{
		stdout: serverOut, stderr: io.Discard,
		analyze: func(_ context.Context, _ []string, opts engine.Options) (*engine.Result, error) {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, opts)
			res := result([]rules.Finding{finding(rules.Error)})
			res.Findings[0].Range.File = main
			return res, nil
		},
		rules:   func() []*rules.Rule { return fakeRules },
		getenv:  func(string) string { return "" },
		environ: func() []string { return []string{"TF_VAR_region=eu-west-1"} },
	}
	code := make(chan int, 1)
	go func() { code <- a.run([]string{"lsp", "--stdio", "--var", "stage=prod"}) }()

	published := make(chan lsp.PublishDiagnosticsParams, 10)
	cli := jsonrpc.NewConn(clientIn, clientOut, func(_ context.Context, req *jsonrpc.Request) (any, error) {
		var p lsp.PublishDiagnosticsParams
		if req.Method == "textDocument/publishDiagnostics" && req.UnmarshalParams(&p) == nil {
			published <- p
		}
		return nil, nil
	})
	cliDone := make(chan error, 1)
	go func() { cliDone <- cli.Run() }()
	defer func() {
		// Standard output stays open after the command returns, as a
		// process's does: close it for the client to stop.
		_ = serverOut.Close()
		_ = serverIn.Close()
		_ = clientOut.Close()
		if err := <-cliDone; err != nil {
			t.Logf("client: %v", err)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	root := lsp.DocumentURI("file://" + filepath.ToSlash(dir))
	var init lsp.InitializeResult
	if err := cli.Call(ctx, "initialize", lsp.InitializeParams{RootURI: &root}, &init); err != nil {
		t.Fatal(err)
	}
	if init.ServerInfo == nil || init.ServerInfo.Name != "edgelint" {
		t.Errorf("serverInfo = %+v", init.ServerInfo)
	}
	if err := cli.Notify("initialized", struct{}{}); err != nil {
		t.Fatal(err)
	}
	uri := lsp.DocumentURI("file://" + filepath.ToSlash(main))
	if err := cli.Notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, Version: 1, Text: "# unsaved\n"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-published:
		if p.URI != uri || len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "EL900" {
			t.Errorf("published %+v", p)
		}
	case <-ctx.Done():
		t.Fatal("no diagnostics published")
	}
	if err := cli.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := cli.Notify("exit", nil); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit status %d, want 0", c)
		}
	case <-ctx.Done():
		t.Fatal("edgelint lsp did not exit")
	}

	mu.Lock()
	defer mu.Unlock()
	if len(calls) == 0 {
		t.Fatal("the engine was not called")
	}
	o := calls[0]
	if o.Vars["stage"] != "prod" || o.EnvVars["region"] != "eu-west-1" || string(o.Overlay[main]) != "# unsaved\n" || len(o.Only) != 1 || o.Only[0] != main {
		t.Errorf("engine options = %+v", o)
	}
}

// TestLSPConfig: the language server reads the project's .edgelint.yaml
// from the analyzed path upward, or --config, and none with --no-config.
func TestLSPConfig(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "infra")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".edgelint.yaml"), []byte("rules:\n  EL004: {enabled: false}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := lspConfig(&inputOptions{}, []string{sub})
	if err != nil || cfg == nil || cfg.Enabled("EL004") || !cfg.Enabled("EL003") {
		t.Fatalf("found config %+v, %v", cfg, err)
	}
	if cfg, err := lspConfig(&inputOptions{noConfig: true}, []string{sub}); cfg != nil || err != nil {
		t.Errorf("--no-config: %+v, %v", cfg, err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("rules:\n  EL099: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lspConfig(&inputOptions{configPath: bad}, []string{sub}); err == nil || !strings.Contains(err.Error(), "EL099") {
		t.Errorf("--config with an unknown rule: %v", err)
	}
}
