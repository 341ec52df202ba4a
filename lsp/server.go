// Package lsp is edgelint's Language Server: `edgelint lsp` speaks the
// Language Server Protocol over standard input and output, so that an
// editor shows edgelint's findings as diagnostics while the configuration is
// written — on open, on save, and, debounced, from the unsaved buffer — with
// the rule's documentation on hover and the mechanical fixes as quick fixes.
//
// The server keeps the open documents in memory and analyzes them through
// engine.Options.Overlay, limited (engine.Options.Only) to the units the
// changed document belongs to: its Terraform module directory, or its
// template and the templates linked with it. Diagnostics are published for
// every file of those units, since a change in one file can create or
// clear a finding in another.
package lsp

import (
	"context"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/jsonrpc"
)

// AnalyzeFunc runs the engine. The server calls it off the JSON-RPC
// goroutines and cancels ctx when a newer change supersedes the analysis.
type AnalyzeFunc func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error)

// EngineAnalyze is the AnalyzeFunc of a real server: engine.RunContext,
// which stops once ctx is cancelled.
func EngineAnalyze(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
	return engine.RunContext(ctx, paths, opts)
}

// DefaultDebounce is how long the server waits after the last change of an
// unsaved buffer before analyzing it.
const DefaultDebounce = 300 * time.Millisecond

// Server is an edgelint language server. Set its fields before Serve.
type Server struct {
	// Analyze runs the engine; nil means EngineAnalyze.
	Analyze AnalyzeFunc
	// Options are the engine options of every analysis (variables,
	// parameters); the server sets Overlay and Only.
	Options engine.Options
	// Debounce delays the analysis of unsaved changes; 0 means
	// DefaultDebounce.
	Debounce time.Duration
	// MaxDocumentSize is the size in bytes above which an open document
	// is not analyzed: it gets a diagnostic saying so, its text is not
	// kept, and the analyses of other documents read the file from the
	// disk instead. 0 means engine.MaxFileSize, the command line's limit.
	MaxDocumentSize int
	// Version is reported as serverInfo.version.
	Version string
	// Log, when set, receives a line for each protocol problem (standard
	// error for the command).
	Log io.Writer

	conn   *jsonrpc.Conn
	logger *log.Logger
	// exit is closed by the exit notification.
	exit     chan struct{}
	exitOnce sync.Once

	// mu guards the fields below.
	mu          sync.Mutex
	initialized bool
	shutdown    bool
	enc         PositionEncodingKind
	hoverKind   MarkupKind
	roots       []string
	docs        map[string]*document
	units       map[string]*unitState
	gen         uint64 // schedules
	seq         uint64 // snapshots, in the order analyses start

	// pubMu serializes publishing and guards files.
	pubMu sync.Mutex
	files map[string]*fileState

	// rmu guards routeModels, the models the route hovers read, by unit
	// key.
	rmu         sync.Mutex
	routeModels map[string]*routeModel
}

// document is an open document.
type document struct {
	uri     DocumentURI
	version int32
	text    []byte
	// size, when not 0, is the size of a text over MaxDocumentSize, which
	// is not kept (text is nil) nor analyzed.
	size int
}

// maxDocument is the size above which a document is not analyzed.
func (s *Server) maxDocument() int {
	if s.MaxDocumentSize > 0 {
		return s.MaxDocumentSize
	}
	return engine.MaxFileSize
}

// putLocked makes doc the document at path and schedules its analysis
// after delay, unless its text is over the size limit: then the text is
// dropped and put reports false, and the caller publishes tooLarge once
// it has released s.mu. The caller holds s.mu.
func (s *Server) putLocked(path string, doc *document, delay time.Duration) bool {
	if len(doc.text) > s.maxDocument() {
		doc.size, doc.text = len(doc.text), nil
		s.docs[path] = doc
		return false
	}
	s.docs[path] = doc
	s.scheduleLocked(path, delay)
	return true
}

