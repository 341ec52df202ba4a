package lsp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/jsonrpc"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// The tests here run the server on a fake analysis, to control exactly
// what it reports (fixes, input errors) and to do what the engine never
// does (panic, run slowly).

const fakeTF = `resource "aws_cloudfront_distribution" "cdn" {
  origin {
    domain_name = "abc.excute-api.eu-west-1.amazonaws.com" # é
    origin_path = ""
  }
}
`

// fakeFinding is an EL005 finding on the misspelled domain of fakeTF in
// path, with a fix correcting it.
func fakeFinding(path string) rules.Finding {
	// Line 3: `    domain_name = "abc.excute-api…"`; "excute-api" is at
	// columns 24-34, bytes from the line's start 23-33.
	lineStart := strings.Index(fakeTF, "    domain_name")
	at := func(col int) model.Pos { return model.Pos{Line: 3, Column: col, Byte: lineStart + col - 1} }
	return rules.Finding{
		Rule: "EL005", Name: "origin-domain-malformed", Severity: rules.Error,
		Message: "origin domain: \"excute-api\" is not \"execute-api\"",
		Range:   model.Range{File: path, Start: at(24), End: at(34)},
		Fix: &rules.Fix{
			Description: "correct the domain to execute-api",
			Edits:       []rules.TextEdit{{Range: model.Range{File: path, Start: at(24), End: at(34)}, NewText: "execute-api"}},
		},
	}
}

// writeFile writes a file in a new temporary directory and returns its
// path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeAnalyze reports fakeFinding while the file (buffer or disk) still has
// the typo.
func fakeAnalyze(path string) AnalyzeFunc {
	return func(_ context.Context, _ []string, opts engine.Options) (*engine.Result, error) {
		src, ok := opts.Overlay[path]
		if !ok {
			var err error
			if src, err = os.ReadFile(path); err != nil {
				return nil, err
			}
		}
		res := &engine.Result{Config: &model.Config{Files: []string{path}}}
		if strings.Contains(string(src), "excute-api") {
			res.Findings = append(res.Findings, fakeFinding(path))
		}
		return res, nil
	}
}

func TestCodeActionAppliesTheFix(t *testing.T) {
	path := writeFile(t, "cdn.tf", fakeTF)
	uri := pathToURI(path)
	c := startClient(t, &Server{Analyze: fakeAnalyze(path), Debounce: 10 * time.Millisecond})
	c.initialize(filepath.Dir(path), ClientCapabilities{})
	c.open(path)
	ds := c.waitDiags(path, "EL005", hasCode("EL005"))
	want := Range{Start: Position{Line: 2, Character: 23}, End: Position{Line: 2, Character: 33}}
	if ds[0].Range != want {
		t.Fatalf("range = %s, want %s", dump(ds[0].Range), dump(want))
	}

	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri},
		Range:        Range{Start: Position{Line: 2, Character: 25}, End: Position{Line: 2, Character: 25}},
	}, &actions)
	if len(actions) != 1 {
		t.Fatalf("code actions = %s, want one", dump(actions))
	}
	a := actions[0]
	if a.Kind != QuickFix || !a.IsPreferred || a.Title != "correct the domain to execute-api" || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "EL005" {
		t.Errorf("code action = %s", dump(a))
	}
	if a.Edit == nil || len(a.Edit.Changes[uri]) != 1 {
		t.Fatalf("edit = %s, want one edit of %s", dump(a.Edit), uri)
	}
	e := a.Edit.Changes[uri][0]
	if e.Range != want || e.NewText != "execute-api" {
		t.Errorf("text edit = %s", dump(e))
	}

	// Asked for refactorings only, or for another range: nothing.
	c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri}, Range: want,
		Context: CodeActionContext{Only: []CodeActionKind{"refactor"}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions for only=refactor = %s, want none", dump(actions))
	}
	c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri}, Range: Range{End: Position{Line: 1}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on lines 1-2 = %s, want none", dump(actions))
	}

	// The client applies the edit to the buffer: the finding goes.
	fixed := strings.Replace(fakeTF, "excute-api", "execute-api", 1)
	c.change(path, 2, fixed)
	c.waitDiags(path, "empty", empty)
}

