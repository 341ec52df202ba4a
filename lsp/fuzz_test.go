package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// lockedBuffer is a buffer written from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Close() error { return nil }

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.buf.Bytes()...)
}

// fuzzAnalyze stands for the engine in FuzzServer: every open document
// gets one finding whose range reaches past its end (positions the
// server converts and clamps), without reading the disk at paths the
// input chose.
func fuzzAnalyze(_ context.Context, _ []string, opts engine.Options) (*engine.Result, error) {
	res := &engine.Result{}
	paths := make([]string, 0, len(opts.Overlay))
	for p := range opts.Overlay {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		res.Findings = append(res.Findings, rules.Finding{
			Rule: "EL004", Name: "behavior-matches-no-resource", Severity: rules.Error, Message: "fuzz",
			Range: model.Range{File: p, Start: model.Pos{Line: 1, Column: 2}, End: model.Pos{Line: 3, Column: 200}},
		})
	}
	return res, nil
}

// FuzzServer runs the language server in process on messages from the
// fuzzed bytes, one JSON body a line, framed and sent after initialize
// and followed by shutdown and exit: no message may panic a handler (the
// server recovers, logging "panic in"), nor hang the server, and
// everything it writes is JSON-RPC messages.
func FuzzServer(f *testing.F) {
	open := func(uri, text string) string {
		b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "languageId": "terraform", "version": 1, "text": text}}})
		return string(b)
	}
	uri := "file:///edgelint-fuzz/main.tf"
	for _, lines := range [][]string{
		{open(uri, "resource \"aws_api_gateway_rest_api\" \"a\" {\n  name = \"é😀\"\n}\n"),
			`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"` + uri + `"},"position":{"line":1,"character":9}}}`,
			`{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"` + uri + `"},"range":{"start":{"line":0,"character":0},"end":{"line":5,"character":99}},"context":{"diagnostics":[]}}}`},
		{open(uri, "a\r\nb\rc\n"),
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":2,"character":0}},"text":"x😀"}]}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"` + uri + `"},"text":"y"}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"` + uri + `"}}}`},
		{open("file:///edgelint-fuzz/t%20x.yaml", "Resources: {}\n"), open("untitled:Untitled-1", ""),
			`{"jsonrpc":"2.0","id":"x","method":"initialize","params":{}}`,
			`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"x"}}`},
	} {
		f.Add([]byte(strings.Join(lines, "\n")))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		defer testutil.Watchdog(fmt.Sprintf("a server reading %d bytes of messages", len(src)))()
		var in bytes.Buffer
		frame := func(body string) { fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(body), body) }
		frame(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"rootUri":"file:///edgelint-fuzz","capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}}}}`)
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
		for _, line := range bytes.Split(src, []byte("\n")) {
			if len(bytes.TrimSpace(line)) > 0 {
				frame(string(line))
			}
		}
		frame(`{"jsonrpc":"2.0","id":"shutdown","method":"shutdown"}`)
		frame(`{"jsonrpc":"2.0","method":"exit"}`)

		var out, logs lockedBuffer
		srv := &Server{Analyze: fuzzAnalyze, Debounce: time.Millisecond, Log: &logs}
		srv.Serve(&in, &out)
		if l := logs.Bytes(); bytes.Contains(l, []byte("panic in")) {
			t.Fatalf("a handler panicked:\n%s", l)
		}
		for rest := out.Bytes(); len(rest) > 0; {
			var n int
			if _, err := fmt.Sscanf(string(rest), "Content-Length: %d\r\n\r\n", &n); err != nil {
				t.Fatalf("the output is not framed: %q", rest)
			}
			i := bytes.Index(rest, []byte("\r\n\r\n")) + 4
			if i+n > len(rest) {
				t.Fatalf("a message shorter than its Content-Length: %q", rest)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(rest[i:i+n], &m); err != nil || string(m["jsonrpc"]) != `"2.0"` {
				t.Fatalf("an output message is not a JSON-RPC 2.0 object (%v): %s", err, rest[i:i+n])
			}
			rest = rest[i+n:]
		}
	})
}
