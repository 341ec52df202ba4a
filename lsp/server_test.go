package lsp

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
)

// The fixture is examples/broken: EL004 (cdn.tf:32:30-42) and EL005
// (cdn.tf:19:19-95) in cdn.tf, and EL003 in api.tf (37:19-27), which the
// default behavior of cdn.tf causes.

// fixCDN rewrites cdn.tf of examples/broken so that none of its findings
// remain: the behavior path names a resource, the domain is spelled
// right, and the default behavior forwards Authorization.
func fixCDN(t testing.TB, src string) string {
	return replace(t, src,
		`path_pattern           = "/api/posts"`, `path_pattern           = "/posts"`,
		`path_pattern           = "/legacy/*"`, `path_pattern           = "/post*"`,
		`excute-api`, `execute-api`,
		"  default_cache_behavior {\n    target_origin_id       = \"blog-api\"",
		"  default_cache_behavior {\n    target_origin_id         = \"blog-api\"\n    origin_request_policy_id = \"b689b0a8-53d0-40ab-baf2-68738e2966ac\"",
	)
}

func TestOpenPublishesFindingsOfTheUnit(t *testing.T) {
	dir := copyDir(t, "../examples/broken")
	c := startClient(t, &Server{})
	res := c.initialize(dir, ClientCapabilities{})
	if res.Capabilities.PositionEncoding != PositionEncodingUTF16 {
		t.Errorf("positionEncoding = %q, want utf-16 when the client names none", res.Capabilities.PositionEncoding)
	}
	if res.Capabilities.TextDocumentSync.Change != SyncFull || res.Capabilities.TextDocumentSync.Save == nil || res.Capabilities.TextDocumentSync.Save.IncludeText {
		t.Errorf("textDocumentSync = %s, want full sync and save without text", dump(res.Capabilities.TextDocumentSync))
	}

	cdn, api := filepath.Join(dir, "cdn.tf"), filepath.Join(dir, "api.tf")
	c.open(cdn)
	ds := c.waitDiags(cdn, "EL004 and EL005", func(ds []Diagnostic) bool { return hasCode("EL004")(ds) && hasCode("EL005")(ds) })
	el004 := find(ds, "EL004")
	want := Range{Start: Position{Line: 31, Character: 29}, End: Position{Line: 31, Character: 41}}
	if el004.Range != want {
		t.Errorf("EL004 range = %s, want %s", dump(el004.Range), dump(want))
	}
	if el004.Severity != SeverityError || el004.Source != "edgelint" {
		t.Errorf("EL004 severity %d source %q, want 1 and edgelint", el004.Severity, el004.Source)
	}
	if el004.CodeDescription == nil || !strings.HasSuffix(el004.CodeDescription.Href, "/rules/docs/EL004.md") {
		t.Errorf("EL004 codeDescription = %s, want the rule's doc URL", dump(el004.CodeDescription))
	}
	if !strings.Contains(el004.Message, `behavior "/api/posts"`) || !strings.Contains(el004.Message, "did you mean") {
		t.Errorf("EL004 message lacks the message or its notes:\n%s", el004.Message)
	}
	if strings.ContainsRune(el004.Message, '\uE000') {
		t.Errorf("EL004 message shows raw symbol tokens:\n%q", el004.Message)
	}
	if len(el004.RelatedInformation) == 0 || el004.RelatedInformation[0].Location.URI != pathToURI(cdn) {
		t.Errorf("EL004 relatedInformation = %s, want the origin path in cdn.tf first", dump(el004.RelatedInformation))
	}
	p, _ := c.published(cdn)
	if p.Version == nil || *p.Version != 1 {
		t.Errorf("publishDiagnostics version = %v, want the open document's version 1", p.Version)
	}

	// api.tf is not open, but its finding comes from cdn.tf's unit.
	ds = c.waitDiags(api, "EL003", hasCode("EL003"))
	el003 := find(ds, "EL003")
	want = Range{Start: Position{Line: 36, Character: 18}, End: Position{Line: 36, Character: 26}}
	if el003.Range != want {
		t.Errorf("EL003 range = %s, want %s", dump(el003.Range), dump(want))
	}

	// Hover over the EL004 range shows the rule's documentation.
	var h *Hover
	c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cdn)}, Position: Position{Line: 31, Character: 33}}, &h)
	if h == nil || h.Contents.Kind != Markdown || !strings.Contains(h.Contents.Value, "EL004") {
		t.Errorf("hover = %s, want EL004's markdown doc", dump(h))
	}
	// EL005's quick fix inserts the missing "e" of execute-api.
	var actions []CodeAction
	el005 := find(c.waitDiags(cdn, "EL005", hasCode("EL005")), "EL005")
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cdn)}, Range: el005.Range}, &actions)
	at := Position{Line: 18, Character: 57}
	if len(actions) != 1 || actions[0].Edit == nil || len(actions[0].Edit.Changes[pathToURI(cdn)]) != 1 ||
		actions[0].Edit.Changes[pathToURI(cdn)][0] != (TextEdit{Range: Range{Start: at, End: at}, NewText: "e"}) {
		t.Errorf("code actions for EL005 = %s, want one inserting \"e\" at 19:58", dump(actions))
	}

	h = nil
	c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cdn)}, Position: Position{Line: 0, Character: 0}}, &h)
	if h != nil {
		t.Errorf("hover outside every finding = %s, want null", dump(h))
	}
}

