// Package jsonrpc implements JSON-RPC 2.0 (https://www.jsonrpc.org/specification)
// over the base protocol of the Language Server Protocol: each message is a
// header of "Name: value" lines, of which Content-Length is required and
// the others (Content-Type) are ignored, an empty line, and a JSON body of
// Content-Length bytes.
//
// A Conn handles the requests and notifications it receives one at a time,
// in arrival order, on a single goroutine. The LSP requires that order for
// the document notifications (didOpen, didChange, didSave, didClose), and a
// request received after a change must see the change; handlers are
// expected not to block (long work runs on goroutines of its own). Reading
// goes on while a handler runs, so that $/cancelRequest can cancel the
// context of the running or of a queued request, and so that the peer is
// never blocked writing. Responses to the peer's requests are written as
// the handler returns, hence in request order; notifications can be sent
// from any goroutine, each message written whole.
//
// Batches, which the LSP does not use, are answered with InvalidRequest.
package jsonrpc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Code is the code of an Error.
type Code int64

// The error codes of JSON-RPC 2.0, and RequestCancelled of the LSP.
const (
	ParseError       Code = -32700 // the body is not valid JSON
	InvalidRequest   Code = -32600 // the body is not a valid request
	MethodNotFound   Code = -32601 // no such method
	InvalidParams    Code = -32602 // the parameters do not fit the method
	InternalError    Code = -32603 // the handler failed
	RequestCancelled Code = -32800 // the request was cancelled ($/cancelRequest)
)

// MaxMessageSize is the largest Content-Length a Conn accepts; a larger
// one stops the connection.
const MaxMessageSize = 256 << 20

// cancelMethod is the LSP notification that cancels a request.
const cancelMethod = "$/cancelRequest"

// Error is a JSON-RPC error object. Handlers return it to choose the code
// of the error response; any other error is reported as InternalError,
// context.Canceled as RequestCancelled.
type Error struct {
	Code    Code            `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("[%d] %s", e.Code, e.Message) }

// Errorf returns an Error with code and the formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the Error in err's chain, or 0 when there
// is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// ErrClosed is returned when sending on a closed connection, and by Call
// when the connection stops before the response arrives.
var ErrClosed = errors.New("jsonrpc: connection closed")

// Request is a request or a notification received.
type Request struct {
	// ID is the request's id as received (a JSON number or string); nil
	// for a notification.
	ID json.RawMessage
	// Method is the method name.
	Method string
	// Params are the parameters as received, an object or an array; nil
	// when absent or null.
	Params json.RawMessage
}

// IsNotification reports whether r is a notification, which gets no
// response.
func (r *Request) IsNotification() bool { return r.ID == nil }

// UnmarshalParams decodes the parameters into v, reporting a failure as an
// InvalidParams Error. Absent parameters leave v unchanged.
func (r *Request) UnmarshalParams(v any) error {
	if len(r.Params) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.Params, v); err != nil {
		e := Errorf(InvalidParams, "invalid parameters for %s", r.Method)
		e.Data, _ = json.Marshal(err.Error())
		return e
	}
	return nil
}

// Handler handles a request or a notification. Its result is marshaled as
// the response's result; for a notification, result and error are
// dropped. The context of a request is cancelled by $/cancelRequest and by
// Close.
type Handler func(ctx context.Context, req *Request) (result any, err error)

// Conn is a JSON-RPC connection over the LSP base protocol.
type Conn struct {
	r *bufio.Reader
	w io.Writer
	h Handler

	// wmu serializes writes, so that messages never interleave.
	wmu sync.Mutex

	mu     sync.Mutex
	cond   *sync.Cond // signals changes of queue, eof and closed
	queue  []*incoming
	eof    bool  // the reader has stopped
	rerr   error // why, when not a clean end of input
	closed bool
	// inflight are the contexts' cancel functions of the queued and
	// running requests, by id.
	inflight map[string]context.CancelFunc
	// pending are the calls of this side awaiting a response, by id.
	pending map[string]chan *message
	nextID  int64
}

// incoming is a request or notification queued for the handler.
type incoming struct {
	req    *Request
	ctx    context.Context
	cancel context.CancelFunc
}

// message is every JSON-RPC message as it is on the wire.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  *string         `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *Error          `json:"error,omitempty"`
}

