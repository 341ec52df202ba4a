package terraform

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
)

// evalString evaluates an expression in a module context.
func evalString(t *testing.T, l *loader, src string) (cty.Value, hcl.Diagnostics) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", src, diags)
	}
	l.prewalkExpr(expr)
	return l.eval(expr, l.ctxFor(expr.Variables(), nil))
}

func TestFunctions(t *testing.T) {
	l := newLoader("testdata/funcs", Options{Root: "testdata/funcs"}, model.NewSymbols())
	l.finishVariables()
	tests := []struct{ expr, want string }{
		{`replace("hello world", "/w.*d/", "everybody")`, `"hello everybody"`},
		{`replace("1 + 2 + 3", "+", "-")`, `"1 - 2 - 3"`},
		{`replace("https://abc.example.com/prod", "/^https?://([^/]*).*/", "$1")`, `"abc.example.com"`},
		{`element(regex("^https?://([^/:]+)", "https://h.example:443/x"), 0)`, `"h.example"`},
		{`split("/", "https://h/p")[2]`, `"h"`},
		{`trimprefix("https://h", "https://")`, `"h"`},
		{`startswith("https://x", "https:")`, `true`},
		{`endswith("a.json", ".yaml")`, `false`},
		{`strcontains("abc", "b")`, `true`},
		{`length("héllo")`, `5`},
		{`length({ a = 1, b = 2 })`, `2`},
		{`index(["a", "b", "c"], "b")`, `1`},
		{`one([])`, `null`},
		{`one(["x"])`, `"x"`},
		{`sum([1, 2, 3.5])`, `6.5`},
		{`alltrue(["true", true])`, `true`},
		{`anytrue([])`, `false`},
		{`matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])`, `["i-abc", "i-def"]`},
		{`transpose({ a = ["1", "2"], b = ["2", "3"] })`, `{ "1" = ["a"], "2" = ["a", "b"], "3" = ["b"] }`},
		{`uuidv5("dns", "www.terraform.io")`, `"a5008fae-b28c-5ba5-96cd-82b4c53552d6"`},
		{`yamldecode("a: 1\nb: [x, y]").b[1]`, `"y"`},
		{`yamldecode(yamlencode({ a = ["x"] })).a[0]`, `"x"`},
		{`base64sha256("hello world")`, `"uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="`},
		{`md5("hello world")`, `"5eb63bbbe01eeed093cb22bb8f5acdc3"`},
		{`sha1("hello world")`, `"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"`},
		{`base64decode(base64encode("x y"))`, `"x y"`},
		{`urlencode("a b/c")`, `"a+b%2Fc"`},
		{`format("%s-%03d", "a", 7)`, `"a-007"`},
		{`lookup({ a = "b" }, "c", "d")`, `"d"`},
		{`coalesce("", "x")`, `"x"`},
		{`tolist(toset(["b", "a"]))`, `["a", "b"]`},
		{`try(tonumber("x"), 5)`, `5`},
		{`can(tonumber("x"))`, `false`},
		{`regexall("[0-9]+", "a1b22")`, `["1", "22"]`},
		{`cidrsubnet("10.0.0.0/16", 8, 2)`, `"10.0.2.0/24"`},
		{`cidrhost("10.12.112.0/20", 268)`, `"10.12.113.12"`},
		{`cidrhost("10.0.0.0/8", -1)`, `"10.255.255.255"`},
		{`cidrnetmask("172.16.0.0/12")`, `"255.240.0.0"`},
		{`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, `["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]`},
		{`file("hello.txt")`, `"hello"`},
		{`file("${path.module}/hello.txt")`, `"hello"`},
		{`fileexists("nope.txt")`, `false`},
		{`fileset(path.module, "sub/*.json")`, `["sub/a.json"]`},
		{`fileset(path.module, "**/*.{txt,tpl}")`, `["greet.tpl", "hello.txt", "sub/b.txt"]`},
		{`templatefile("greet.tpl", { name = "you", items = [1, 2] })`, `"Hi you! [1] [2]"`},
		{`templatestring("$${a}-$${b}", { a = "x", b = "y" })`, `"x-y"`},
		{`templatestring("$${upper(a)}-$${core::lower(b)}", { a = "x", b = "Y" })`, `"X-y"`},
		{`basename("a/b/c.txt")`, `"c.txt"`},
		{`terraform.workspace`, `"default"`},
		{`core::upper("x")`, `"X"`},
		// map and list as Terraform 0.12–0.14 had them.
		{`map("a", 1, "b", "2")`, `{ a = "1", b = "2" }`},
		{`map("a", ["x"])["a"][0]`, `"x"`},
		{`list("a", "b")`, `["a", "b"]`},
		{`list(1, "b")`, `["1", "b"]`},
		{`length(list())`, `0`},
	}
	for _, tt := range tests {
		got, diags := evalString(t, l, tt.expr)
		if diags.HasErrors() {
			t.Errorf("%s: %v", tt.expr, diags)
			continue
		}
		wantExpr, _ := hclsyntax.ParseExpression([]byte(tt.want), "want", hcl.InitialPos)
		want, _ := wantExpr.Value(nil)
		g, w := fmt.Sprintf("%#v", ctyToGo(got)), fmt.Sprintf("%#v", ctyToGo(want))
		if !got.IsWhollyKnown() || g != w {
			t.Errorf("%s = %s, want %s", tt.expr, g, w)
		}
	}

	// Unknown, or failing (and so unknown to the model), never guessed.
	for _, src := range []string{
		`timestamp()`, `uuid()`, `bcrypt("x")`, `plantimestamp()`,
		`format("%999999d", 1)`,
		`file("../../funcs.go")`,
		`file("/etc/hostname")`,
		`templatefile("greet.tpl", { name = "x" })`,
		`templatestring("$${templatestring(\"z\", {})}", {})`,
		`nosuch(1)`,
		`map("a", 1, "a", 2)`,
		`map("a")`,
		`map("a", 1, "b")`,
		`map("a", "x", "b", ["y"])`,
		`list("a", ["b"])`,
	} {
		got, diags := evalString(t, l, src)
		if !diags.HasErrors() && got.IsWhollyKnown() {
			t.Errorf("%s = %#v, want unknown or an error", src, got)
		}
	}
}