func TestUnsavedChangeClearsFindings(t *testing.T) {
	dir := copyDir(t, "../examples/broken")
	c := startClient(t, &Server{Debounce: 50 * time.Millisecond})
	c.initialize(dir, ClientCapabilities{})
	cdn, api := filepath.Join(dir, "cdn.tf"), filepath.Join(dir, "api.tf")
	c.open(cdn)
	c.waitDiags(cdn, "EL004", hasCode("EL004"))
	c.waitDiags(api, "EL003", hasCode("EL003"))

	onDisk, err := os.ReadFile(cdn)
	if err != nil {
		t.Fatal(err)
	}
	c.change(cdn, 2, fixCDN(t, string(onDisk)))
	c.waitDiags(cdn, "empty", empty)
	// The finding in the other file of the module clears too.
	c.waitDiags(api, "empty", empty)
	p, _ := c.published(cdn)
	if p.Version == nil || *p.Version != 2 {
		t.Errorf("publishDiagnostics version = %v, want 2", p.Version)
	}
	if now, _ := os.ReadFile(cdn); !bytes.Equal(now, onDisk) {
		t.Fatal("the test changed the file on disk; the change must stay in the buffer")
	}

	// Closing the buffer drops the unsaved change: the findings on disk
	// come back.
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cdn)}})
	c.waitDiags(cdn, "EL004 again", hasCode("EL004"))
	c.waitDiags(api, "EL003 again", hasCode("EL003"))
}

// TestEditOneFileClearsFindingInAnother: two files of one Terraform
// directory; the finding is in api.tf, the fault in cdn.tf, and only cdn.tf
// is edited.
func TestEditOneFileClearsFindingInAnother(t *testing.T) {
	dir := copyDir(t, "../examples/broken")
	cdn, api := filepath.Join(dir, "cdn.tf"), filepath.Join(dir, "api.tf")
	src, err := os.ReadFile(cdn)
	if err != nil {
		t.Fatal(err)
	}
	// Only EL003 (in api.tf) is left.
	broken := replace(t, string(src),
		`path_pattern           = "/api/posts"`, `path_pattern           = "/posts"`,
		`path_pattern           = "/legacy/*"`, `path_pattern           = "/post*"`,
		`excute-api`, `execute-api`)
	if err := os.WriteFile(cdn, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}

	c := startClient(t, &Server{Debounce: 20 * time.Millisecond})
	c.initialize(dir, ClientCapabilities{})
	c.open(api)
	c.open(cdn)
	ds := c.waitDiags(api, "EL003", hasCode("EL003"))
	if len(ds) != 1 {
		t.Errorf("api.tf diagnostics = %s, want EL003 only", codes(ds))
	}

	c.change(cdn, 2, fixCDN(t, string(src)))
	c.waitDiags(api, "empty", empty)

	// Saving the broken text again brings it back.
	if err := os.WriteFile(cdn, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	c.change(cdn, 3, broken)
	c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cdn)}})
	c.waitDiags(api, "EL003", hasCode("EL003"))
}