// outgoing is a message to send; Result is never nil in a response
// without an error, as "result" is required there.
type outgoing struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  any             `json:"params,omitempty"`
	Result  any             `json:"result,omitempty"`
	Error   *Error          `json:"error,omitempty"`
}

// null is the JSON null, as an id and as a result.
var null = json.RawMessage("null")

// NewConn returns a connection reading messages from r and writing
// messages to w. h handles the requests and notifications received; nil
// answers every request with MethodNotFound.
func NewConn(r io.Reader, w io.Writer, h Handler) *Conn {
	if h == nil {
		h = func(_ context.Context, req *Request) (any, error) {
			return nil, Errorf(MethodNotFound, "method not found: %s", req.Method)
		}
	}
	c := &Conn{
		r: bufio.NewReader(r), w: w, h: h,
		inflight: map[string]context.CancelFunc{},
		pending:  map[string]chan *message{},
	}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Run reads and handles messages until the input ends or Close is called;
// it is called once.
// At the end of the input it first handles the messages already read, and
// returns nil when the input ended between two messages, else the error
// that stopped reading (a malformed header, a message longer than
// MaxMessageSize, a read error). After Close, it returns nil once the
// running handler returns, leaving the reading goroutine blocked until the
// input returns from its Read.
func (c *Conn) Run() error {
	go c.read()
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.eof && !c.closed {
			c.cond.Wait()
		}
		if c.closed || len(c.queue) == 0 {
			err := c.rerr
			if c.closed {
				err = nil
			}
			c.mu.Unlock()
			return err
		}
		in := c.queue[0]
		c.queue[0] = nil
		c.queue = c.queue[1:]
		c.mu.Unlock()
		c.handle(in)
	}
}

// Close stops the connection: Run returns, the contexts of the queued and
// running requests are cancelled, pending calls fail, and sending returns
// ErrClosed. It does not close the reader or the writer.
func (c *Conn) Close() {
	c.mu.Lock()
	c.closed = true
	for id, cancel := range c.inflight {
		cancel()
		delete(c.inflight, id)
	}
	c.failPendingLocked()
	c.cond.Broadcast()
	c.mu.Unlock()
}

// Notify sends a notification.
func (c *Conn) Notify(method string, params any) error {
	return c.send(&outgoing{Method: method, Params: params})
}

// Call sends a request and waits for its response, decoding its result
// into result unless result is nil. An error response is returned as an
// *Error. Run must be running, to read the response.
func (c *Conn) Call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	if c.closed || c.eof {
		c.mu.Unlock()
		return ErrClosed
	}
	c.nextID++
	id := json.RawMessage(strconv.FormatInt(c.nextID, 10))
	ch := make(chan *message, 1)
	c.pending[string(id)] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, string(id))
		c.mu.Unlock()
	}()

	if err := c.send(&outgoing{ID: id, Method: method, Params: params}); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case m, ok := <-ch:
		switch {
		case !ok:
			return ErrClosed
		case m.Error != nil:
			return m.Error
		case result != nil:
			return json.Unmarshal(m.Result, result)
		}
		return nil
	}
}

// handle runs the handler on a request or notification and sends the
// response of a request.
func (c *Conn) handle(in *incoming) {
	req := in.req
	var result any
	var err error
	if err = in.ctx.Err(); err == nil {
		result, err = c.invoke(in.ctx, req)
	}
	in.cancel()
	if req.IsNotification() {
		return
	}
	c.mu.Lock()
	delete(c.inflight, string(req.ID))
	c.mu.Unlock()
	rsp := &outgoing{ID: req.ID, Error: toError(err)}
	if err == nil {
		rsp.Result = result
		if result == nil {
			rsp.Result = null
		}
	}
	frame, err := encode(rsp)
	if err != nil {
		// The result cannot be marshaled: answer with the reason.
		frame, _ = encode(&outgoing{ID: req.ID, Error: Errorf(InternalError, "%s: %v", req.Method, err)})
	}
	_ = c.write(frame)
}