// TestCodeActionNotOfferedOnChangedText: a fix computed on text that has
// changed since is not offered, as its ranges may be wrong.
func TestCodeActionNotOfferedOnChangedText(t *testing.T) {
	path := writeFile(t, "cdn.tf", fakeTF)
	uri := pathToURI(path)
	c := startClient(t, &Server{Analyze: fakeAnalyze(path), Debounce: time.Hour})
	c.initialize(filepath.Dir(path), ClientCapabilities{})
	c.open(path)
	c.waitDiags(path, "EL005", hasCode("EL005"))
	c.change(path, 2, "# a line more\n"+fakeTF)
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri},
		Range:        Range{Start: Position{Line: 2, Character: 25}, End: Position{Line: 2, Character: 25}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on changed text = %s, want none", dump(actions))
	}
}

func TestInputErrorsOfOpenFiles(t *testing.T) {
	open := writeFile(t, "bad.tf", "resource {\n")
	closed := filepath.Join(filepath.Dir(open), "other.tf")
	if err := os.WriteFile(closed, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	analyze := func(context.Context, []string, engine.Options) (*engine.Result, error) {
		return &engine.Result{Errors: []model.Diagnostic{
			{Range: model.Range{File: open, Start: model.Pos{Line: 1, Column: 10, Byte: 9}, End: model.Pos{Line: 1, Column: 11, Byte: 10}}, Message: "invalid block definition", Severity: "error"},
			{Range: model.Range{File: open}, Message: "module not installed", Severity: "warning"},
			{Range: model.Range{File: closed, Start: model.Pos{Line: 1, Column: 1}}, Message: "cannot parse", Severity: "error"},
		}}, nil
	}
	c := startClient(t, &Server{Analyze: analyze})
	c.initialize(filepath.Dir(open), ClientCapabilities{})
	c.open(open)
	ds := c.waitDiags(open, "two errors", func(ds []Diagnostic) bool { return len(ds) == 2 })
	var sawWarning bool
	for _, d := range ds {
		if d.Code != "" || d.Source != "edgelint" || d.CodeDescription != nil {
			t.Errorf("input error diagnostic = %s, want source edgelint and no code", dump(d))
		}
		if d.Message == "module not installed" {
			sawWarning = d.Severity == SeverityWarning && d.Range == Range{}
		}
		if d.Message == "invalid block definition" && (d.Severity != SeverityError || d.Range != Range{Start: Position{Character: 9}, End: Position{Character: 10}}) {
			t.Errorf("error = %s", dump(d))
		}
	}
	if !sawWarning {
		t.Errorf("the warning without a position is missing or wrong: %s", dump(ds))
	}
	if p, n := c.published(closed); n != 0 {
		t.Errorf("published the input error of a file that is not open: %s", dump(p))
	}
}

func TestPanicInAnalysisIsLoggedAndClears(t *testing.T) {
	path := writeFile(t, "cdn.tf", fakeTF)
	var calls atomic.Int32
	ok := fakeAnalyze(path)
	analyze := func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
		if calls.Add(1) == 2 {
			panic("boom")
		}
		return ok(ctx, paths, opts)
	}
	c := startClient(t, &Server{Analyze: analyze, Debounce: 10 * time.Millisecond})
	c.initialize(filepath.Dir(path), ClientCapabilities{})
	c.open(path)
	c.waitDiags(path, "EL005", hasCode("EL005"))
	c.change(path, 2, fakeTF+"\n")
	c.waitDiags(path, "empty", empty)
	logs := c.logMessages()
	if len(logs) == 0 || logs[0].Type != MessageError || !strings.Contains(logs[0].Message, "boom") {
		t.Errorf("log messages = %s, want the panic", dump(logs))
	}
	// The server goes on.
	c.change(path, 3, fakeTF)
	c.waitDiags(path, "EL005", hasCode("EL005"))
}