// tooLarge publishes, for an open document over the size limit, the one
// diagnostic saying it is not analyzed, unless the document has changed
// since.
func (s *Server) tooLarge(path string, doc *document) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	current, seq, shutdown := s.docs[path] == doc, s.seq, s.shutdown
	s.mu.Unlock()
	if !current || shutdown {
		return
	}
	limit := strconv.Itoa(s.maxDocument()) + " bytes"
	if m := s.maxDocument(); m%(1<<20) == 0 {
		limit = strconv.Itoa(m>>20) + " MiB"
	}
	d := Diagnostic{
		Severity: SeverityWarning, Source: "edgelint",
		Message: fmt.Sprintf("not analyzed: the document is larger than %s (%d bytes)", limit, doc.size),
	}
	s.files[path] = &fileState{seq: seq, key: unitKey(path), views: []*view{{diag: d}}}
	v := doc.version
	s.notify("textDocument/publishDiagnostics", &PublishDiagnosticsParams{URI: doc.uri, Version: &v, Diagnostics: []Diagnostic{d}})
}

// Serve runs the server on r and w (standard input and output for the
// command) until the client sends exit or closes the stream. It returns the
// process exit status: 0 after shutdown, 1 otherwise (LSP 3.17, exit
// notification).
func (s *Server) Serve(r io.Reader, w io.WriteCloser) int {
	if s.Analyze == nil {
		s.Analyze = EngineAnalyze
	}
	if s.Debounce <= 0 {
		s.Debounce = DefaultDebounce
	}
	if s.Options.ParseCache == nil {
		// Unchanged files are not parsed again on the next change.
		s.Options.ParseCache = engine.NewParseCache()
	}
	out := io.Discard
	if s.Log != nil {
		out = s.Log
	}
	s.logger = log.New(out, "edgelint lsp: ", 0)
	s.mu.Lock()
	s.enc = PositionEncodingUTF16
	s.hoverKind = Markdown
	s.docs = map[string]*document{}
	s.units = map[string]*unitState{}
	s.mu.Unlock()
	s.files = map[string]*fileState{}

	s.exit = make(chan struct{})
	s.conn = jsonrpc.NewConn(r, w, s.handle)
	stopped := make(chan error, 1)
	go func() { stopped <- s.conn.Run() }()
	select {
	case err := <-stopped:
		if err != nil {
			s.logger.Printf("connection: %v", err)
		}
	case <-s.exit:
		// The server stops at once; the goroutine reading r is left
		// blocked until r closes, as the process exits anyway.
	}
	s.conn.Close()
	// Nothing is written after the connection stops; an error closing the
	// output says no more than the connection's.
	_ = w.Close()

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.units {
		u.stop()
	}
	if s.shutdown {
		return 0
	}
	return 1
}

// handler is a method of the server.
type handler func(s *Server, ctx context.Context, req *jsonrpc.Request) (any, error)

var methods = map[string]handler{
	"initialize":              (*Server).initialize,
	"initialized":             func(*Server, context.Context, *jsonrpc.Request) (any, error) { return nil, nil },
	"shutdown":                (*Server).shutdownRequest,
	"exit":                    (*Server).exitNotification,
	"textDocument/didOpen":    (*Server).didOpen,
	"textDocument/didChange":  (*Server).didChange,
	"textDocument/didSave":    (*Server).didSave,
	"textDocument/didClose":   (*Server).didClose,
	"textDocument/hover":      (*Server).hover,
	"textDocument/codeAction": (*Server).codeAction,
}