// TestPositionEncodings: characters count bytes with utf-8 negotiated,
// UTF-16 code units with utf-16 (the default) and code points with utf-32.
func TestPositionEncodings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		caps    ClientCapabilities
		enc     PositionEncodingKind
		legacy  bool
		wantEnd uint32
	}{
		// The string "/apí/pöstš😀" (quotes included) starts at character
		// 29; it is 13 code points, 14 UTF-16 units and 19 bytes.
		{"default", ClientCapabilities{}, PositionEncodingUTF16, false, 29 + 14},
		{"utf-8", ClientCapabilities{General: &GeneralClientCapabilities{PositionEncodings: []PositionEncodingKind{"utf-8", "utf-16"}}}, PositionEncodingUTF8, false, 29 + 19},
		{"utf-32", ClientCapabilities{General: &GeneralClientCapabilities{PositionEncodings: []PositionEncodingKind{"utf-32"}}}, PositionEncodingUTF32, false, 29 + 13},
		{"unknown", ClientCapabilities{General: &GeneralClientCapabilities{PositionEncodings: []PositionEncodingKind{"utf-7"}}}, PositionEncodingUTF16, false, 29 + 14},
		{"offsetEncoding", ClientCapabilities{OffsetEncoding: []PositionEncodingKind{"utf-8"}}, PositionEncodingUTF8, true, 29 + 19},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, "../examples/broken")
			cdn := filepath.Join(dir, "cdn.tf")
			src, err := os.ReadFile(cdn)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cdn, []byte(replace(t, string(src), `"/api/posts"`, `"/apí/pöstš😀"`)), 0o644); err != nil {
				t.Fatal(err)
			}
			c := startClient(t, &Server{})
			res := c.initialize(dir, tc.caps)
			if res.Capabilities.PositionEncoding != tc.enc {
				t.Errorf("positionEncoding = %q, want %q", res.Capabilities.PositionEncoding, tc.enc)
			}
			if tc.legacy != (res.Capabilities.OffsetEncoding != "") {
				t.Errorf("offsetEncoding = %q", res.Capabilities.OffsetEncoding)
			}
			c.open(cdn)
			ds := c.waitDiags(cdn, "EL004", hasCode("EL004"))
			want := Range{Start: Position{Line: 31, Character: 29}, End: Position{Line: 31, Character: tc.wantEnd}}
			if got := find(ds, "EL004").Range; got != want {
				t.Errorf("EL004 range = %s, want %s", dump(got), dump(want))
			}
		})
	}
}

