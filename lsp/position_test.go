package lsp

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/model"
)

func TestPositions(t *testing.T) {
	// Line 2 holds "é" (2 bytes, 1 UTF-16 unit) and "😀" (4 bytes, 2
	// units); lines end in CRLF.
	src := []byte("a = 1\r\nb = \"é😀x\"\r\nlast")
	tx := newText(src)
	x := model.Pos{Line: 2, Column: 8} // the "x"
	for _, tc := range []struct {
		enc  PositionEncodingKind
		want uint32
	}{{PositionEncodingUTF8, 11}, {PositionEncodingUTF16, 8}, {PositionEncodingUTF32, 7}} {
		off := tx.offset(x)
		if string(src[off]) != "x" {
			t.Fatalf("offset(%+v) = %d (%q)", x, off, src[off])
		}
		p := tx.position(off, tc.enc)
		if p != (Position{Line: 1, Character: tc.want}) {
			t.Errorf("%s: position = %+v, want 1:%d", tc.enc, p, tc.want)
		}
		if back := tx.byteOffset(p, tc.enc); back != off {
			t.Errorf("%s: byteOffset(%+v) = %d, want %d", tc.enc, p, back, off)
		}
	}
	// A byte offset that agrees with the column is used as it is; one
	// that does not is ignored.
	if off := tx.offset(model.Pos{Line: 2, Column: 8, Byte: 18}); off != 18 {
		t.Errorf("offset with its byte = %d, want 18", off)
	}
	if off := tx.offset(model.Pos{Line: 2, Column: 8, Byte: 3}); off != 18 {
		t.Errorf("offset with a stale byte = %d, want 18", off)
	}
	// Out of range positions clamp: past the end of a line to its end
	// (before CRLF), past the last line to the end of the text.
	if p := tx.position(tx.offset(model.Pos{Line: 1, Column: 99}), PositionEncodingUTF16); p != (Position{Line: 0, Character: 5}) {
		t.Errorf("clamped column = %+v", p)
	}
	if off := tx.offset(model.Pos{Line: 9, Column: 1}); off != len(src) {
		t.Errorf("clamped line = %d", off)
	}
	if off := tx.byteOffset(Position{Line: 1, Character: 7}, PositionEncodingUTF16); off != 14 {
		t.Errorf("a character inside a surrogate pair = byte %d, want 14 (before the pair)", off)
	}
	// Ranges with no end are empty.
	if r := tx.lspRange(model.Range{Start: x}, PositionEncodingUTF16); r.Start != r.End {
		t.Errorf("range without end = %+v", r)
	}
}

func TestApplyChange(t *testing.T) {
	src := []byte("one\ntwo 😀 three\n")
	got := applyChange(src, TextDocumentContentChangeEvent{
		Range: &Range{Start: Position{Line: 1, Character: 4}, End: Position{Line: 1, Character: 6}},
		Text:  "2",
	}, PositionEncodingUTF16)
	if string(got) != "one\ntwo 2 three\n" {
		t.Errorf("incremental change = %q", got)
	}
	if got := applyChange(src, TextDocumentContentChangeEvent{Text: "all"}, PositionEncodingUTF16); string(got) != "all" {
		t.Errorf("full change = %q", got)
	}
}

func TestURIs(t *testing.T) {
	for _, tc := range []struct {
		uri  DocumentURI
		path string
		ok   bool
	}{
		{"file:///tmp/a%20b/main.tf", "/tmp/a b/main.tf", true},
		{"file://localhost/tmp/x.tf", "/tmp/x.tf", true},
		{"file:///tmp/../etc/x.tf", "/etc/x.tf", true},
		{"untitled:Untitled-1", "", false},
		{"file://%zz", "", false},
		{"", "", false},
	} {
		path, ok := uriToPath(tc.uri)
		if path != tc.path || ok != tc.ok {
			t.Errorf("uriToPath(%q) = %q, %v; want %q, %v", tc.uri, path, ok, tc.path, tc.ok)
		}
	}
	if u := pathToURI("/tmp/a b/é.tf"); u != "file:///tmp/a%20b/%C3%A9.tf" {
		t.Errorf("pathToURI = %q", u)
	}
	if !within("/a/b/c.tf", "/a") || within("/ab/c.tf", "/a") || within("/a/../b", "/a") {
		t.Error("within")
	}
}

// A variables file the module loads (terraform.tfvars, *.auto.tfvars,
// hidden ones included) is analyzed as part of its module directory, like
// its .tf files; any other file is its own unit.
func TestUnitKeyVarsFiles(t *testing.T) {
	dir := filepath.Join(string(filepath.Separator)+"repo", "infra")
	for name, want := range map[string]string{
		"main.tf":               dir,
		"main.tf.json":          dir,
		"terraform.tfvars":      dir,
		"terraform.tfvars.json": dir,
		"prod.auto.tfvars":      dir,
		".auto.tfvars":          dir,
		".auto.tfvars.json":     dir,
		"prod.tfvars":           filepath.Join(dir, "prod.tfvars"),
		"template.yaml":         filepath.Join(dir, "template.yaml"),
		"prod.auto.tfvars.bak":  filepath.Join(dir, "prod.auto.tfvars.bak"),
	} {
		if got := unitKey(filepath.Join(dir, name)); got != want {
			t.Errorf("unitKey(%s) = %s, want %s", name, got, want)
		}
	}
}
