package jsonrpc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
)

// frame returns body with the LSP header.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// reply is a response as written by the connection.
type reply struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   *Error          `json:"error"`
}

// serve runs a connection on input until the input ends, and returns what
// it wrote, split into messages, and Run's error.
func serve(t *testing.T, input io.Reader, h Handler) ([]reply, error) {
	t.Helper()
	var out bytes.Buffer
	c := NewConn(input, &out, h)
	done := make(chan error, 1)
	go func() { done <- c.Run() }()
	select {
	case err := <-done:
		return parseReplies(t, out.Bytes()), err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return at the end of the input")
		return nil, nil
	}
}

// parseReplies splits framed output into messages.
func parseReplies(t *testing.T, out []byte) []reply {
	t.Helper()
	r := &Conn{r: bufio.NewReader(bytes.NewReader(out))}
	var rs []reply
	for {
		body, err := r.readMessage()
		if errors.Is(err, io.EOF) {
			return rs
		}
		if err != nil {
			t.Fatalf("output %q: %v", out, err)
		}
		var m reply
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("output message %s: %v", body, err)
		}
		if m.JSONRPC != "2.0" {
			t.Errorf("output message %s: jsonrpc is not 2.0", body)
		}
		rs = append(rs, m)
	}
}

// echo answers every request with its method and parameters.
func echo(_ context.Context, req *Request) (any, error) {
	return map[string]any{"method": req.Method, "params": req.Params}, nil
}