// TestDocumentOverSizeLimit: an open document larger than the limit is not
// analyzed (nor kept): it gets one diagnostic saying so, until a change
// brings it under the limit.
func TestDocumentOverSizeLimit(t *testing.T) {
	if got := (&Server{}).maxDocument(); got != engine.MaxFileSize {
		t.Errorf("default document limit %d, want the command line's %d", got, engine.MaxFileSize)
	}
	dir := copyDir(t, "../examples/broken")
	cdn := filepath.Join(dir, "cdn.tf")
	src, err := os.ReadFile(cdn)
	if err != nil {
		t.Fatal(err)
	}
	limit := len(src) + 100
	var mu sync.Mutex
	var analyzed []string
	srv := &Server{MaxDocumentSize: limit, Analyze: func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
		mu.Lock()
		for p, b := range opts.Overlay {
			if len(b) > limit {
				analyzed = append(analyzed, p)
			}
		}
		mu.Unlock()
		return EngineAnalyze(ctx, paths, opts)
	}}
	c := startClient(t, srv)
	c.initialize(dir, ClientCapabilities{})
	big := string(src) + "\n# " + strings.Repeat("x", limit) + "\n"
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{
		URI: pathToURI(cdn), LanguageID: "terraform", Version: 1, Text: big,
	}})
	notAnalyzed := func(ds []Diagnostic) bool {
		return len(ds) == 1 && strings.Contains(ds[0].Message, "not analyzed: the document is larger than "+strconv.Itoa(limit)+" bytes") &&
			ds[0].Severity == SeverityWarning
	}
	c.waitDiags(cdn, "the not-analyzed warning", notAnalyzed)

	// Under the limit, it is analyzed again; over it, the warning is back.
	c.change(cdn, 2, string(src))
	c.waitDiags(cdn, "EL004", hasCode("EL004"))
	c.change(cdn, 3, big)
	c.waitDiags(cdn, "the not-analyzed warning again", notAnalyzed)
	// Another file's analysis does not analyze the large document either.
	api := filepath.Join(dir, "api.tf")
	c.open(api)
	c.waitDiags(api, "EL003", hasCode("EL003"))
	time.Sleep(50 * time.Millisecond)
	if p, _ := c.published(cdn); !notAnalyzed(p.Diagnostics) {
		t.Errorf("the large document's diagnostics were replaced: %s", dump(p.Diagnostics))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(analyzed) > 0 {
		t.Errorf("documents over the limit were analyzed: %q", analyzed)
	}
}

func TestHoverShowsRoutes(t *testing.T) {
	dir := copyDir(t, "../testdata/rules/tf-seed-good")
	c := startClient(t, &Server{})
	c.initialize(dir, ClientCapabilities{})
	cdn, api := filepath.Join(dir, "cdn.tf"), filepath.Join(dir, "api.tf")
	// The hover builds the unit's model itself: it need not wait for
	// an analysis (this one publishes nothing, having no finding).
	c.open(cdn)
	hover := func(path string, line, char uint32) string {
		t.Helper()
		var h *Hover
		c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(path)}, Position: Position{Line: line, Character: char}}, &h)
		if h == nil {
			return ""
		}
		return h.Contents.Value
	}
	// cdn.tf:36:30 is behavior "/users/*": it reaches /users/favorites
	// (and not /users, which "/users/*" does not match).
	h := hover(cdn, 35, 32)
	if !strings.Contains(h, "/users/favorites") || strings.Contains(h, "`GET /users`") || !strings.Contains(h, "e.g. `/users/favorites`") {
		t.Errorf("hover over behavior \"/users/*\" = %q, want the route /users/favorites with its viewer path", h)
	}
	// api.tf:25:17 is path_part "favorites" of /users/favorites: reached
	// by behavior "/users/*" only.
	h = hover(api, 24, 18)
	if !strings.Contains(h, `behavior "/users/*"`) || strings.Contains(h, `behavior "/posts"`) || strings.Contains(h, "default behavior") {
		t.Errorf("hover over resource /users/favorites = %q, want behavior \"/users/*\" only", h)
	}
	// api.tf:13:17 is /posts: behavior "/posts" takes it before the
	// default behavior.
	h = hover(api, 12, 18)
	if !strings.Contains(h, `behavior "/posts"`) || strings.Contains(h, "default behavior") {
		t.Errorf("hover over resource /posts = %q, want behavior \"/posts\" only", h)
	}
	if h := hover(cdn, 0, 0); h != "" {
		t.Errorf("hover outside every route = %q, want none", h)
	}
	// Hovering again gives the same answer (the routes are kept, not
	// computed again from the budget the first answer spent).
	first := hover(cdn, 35, 32)
	for range 3 {
		if again := hover(cdn, 35, 32); again != first {
			t.Fatalf("hover again = %q, want %q", again, first)
		}
	}
}
