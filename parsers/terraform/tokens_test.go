package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
)

// evalTokens evaluates src with the module function library and the
// variables given, and reads the result as the model reads a string.
func evalTokens(t *testing.T, src string, vars map[string]cty.Value) model.Str {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", src, diags)
	}
	ctx := baseContext().NewChild()
	ctx.Variables = vars
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return model.UnknownStr(model.Range{})
	}
	return toStr(v, model.Range{})
}

// TestStringFunctionsOverTokens: string functions over an invoke URL
// keep the tokens where their text does not decide the result, and give
// unknown values where it would.
func TestStringFunctionsOverTokens(t *testing.T) {
	syms := model.NewSymbols()
	id := syms.Attr("dir:aws_api_gateway_rest_api.x", "id", "aws_api_gateway_rest_api.x.id")
	region := syms.Pseudo(model.PseudoRegion)
	suffix := syms.Pseudo(model.PseudoURLSuffix)
	host := id + ".execute-api." + region + "." + suffix
	vars := map[string]cty.Value{
		"url":   tokStr("https://" + host + "/"),
		"dev":   tokStr("https://" + host + "/DEV"),
		"id":    tokStr(id),
		"reg":   tokStr(region),
		"other": tokStr(syms.Unknown("tf:dir:var.other", "var.other")),
	}
	known := []struct{ expr, want string }{
		{`split("/", url)[2]`, host},
		{`split("/", dev)[2]`, host},
		{`element(split("/", dev), 2)`, host},
		{`replace(url, "/^https?://([^/]*).*/", "$1")`, host},
		{`replace(dev, "/^https?://([^/]*).*/", "$1")`, host},
		{`regex("^https?://([^/]+)", dev)[0]`, host},
		{`element(regex("^https?://([^/:]+)", url), 0)`, host},
		{`regex("^https?://(?P<host>[^/]+)", url).host`, host},
		{`trimprefix(trimsuffix(url, "/"), "https://")`, host},
		{`trimsuffix(trimprefix(dev, "https://"), "/DEV")`, host},
		{`replace(replace(dev, "https://", ""), "/DEV", "")`, host},
		{`format("%s.execute-api.%s.%s", id, reg, "amazonaws.com")`, id + ".execute-api." + region + ".amazonaws.com"},
		{`join(".", [id, "execute-api", reg, "amazonaws.com"])`, id + ".execute-api." + region + ".amazonaws.com"},
		{`lower(split("/", url)[2])`, host},
		{`"${id}-${other}"`, id + "-" + syms.Unknown("tf:dir:var.other", "var.other")},
	}
	for _, tt := range known {
		got := evalTokens(t, tt.expr, vars)
		if !got.Known || got.V != tt.want {
			t.Errorf("%s = %q (known %v), want %q", tt.expr, syms.Display(got.V), got.Known, syms.Display(tt.want))
		}
	}
	// The token's text would decide these: never a value made of
	// placeholder pieces.
	for _, src := range []string{
		`split("/", url)[3]`,                             // "" from the URL's end, no token: unknown to the model
		`replace(url, "/[0-9]+/", "")`,                   // cuts into the token
		`replace(id, "1", "x")`,                          // idem, when the token has a 1
		`substr(url, 0, 9)`,                              // half a token
		`substr(id, 1, 3)`,                               // idem
		`regex("[a-z0-9]+", id)`,                         // the real ID matches, the placeholder does not
		`replace(url, "/[a-z0-9]+\\.execute-api/", "X")`, // idem
		`format("%.3s", id)`,                             // precision cuts the token
		`strrev(id)`,                                     // reversed token
		`length(id)`,                                     // the placeholder's length
		`md5(url)`,                                       // a hash of the placeholder
		`base64encode(id)`,                               // an encoding of it
	} {
		if got := evalTokens(t, src, vars); got.Known {
			t.Errorf("%s = %q, want unknown", src, syms.Display(got.V))
		}
	}
}