func TestFraming(t *testing.T) {
	req := func(id int) string {
		return frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"m","params":{"n":%d}}`, id, id))
	}
	three := req(1) + req(2) + req(3)
	for _, tc := range []struct {
		name  string
		input io.Reader
	}{
		{"one read", strings.NewReader(three)},
		{"one byte per read", iotest.OneByteReader(strings.NewReader(three))},
		{"half reads", iotest.HalfReader(strings.NewReader(three))},
		{"content type and case", strings.NewReader(
			"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: " +
				strings.TrimPrefix(req(1), "Content-Length: ") +
				"X-Other: yes\r\nCONTENT-LENGTH:" + strings.TrimPrefix(req(2), "Content-Length:") +
				"\r\n" + req(3))},
		{"bare line feeds", strings.NewReader(strings.ReplaceAll(three, "\r\n\r\n", "\n\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := serve(t, tc.input, echo)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(rs) != 3 {
				t.Fatalf("got %d responses, want 3: %+v", len(rs), rs)
			}
			for i, r := range rs {
				want := fmt.Sprintf(`{"method":"m","params":{"n":%d}}`, i+1)
				if string(r.ID) != fmt.Sprint(i+1) || string(r.Result) != want || r.Error != nil {
					t.Errorf("response %d = id %s result %s error %v, want id %d result %s", i, r.ID, r.Result, r.Error, i+1, want)
				}
			}
		})
	}
}

func TestOutputFraming(t *testing.T) {
	var out bytes.Buffer
	c := NewConn(strings.NewReader(""), &out, nil)
	if err := c.Notify("window/logMessage", map[string]string{"message": "a <b> & c"}); err != nil {
		t.Fatal(err)
	}
	body := `{"jsonrpc":"2.0","method":"window/logMessage","params":{"message":"a <b> & c"}}`
	if got, want := out.String(), frame(body); got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}

// TestBrokenFraming: a header that cannot be read stops the connection
// with an error, before anything is handled.
func TestBrokenFraming(t *testing.T) {
	for _, tc := range []struct {
		name, input, err string
	}{
		{"no colon", "Content-Length 5\r\n\r\nhello", "invalid header line"},
		{"no length", "Content-Type: application/json\r\n\r\n{}", "without Content-Length"},
		{"not a number", "Content-Length: five\r\n\r\nhello", "invalid Content-Length"},
		{"negative", "Content-Length: -1\r\n\r\n", "invalid Content-Length"},
		{"plus sign", "Content-Length: +2\r\n\r\n{}", "invalid Content-Length"},
		{"conflicting", "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "conflicting"},
		{"over the limit", fmt.Sprintf("Content-Length: %d\r\n\r\n{}", MaxMessageSize+1), "exceeds the limit"},
		{"overflow", "Content-Length: 99999999999999999999999\r\n\r\n{}", "invalid Content-Length"},
		{"endless line", "Content-Length: 1" + strings.Repeat("0", 1<<20), "header line too long"},
		{"eof in the header", "Content-Length: 2\r\n", io.ErrUnexpectedEOF.Error()},
		{"eof in the body", "Content-Length: 100\r\n\r\n{\"jsonrpc\":", io.ErrUnexpectedEOF.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			called := false
			rs, err := serve(t, strings.NewReader(tc.input), func(context.Context, *Request) (any, error) {
				called = true
				return nil, nil
			})
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Run: %v, want an error with %q", err, tc.err)
			}
			if called || len(rs) != 0 {
				t.Errorf("handled %v, replied %+v; want neither", called, rs)
			}
		})
	}
}

// TestHugeContentLengthDoesNotAllocate: a Content-Length under the limit
// for a body that never comes allocates what arrives, not what is
// announced.
func TestHugeContentLengthDoesNotAllocate(t *testing.T) {
	input := fmt.Sprintf("Content-Length: %d\r\n\r\n{}", MaxMessageSize)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := serve(t, strings.NewReader(input), echo)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Run: %v, want unexpected EOF", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("allocated %d bytes for a 2-byte body", grew)
	}
}

func TestCleanEOF(t *testing.T) {
	for _, input := range []string{"", frame(`{"jsonrpc":"2.0","method":"n"}`), "\r\n" + frame(`{"jsonrpc":"2.0","method":"n"}`) + "\r\n"} {
		if rs, err := serve(t, strings.NewReader(input), echo); err != nil || len(rs) != 0 {
			t.Errorf("input %q: Run %v, replies %+v; want nil and none", input, err, rs)
		}
	}
}

// TestInvalidMessages: each invalid message gets an error response, with
// the message's id when it could be read, and the next one is handled.
func TestInvalidMessages(t *testing.T) {
	for _, tc := range []struct {
		body string
		id   string
		code Code
	}{
		{`{"id":1,]`, "null", ParseError},
		{`{"jsonrpc":"2.0","id":1,"method":"m"`, "null", ParseError},
		{`not json`, "null", ParseError},
		{``, "null", ParseError},
		{`[]`, "null", InvalidRequest},
		{`[{"jsonrpc":"2.0","id":1,"method":"m"}]`, "null", InvalidRequest},
		{`5`, "null", InvalidRequest},
		{`"m"`, "null", InvalidRequest},
		{`{"jsonrpc":"1.0","id":1,"method":"m"}`, "1", InvalidRequest},
		{`{"id":1,"method":"m"}`, "1", InvalidRequest},
		{`{"jsonrpc":"2.0","id":{"a":1},"method":"m"}`, "null", InvalidRequest},
		{`{"jsonrpc":"2.0","id":true,"method":"m"}`, "null", InvalidRequest},
		{`{"jsonrpc":"2.0","id":"x","method":5}`, `"x"`, InvalidRequest},
		{`{"jsonrpc":"2.0","id":2,"method":"m","params":"garbage"}`, "2", InvalidRequest},
		{`{"jsonrpc":"2.0","method":"m","params":3}`, "null", InvalidRequest},
		{`{"jsonrpc":"2.0","id":3}`, "3", InvalidRequest},
		{`{"jsonrpc":2,"id":4,"method":"m"}`, "4", InvalidRequest},
	} {
		t.Run(tc.body, func(t *testing.T) {
			var handled []string
			input := frame(tc.body) + frame(`{"jsonrpc":"2.0","id":"next","method":"m"}`)
			rs, err := serve(t, strings.NewReader(input), func(ctx context.Context, req *Request) (any, error) {
				handled = append(handled, string(req.ID))
				return echo(ctx, req)
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(rs) != 2 || len(handled) != 1 || handled[0] != `"next"` {
				t.Fatalf("replies %+v, handled %q; want an error and the next message's response", rs, handled)
			}
			if string(rs[0].ID) != tc.id || rs[0].Error == nil || rs[0].Error.Code != tc.code || rs[0].Result != nil {
				t.Errorf("reply = id %s error %+v result %s, want id %s code %d", rs[0].ID, rs[0].Error, rs[0].Result, tc.id, tc.code)
			}
			if string(rs[1].ID) != `"next"` || rs[1].Error != nil {
				t.Errorf("next reply = %+v", rs[1])
			}
		})
	}
}

func TestIDsEchoedAsReceived(t *testing.T) {
	for _, id := range []string{`0`, `42`, `-7`, `1e3`, `12345678901234567890`, `"abc"`, `""`, `"<&>"`, `"\u00e9é"`, `"a\"b"`} {
		rs, err := serve(t, strings.NewReader(frame(`{"jsonrpc":"2.0","id": `+id+` ,"method":"m"}`)), echo)
		if err != nil || len(rs) != 1 {
			t.Fatalf("id %s: Run %v, replies %+v", id, err, rs)
		}
		if string(rs[0].ID) != id {
			t.Errorf("id %s echoed as %s", id, rs[0].ID)
		}
	}
}

func TestNullIDIsANotification(t *testing.T) {
	called := false
	rs, err := serve(t, strings.NewReader(frame(`{"jsonrpc":"2.0","id":null,"method":"m"}`)), func(_ context.Context, req *Request) (any, error) {
		called = req.IsNotification()
		return 1, nil
	})
	if err != nil || !called || len(rs) != 0 {
		t.Errorf("Run %v, handled as a notification %v, replies %+v", err, called, rs)
	}
}

func TestMethodNotFoundAndNotifications(t *testing.T) {
	input := frame(`{"jsonrpc":"2.0","id":1,"method":"nope"}`) +
		frame(`{"jsonrpc":"2.0","method":"nope"}`) +
		frame(`{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}`) +
		frame(`{"jsonrpc":"2.0","method":"fails"}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"fails"}`)
	for _, h := range []Handler{nil, func(_ context.Context, req *Request) (any, error) {
		if req.Method == "fails" {
			return "ignored", errors.New("no luck")
		}
		return nil, Errorf(MethodNotFound, "no %s", req.Method)
	}} {
		rs, err := serve(t, strings.NewReader(input), h)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 2 {
			t.Fatalf("replies %+v, want two: notifications get none", rs)
		}
		if string(rs[0].ID) != "1" || rs[0].Error == nil || rs[0].Error.Code != MethodNotFound {
			t.Errorf("unknown request: %+v, want MethodNotFound", rs[0])
		}
		want := MethodNotFound
		if h != nil {
			want = InternalError
		}
		if string(rs[1].ID) != "2" || rs[1].Error == nil || rs[1].Error.Code != want || rs[1].Result != nil {
			t.Errorf("failing request: %+v, want code %d and no result", rs[1], want)
		}
	}
}

func TestResults(t *testing.T) {
	input := frame(`{"jsonrpc":"2.0","id":1,"method":"nil"}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"unmarshalable"}`) +
		frame(`{"jsonrpc":"2.0","id":3,"method":"panics"}`) +
		frame(`{"jsonrpc":"2.0","id":4,"method":"params","params":[1]}`) +
		frame(`{"jsonrpc":"2.0","id":5,"method":"cancelled"}`) +
		frame(`{"jsonrpc":"2.0","id":6,"method":"data"}`)
	rs, err := serve(t, strings.NewReader(input), func(_ context.Context, req *Request) (any, error) {
		switch req.Method {
		case "unmarshalable":
			return make(chan int), nil
		case "panics":
			panic("boom")
		case "params":
			var v struct{ A int }
			return nil, req.UnmarshalParams(&v)
		case "cancelled":
			return nil, fmt.Errorf("stopped: %w", context.Canceled)
		case "data":
			return nil, &Error{Code: 7, Message: "m", Data: json.RawMessage(`{"k":"v"}`)}
		}
		return nil, nil
	})
	if err != nil || len(rs) != 6 {
		t.Fatalf("Run %v, replies %+v", err, rs)
	}
	if string(rs[0].Result) != "null" || rs[0].Error != nil {
		t.Errorf("nil result: %+v, want result null", rs[0])
	}
	for i, code := range map[int]Code{1: InternalError, 2: InternalError, 3: InvalidParams, 4: RequestCancelled, 5: 7} {
		if rs[i].Error == nil || rs[i].Error.Code != code || rs[i].Result != nil {
			t.Errorf("reply %d: %+v, want error %d", i, rs[i], code)
		}
	}
	if !strings.Contains(rs[2].Error.Message, "boom") {
		t.Errorf("panic reply %+v lacks the panic", rs[2].Error)
	}
	if string(rs[5].Error.Data) != `{"k":"v"}` {
		t.Errorf("error data = %s", rs[5].Error.Data)
	}
}

// TestArrivalOrder: notifications and requests are handled one at a time,
// in the order received, and responses follow that order.
func TestArrivalOrder(t *testing.T) {
	var input strings.Builder
	for i := range 200 {
		if i%3 == 0 {
			fmt.Fprint(&input, frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"req"}`, i)))
		} else {
			fmt.Fprint(&input, frame(fmt.Sprintf(`{"jsonrpc":"2.0","method":"note","params":[%d]}`, i)))
		}
	}
	var seen []int
	running := 0
	rs, err := serve(t, iotest.HalfReader(strings.NewReader(input.String())), func(_ context.Context, req *Request) (any, error) {
		running++
		defer func() { running-- }()
		if running != 1 {
			t.Errorf("%d handlers running at once", running)
		}
		var n int
		if req.IsNotification() {
			var p []int
			if err := req.UnmarshalParams(&p); err != nil {
				return nil, err
			}
			n = p[0]
		} else if err := json.Unmarshal(req.ID, &n); err != nil {
			return nil, err
		}
		seen = append(seen, n)
		runtime.Gosched()
		return n, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range seen {
		if n != i {
			t.Fatalf("handled %d at position %d: %v", n, i, seen)
		}
	}
	if len(seen) != 200 || len(rs) != 67 {
		t.Fatalf("handled %d, replied %d", len(seen), len(rs))
	}
	for i, r := range rs {
		if string(r.ID) != fmt.Sprint(3*i) {
			t.Errorf("reply %d has id %s", i, r.ID)
		}
	}
}

// chunkWriter writes to w in pieces of a few bytes, yielding between
// them, so that two messages written at once would interleave.
type chunkWriter struct{ w io.Writer }

func (c chunkWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), 7)
		m, err := c.w.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		p = p[k:]
		runtime.Gosched()
	}
	return n, nil
}

