package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

func finding(rule, file string, line int, entity, msg string) rules.Finding {
	return rules.Finding{
		Rule: rule, Severity: rules.Error, Message: msg, Entity: entity,
		Range: model.Range{File: file, Start: model.Pos{Line: line, Column: 3}, End: model.Pos{Line: line, Column: 9}},
	}
}

func TestWriteFormat(t *testing.T) {
	findings := []rules.Finding{
		finding("EL004", filepath.Join("infra", "cdn.tf"), 32, `aws_cloudfront_distribution.cdn/behavior[/api/posts]`, "behavior \"/api/posts\" <x> & more"),
		finding("EL003", filepath.Join("infra", "api.tf"), 37, `aws_api_gateway_rest_api.blog/GET /users/CUSTOM`, "m"),
		finding("EL005", "template.yaml", 39, "", "origin domain has a port (:443) at line 44"),
		finding("EL005", "template.yaml", 52, "", "origin domain has a port (:8443) at line 57"),
		finding("EL004", filepath.Join("infra", "cdn.tf"), 41, `aws_cloudfront_distribution.cdn/behavior[/legacy/*]`, "x"),
	}
	var buf bytes.Buffer
	if err := Write(&buf, findings, ""); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 2,
  "tool": "edgelint",
  "findings": [
    {
      "rule": "EL003",
      "file": "infra/api.tf",
      "entity": "aws_api_gateway_rest_api.blog/GET /users/CUSTOM",
      "count": 1
    },
    {
      "rule": "EL004",
      "file": "infra/cdn.tf",
      "entity": "aws_cloudfront_distribution.cdn/behavior[/api/posts]",
      "count": 1
    },
    {
      "rule": "EL004",
      "file": "infra/cdn.tf",
      "entity": "aws_cloudfront_distribution.cdn/behavior[/legacy/*]",
      "count": 1
    },
    {
      "rule": "EL005",
      "file": "template.yaml",
      "message": "origin domain has a port (:#) at line #",
      "count": 2
    }
  ]
}
`
	if got := buf.String(); got != want {
		t.Errorf("Write =\n%s\nwant:\n%s", got, want)
	}
	// The output does not depend on the order of the findings.
	rev := append([]rules.Finding(nil), findings...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	var again bytes.Buffer
	if err := Write(&again, rev, ""); err != nil {
		t.Fatal(err)
	}
	if again.String() != want {
		t.Errorf("Write depends on the order of the findings")
	}
}

func TestRoundTripSurvivesLineShift(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path := filepath.Join("ci", "edgelint-baseline.json")
	if err := os.MkdirAll("ci", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("infra", 0o755); err != nil {
		t.Fatal(err)
	}
	today := []rules.Finding{
		finding("EL004", filepath.Join("infra", "cdn.tf"), 32, "cdn/behavior[/api/posts]", "behavior matches nothing at line 32"),
		finding("EL005", filepath.Join("infra", "cdn.tf"), 19, "", "origin \u00e9 \ue0007\ue001.excute-api: typo at 19:5"),
		finding("EL003", filepath.Join("infra", "api.tf"), 37, "api/GET /users", "needs Authorization"),
	}
	var buf bytes.Buffer
	if err := Write(&buf, today, filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"file": "../infra/cdn.tf"`) {
		t.Errorf("paths are not relative to the baseline's directory:\n%s", buf.String())
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 {
		t.Errorf("Len = %d, want 3", b.Len())
	}

	// Twenty lines were added above everything; the symbolic token got
	// another number; the run starts from another directory with an
	// absolute path.
	var shifted []rules.Finding
	for _, f := range today {
		f.Range.Start.Line += 20
		f.Range.End.Line += 20
		f.Range.File = filepath.Join(dir, f.Range.File)
		f.Message = strings.ReplaceAll(f.Message, "\ue0007\ue001", "\ue00012\ue001")
		f.Message = strings.ReplaceAll(f.Message, "19:5", "39:5")
		f.Message = strings.ReplaceAll(f.Message, "line 32", "line 52")
		shifted = append(shifted, f)
	}
	newF := finding("EL004", filepath.Join(dir, "infra", "cdn.tf"), 70, "cdn/behavior[/api/users]", "behavior matches nothing")
	shifted = append(shifted, newF)
	t.Chdir(filepath.Join(dir, "infra"))
	b, err = Read(filepath.Join(dir, path))
	if err != nil {
		t.Fatal(err)
	}
	fresh, matched := b.Filter(shifted)
	if matched != 3 || !reflect.DeepEqual(fresh, []rules.Finding{newF}) {
		t.Errorf("Filter = %+v, %d; want only the new finding and 3 matched", fresh, matched)
	}
}

func TestCountBasedMatching(t *testing.T) {
	var buf bytes.Buffer
	two := []rules.Finding{
		finding("EL005", "t.yaml", 10, "", "origin domain has a port"),
		finding("EL005", "t.yaml", 20, "", "origin domain has a port"),
	}
	if err := Write(&buf, two, ""); err != nil {
		t.Fatal(err)
	}
	b, err := Decode(&buf, "")
	if err != nil {
		t.Fatal(err)
	}
	three := append(append([]rules.Finding(nil), two...), finding("EL005", "t.yaml", 30, "", "origin domain has a port"))
	fresh, matched := b.Filter(three)
	if matched != 2 || len(fresh) != 1 || fresh[0].Range.Start.Line != 30 {
		t.Errorf("Filter(3 of a kind) = %+v, %d; want the third new", fresh, matched)
	}
	fresh, matched = b.Filter(two[:1])
	if matched != 1 || len(fresh) != 0 || b.Len()-matched != 1 {
		t.Errorf("Filter(1 of a kind) = %+v, %d; want 1 matched, 1 gone", fresh, matched)
	}
	// Another rule, file or entity is another finding.
	for _, f := range []rules.Finding{
		finding("EL004", "t.yaml", 10, "", "origin domain has a port"),
		finding("EL005", "u.yaml", 10, "", "origin domain has a port"),
		finding("EL005", "t.yaml", 10, "x", "origin domain has a port"),
		finding("EL005", "t.yaml", 10, "", "origin domain has a scheme"),
	} {
		if fresh, _ := b.Filter([]rules.Finding{f}); len(fresh) != 1 {
			t.Errorf("%+v matched the baseline", f)
		}
	}
}