// TestDeploymentInvokeURL: a deployment's invoke_url is built from the
// API's ID, ending in its stage_name when it has one; without one it
// still names the API's host.
func TestDeploymentInvokeURL(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/main.tf", `
provider "aws" { region = "eu-west-1" }
resource "aws_api_gateway_rest_api" "x" { name = "x" }
resource "aws_api_gateway_deployment" "plain" { rest_api_id = aws_api_gateway_rest_api.x.id }
resource "aws_api_gateway_deployment" "dev" {
  rest_api_id = aws_api_gateway_rest_api.x.id
  stage_name  = "DEV"
}
resource "aws_api_gateway_deployment" "null" {
  rest_api_id = aws_api_gateway_rest_api.x.id
  stage_name  = null
}
output "whole" { value = aws_api_gateway_deployment.dev }
resource "aws_cloudfront_distribution" "d" {
  aliases = [
    aws_api_gateway_deployment.plain.invoke_url,
    aws_api_gateway_deployment.dev.invoke_url,
    aws_api_gateway_deployment.null.invoke_url,
    split("/", aws_api_gateway_deployment.plain.invoke_url)[2],
  ]
}
`)
	cfg, errs, syms := load(t, dir, Options{})
	noErrors(t, errs)
	host := api(t, cfg, "aws_api_gateway_rest_api.x").IDToken + ".execute-api.eu-west-1." + syms.Pseudo(model.PseudoURLSuffix)
	wantValues(t, "invoke URLs", dist(t, cfg, "aws_cloudfront_distribution.d").Aliases,
		"https://"+host+"/", "https://"+host+"/DEV", "https://"+host+"/", host)
}

// TestWholeResourceToObjectType: a whole resource passed to a variable of
// an object type gets the attributes edgelint does not model as unknown
// values; an object written out that lacks one is still an error.
func TestWholeResourceToObjectType(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/main.tf", `
resource "aws_s3_bucket" "site" { bucket = "site" }
module "child" {
  source  = "./child"
  whole   = aws_s3_bucket.site
  several = [aws_s3_bucket.site]
  keyed   = { a = aws_s3_bucket.site }
}
`)
	writeFile(t, dir+"/child/main.tf", `
variable "whole" {
  type = object({ bucket = string, website_endpoint = string })
}
variable "several" {
  type = list(object({ bucket = string, website_endpoint = string }))
}
variable "keyed" {
  type = map(object({ website_endpoint = string, logging = list(object({ target_bucket = string })) }))
}
resource "aws_cloudfront_distribution" "d" {
  aliases = [var.whole.bucket, var.whole.website_endpoint, var.several[0].website_endpoint, var.keyed["a"].website_endpoint]
}
`)
	cfg, errs, syms := load(t, dir, Options{})
	noErrors(t, errs)
	aliases := dist(t, cfg, "module.child.aws_cloudfront_distribution.d").Aliases
	if len(aliases.Items) != 4 {
		t.Fatalf("aliases = %+v", aliases)
	}
	wantStr(t, "whole.bucket", syms, aliases.Items[0], "site")
	for i, what := range []string{"whole.website_endpoint", "several[0].website_endpoint", `keyed["a"].website_endpoint`} {
		wantUnknown(t, what, syms, aliases.Items[i+1])
	}

	writeFile(t, dir+"/main.tf", `
module "child" {
  source  = "./child"
  whole   = { bucket = "site" }
  several = []
  keyed   = {}
}
`)
	_, errs, _ = load(t, dir, Options{})
	found := false
	for _, e := range errs {
		found = found || e.Severity == model.SevError && strings.Contains(e.Message, `attribute "website_endpoint" is required`)
	}
	if !found {
		t.Errorf("an object written out without website_endpoint: errors %v, want the missing attribute", errs)
	}
}

// TestComparisonsOverTokens: comparisons, coalesce and compact decide
// what the computed ID of a resource that exists allows (it is never
// empty, never null), and leave unknown what a variable without a value,
// a resource whose count is unknown or a data source allow.
func TestComparisonsOverTokens(t *testing.T) {
	dir := t.TempDir()
	known := []struct{ expr, want string }{
		{`aws_sns_topic.a.id != "" ? "y" : "n"`, "y"},
		{`aws_sns_topic.a.id == "" ? "y" : "n"`, "n"},
		{`"" == aws_sns_topic.a.arn ? "y" : "n"`, "n"},
		{`length(aws_sns_topic.a.id) > 0 ? "y" : "n"`, "y"},
		{`length(aws_sns_topic.a.id) >= 1 ? "y" : "n"`, "y"},
		{`0 < length(aws_sns_topic.a.id) ? "y" : "n"`, "y"},
		{`length(aws_sns_topic.a.id) == 0 ? "y" : "n"`, "n"},
		{`length("${aws_sns_topic.a.id}/x") > 2 ? "y" : "n"`, "y"},
		{`aws_sns_topic.a.id != null ? "y" : "n"`, "y"},
		{`aws_sns_topic.one[0].id != "" ? "y" : "n"`, "y"},
		{`"arn:${aws_sns_topic.a.id}" == "x" ? "y" : "n"`, "n"},
		{`aws_sns_topic.a.id == aws_sns_topic.a.id ? "y" : "n"`, "y"},
		{`"a" == "a" && 1 != 2 ? "y" : "n"`, "y"},
		{`length(["x", aws_sns_topic.a.id]) == 2 ? "y" : "n"`, "y"},
		{`coalesce(aws_sns_topic.a.id, "d") == aws_sns_topic.a.id ? "y" : "n"`, "y"},
		{`coalesce("", null, "d")`, "d"},
		{`length(compact([aws_sns_topic.a.id, "", null])) == 1 ? "y" : "n"`, "y"},
		{`var.u == var.u ? "y" : "n"`, "y"},
	}
	unknown := []string{
		`var.u != "" ? "y" : "n"`,
		`length(var.u) > 0 ? "y" : "n"`,
		`var.u != null ? "y" : "n"`,
		`aws_sns_topic.counted[0].id != "" ? "y" : "n"`,
		`data.aws_sns_topic.d.id != "" ? "y" : "n"`,
		`aws_sns_topic.a.id == "abc" ? "y" : "n"`,
		`"arn:${aws_sns_topic.a.id}" == "arn:abc" ? "y" : "n"`,
		`length(aws_sns_topic.a.id) > 5 ? "y" : "n"`,
		`length(aws_sns_topic.a.id) == 3 ? "y" : "n"`,
		`aws_sns_topic.a.id != aws_sns_topic.one[0].id ? "y" : "n"`,
		`coalesce(var.u, "d")`,
		`join(",", compact([var.u, "x"]))`,
		`aws_sns_topic.a.display_name != "" ? "y" : "n"`,
		// Text a token decided, without the token: it says nothing.
		`(contains(["a"], aws_sns_topic.a.id) ? "p" : "q") == "q" ? "y" : "n"`,
		`length(contains(["a"], aws_sns_topic.a.id) ? "p" : "q") > 0 ? "y" : "n"`,
	}
	var items []string
	for _, k := range known {
		items = append(items, k.expr)
	}
	items = append(items, unknown...)
	writeFile(t, dir+"/main.tf", `
variable "u" { type = string }
variable "n" { type = number }
resource "aws_sns_topic" "a" {}
resource "aws_sns_topic" "one" { count = 1 }
resource "aws_sns_topic" "counted" { count = var.n }
data "aws_sns_topic" "d" { name = "d" }
resource "aws_cloudfront_distribution" "d" {
  aliases = [
    `+strings.Join(items, ",\n    ")+`,
  ]
}
`)
	cfg, _, syms := load(t, dir, Options{})
	aliases := dist(t, cfg, "aws_cloudfront_distribution.d").Aliases
	if len(aliases.Items) != len(items) {
		t.Fatalf("got %d aliases, want %d", len(aliases.Items), len(items))
	}
	for i, k := range known {
		wantStr(t, k.expr, syms, aliases.Items[i], k.want)
	}
	for i, src := range unknown {
		wantUnknown(t, src, syms, aliases.Items[len(known)+i])
	}
}

// TestMayMatch: the text around tokens rules a string out, tokens never
// empty take a character, and a hostile pattern is answered quickly.
func TestMayMatch(t *testing.T) {
	syms := model.NewSymbols()
	l := newLoader("testdata/funcs", Options{Root: "testdata/funcs"}, syms)
	id := syms.Attr("e", "id", "x.id")
	l.nonEmptyTokens[id] = true
	v := syms.Unknown("v", "var.v")
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"arn:" + id, "arn:abc", true},
		{"arn:" + id, "arn:", false},
		{"arn:" + v, "arn:", true},
		{"arn:" + id, "urn:abc", false},
		{id + "/" + id, "a/b", true},
		{id + "/" + v, "a/", true},
		{id + "/x", "a/y", false},
		{"é" + id, "éa", true},
		{"é" + id + "é", "éé", false},
	}
	for _, tt := range tests {
		if got := l.mayMatch(model.Pieces(tt.pattern), tt.s); got != tt.want {
			t.Errorf("mayMatch(%s, %q) = %v, want %v", syms.Display(tt.pattern), tt.s, got, tt.want)
		}
	}
	hostile := strings.Repeat(v+"a", 2000)
	s := strings.Repeat("a", 1999) + "b"
	if l.mayMatch(model.Pieces(hostile), s) {
		t.Errorf("a string ending in b matched tokens each followed by a")
	}
}

// TestTokenKinds: a function whose kind decides its result over tokens
// without calling it again (a digest, jsonencode) answers as calling it
// again with other text in their place does: unknown where the tokens'
// text decides the result, the result itself where it does not.
func TestTokenKinds(t *testing.T) {
	syms := model.NewSymbols()
	tok := syms.Attr("dir:aws_api_gateway_rest_api.x", "id", "aws_api_gateway_rest_api.x.id")
	s := cty.StringVal
	malformed := string(model.TokenOpen) + "12"
	cases := []struct {
		fn      string
		arg     cty.Value
		unknown bool
	}{
		{"sha1", s("a" + tok), true},
		{"md5", s(tok), true},
		{"base64sha256", s("a" + tok + "b"), true},
		{"sha256", s("plain"), false},
		{"sha512", s(malformed), false},
		{"jsonencode", cty.ListVal([]cty.Value{s(tok), s("b/" + tok)}), false},
		{"jsonencode", cty.ObjectVal(map[string]cty.Value{"id": s(tok), "n": cty.NumberIntVal(1), "l": cty.TupleVal([]cty.Value{s("<&>" + tok + "\u0301"), cty.True})}), false},
		// The order of the names, or of a set's elements, depends on the
		// tokens' text.
		{"jsonencode", cty.MapVal(map[string]cty.Value{"b": s("x"), tok: s(tok)}), true},
		{"jsonencode", cty.ObjectVal(map[string]cty.Value{tok: s("y" + tok), "b": s("x")}), true},
		{"jsonencode", cty.SetVal([]cty.Value{s("b"), s(tok)}), true},
		{"jsonencode", cty.ListVal([]cty.Value{cty.SetVal([]cty.Value{s("b"), s("" + tok)})}), true},
		// ... or not.
		{"jsonencode", cty.MapVal(map[string]cty.Value{"b": s("x"), "a" + tok: s("y")}), false},
		{"jsonencode", cty.ListVal([]cty.Value{cty.SetVal([]cty.Value{s("5"), s("a" + tok)})}), false},
		{"jsonencode", cty.ObjectVal(map[string]cty.Value{"a": s(malformed), "b": cty.UnknownVal(cty.String)}), true},
	}
	for _, c := range cases {
		f := builtinFunctions[c.fn]
		want, wantErr := tokenSafe(f, tokensCall).Call([]cty.Value{c.arg})
		got, gotErr := tokenSafe(f, tokenKinds[c.fn]).Call([]cty.Value{c.arg})
		if wantErr != nil || gotErr != nil {
			t.Fatalf("%s(%#v): errors %v, %v", c.fn, c.arg, gotErr, wantErr)
		}
		if !got.RawEquals(want) {
			t.Errorf("%s(%#v) = %#v, want %#v", c.fn, c.arg, got, want)
		}
		if got.IsKnown() == c.unknown {
			t.Errorf("%s(%#v) = %#v, unknown %v", c.fn, c.arg, got, c.unknown)
		}
	}
}