// pair connects a server and a client connection over pipes and runs
// both; it returns the client and a function stopping both that returns
// their Run errors.
func pair(t *testing.T, server, client Handler) (*Conn, *Conn, func() (error, error)) {
	t.Helper()
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	srv := NewConn(serverIn, chunkWriter{serverOut}, server)
	cli := NewConn(clientIn, clientOut, client)
	srvDone, cliDone := make(chan error, 1), make(chan error, 1)
	go func() {
		err := srv.Run()
		srv.Close()
		serverOut.Close()
		srvDone <- err
	}()
	go func() { cliDone <- cli.Run() }()
	var once sync.Once
	var srvErr, cliErr error
	stop := func() (error, error) {
		once.Do(func() {
			clientOut.Close()
			for _, ch := range []chan error{srvDone, cliDone} {
				select {
				case err := <-ch:
					if ch == srvDone {
						srvErr = err
					} else {
						cliErr = err
					}
				case <-time.After(10 * time.Second):
					t.Error("a connection did not stop")
				}
			}
		})
		return srvErr, cliErr
	}
	t.Cleanup(func() { _, _ = stop() })
	return srv, cli, stop
}

// TestConcurrentNotifyDoesNotInterleave: notifications sent from many
// goroutines at once arrive whole, each once.
func TestConcurrentNotifyDoesNotInterleave(t *testing.T) {
	const senders, each = 8, 50
	var mu sync.Mutex
	got := map[string]int{}
	srv, _, stop := pair(t, nil, func(_ context.Context, req *Request) (any, error) {
		var p struct{ Text string }
		if err := req.UnmarshalParams(&p); err != nil {
			t.Errorf("params %s: %v", req.Params, err)
		}
		mu.Lock()
		got[p.Text]++
		mu.Unlock()
		return nil, nil
	})
	var wg sync.WaitGroup
	for g := range senders {
		wg.Go(func() {
			for i := range each {
				text := fmt.Sprintf("%d-%d-%s", g, i, strings.Repeat("x", 100*g))
				if err := srv.Notify("note", map[string]string{"text": text}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if srvErr, cliErr := stop(); srvErr != nil || cliErr != nil {
		t.Fatalf("Run: server %v, client %v", srvErr, cliErr)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != senders*each {
		t.Errorf("received %d distinct notifications, want %d", len(got), senders*each)
	}
	for text, n := range got {
		if n != 1 {
			t.Errorf("%.20s received %d times", text, n)
		}
	}
}

func TestCall(t *testing.T) {
	_, cli, stop := pair(t, func(_ context.Context, req *Request) (any, error) {
		switch req.Method {
		case "add":
			var p []int
			if err := req.UnmarshalParams(&p); err != nil {
				return nil, err
			}
			return p[0] + p[1], nil
		case "nothing":
			return nil, nil
		}
		return nil, Errorf(MethodNotFound, "no %s", req.Method)
	}, nil)
	ctx := context.Background()
	var sum int
	if err := cli.Call(ctx, "add", []int{2, 3}, &sum); err != nil || sum != 5 {
		t.Errorf("add: %d, %v", sum, err)
	}
	var v any = "unset"
	if err := cli.Call(ctx, "nothing", nil, &v); err != nil || v != nil {
		t.Errorf("nothing: %v, %v; want nil", v, err)
	}
	if err := cli.Call(ctx, "nope", nil, nil); ErrorCode(err) != MethodNotFound {
		t.Errorf("nope: %v, want MethodNotFound", err)
	}
	if err := cli.Call(ctx, "add", "x", nil); ErrorCode(err) != InvalidRequest {
		t.Errorf("string params: %v, want InvalidRequest", err)
	}
	// Concurrent calls each get their own response.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			var sum int
			if err := cli.Call(ctx, "add", []int{i, i}, &sum); err != nil || sum != 2*i {
				t.Errorf("add %d: %d, %v", i, sum, err)
			}
		})
	}
	wg.Wait()
	_, _ = stop()
	if err := cli.Call(ctx, "add", []int{1, 1}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("call after the connection ended: %v, want ErrClosed", err)
	}
}

// TestCancelRequest: $/cancelRequest cancels the context of the running
// request, and answers a queued one with RequestCancelled without running
// it.
func TestCancelRequest(t *testing.T) {
	release := make(chan struct{})
	started := make(chan string, 4)
	var ran sync.Map
	_, cli, _ := pair(t, func(ctx context.Context, req *Request) (any, error) {
		ran.Store(req.Method, true)
		started <- req.Method
		switch req.Method {
		case "waitsForCancel":
			<-ctx.Done()
			return nil, ctx.Err()
		case "blocks":
			<-release
			return "done", nil
		}
		return "ran", nil
	}, nil)
	ctx := context.Background()

	errc := make(chan error, 1)
	go func() { errc <- cli.Call(ctx, "waitsForCancel", nil, nil) }()
	<-started
	if err := cli.Notify("$/cancelRequest", map[string]int{"id": 1}); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; ErrorCode(err) != RequestCancelled {
		t.Errorf("cancelled running request: %v, want RequestCancelled", err)
	}

	// Request 2 blocks the handler; 3 waits in the queue and is cancelled.
	blocked := make(chan error, 1)
	go func() { blocked <- cli.Call(ctx, "blocks", nil, nil) }()
	<-started
	queued := make(chan error, 1)
	go func() { queued <- cli.Call(ctx, "queued", nil, nil) }()
	for {
		cli.mu.Lock()
		_, sent := cli.pending["3"]
		cli.mu.Unlock()
		if sent {
			break
		}
		time.Sleep(time.Millisecond)
	}
	// The request is written before it is pending at the server; a
	// cancellation of an id not yet read is ignored, so wait a little.
	time.Sleep(50 * time.Millisecond)
	if err := cli.Notify("$/cancelRequest", map[string]string{"id": "ignored, not a request"}); err != nil {
		t.Fatal(err)
	}
	if err := cli.Notify("$/cancelRequest", map[string]int{"id": 3}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	if err := <-blocked; err != nil {
		t.Errorf("blocking request: %v", err)
	}
	if err := <-queued; ErrorCode(err) != RequestCancelled {
		t.Errorf("cancelled queued request: %v, want RequestCancelled", err)
	}
	if _, ok := ran.Load("queued"); ok {
		t.Error("the cancelled queued request ran")
	}
	// A cancellation is not passed to the handler.
	if _, ok := ran.Load(cancelMethod); ok {
		t.Error("$/cancelRequest reached the handler")
	}
}

func TestDuplicateRequestID(t *testing.T) {
	release := make(chan struct{})
	serverIn, clientOut := io.Pipe()
	var out syncBuffer
	c := NewConn(serverIn, &out, func(context.Context, *Request) (any, error) {
		<-release
		return "ok", nil
	})
	done := make(chan error, 1)
	go func() { done <- c.Run() }()
	fmt.Fprint(clientOut, frame(`{"jsonrpc":"2.0","id":1,"method":"m"}`))
	fmt.Fprint(clientOut, frame(`{"jsonrpc":"2.0","id":1,"method":"m"}`))
	// The pipe returns from this write once the second request has been
	// read and queued or refused.
	fmt.Fprint(clientOut, frame(`{"jsonrpc":"2.0","method":"barrier"}`))
	close(release)
	clientOut.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	rs := parseReplies(t, out.Bytes())
	if len(rs) != 2 {
		t.Fatalf("replies %+v", rs)
	}
	var codes []Code
	for _, r := range rs {
		if r.Error != nil {
			codes = append(codes, r.Error.Code)
		}
	}
	if len(codes) != 1 || codes[0] != InvalidRequest {
		t.Errorf("replies %+v, want one result and one InvalidRequest", rs)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.b.Bytes()...)
}

// TestClose: Run returns after Close even while the input blocks, and
// nothing is sent after it.
func TestClose(t *testing.T) {
	serverIn, clientOut := io.Pipe()
	defer clientOut.Close()
	var out syncBuffer
	closed := make(chan struct{})
	var c *Conn
	c = NewConn(serverIn, &out, func(_ context.Context, req *Request) (any, error) {
		if req.Method == "exit" {
			c.Close()
			close(closed)
		}
		return nil, nil
	})
	done := make(chan error, 1)
	go func() { done <- c.Run() }()
	fmt.Fprint(clientOut, frame(`{"jsonrpc":"2.0","method":"exit"}`))
	<-closed
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Close")
	}
	if err := c.Notify("late", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Notify after Close: %v, want ErrClosed", err)
	}
	if err := c.Call(context.Background(), "late", nil, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Call after Close: %v, want ErrClosed", err)
	}
	if len(out.Bytes()) != 0 {
		t.Errorf("wrote %q", out.Bytes())
	}
}

// TestResponsesToNothingAreDropped: responses (the peer's, to calls never
// made) get no reply.
func TestResponsesToNothingAreDropped(t *testing.T) {
	input := frame(`{"jsonrpc":"2.0","id":9,"result":{"a":1}}`) + frame(`{"jsonrpc":"2.0","id":10,"error":{"code":1,"message":"x"}}`) +
		frame(`{"jsonrpc":"2.0","id":null,"result":null}`)
	if rs, err := serve(t, strings.NewReader(input), echo); err != nil || len(rs) != 0 {
		t.Errorf("Run %v, replies %+v; want none", err, rs)
	}
}

// TestCallEndsWithTheConnection: a call waiting for a response fails when
// the input ends.
func TestCallEndsWithTheConnection(t *testing.T) {
	in, feed := io.Pipe()
	c := NewConn(in, io.Discard, nil)
	done := make(chan error, 1)
	go func() { done <- c.Run() }()
	errc := make(chan error, 1)
	go func() { errc <- c.Call(context.Background(), "m", nil, nil) }()
	for {
		c.mu.Lock()
		n := len(c.pending)
		c.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	feed.Close()
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Errorf("Call: %v, want ErrClosed", err)
	}
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c2 := NewConn(strings.NewReader(""), io.Discard, nil)
	if err := c2.Call(ctx, "m", nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Call with a cancelled context: %v", err)
	}
}
