package fix

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// TestValueEdit checks the literal forms a value edit accepts, and those
// it refuses because the source does not hold the value as read.
func TestValueEdit(t *testing.T) {
	tok := "\ue0007\ue001"
	cases := []struct {
		name, file, line, lit string // lit: the value's text within line
		old, new              string
		want                  string // the line after the edit; "" = refused
	}{
		{"hcl literal", "a.tf", `  origin_path = "/Prod"`, `"/Prod"`, "/Prod", "/prod", `  origin_path = "/prod"`},
		{"hcl escapes interpolation", "a.tf", `  p = "/a"`, `"/a"`, "/a", "/${x}", `  p = "/$${x}"`},
		{"hcl value differs", "a.tf", `  p = "/a"`, `"/a"`, "/b", "/c", ""},
		{"hcl expression", "a.tf", `  p = lower("/A")`, `lower("/A")`, "/a", "/b", ""},
		{"hcl interpolation, anchored", "a.tf", `  d = "${aws_api_gateway_rest_api.a.id}.excute-api.eu-west-1.amazonaws.com"`, `"${aws_api_gateway_rest_api.a.id}.excute-api.eu-west-1.amazonaws.com"`,
			tok + ".excute-api.eu-west-1.amazonaws.com", tok + ".execute-api.eu-west-1.amazonaws.com",
			`  d = "${aws_api_gateway_rest_api.a.id}.execute-api.eu-west-1.amazonaws.com"`},
		{"json", "t.json", `"OriginPath": "/Prod",`, `"/Prod"`, "/Prod", "/prod", `"OriginPath": "/prod",`},
		{"yaml plain", "t.yaml", `OriginPath: /Prod`, `/Prod`, "/Prod", "/prod", `OriginPath: /prod`},
		{"yaml single", "t.yaml", `OriginPath: '/Prod'`, `'/Prod'`, "/Prod", "/prod", `OriginPath: '/prod'`},
		{"yaml double", "t.yaml", `OriginPath: "/Prod"`, `"/Prod"`, "/Prod", "/prod", `OriginPath: "/prod"`},
		{"yaml plain to empty", "t.yaml", `OriginPath: /prod`, `/prod`, "/prod", "", `OriginPath: ""`},
		{"yaml plain needs quotes", "t.yaml", `P: /a`, `/a`, "/a", "*b", `P: "*b"`},
		{"yaml number is not a string", "t.yaml", `P: 12`, `12`, "12", "13", ""},
		{"yaml sub, anchored", "t.yaml", `D: !Sub "${Api}.execute-api.${AWS::Region}.amazonaws.con"`, `!Sub "${Api}.execute-api.${AWS::Region}.amazonaws.con"`,
			tok + ".execute-api." + tok + ".amazonaws.con", tok + ".execute-api." + tok + ".amazonaws.com",
			`D: !Sub "${Api}.execute-api.${AWS::Region}.amazonaws.com"`},
		{"anchor not unique", "t.yaml", `D: !Sub "${A}.x-y${B}.x-y"`, `!Sub "${A}.x-y${B}.x-y"`, tok + ".x-y" + tok + ".x-y", tok + ".x-z" + tok + ".x-y", ""},
		{"anchor unique with right context", "t.yaml", `D: !Sub "${A}.x-y.${B}.x-y"`, `!Sub "${A}.x-y.${B}.x-y"`, tok + ".x-y." + tok + ".x-y", tok + ".x-z." + tok + ".x-y", `D: !Sub "${A}.x-z.${B}.x-y"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte("# head\n" + c.line + "\n")
			at := strings.Index(c.line, c.lit)
			if at < 0 {
				t.Fatal("lit not in line")
			}
			start := len("# head\n") + at
			r := model.Range{File: c.file, Start: model.Pos{Line: 2, Column: at + 1, Byte: start}, End: model.Pos{Line: 2, Column: at + 1 + len(c.lit), Byte: start + len(c.lit)}}
			fs := []rules.Finding{{Fix: &rules.Fix{Description: "d", Values: []rules.ValueEdit{{Range: r, Old: c.old, New: c.new}}}}}
			Resolve(fs, func(string) ([]byte, error) { return src, nil })
			if c.want == "" {
				if fs[0].Fix != nil {
					t.Fatalf("edit made: %+v", fs[0].Fix.Edits)
				}
				return
			}
			if fs[0].Fix == nil {
				t.Fatal("edit refused")
			}
			e := fs[0].Fix.Edits[0]
			got := string(src[:e.Range.Start.Byte]) + e.NewText + string(src[e.Range.End.Byte:])
			if got != "# head\n"+c.want+"\n" {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestListEdit checks the list forms a list edit accepts (one-line lists
// of string literals) and those it refuses.
func TestListEdit(t *testing.T) {
	gh, all := []string{"GET", "HEAD"}, []string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
	cases := []struct {
		name, file, line, lit string
		old                   []string
		want                  string // the line after the edit; "" = refused
	}{
		{"hcl", "a.tf", `  allowed_methods = ["GET", "HEAD"]`, `["GET", "HEAD"]`, gh, `  allowed_methods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]`},
		{"hcl values differ", "a.tf", `  allowed_methods = ["GET", "HEAD"]`, `["GET", "HEAD"]`, []string{"HEAD", "GET"}, ""},
		{"hcl expression", "a.tf", `  allowed_methods = var.methods`, `var.methods`, gh, ""},
		{"hcl item expression", "a.tf", `  allowed_methods = ["GET", local.h]`, `["GET", local.h]`, gh, ""},
		{"json", "t.json", `"AllowedMethods": ["GET", "HEAD"],`, `["GET", "HEAD"]`, gh, `"AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],`},
		{"yaml flow", "t.yaml", `AllowedMethods: [GET, HEAD]`, `[GET, HEAD]`, gh, `AllowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]`},
		{"yaml flow quoted", "t.yaml", `AllowedMethods: ["GET", 'HEAD']`, `["GET", 'HEAD']`, gh, `AllowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]`},
		{"yaml scalar", "t.yaml", `AllowedMethods: GET`, `GET`, []string{"GET"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte("# head\n" + c.line + "\n")
			at := strings.Index(c.line, c.lit)
			if at < 0 {
				t.Fatal("lit not in line")
			}
			start := len("# head\n") + at
			r := model.Range{File: c.file, Start: model.Pos{Line: 2, Column: at + 1, Byte: start}, End: model.Pos{Line: 2, Column: at + 1 + len(c.lit), Byte: start + len(c.lit)}}
			fs := []rules.Finding{{Fix: &rules.Fix{Description: "d", List: &rules.ListEdit{Range: r, Old: c.old, New: all}}}}
			Resolve(fs, func(string) ([]byte, error) { return src, nil })
			if c.want == "" {
				if fs[0].Fix != nil {
					t.Fatalf("edit made: %+v", fs[0].Fix.Edits)
				}
				return
			}
			if fs[0].Fix == nil {
				t.Fatal("edit refused")
			}
			e := fs[0].Fix.Edits[0]
			got := string(src[:e.Range.Start.Byte]) + e.NewText + string(src[e.Range.End.Byte:])
			if got != "# head\n"+c.want+"\n" {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestHCLString checks the HCL literal writer against hclwrite and against
// the parser: every string reads back as itself.
func TestHCLString(t *testing.T) {
	for _, v := range []string{
		"", "/prod", `a"b`, `back\slash`, "tab\tnew\nline\rret", "${x}", "%{if}", "$", "%", "$$", "a${", "${${",
		"é ü 日本", "\u00a0nbsp", "\x00\x01\x7f", "\u200b", "\U0001F600", "\U000E0001", "\ue000x\ue001", "end$", "100%{",
	} {
		got := hclString(v)
		if want := hclwrite.TokensForValue(cty.StringVal(v)).Bytes(); !bytes.Equal(got, want) {
			t.Errorf("hclString(%q) = %s, hclwrite writes %s", v, got, want)
		}
		expr, diags := hclsyntax.ParseExpression(got, "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("hclString(%q) = %s does not parse: %v", v, got, diags)
			continue
		}
		val, diags := expr.Value(nil)
		if diags.HasErrors() || val.Type() != cty.String || val.AsString() != v {
			t.Errorf("hclString(%q) = %s reads back as %#v (%v)", v, got, val, diags)
		}
	}
}

// TestResolvePanicRecovered: a fix whose resolution panics is dropped and
// returned as a Failure; the other findings' fixes are still resolved.
func TestResolvePanicRecovered(t *testing.T) {
	src := []byte("# head\n  origin_path = \"/Prod\"\n")
	at := len("# head\n  origin_path = ")
	edit := func(file string) *rules.Fix {
		r := model.Range{File: file, Start: model.Pos{Line: 2, Column: 17, Byte: at}, End: model.Pos{Line: 2, Column: 24, Byte: at + 7}}
		return &rules.Fix{Description: "d", Values: []rules.ValueEdit{{Range: r, Old: "/Prod", New: "/prod"}}}
	}
	fs := []rules.Finding{{Fix: edit("a.tf")}, {Fix: edit("boom.tf")}, {Fix: edit("b.tf")}}
	failures := Resolve(fs, func(name string) ([]byte, error) {
		if name == "boom.tf" {
			panic("runtime error: slice bounds out of range")
		}
		return src, nil
	})
	if len(failures) != 1 || failures[0].Finding != 1 || !strings.Contains(fmt.Sprint(failures[0].Value), "out of range") {
		t.Errorf("failures = %+v, want the second finding's", failures)
	}
	if fs[1].Fix != nil {
		t.Errorf("the failed fix is kept: %+v", fs[1].Fix)
	}
	for _, i := range []int{0, 2} {
		if fs[i].Fix == nil || len(fs[i].Fix.Edits) != 1 || fs[i].Fix.Edits[0].NewText != `"/prod"` {
			t.Errorf("finding %d: fix %+v, want the edit to \"/prod\"", i, fs[i].Fix)
		}
	}
}
