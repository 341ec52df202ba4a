package engine_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/tfplan"
)

// TestFailClosed: a file that says it is a template or a plan but cannot
// be read (a NUL byte in a comment, a byte that is not UTF-8, a plan cut
// short) is an input error at its position, never skipped unseen; the
// other files are analyzed as without it, and unrelated YAML and JSON
// files, broken or not, stay silent.
func TestFailClosed(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	copyTree(t, "cfn-el001-missing-stage", good)
	alone, err := engine.Run([]string{good}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(alone.Findings) == 0 {
		t.Fatal("the good case has no finding")
	}
	template := "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n"
	plan, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "testdata", "rules", "tfplan-openapi-body", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	cut := plan[:len(plan)/2]
	if tfplan.Sniff("plan.json", cut) {
		t.Fatal("the plan cut short still holds its configuration: cut it earlier")
	}
	long := strings.Repeat("# padding\n", 1000) // past the first kilobytes
	files := map[string]string{
		// Broken templates and plans: line and column of the fault.
		"nul.yaml":         "# owner: a\x00b\n" + template,
		"utf8.yaml":        template + long + "# caf\xe9\n",
		"utf8.json":        `{"AWSTemplateFormatVersion": "2010-09-09", "Description": "caf` + "\xe9" + `", "Resources": {}}`,
		"plan/tfplan.json": string(cut),
		"utf16.yaml":       utf16LE(template),
		"plan/utf16.json":  utf16LE(string(plan)),
		// Unrelated files: silent.
		".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
		"package.json":             `{"name": "x", "version": "1.0.0", "dependencies": {"aws-cdk-lib": "2"}}`,
		"broken.yaml":              "key: [unclosed\n  - \x00\n",
		"broken.json":              `{"name": "x", "format_version": "1.0"`,
		"state/show.json":          `{"format_version": "1.0", "terraform_version": "1.7.0", "values": {"root_module": {}}}`,
		"image.json":               "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
		"notes.yaml":               utf16LE("title: notes\nitems:\n  - a\n"),
	}
	want := map[string]int{"nul.yaml": 1, "utf8.yaml": 1 + 4 + 1000, "utf8.json": 1, "plan/tfplan.json": 0, "utf16.yaml": 1, "plan/utf16.json": 1}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range res.Errors {
		rel, _ := filepath.Rel(dir, e.Range.File)
		rel = filepath.ToSlash(rel)
		if _, ok := want[rel]; !ok || e.Severity != model.SevError {
			t.Errorf("unexpected %s %s", e.Severity, e.Error())
			continue
		}
		if e.Range.Start.Line == 0 {
			t.Errorf("%s: no position: %s", rel, e.Message)
		}
		got[rel] = e.Range.Start.Line
	}
	for name, line := range want {
		l, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: no error; it was skipped", name)
		case line != 0 && l != line:
			t.Errorf("%s: error at line %d, want %d", name, l, line)
		}
	}
	if !res.HasErrors() {
		t.Error("no input error: the run would exit 0")
	}
	if len(res.Findings) != len(alone.Findings) {
		t.Errorf("%d findings beside the broken files, %d alone", len(res.Findings), len(alone.Findings))
	}
}

// TestBrokenTemplateBytes: a NUL byte or invalid UTF-8 is reported at its
// line and column, after the first kilobytes as in them.
func TestBrokenTemplateBytes(t *testing.T) {
	dir := t.TempDir()
	head := "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"
	for name, c := range map[string]struct {
		src       string
		line, col int
		what      string
	}{
		"comment.yaml": {head + "# é x\x00\n", 3, 6, "a NUL byte"},
		"late.yaml":    {head + strings.Repeat("#\n", 5000) + "  # \xc3(\n", 5003, 5, "0xC3"},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := engine.Run([]string{p}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) != 1 {
			t.Fatalf("%s: errors %v, want one", name, res.Errors)
		}
		e := res.Errors[0]
		if e.Severity != model.SevError || e.Range.Start.Line != c.line || e.Range.Start.Column != c.col || !strings.Contains(e.Message, c.what) {
			t.Errorf("%s: %s %d:%d %q, want error at %d:%d naming %s", name, e.Severity, e.Range.Start.Line, e.Range.Start.Column, e.Message, c.line, c.col, c.what)
		}
	}
}

// utf16LE is s in UTF-16, little-endian, after a byte order mark.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return string(b)
}
