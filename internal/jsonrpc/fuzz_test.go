package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

// FuzzConn runs a connection on the fuzzed bytes as its whole input, with
// a handler that echoes requests (and panics on the method "panic"): no
// input may panic or hang the connection; reading allocates in proportion
// to what arrives, never to a Content-Length announced; and everything
// written is framed messages, each a JSON-RPC 2.0 object.
func FuzzConn(f *testing.F) {
	for _, s := range []string{
		frame(`{"jsonrpc":"2.0","id":1,"method":"m","params":{"n":1}}`) + frame(`{"jsonrpc":"2.0","method":"n","params":[1,2]}`),
		"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + frame(`{"jsonrpc":"2.0","id":"a","method":"panic"}`),
		frame(`{"jsonrpc":"2.0","id":2,"method":"m"}`) + frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}`),
		frame(`[{"jsonrpc":"2.0","id":1,"method":"m"}]`) + frame(`{"jsonrpc":"1.0","id":null,"method":"m"}`) + frame(`{"jsonrpc":"2.0","id":{},"method":"m"}`),
		frame(`{"jsonrpc":"2.0","id":1,"result":{}}`) + frame(`{"jsonrpc":"2.0","id":3,"method":"m","params":7}`) + frame(`not json`),
		"Content-Length: 10\r\nContent-Length: 11\r\n\r\n{}",
		fmt.Sprintf("Content-Length: %d\r\n\r\n{}", MaxMessageSize),
		"\r\n\r\ncontent-length:2\n\n{}",
	} {
		f.Add([]byte(s))
	}
	handler := func(_ context.Context, req *Request) (any, error) {
		if req.Method == "panic" {
			panic("the handler panics")
		}
		return map[string]any{"method": req.Method, "params": req.Params}, nil
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		defer testutil.Watchdog(fmt.Sprintf("a connection reading %d bytes", len(src)))()
		var out bytes.Buffer
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := NewConn(bytes.NewReader(src), &out, handler).Run()
		runtime.ReadMemStats(&after)
		// What a message costs: its body (read, decoded, echoed and
		// encoded, each a few times its size), the buffer first grown for
		// it (at most 64 KiB, and at most its Content-Length), and a
		// constant. A header line is at least 2 bytes, so there are at most
		// len(src)/2 messages.
		if grew, limit := after.TotalAlloc-before.TotalAlloc, uint64(64*len(src)+(len(src)/2+1)*(64<<10)+(1<<20)); grew > limit && grew > 16<<20 {
			t.Errorf("reading %d bytes allocated %d bytes", len(src), grew)
		}
		if err != nil && errors.Is(err, io.EOF) {
			t.Errorf("Run returned %v: the end of the input between messages is no error", err)
		}
		// What the connection wrote reads back as messages.
		rd := NewConn(bytes.NewReader(out.Bytes()), io.Discard, nil)
		for {
			body, err := rd.readMessage()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("the output does not read back: %v\n%q", err, out.Bytes())
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatalf("an output message is not a JSON object: %v\n%s", err, body)
			}
			if string(m["jsonrpc"]) != `"2.0"` {
				t.Errorf("an output message is not JSON-RPC 2.0: %s", body)
			}
			if _, ok := m["id"]; !ok {
				t.Errorf("a response without an id: %s", body)
			}
			if _, res := m["result"]; res == (m["error"] != nil) {
				t.Errorf("a response needs exactly one of result and error: %s", body)
			}
		}
	})
}
