package lsp

// The subset of the Language Server Protocol 3.17 that edgelint speaks
// (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/).
// Field names and optionality follow the specification; fields edgelint
// neither reads nor sends are left out, and unknown fields a client sends
// are ignored when decoding.

// DocumentURI is a document's URI, file:// for the files edgelint reads.
type DocumentURI string

// PositionEncodingKind names how Position.Character counts: "utf-8" (bytes),
// "utf-16" (UTF-16 code units, the default) or "utf-32" (code points).
type PositionEncodingKind string

// The position encodings of LSP 3.17.
const (
	PositionEncodingUTF8  PositionEncodingKind = "utf-8"
	PositionEncodingUTF16 PositionEncodingKind = "utf-16"
	PositionEncodingUTF32 PositionEncodingKind = "utf-32"
)

// Position is a zero-based line and character offset in a document; the
// offset counts in the negotiated position encoding.
type Position struct {
	Line      uint32 `json:"line"`
	Character uint32 `json:"character"`
}

// Range is a half-open range [Start, End) in a document.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Location is a range in a document.
type Location struct {
	URI   DocumentURI `json:"uri"`
	Range Range       `json:"range"`
}

// TextDocumentIdentifier names a document.
type TextDocumentIdentifier struct {
	URI DocumentURI `json:"uri"`
}

// VersionedTextDocumentIdentifier names a version of a document.
type VersionedTextDocumentIdentifier struct {
	URI     DocumentURI `json:"uri"`
	Version int32       `json:"version"`
}

// TextDocumentItem is a document the client opened, with its full text.
type TextDocumentItem struct {
	URI        DocumentURI `json:"uri"`
	LanguageID string      `json:"languageId"`
	Version    int32       `json:"version"`
	Text       string      `json:"text"`
}

// TextDocumentPositionParams is a position in a document.
type TextDocumentPositionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

// WorkspaceFolder is a root folder the client has open.
type WorkspaceFolder struct {
	URI  DocumentURI `json:"uri"`
	Name string      `json:"name"`
}

// InitializeParams are the parameters of the initialize request.
type InitializeParams struct {
	ProcessID *int32 `json:"processId"`
	// RootPath is deprecated in favour of RootURI.
	RootPath *string `json:"rootPath,omitempty"`
	// RootURI is deprecated in favour of WorkspaceFolders.
	RootURI          *DocumentURI       `json:"rootUri"`
	Capabilities     ClientCapabilities `json:"capabilities"`
	WorkspaceFolders []WorkspaceFolder  `json:"workspaceFolders,omitempty"`
}

// ClientCapabilities are what the client supports, as far as edgelint
// asks.
type ClientCapabilities struct {
	General      *GeneralClientCapabilities      `json:"general,omitempty"`
	TextDocument *TextDocumentClientCapabilities `json:"textDocument,omitempty"`
	// OffsetEncoding is the pre-3.17 extension of clangd that some clients
	// (Neovim among them) send in place of general.positionEncodings.
	OffsetEncoding []PositionEncodingKind `json:"offsetEncoding,omitempty"`
}

// GeneralClientCapabilities are the general client capabilities.
type GeneralClientCapabilities struct {
	// PositionEncodings are the encodings the client supports, most
	// preferred first. UTF-16 is always supported.
	PositionEncodings []PositionEncodingKind `json:"positionEncodings,omitempty"`
}

// TextDocumentClientCapabilities are the text document capabilities.
type TextDocumentClientCapabilities struct {
	Hover *HoverClientCapabilities `json:"hover,omitempty"`
}

// HoverClientCapabilities say which markup the client renders in hovers.
type HoverClientCapabilities struct {
	ContentFormat []MarkupKind `json:"contentFormat,omitempty"`
}

// InitializeResult is the result of the initialize request.
type InitializeResult struct {
	Capabilities ServerCapabilities `json:"capabilities"`
	ServerInfo   *ServerInfo        `json:"serverInfo,omitempty"`
}

// ServerInfo names the server.
type ServerInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// ServerCapabilities are what edgelint provides.
type ServerCapabilities struct {
	PositionEncoding   PositionEncodingKind    `json:"positionEncoding,omitempty"`
	TextDocumentSync   TextDocumentSyncOptions `json:"textDocumentSync"`
	HoverProvider      bool                    `json:"hoverProvider"`
	CodeActionProvider *CodeActionOptions      `json:"codeActionProvider,omitempty"`
	// OffsetEncoding answers the clangd extension of the same name.
	OffsetEncoding PositionEncodingKind `json:"offsetEncoding,omitempty"`
}

// TextDocumentSyncKind says how documents are synced.
type TextDocumentSyncKind int

// Sync kinds.
const (
	SyncNone        TextDocumentSyncKind = 0
	SyncFull        TextDocumentSyncKind = 1
	SyncIncremental TextDocumentSyncKind = 2
)

// TextDocumentSyncOptions say which document notifications the server
// wants.
type TextDocumentSyncOptions struct {
	OpenClose bool                 `json:"openClose"`
	Change    TextDocumentSyncKind `json:"change"`
	Save      *SaveOptions         `json:"save,omitempty"`
}