// TestNewerChangeSupersedesSlowAnalysis: an analysis that is still running
// when a newer change arrives is cancelled, and its result, arriving last,
// is never published.
func TestNewerChangeSupersedesSlowAnalysis(t *testing.T) {
	path := writeFile(t, "cdn.tf", fakeTF)
	release := make(chan struct{})
	var calls atomic.Int32
	var sawCancel atomic.Bool
	done := make(chan struct{})
	analyze := func(ctx context.Context, _ []string, _ engine.Options) (*engine.Result, error) {
		if calls.Add(1) == 1 {
			// The first analysis (of the broken text) is slow.
			<-release
			sawCancel.Store(ctx.Err() != nil)
			defer close(done)
			return &engine.Result{Findings: []rules.Finding{fakeFinding(path)}}, nil
		}
		return &engine.Result{}, nil
	}
	c := startClient(t, &Server{Analyze: analyze, Debounce: 10 * time.Millisecond})
	c.initialize(filepath.Dir(path), ClientCapabilities{})
	c.open(path)
	for calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.change(path, 2, strings.Replace(fakeTF, "excute-api", "execute-api", 1))
	for calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	<-done
	time.Sleep(100 * time.Millisecond)
	if !sawCancel.Load() {
		t.Error("the superseded analysis' context was not cancelled")
	}
	if p, n := c.published(path); n != 0 {
		t.Errorf("published %d times, last %s; want nothing (the only result with findings is stale)", n, dump(p))
	}
}

// TestChangesAreDebounced: a burst of changes is analyzed once, with the
// last text.
func TestChangesAreDebounced(t *testing.T) {
	path := writeFile(t, "cdn.tf", fakeTF)
	var mu sync.Mutex
	var seen []string
	analyze := func(_ context.Context, _ []string, opts engine.Options) (*engine.Result, error) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, string(opts.Overlay[path]))
		if len(opts.Only) != 1 || opts.Only[0] != path {
			t.Errorf("Only = %q, want the changed file", opts.Only)
		}
		return &engine.Result{Findings: []rules.Finding{fakeFinding(path)}}, nil
	}
	c := startClient(t, &Server{Analyze: analyze, Debounce: 200 * time.Millisecond})
	c.initialize(filepath.Dir(path), ClientCapabilities{})
	c.open(path)
	c.waitDiags(path, "EL005", hasCode("EL005"))
	for v := int32(2); v <= 6; v++ {
		c.change(path, v, fmt.Sprintf("%s# %d\n", fakeTF, v))
	}
	c.waitDiags(path, "version 6", func([]Diagnostic) bool {
		p, _ := c.published(path)
		return p.Version != nil && *p.Version == 6
	})
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || !strings.HasSuffix(seen[1], "# 6\n") {
		t.Errorf("analyzed %d texts, want the opened one and the last change; last: %q", len(seen), seen[len(seen)-1])
	}
}

