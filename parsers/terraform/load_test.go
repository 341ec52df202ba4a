package terraform

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edgelint/edgelint/model"
)

// load reads a testdata module with a fresh symbol table.
func load(t *testing.T, dir string, opts Options) (*model.Config, []model.Diagnostic, *model.Symbols) {
	t.Helper()
	syms := model.NewSymbols()
	cfg, errs := LoadModule(dir, opts, syms)
	if cfg == nil {
		t.Fatalf("LoadModule(%s) returned a nil config", dir)
	}
	return cfg, errs, syms
}

func noErrors(t *testing.T, errs []model.Diagnostic) {
	t.Helper()
	for _, e := range errs {
		t.Errorf("unexpected %s: %v", e.Severity, e)
	}
}

// rangeOf computes, independently of the parser, the range of the n-th
// (0-based) occurrence of needle in a file.
func rangeOf(t *testing.T, file, needle string, n int) model.Range {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	off := -1
	for i, from := 0, 0; i <= n; i++ {
		j := strings.Index(src[from:], needle)
		if j < 0 {
			t.Fatalf("%q (occurrence %d) not found in %s", needle, n, file)
		}
		off = from + j
		from = off + len(needle)
	}
	pos := func(o int) model.Pos {
		line := strings.Count(src[:o], "\n") + 1
		start := strings.LastIndex(src[:o], "\n") + 1
		return model.Pos{Line: line, Column: utf8.RuneCountInString(src[start:o]) + 1, Byte: o}
	}
	return model.Range{File: file, Start: pos(off), End: pos(off + len(needle))}
}

func wantRange(t *testing.T, what string, got, want model.Range) {
	t.Helper()
	if got != want {
		t.Errorf("%s: range %+v, want %+v", what, got, want)
	}
}

func wantStr(t *testing.T, what string, syms *model.Symbols, got model.Str, want string) {
	t.Helper()
	if !got.Known || got.V != want {
		t.Errorf("%s = %q (known %v), want %q", what, syms.Display(got.V), got.Known, syms.Display(want))
	}
}

func wantUnknown(t *testing.T, what string, syms *model.Symbols, got model.Str) {
	t.Helper()
	if got.Known || !got.Set {
		t.Errorf("%s = %q (known %v, set %v), want unknown and set", what, syms.Display(got.V), got.Known, got.Set)
	}
}

func api(t *testing.T, cfg *model.Config, addr string) *model.API {
	t.Helper()
	for _, a := range cfg.APIs {
		if a.Source.Address == addr {
			return a
		}
	}
	t.Fatalf("API %s not found", addr)
	return nil
}

func dist(t *testing.T, cfg *model.Config, addr string) *model.Distribution {
	t.Helper()
	for _, d := range cfg.Distributions {
		if d.Source.Address == addr {
			return d
		}
	}
	t.Fatalf("distribution %s not found", addr)
	return nil
}

func origin(t *testing.T, d *model.Distribution, id string) *model.Origin {
	t.Helper()
	for _, o := range d.Origins {
		if o.ID.V == id {
			return o
		}
	}
	t.Fatalf("origin %s not found in %s", id, d.ID)
	return nil
}

func values(l model.List) []string {
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.V
		if !it.Known {
			out[i] = "<unknown>"
		}
	}
	return out
}

func wantValues(t *testing.T, what string, got model.List, want ...string) {
	t.Helper()
	if g := strings.Join(values(got), ","); !got.Known || g != strings.Join(want, ",") {
		t.Errorf("%s = [%s] (known %v), want [%s]", what, g, got.Known, strings.Join(want, ","))
	}
}