func TestEntityWinsOverMessage(t *testing.T) {
	a := finding("EL004", "cdn.tf", 3, "cdn/behavior[/a]", "resources: /posts, /users")
	b := finding("EL004", "cdn.tf", 9, "cdn/behavior[/a]", "resources: /posts, /users, /orders")
	if Fingerprint(a, "") != Fingerprint(b, "") {
		t.Error("a changed message changed the fingerprint of a finding with an entity")
	}
	c := finding("EL004", "cdn.tf", 3, "cdn/behavior[/b]", a.Message)
	if Fingerprint(a, "") == Fingerprint(c, "") {
		t.Error("two entities share a fingerprint")
	}
	if got := Fingerprint(a, ""); len(got) != 64 || strings.Trim(got, "0123456789abcdef") != "" {
		t.Errorf("Fingerprint = %q, want 64 hex digits", got)
	}
	// The same file named relative to the base or by its relative path
	// has one fingerprint.
	if Fingerprint(a, ".") != Fingerprint(a, "") {
		t.Error("the fingerprint depends on how the base is given")
	}
}

func TestNormalizeMessage(t *testing.T) {
	tests := map[string]string{
		"port 443 at line 12, column 7":            "port # at line #, column #",
		"host \ue00013\ue001.execute-api":          "host <?>.execute-api",
		"  two\n spaces\tand tabs ":                "two spaces and tabs",
		"no numbers":                               "no numbers",
		"version v2 of 2010-09-09 at cdn.tf:32:30": "version v# of #-#-# at cdn.tf:#:#",
	}
	for in, want := range tests {
		if got := NormalizeMessage(in); got != want {
			t.Errorf("NormalizeMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := map[string]string{
		`{"version": 3, "tool": "edgelint", "findings": []}`:                               "baseline version 3 is newer",
		`{"version": 0, "tool": "edgelint", "findings": []}`:                               "unsupported baseline version 0",
		`{"version": 1, "findings": []}`:                                                   "not an edgelint baseline",
		`{"version": 1, "tool": "edgelint", "findings": [{"file": "a", "count": 1}]}`:      "findings[0]: no rule",
		`{"version": 1, "tool": "edgelint", "findings": [{"rule": "EL001", "file": "a"}]}`: "findings[0]: count must be at least 1",
		`{"version": 1, "tool": "edgelint", "findings": [], "extra": true}`:                `unknown field "extra"`,
		`{"version": 1,`: "not a valid baseline",
		`{"version": 1, "tool": "edgelint", "findings": []} {}`: "more than one JSON value",
	}
	dir := t.TempDir()
	for src, want := range tests {
		path := filepath.Join(dir, "b.json")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Read(path)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("Read(%s) = %v, want an error naming the file and containing %q", src, err, want)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("Read of a missing file succeeded")
	}
}

func TestDuplicateEntriesAddUp(t *testing.T) {
	src := `{"version": 1, "tool": "edgelint", "findings": [
		{"rule": "EL001", "file": "a.tf", "entity": "x", "count": 1},
		{"rule": "EL001", "file": "a.tf", "entity": "x", "count": 2}]}`
	b, err := Decode(strings.NewReader(src), "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{{Key: Key{Rule: "EL001", File: "a.tf", Entity: "x"}, Count: 3}}; !reflect.DeepEqual(b.Entries(), want) {
		t.Errorf("Entries = %+v, want %+v", b.Entries(), want)
	}
}

func TestSymbolicTokens(t *testing.T) {
	syms := model.NewSymbols()
	other := syms.Token(model.Symbol{Kind: model.SymUnknown, Key: "var.other", Desc: "var.other"})
	id := syms.Token(model.Symbol{Kind: model.SymAttr, Entity: "api", Attr: "id", Desc: "aws_api_gateway_rest_api.blog.id"})
	f := finding("EL005", "cdn.tf", 3, "cdn/origin["+id+"]", "host "+id+".excute-api")
	// Without the table, tokens are blanked, so their numbers do not matter.
	g := f
	g.Entity = strings.ReplaceAll(g.Entity, id, other)
	if KeyOf(f, "") != KeyOf(g, "") || KeyOf(f, "").Entity != "cdn/origin[<?>]" {
		t.Errorf("keys %+v and %+v differ by token number", KeyOf(f, ""), KeyOf(g, ""))
	}
	// With it, they are displayed.
	d := Displayed([]rules.Finding{f}, syms)[0]
	if d.Entity != "cdn/origin[<aws_api_gateway_rest_api.blog.id>]" || d.Message != "host <aws_api_gateway_rest_api.blog.id>.excute-api" {
		t.Errorf("Displayed = %q, %q", d.Entity, d.Message)
	}
	if f.Entity == d.Entity {
		t.Error("Displayed changed its input")
	}
}