// handle is the jsonrpc.Handler of the server: it calls the method's
// handler, enforcing the lifecycle (nothing before initialize, nothing but
// exit after shutdown) and turning a panic into an error reply and a log
// message, so that no input stops the server. The connection calls it for
// one message at a time, in arrival order, and answers $/cancelRequest
// itself: the document notifications are applied in the order the client
// sent them, and a request sees every change sent before it. Requests are
// handled in that order too, as no handler blocks: analyses run on timers'
// goroutines.
func (s *Server) handle(ctx context.Context, req *jsonrpc.Request) (result any, err error) {
	method := req.Method
	h, ok := methods[method]
	if !ok {
		// An unknown request gets MethodNotFound; the connection drops
		// the error of an unknown notification, which includes the
		// protocol-dependent $/ ones that may be ignored.
		return nil, jsonrpc.Errorf(jsonrpc.MethodNotFound, "method not found: %s", method)
	}
	defer func() {
		if r := recover(); r != nil {
			s.logMessage(MessageError, fmt.Sprintf("internal error in %s: %v", method, r))
			s.logger.Printf("panic in %s: %v\n%s", method, r, debug.Stack())
			result, err = nil, jsonrpc.Errorf(jsonrpc.InternalError, "internal error in %s: %v", method, r)
		}
	}()
	if err := s.admit(method); err != nil {
		if req.IsNotification() {
			s.logger.Printf("ignored %s: %v", method, err)
			return nil, nil
		}
		return nil, err
	}
	return h(s, ctx, req)
}

// admit reports whether the lifecycle allows method now.
func (s *Server) admit(method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case method == "exit":
		return nil
	case s.shutdown:
		return jsonrpc.Errorf(jsonrpc.InvalidRequest, "the server is shut down")
	case method == "initialize":
		if s.initialized {
			return jsonrpc.Errorf(jsonrpc.InvalidRequest, "the server is already initialized")
		}
		return nil
	case !s.initialized:
		return jsonrpc.Errorf(codeServerNotInitialized, "the server is not initialized")
	}
	return nil
}

// params decodes the parameters of req into v.
func params(req *jsonrpc.Request, v any) error {
	if len(req.Params) == 0 {
		return jsonrpc.Errorf(jsonrpc.InvalidParams, "missing parameters")
	}
	return req.UnmarshalParams(v)
}

// documentParams decodes the parameters of a text document notification
// into p and returns the path of the document they name; ok is false when
// they do not decode (err says why) or the document is not a file.
func documentParams(req *jsonrpc.Request, p interface{ documentURI() DocumentURI }) (path string, ok bool, err error) {
	if err := params(req, p); err != nil {
		return "", false, err
	}
	path, ok = uriToPath(p.documentURI())
	return path, ok, nil
}