func TestLinkingExpressions(t *testing.T) {
	const dir = "testdata/linking"
	const file = dir + "/main.tf"
	cfg, errs, syms := load(t, dir, Options{})
	noErrors(t, errs)

	rest := api(t, cfg, "aws_api_gateway_rest_api.x")
	if rest.ID != dir+":aws_api_gateway_rest_api.x" {
		t.Errorf("API ID = %q", rest.ID)
	}
	if want := syms.Attr(rest.ID, "id", "aws_api_gateway_rest_api.x.id"); rest.IDToken != want {
		t.Errorf("IDToken = %q, want %q", syms.Display(rest.IDToken), syms.Display(want))
	}
	http := api(t, cfg, "aws_apigatewayv2_api.h")
	suffix := syms.Pseudo(model.PseudoURLSuffix)
	host := rest.IDToken + ".execute-api.eu-west-1." + suffix

	d := dist(t, cfg, "aws_cloudfront_distribution.cdn")
	wantStr(t, "interpolated domain", syms, origin(t, d, "interp").DomainName, rest.IDToken+".execute-api.eu-west-1.amazonaws.com")
	wantStr(t, "replace(invoke_url)", syms, origin(t, d, "replace").DomainName, host)
	wantStr(t, "element(regex(invoke_url))", syms, origin(t, d, "regex").DomainName, host)
	wantStr(t, "split(invoke_url)[2]", syms, origin(t, d, "split").DomainName, host)
	wantStr(t, "trimprefix(api_endpoint)", syms, origin(t, d, "http").DomainName, http.IDToken+".execute-api.eu-west-1."+suffix)

	interp := origin(t, d, "interp")
	wantStr(t, "origin_path", syms, interp.OriginPath, "/prod")
	wantRange(t, "origin_path", interp.OriginPath.Range, rangeOf(t, file, `"/${aws_api_gateway_stage.s.stage_name}"`, 0))
	if p := origin(t, d, "replace").OriginPath; p.Set || !p.Known || p.V != "" {
		t.Errorf("absent origin_path = %+v, want default empty", p)
	}

	// Behaviors: ordered first, default last.
	if len(d.Behaviors) != 2 || d.Behaviors[0].Default || !d.Behaviors[1].Default {
		t.Fatalf("behaviors = %+v", d.Behaviors)
	}
	ordered, def := d.Behaviors[0], d.Behaviors[1]
	wantStr(t, "path_pattern", syms, ordered.PathPattern, "/posts")
	wantValues(t, "allowed_methods", ordered.AllowedMethods, "GET", "HEAD", "OPTIONS")
	wantRange(t, "allowed_methods[2]", ordered.AllowedMethods.Items[2].Range, rangeOf(t, file, `"OPTIONS"`, 0))
	wantRange(t, "allowed_methods", ordered.AllowedMethods.Range, rangeOf(t, file, `["GET", "HEAD", "OPTIONS"]`, 0))
	defRange := rangeOf(t, file, "default_cache_behavior {\n    target_origin_id = \"interp\"\n  }", 0)
	if def.PathPattern.Set || def.PathPattern.V != "*" {
		t.Errorf("default path pattern = %+v", def.PathPattern)
	}
	wantRange(t, "default path pattern", def.PathPattern.Range, defRange)
	wantRange(t, "default behavior", def.Range, defRange)
	if def.AllowedMethods.Set || strings.Join(values(def.AllowedMethods), ",") != "GET,HEAD" {
		t.Errorf("default allowed methods = %+v", def.AllowedMethods)
	}
	wantRange(t, "distribution", d.Source.Range, blockFrom(t, file, rangeOf(t, file, `resource "aws_cloudfront_distribution" "cdn" {`, 0).Start))

	// Columns count characters: "café" has a two-byte rune.
	alias := d.Aliases.Items[1]
	wantRange(t, "alias", alias.Range, rangeOf(t, file, `"b.example.com"`, 0))
	src := readFile(t, file)
	lineStart := strings.LastIndex(src[:alias.Range.Start.Byte], "\n") + 1
	if alias.Range.Start.Column != 34 || alias.Range.Start.Byte-lineStart != 34 {
		t.Errorf("alias column = %d (byte column %d), want 34 (35)", alias.Range.Start.Column, alias.Range.Start.Byte-lineStart+1)
	}

	model.Assemble(cfg)
	for _, o := range d.Origins {
		want := rest
		if o.ID.V == "http" {
			want = http
		}
		if o.Link == nil || o.Link.API != want {
			t.Errorf("origin %s not linked to %s", o.ID.V, want.ID)
		}
	}
	if len(rest.Resources) != 1 || rest.Resources[0].Path.V != "/posts" || len(rest.Resources[0].Methods) != 1 {
		t.Fatalf("resources = %+v", rest.Resources)
	}
	m := rest.Resources[0].Methods[0]
	wantStr(t, "http_method", syms, m.HTTPMethod, "GET")
	if m.Authorization.Set || m.Authorization.V != "NONE" {
		t.Errorf("authorization = %+v, want default NONE", m.Authorization)
	}
	if len(rest.Stages) != 1 || rest.Stages[0].Name.V != "prod" {
		t.Errorf("stages = %+v", rest.Stages)
	}
}

// blockFrom extends a start position to the end of the top-level block
// starting there (the closing brace at column 1).
func blockFrom(t *testing.T, file string, p model.Pos) model.Range {
	t.Helper()
	src := readFile(t, file)
	end := strings.Index(src[p.Byte:], "\n}")
	if end < 0 {
		t.Fatal("no closing brace")
	}
	o := p.Byte + end + 2
	line := strings.Count(src[:o], "\n") + 1
	return model.Range{File: file, Start: p, End: model.Pos{Line: line, Column: 2, Byte: o}}
}

func readFile(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