// invoke calls the handler, turning a panic into an InternalError.
func (c *Conn) invoke(ctx context.Context, req *Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, Errorf(InternalError, "internal error in %s: %v", req.Method, r)
		}
	}()
	return c.h(ctx, req)
}

// toError converts a handler's error to the error object of its response.
func toError(err error) *Error {
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return e
	case errors.Is(err, context.Canceled):
		return &Error{Code: RequestCancelled, Message: "request cancelled"}
	}
	return &Error{Code: InternalError, Message: err.Error()}
}

// send writes one message.
func (c *Conn) send(m *outgoing) error {
	frame, err := encode(m)
	if err != nil {
		return err
	}
	return c.write(frame)
}

// encode returns m framed: the header and the JSON body.
func encode(m *outgoing) ([]byte, error) {
	m.JSONRPC = "2.0"
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(body.Bytes(), []byte("\n"))
	frame := make([]byte, 0, len(b)+32)
	frame = append(frame, "Content-Length: "...)
	frame = strconv.AppendInt(frame, int64(len(b)), 10)
	frame = append(frame, "\r\n\r\n"...)
	return append(frame, b...), nil
}

// write writes a framed message, whole, under the write lock.
func (c *Conn) write(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.isClosed() {
		return ErrClosed
	}
	_, err := c.w.Write(frame)
	return err
}

func (c *Conn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// read reads messages until the input ends or the connection closes,
// queuing requests and notifications, delivering responses to pending
// calls and answering invalid messages.
func (c *Conn) read() {
	for {
		body, err := c.readMessage()
		if err == nil && !c.isClosed() {
			c.receive(body)
		}
		c.mu.Lock()
		if err != nil || c.closed {
			c.eof = true
			if !errors.Is(err, io.EOF) {
				c.rerr = err
			}
			c.failPendingLocked()
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
	}
}

// failPendingLocked ends the pending calls. The caller holds c.mu.
func (c *Conn) failPendingLocked() {
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
}

// readMessage reads the header and the body of the next message. It
// returns io.EOF when the input ends before a message starts, and
// io.ErrUnexpectedEOF when it ends inside one.
func (c *Conn) readMessage() ([]byte, error) {
	size := int64(-1)
	lines := 0
	for {
		line, err := c.r.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return nil, errors.New("header line too long")
		case errors.Is(err, io.EOF) && lines == 0 && len(line) == 0:
			return nil, io.EOF
		case errors.Is(err, io.EOF):
			return nil, io.ErrUnexpectedEOF
		case err != nil:
			return nil, err
		}
		text := strings.TrimRight(string(line), "\r\n")
		if text == "" {
			if lines == 0 {
				continue // a stray line break between messages
			}
			break
		}
		lines++
		name, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, fmt.Errorf("invalid header line %q", truncate(text))
		}
		if !strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			continue // Content-Type and unknown fields
		}
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		switch {
		case err != nil || n < 0 || strings.HasPrefix(strings.TrimSpace(value), "+"):
			return nil, fmt.Errorf("invalid Content-Length %q", truncate(value))
		case size >= 0 && n != size:
			return nil, errors.New("conflicting Content-Length fields")
		case n > MaxMessageSize:
			return nil, fmt.Errorf("Content-Length %d exceeds the limit of %d bytes", n, MaxMessageSize)
		}
		size = n
	}
	if size < 0 {
		return nil, errors.New("header without Content-Length")
	}
	// The buffer grows as the body arrives, so that a large Content-Length
	// allocates only what the peer actually sends.
	var body bytes.Buffer
	body.Grow(int(min(size, 64<<10)))
	n, err := body.ReadFrom(io.LimitReader(c.r, size))
	if err != nil {
		return nil, err
	}
	if n < size {
		return nil, io.ErrUnexpectedEOF
	}
	return body.Bytes(), nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// receive dispatches a message body: it queues requests and notifications,