// SaveOptions say whether didSave carries the text.
type SaveOptions struct {
	IncludeText bool `json:"includeText"`
}

// CodeActionOptions list the code action kinds the server returns.
type CodeActionOptions struct {
	CodeActionKinds []CodeActionKind `json:"codeActionKinds,omitempty"`
}

// DidOpenTextDocumentParams are the parameters of textDocument/didOpen.
type DidOpenTextDocumentParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

// DidChangeTextDocumentParams are the parameters of textDocument/didChange.
type DidChangeTextDocumentParams struct {
	TextDocument   VersionedTextDocumentIdentifier  `json:"textDocument"`
	ContentChanges []TextDocumentContentChangeEvent `json:"contentChanges"`
}

// TextDocumentContentChangeEvent is a change: the whole text when Range is
// nil, else the replacement of Range.
type TextDocumentContentChangeEvent struct {
	Range *Range `json:"range,omitempty"`
	Text  string `json:"text"`
}

// DidSaveTextDocumentParams are the parameters of textDocument/didSave.
type DidSaveTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Text         *string                `json:"text,omitempty"`
}

// DidCloseTextDocumentParams are the parameters of textDocument/didClose.
type DidCloseTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

func (p *DidOpenTextDocumentParams) documentURI() DocumentURI   { return p.TextDocument.URI }
func (p *DidChangeTextDocumentParams) documentURI() DocumentURI { return p.TextDocument.URI }
func (p *DidSaveTextDocumentParams) documentURI() DocumentURI   { return p.TextDocument.URI }
func (p *DidCloseTextDocumentParams) documentURI() DocumentURI  { return p.TextDocument.URI }

// DiagnosticSeverity is a diagnostic's severity.
type DiagnosticSeverity int

// Severities.
const (
	SeverityError       DiagnosticSeverity = 1
	SeverityWarning     DiagnosticSeverity = 2
	SeverityInformation DiagnosticSeverity = 3
	SeverityHint        DiagnosticSeverity = 4
)

// Diagnostic is one problem in a document.
type Diagnostic struct {
	Range              Range                          `json:"range"`
	Severity           DiagnosticSeverity             `json:"severity,omitempty"`
	Code               string                         `json:"code,omitempty"`
	CodeDescription    *CodeDescription               `json:"codeDescription,omitempty"`
	Source             string                         `json:"source,omitempty"`
	Message            string                         `json:"message"`
	RelatedInformation []DiagnosticRelatedInformation `json:"relatedInformation,omitempty"`
}

// CodeDescription links a diagnostic's code to its documentation.
type CodeDescription struct {
	Href string `json:"href"`
}

// DiagnosticRelatedInformation is a secondary location of a diagnostic.
type DiagnosticRelatedInformation struct {
	Location Location `json:"location"`
	Message  string   `json:"message"`
}

// PublishDiagnosticsParams are the parameters of
// textDocument/publishDiagnostics. Diagnostics is never nil: an empty list
// clears the document's diagnostics.
type PublishDiagnosticsParams struct {
	URI         DocumentURI  `json:"uri"`
	Version     *int32       `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// MarkupKind is how a MarkupContent is rendered.
type MarkupKind string

// Markup kinds.
const (
	PlainText MarkupKind = "plaintext"
	Markdown  MarkupKind = "markdown"
)

// MarkupContent is text for people.
type MarkupContent struct {
	Kind  MarkupKind `json:"kind"`
	Value string     `json:"value"`
}

// HoverParams are the parameters of textDocument/hover.
type HoverParams = TextDocumentPositionParams

// Hover is the result of textDocument/hover.
type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

// CodeActionKind is a code action's kind.
type CodeActionKind string

// QuickFix is the kind of edgelint's code actions.
const QuickFix CodeActionKind = "quickfix"

// CodeActionParams are the parameters of textDocument/codeAction.
type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      CodeActionContext      `json:"context"`
}

// CodeActionContext carries the diagnostics at the range and the kinds the
// client asks for.
type CodeActionContext struct {
	Diagnostics []Diagnostic     `json:"diagnostics"`
	Only        []CodeActionKind `json:"only,omitempty"`
}

// CodeAction is a change the client can apply.
type CodeAction struct {
	Title       string         `json:"title"`
	Kind        CodeActionKind `json:"kind,omitempty"`
	Diagnostics []Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit `json:"edit,omitempty"`
}

// WorkspaceEdit is a set of edits by document.
type WorkspaceEdit struct {
	Changes map[DocumentURI][]TextEdit `json:"changes"`
}

// TextEdit replaces Range with NewText.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// MessageType is the kind of a window/logMessage.
type MessageType int

// Message types.
const (
	MessageError   MessageType = 1
	MessageWarning MessageType = 2
	MessageInfo    MessageType = 3
	MessageLog     MessageType = 4
)

// LogMessageParams are the parameters of window/logMessage.
type LogMessageParams struct {
	Type    MessageType `json:"type"`
	Message string      `json:"message"`
}

// Error codes of LSP beyond JSON-RPC's.
const (
	codeServerNotInitialized = -32002
	codeRequestFailed        = -32803
)