func (s *Server) initialize(_ context.Context, req *jsonrpc.Request) (any, error) {
	var p InitializeParams
	if err := params(req, &p); err != nil {
		return nil, err
	}
	enc, legacy := negotiateEncoding(p.Capabilities)
	hoverKind := Markdown
	if td := p.Capabilities.TextDocument; td != nil && td.Hover != nil && len(td.Hover.ContentFormat) > 0 {
		hoverKind = PlainText
		for _, k := range td.Hover.ContentFormat {
			if k == Markdown {
				hoverKind = Markdown
				break
			}
		}
	}
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if path, ok := uriToPath(f.URI); ok {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootURI != nil {
		if path, ok := uriToPath(*p.RootURI); ok {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootPath != nil && *p.RootPath != "" {
		if path, ok := uriToPath(pathToURI(*p.RootPath)); ok {
			roots = append(roots, path)
		}
	}

	s.mu.Lock()
	s.initialized = true
	s.enc, s.hoverKind, s.roots = enc, hoverKind, roots
	s.mu.Unlock()

	res := &InitializeResult{
		Capabilities: ServerCapabilities{
			PositionEncoding: enc,
			TextDocumentSync: TextDocumentSyncOptions{
				OpenClose: true,
				Change:    SyncFull,
				Save:      &SaveOptions{IncludeText: false},
			},
			HoverProvider:      true,
			CodeActionProvider: &CodeActionOptions{CodeActionKinds: []CodeActionKind{QuickFix}},
		},
		ServerInfo: &ServerInfo{Name: "edgelint", Version: s.Version},
	}
	if legacy {
		res.Capabilities.OffsetEncoding = enc
	}
	return res, nil
}

// negotiateEncoding picks the position encoding: the first of the client's
// general.positionEncodings that edgelint supports, else (legacy) the first
// supported of its offsetEncoding, else UTF-16, which every client
// supports.
func negotiateEncoding(c ClientCapabilities) (enc PositionEncodingKind, legacy bool) {
	supported := func(k PositionEncodingKind) bool {
		return k == PositionEncodingUTF8 || k == PositionEncodingUTF16 || k == PositionEncodingUTF32
	}
	if c.General != nil {
		for _, k := range c.General.PositionEncodings {
			if supported(k) {
				return k, false
			}
		}
		if len(c.General.PositionEncodings) > 0 {
			return PositionEncodingUTF16, false
		}
	}
	for _, k := range c.OffsetEncoding {
		if supported(k) {
			return k, true
		}
	}
	return PositionEncodingUTF16, len(c.OffsetEncoding) > 0
}

func (s *Server) shutdownRequest(context.Context, *jsonrpc.Request) (any, error) {
	s.mu.Lock()
	s.shutdown = true
	for _, u := range s.units {
		u.stop()
	}
	s.mu.Unlock()
	return nil, nil
}

func (s *Server) exitNotification(context.Context, *jsonrpc.Request) (any, error) {
	s.exitOnce.Do(func() { close(s.exit) })
	return nil, nil
}

func (s *Server) didOpen(_ context.Context, req *jsonrpc.Request) (any, error) {
	var p DidOpenTextDocumentParams
	path, ok, err := documentParams(req, &p)
	if !ok {
		return nil, err
	}
	doc := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.mu.Lock()
	analyzed := s.putLocked(path, doc, 0)
	s.mu.Unlock()
	if !analyzed {
		s.tooLarge(path, doc)
	}
	return nil, nil
}

func (s *Server) didChange(_ context.Context, req *jsonrpc.Request) (any, error) {
	var p DidChangeTextDocumentParams
	path, ok, err := documentParams(req, &p)
	if !ok {
		return nil, err
	}
	s.mu.Lock()
	doc := s.docs[path]
	if doc == nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("didChange of %s, which is not open", p.TextDocument.URI)
	}
	text, size := doc.text, doc.size
	for _, c := range p.ContentChanges {
		if size > 0 && c.Range != nil {
			// An edit of a text that was not kept: still not known.
			continue
		}
		text, size = applyChange(text, c, s.enc), 0
	}
	// A new document value: snapshots taken for running analyses keep the
	// old one.
	next := &document{uri: doc.uri, version: p.TextDocument.Version, text: text, size: size}
	analyzed := size == 0 && s.putLocked(path, next, s.Debounce)
	if size > 0 {
		s.docs[path] = next
	}
	s.mu.Unlock()
	if !analyzed {
		s.tooLarge(path, next)
	}
	return nil, nil
}

func (s *Server) didSave(_ context.Context, req *jsonrpc.Request) (any, error) {
	var p DidSaveTextDocumentParams
	path, ok, err := documentParams(req, &p)
	if !ok {
		return nil, err
	}
	s.mu.Lock()
	doc := s.docs[path]
	if doc != nil && p.Text != nil {
		doc = &document{uri: doc.uri, version: doc.version, text: []byte(*p.Text)}
	}
	analyzed := true
	switch {
	case doc == nil:
		s.scheduleLocked(path, 0)
	case doc.size > 0 && p.Text == nil:
		analyzed = false // still over the limit
	default:
		analyzed = s.putLocked(path, doc, 0)
	}
	s.mu.Unlock()
	if !analyzed {
		s.tooLarge(path, doc)
	}
	return nil, nil
}

func (s *Server) didClose(_ context.Context, req *jsonrpc.Request) (any, error) {
	var p DidCloseTextDocumentParams
	path, ok, err := documentParams(req, &p)
	if !ok {
		return nil, err
	}
	s.mu.Lock()
	delete(s.docs, path)
	// The file is read from the disk again, unsaved changes dropped.
	s.scheduleLocked(path, 0)
	s.mu.Unlock()
	return nil, nil
}

// notify sends a notification to the client; a closed connection is not an
// error worth more than a log line.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(method, params); err != nil {
		s.logger.Printf("sending %s: %v", method, err)
	}
}

// logMessage sends window/logMessage.
func (s *Server) logMessage(t MessageType, msg string) {
	s.notify("window/logMessage", &LogMessageParams{Type: t, Message: msg})
}