// delivers responses, cancels on $/cancelRequest and answers invalid
// messages.
func (c *Conn) receive(body []byte) {
	// An object, the message of every LSP exchange, is checked as it is
	// decoded (json.Unmarshal reports invalid JSON as a *json.SyntaxError);
	// anything else is checked whole first.
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) == 0 || b[0] != '{' {
		switch {
		case !json.Valid(body):
			c.reject(nil, ParseError, "invalid JSON")
		case b[0] == '[':
			c.reject(nil, InvalidRequest, "batches are not supported")
		default:
			c.reject(nil, InvalidRequest, "the message is not an object")
		}
		return
	}
	var m message
	err := json.Unmarshal(body, &m)
	if syntax := (*json.SyntaxError)(nil); errors.As(err, &syntax) {
		c.reject(nil, ParseError, "invalid JSON")
		return
	}
	id := m.ID
	if !validID(id) {
		c.reject(nil, InvalidRequest, "the id is not a number or a string")
		return
	}
	if string(id) == "null" {
		id = nil // as some clients send for notifications
	}
	switch {
	case err != nil:
		c.reject(id, InvalidRequest, "invalid message: %v", err)
		return
	case m.JSONRPC != "2.0":
		c.reject(id, InvalidRequest, `jsonrpc is not "2.0"`)
		return
	case m.Method == nil:
		if m.Result != nil || m.Error != nil {
			c.deliver(id, &m)
			return
		}
		c.reject(id, InvalidRequest, "the message has neither a method nor a result")
		return
	}
	params := m.Params
	if string(params) == "null" {
		params = nil
	}
	if len(params) > 0 && params[0] != '{' && params[0] != '[' {
		c.reject(id, InvalidRequest, "params is not an object or an array")
		return
	}
	req := &Request{ID: id, Method: *m.Method, Params: params}
	if req.Method == cancelMethod && req.IsNotification() {
		c.cancel(req)
		return
	}

	in := &incoming{req: req}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	c.mu.Lock()
	_, dup := c.inflight[string(id)]
	if dup {
		c.mu.Unlock()
		in.cancel()
		c.reject(id, InvalidRequest, "duplicate request id %s", id)
		return
	}
	if !req.IsNotification() {
		c.inflight[string(id)] = in.cancel
	}
	c.queue = append(c.queue, in)
	c.cond.Signal()
	c.mu.Unlock()
}

// validID reports whether id is absent, null, a number or a string.
func validID(id json.RawMessage) bool {
	if len(id) == 0 {
		return true
	}
	b := id[0]
	return b == '"' || b == '-' || (b >= '0' && b <= '9') || string(id) == "null"
}

// cancel handles $/cancelRequest: the context of the queued or running
// request with the id is cancelled. A queued request is then answered
// with RequestCancelled without running; a running one as its handler
// decides.
func (c *Conn) cancel(req *Request) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if req.UnmarshalParams(&p) != nil || len(p.ID) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cancel := c.inflight[string(p.ID)]; cancel != nil {
		cancel()
	}
}

// deliver hands a response to the pending call with its id; a response to
// nothing is dropped.
func (c *Conn) deliver(id json.RawMessage, m *message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch := c.pending[string(id)]; ch != nil {
		delete(c.pending, string(id))
		ch <- m
	}
}

// reject answers an invalid message with an error response, its id null
// unless the message's id could be read.
func (c *Conn) reject(id json.RawMessage, code Code, format string, args ...any) {
	if id == nil {
		id = null
	}
	_ = c.send(&outgoing{ID: id, Error: Errorf(code, format, args...)})
}
