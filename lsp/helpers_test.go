package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/jsonrpc"
)

// testClient drives a Server over an in-memory pipe with the LSP framing,
// as an editor would.
type testClient struct {
	t    testing.TB
	cli  *jsonrpc.Conn
	code chan int
	// toServer is the client's end of the server's input.
	toServer io.WriteCloser

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every notification
	diags   map[DocumentURI]PublishDiagnosticsParams
	counts  map[DocumentURI]int
	logs    []LogMessageParams
	order   []PublishDiagnosticsParams
}

// startClient starts srv and connects a client to it. The server is shut
// down when the test ends.
func startClient(t testing.TB, srv *Server) *testClient {
	t.Helper()
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	c := &testClient{
		t: t, code: make(chan int, 1), toServer: clientOut,
		changed: make(chan struct{}),
		diags:   map[DocumentURI]PublishDiagnosticsParams{},
		counts:  map[DocumentURI]int{},
	}
	go func() {
		code := srv.Serve(serverIn, serverOut)
		serverOut.Close()
		c.code <- code
	}()
	c.cli = jsonrpc.NewConn(clientIn, clientOut, c.onNotify)
	cliDone := make(chan error, 1)
	go func() { cliDone <- c.cli.Run() }()
	t.Cleanup(func() {
		// The server's input ends: it stops, closing its output, which
		// ends the client's Run.
		clientOut.Close()
		select {
		case <-c.code:
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop after its input closed")
			return
		}
		select {
		case err := <-cliDone:
			if err != nil {
				t.Errorf("client connection: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the client did not stop after the server's output closed")
		}
	})
	return c
}

// onNotify handles the server's notifications, one at a time in the order
// sent.
func (c *testClient) onNotify(_ context.Context, req *jsonrpc.Request) (any, error) {
	if !req.IsNotification() {
		return nil, jsonrpc.Errorf(jsonrpc.MethodNotFound, "the test client serves no requests")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p PublishDiagnosticsParams
		if err := req.UnmarshalParams(&p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
			return nil, nil
		}
		if p.Diagnostics == nil {
			c.t.Errorf("publishDiagnostics for %s: diagnostics is null, want a list", p.URI)
		}
		c.diags[p.URI] = p
		c.counts[p.URI]++
		c.order = append(c.order, p)
	case "window/logMessage":
		var p LogMessageParams
		if err := req.UnmarshalParams(&p); err == nil {
			c.logs = append(c.logs, p)
		}
	}
	close(c.changed)
	c.changed = make(chan struct{})
	return nil, nil
}

// initialize sends initialize and initialized with root as the workspace.
func (c *testClient) initialize(root string, caps ClientCapabilities) *InitializeResult {
	c.t.Helper()
	rootURI := pathToURI(root)
	var res InitializeResult
	c.call("initialize", InitializeParams{RootURI: &rootURI, Capabilities: caps}, &res)
	c.notify("initialized", struct{}{})
	return &res
}

func (c *testClient) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.cli.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.cli.Notify(method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// raw sends msg with the LSP framing, bypassing the JSON-RPC client.
func (c *testClient) raw(msg string) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.toServer, "Content-Length: %d\r\n\r\n%s", len(msg), msg); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) open(path string) {
	c.t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{
		URI: pathToURI(path), LanguageID: "terraform", Version: 1, Text: string(src),
	}})
}

func (c *testClient) change(path string, version int32, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: pathToURI(path), Version: version},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: text}},
	})
}

// waitDiags waits until the last diagnostics published for path satisfy
// ok, and returns them.
func (c *testClient) waitDiags(path, what string, ok func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	uri := pathToURI(path)
	deadline := time.After(20 * time.Second)
	for {
		c.mu.Lock()
		p, published := c.diags[uri]
		changed := c.changed
		c.mu.Unlock()
		if published && ok(p.Diagnostics) {
			return p.Diagnostics
		}
		select {
		case <-changed:
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s that are %s; last published: %s\nlog messages: %s", filepath.Base(path), what, dump(p), dump(c.logMessages()))
			return nil
		}
	}
}

// published returns the last diagnostics published for path and how many
// times diagnostics were published for it.
func (c *testClient) published(path string) (PublishDiagnosticsParams, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	uri := pathToURI(path)
	return c.diags[uri], c.counts[uri]
}

func (c *testClient) logMessages() []LogMessageParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]LogMessageParams(nil), c.logs...)
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// codes lists the diagnostics' codes.
func codes(ds []Diagnostic) string {
	var cs []string
	for _, d := range ds {
		cs = append(cs, d.Code)
	}
	return strings.Join(cs, ",")
}

func hasCode(code string) func([]Diagnostic) bool {
	return func(ds []Diagnostic) bool {
		for _, d := range ds {
			if d.Code == code {
				return true
			}
		}
		return false
	}
}

func empty(ds []Diagnostic) bool { return len(ds) == 0 }

func find(ds []Diagnostic, code string) *Diagnostic {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

// copyDir copies the files of src (not recursively) into a new temporary
// directory and returns it.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	// Resolve symbolic links (macOS's /var → /private/var) so that paths
	// compare equal to what the engine reports.
	dst, err := filepath.EvalSymlinks(dst)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// replace returns s with each old → new pair replaced, failing when an old
// string is missing.
func replace(t testing.TB, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%q not found", pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}