func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	t.Run("before initialize", func(t *testing.T) {
		c := startClient(t, &Server{Analyze: fakeAnalyze("/nonexistent")})
		err := c.cli.Call(ctx, "textDocument/hover", HoverParams{}, nil)
		if code := jsonrpc.ErrorCode(err); code != codeServerNotInitialized {
			t.Errorf("hover before initialize: %v (code %d), want %d", err, code, codeServerNotInitialized)
		}
	})
	t.Run("shutdown then exit", func(t *testing.T) {
		c := startClient(t, &Server{Analyze: fakeAnalyze("/nonexistent")})
		c.initialize(t.TempDir(), ClientCapabilities{})
		if err := c.cli.Call(ctx, "initialize", InitializeParams{}, nil); jsonrpc.ErrorCode(err) != jsonrpc.InvalidRequest {
			t.Errorf("second initialize: %v, want InvalidRequest", err)
		}
		if err := c.cli.Call(ctx, "textDocument/definition", HoverParams{}, nil); jsonrpc.ErrorCode(err) != jsonrpc.MethodNotFound {
			t.Errorf("unknown method: %v, want MethodNotFound", err)
		}
		if err := c.cli.Call(ctx, "textDocument/hover", []int{1}, nil); jsonrpc.ErrorCode(err) != jsonrpc.InvalidParams {
			t.Errorf("hover with bad params: %v, want InvalidParams", err)
		}
		c.notify("$/setTrace", map[string]string{"value": "off"})
		// A cancellation of a request already answered does nothing.
		c.notify("$/cancelRequest", map[string]int{"id": 1})
		c.raw(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":"garbage"}`)
		c.raw(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/x.tf","version":2},"contentChanges":[{"text":""}]}}`)
		c.raw(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:1","version":1,"text":""}}}`)
		c.raw(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://%zz","version":1,"text":""}}}`)
		var null any = "unset"
		c.call("shutdown", nil, &null)
		if null != nil {
			t.Errorf("shutdown result = %v, want null", null)
		}
		if err := c.cli.Call(ctx, "textDocument/hover", HoverParams{}, nil); jsonrpc.ErrorCode(err) != jsonrpc.InvalidRequest {
			t.Errorf("hover after shutdown: %v, want InvalidRequest", err)
		}
		c.notify("exit", nil)
		if code := waitExit(t, c); code != 0 {
			t.Errorf("exit code after shutdown = %d, want 0", code)
		}
	})
	t.Run("exit without shutdown", func(t *testing.T) {
		c := startClient(t, &Server{Analyze: fakeAnalyze("/nonexistent")})
		c.initialize(t.TempDir(), ClientCapabilities{})
		c.notify("exit", nil)
		if code := waitExit(t, c); code != 1 {
			t.Errorf("exit code without shutdown = %d, want 1", code)
		}
	})
	t.Run("input closed", func(t *testing.T) {
		c := startClient(t, &Server{Analyze: fakeAnalyze("/nonexistent")})
		c.initialize(t.TempDir(), ClientCapabilities{})
		c.toServer.Close()
		if code := waitExit(t, c); code != 1 {
			t.Errorf("exit code when the input closes = %d, want 1", code)
		}
	})
	t.Run("malformed message", func(t *testing.T) {
		path := writeFile(t, "cdn.tf", fakeTF)
		c := startClient(t, &Server{Analyze: fakeAnalyze(path)})
		c.initialize(filepath.Dir(path), ClientCapabilities{})
		c.raw(`{"id":1,]`)
		// The server answers the next message as usual.
		c.open(path)
		c.waitDiags(path, "EL005", hasCode("EL005"))
	})
}

// waitExit waits for Serve to return, putting the code back for the
// cleanup.
func waitExit(t *testing.T, c *testClient) int {
	t.Helper()
	select {
	case code := <-c.code:
		c.code <- code
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit")
	}
	return -1
}

func TestAnalysisErrorIsLogged(t *testing.T) {
	path := writeFile(t, "cdn.tf", fakeTF)
	analyze := func(context.Context, []string, engine.Options) (*engine.Result, error) {
		return nil, errors.New("no such directory")
	}
	c := startClient(t, &Server{Analyze: analyze})
	c.initialize(filepath.Dir(path), ClientCapabilities{})
	c.open(path)
	deadline := time.Now().Add(10 * time.Second)
	for len(c.logMessages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if logs := c.logMessages(); len(logs) != 1 || !strings.Contains(logs[0].Message, "no such directory") {
		t.Errorf("log messages = %s", dump(logs))
	}
}
