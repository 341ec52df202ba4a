package terraform

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/edgelint/edgelint/model"
)

// boundsCase is a module whose local.x edgelint must leave unknown (or
// known, for the near misses) and the input errors it must report.
type boundsCase struct {
	name  string
	files func() map[string]string
	// known says local.x must evaluate to a known value; the errors
	// must then be none.
	known bool
	// want is a substring of an error, and pos its "line:col", for the
	// hostile cases.
	want, pos string
}

// bigLocal is a local of n bytes (a multiple of 1 MiB) written in a few
// bytes of source.
func bigLocal(name string, n int) string {
	return fmt.Sprintf("  %s = join(\"\", [for i in range(%d) : join(\"\", [for j in range(1024) : %q])])\n", name, n>>20, strings.Repeat("a", 1024))
}

func mainTF(body string) func() map[string]string {
	return func() map[string]string { return map[string]string{"main.tf": body} }
}

// hostileCases are the inputs that asked for too much: each used to take
// minutes, gigabytes or the whole Go stack.
var hostileCases = []boundsCase{
	{name: "nested parentheses", files: mainTF("locals {\n  x = " + strings.Repeat("(", 80000) + "1" + strings.Repeat(")", 80000) + "\n}\n"),
		want: "nests more than 512 levels deep", pos: "2:3"},
	{name: "chained not", files: mainTF("locals {\n  x = " + strings.Repeat("!", 400000) + "true\n}\n"),
		want: "nests more than 512 levels deep", pos: "2:3"},
	{name: "deep json", files: func() map[string]string {
		return map[string]string{"main.tf.json": `{"locals": {"x": ` + strings.Repeat("[", 80000) + strings.Repeat("]", 80000) + "}}"}
	}, want: "nests more than 512 levels deep", pos: "1:13"},
	{name: "replace twice", files: mainTF("locals {\n  s0 = \"" + strings.Repeat("a", 1000) + "\"\n  s1 = replace(local.s0, \"a\", local.s0)\n  x = replace(local.s1, \"a\", local.s1)\n}\n"),
		want: "replace() would build a string of 931.3 GiB", pos: "4:7"},
	{name: "regex replace", files: mainTF("locals {\n" + bigLocal("s", 1<<20) + "  x = replace(local.s, \"/(a)/\", \"$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1\")\n}\n"),
		want: "replace() would build a string of 20.0 MiB", pos: "3:7"},
	{name: "doubling templates", files: func() map[string]string {
		var b strings.Builder
		b.WriteString("locals {\n  s0 = \"" + strings.Repeat("ab", 50) + "\"\n")
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&b, "  s%d = \"${local.s%d}${local.s%d}\"\n", i, i-1, i-1)
		}
		b.WriteString("  x = local.s40\n}\n")
		return map[string]string{"main.tf": b.String()}
	}, want: "this template would build a string of 25.0 MiB", pos: "20:9"},
	{name: "huge number", files: mainTF("locals {\n  x = \"/${1e100000000}\"\n}\n"),
		want: "more than about 4,900 digits", pos: "2:11"},
	{name: "huge number formatted", files: mainTF("locals {\n  n = 1e100000000\n  x = format(\"%d\", local.n)\n}\n"),
		want: "more than about 4,900 digits", pos: "2:7"},
	{name: "nested for", files: mainTF("locals {\n  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\n"),
		want: "passed its budget here"},
	{name: "lookups in a long list", files: mainTF("locals {\n  l = flatten([for i in range(100) : range(1000)])\n  x = [for j in range(1000) : contains(local.l, j)]\n}\n"),
		want: "passed its budget here"},
	{name: "setproduct", files: mainTF("locals {\n  x = setproduct(range(100), range(100), range(100))\n}\n"),
		want: "setproduct() would build more than 10000 elements", pos: "2:7"},
	{name: "format width", files: mainTF("locals {\n  x = format(\"%0999999999d\", 1)\n}\n"),
		want: "width or precision of 999999999", pos: "2:7"},
	{name: "format repeated", files: mainTF("locals {\n" + bigLocal("s", 4<<20) + "  x = format(\"%[1]s%[1]s%[1]s%[1]s%[1]s\", local.s)\n}\n"),
		want: "format() would build a string of 20.0 MiB", pos: "3:7"},
	{name: "join", files: mainTF("locals {\n" + bigLocal("s", 1<<20) + "  x = join(local.s, range(100))\n}\n"),
		want: "join() would build a string of 99.0 MiB", pos: "3:7"},
	{name: "flatten", files: mainTF("locals {\n  l = range(1000)\n  x = flatten([for i in range(1000) : [local.l, local.l]])\n}\n"),
		want: "flatten() would build 1048", pos: "3:7"},
	{name: "jsonencode", files: mainTF("locals {\n" + bigLocal("s", 1<<20) + "  x = jsonencode([for i in range(20) : local.s])\n}\n"),
		want: "jsonencode() would build a string of", pos: "3:7"},
	{name: "jsondecode deep", files: mainTF("locals {\n  x = jsondecode(\"" + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\")\n}\n"),
		want: "the document nests more than 512 levels deep", pos: "2:7"},
	{name: "regexall", files: mainTF("locals {\n" + bigLocal("s", 2<<20) + "  x = regexall(\"\", local.s)\n}\n"),
		want: "regexall() would build 1048577 elements", pos: "3:7"},
	{name: "indent", files: mainTF("locals {\n  x = indent(1e9, \"a\\nb\")\n}\n"),
		want: "indent() would build a string of", pos: "2:7"},
	{name: "template for", files: mainTF("locals {\n" + bigLocal("s", 1<<20) + "  x = \"%{for i in range(20)}${local.s}%{endfor}\"\n}\n"),
		want: "this template would build a string of 20.0 MiB", pos: "3:8"},
	{name: "try does not fall back", files: mainTF("locals {\n  s0 = \"" + strings.Repeat("a", 1000) + "\"\n  s1 = replace(local.s0, \"a\", local.s0)\n  x = try(replace(local.s1, \"a\", local.s1), \"fallback\")\n}\n"),
		want: "replace() would build a string of 931.3 GiB", pos: "4:11"},
	{name: "can does not decide", files: mainTF("locals {\n  s0 = \"" + strings.Repeat("a", 1000) + "\"\n  s1 = replace(local.s0, \"a\", local.s0)\n  x = can(replace(local.s1, \"a\", local.s1))\n}\n"),
		want: "replace() would build a string of 931.3 GiB", pos: "4:11"},
	{name: "chain of references", files: func() map[string]string {
		var b strings.Builder
		b.WriteString("locals {\n  l0 = [1]\n")
		for i := 1; i <= 100000; i++ {
			fmt.Fprintf(&b, "  l%d = [local.l%d]\n", i, i-1)
		}
		b.WriteString("  x = local.l100000\n}\n")
		return map[string]string{"main.tf": b.String()}
	}, want: "chain of more than 256 values"},
}

// nearMisses are real-sized versions of the hostile cases: known values,
// no error.
var nearMisses = []boundsCase{
	{name: "nesting", known: true, files: mainTF("locals {\n  x = " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200) + "\n}\n")},
	{name: "replace", known: true, files: mainTF("locals {\n  s0 = \"" + strings.Repeat("a", 1000) + "\"\n  x = replace(local.s0, \"a\", local.s0)\n}\n")},
	{name: "regex replace", known: true, files: mainTF("locals {\n  x = replace(\"a-b-c\", \"/(\\\\w)/\", \"<$1>\")\n}\n")},
	{name: "template", known: true, files: mainTF("locals {\n" + bigLocal("s", 8<<20) + "  x = \"${local.s}${local.s}\"\n}\n")},
	{name: "number", known: true, files: mainTF("locals {\n  x = \"/${1e4000}\"\n}\n")},
	{name: "for", known: true, files: mainTF("locals {\n  x = [for a in range(100) : [for b in range(100) : [for c in range(10) : c]]]\n}\n")},
	{name: "format", known: true, files: mainTF("locals {\n  x = format(\"%04000d\", 1)\n}\n")},
	{name: "jsondecode", known: true, files: mainTF("locals {\n  x = jsondecode(\"" + strings.Repeat("[", 400) + strings.Repeat("]", 400) + "\")\n}\n")},
	{name: "constant template in a default", known: true, files: mainTF("variable \"v\" {\n  default = \"prod-${2 * 3}\"\n}\nlocals {\n  x = var.v\n}\n")},
	{name: "try", known: true, files: mainTF("locals {\n  x = try(range(10), [])\n}\n")},
	{name: "chain of references", known: true, files: func() map[string]string {
		var b strings.Builder
		b.WriteString("locals {\n  l0 = [1]\n")
		for i := 1; i <= 200; i++ {
			fmt.Fprintf(&b, "  l%d = [local.l%d]\n", i, i-1)
		}
		b.WriteString("  x = local.l200\n}\n")
		return map[string]string{"main.tf": b.String()}
	}},
}

// evalCase loads the case's module and evaluates local.x; it returns
// whether the value is wholly known and the errors, one a line.
func evalCase(t testing.TB, c boundsCase) (bool, []string) {
	dir := t.TempDir()
	for name, body := range c.files() {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	l := newLoader(dir, Options{}, model.NewSymbols())
	l.fnCtx = l.library().NewChild()
	l.fnCtx.Functions = l.funcs
	l.load()
	v, ok := l.localValue("x")
	known := ok && v.IsWhollyKnown() && v != cty.DynamicVal
	var errs []string
	for _, e := range l.errs {
		if e.Severity == "error" {
			errs = append(errs, fmt.Sprintf("%d:%d %s", e.Range.Start.Line, e.Range.Start.Column, e.Message))
		}
	}
	return known, errs
}

func TestBoundsNearMisses(t *testing.T) {
	for _, c := range nearMisses {
		t.Run(c.name, func(t *testing.T) {
			known, errs := evalCase(t, c)
			if !known || len(errs) > 0 {
				t.Errorf("known %v, errors %q", known, errs)
			}
		})
	}
}

// TestBoundsChild evaluates one hostile case (BOUNDS_CASE) for
// TestBoundsHostile, in a process of its own.
func TestBoundsChild(t *testing.T) {
	name := os.Getenv("BOUNDS_CASE")
	if name == "" {
		t.Skip("run by TestBoundsHostile")
	}
	for _, c := range hostileCases {
		if c.name == name {
			known, errs := evalCase(t, c)
			fmt.Printf("known=%v\n", known)
			for _, e := range errs {
				fmt.Println("error " + e)
			}
			return
		}
	}
	t.Fatalf("no case %q", name)
}

// TestBoundsHostile evaluates each hostile case in a process limited to
// 1 GB of address space beyond the runtime's and 60 seconds: before the
// bounds, each ran out of stack, of memory or of time. The value must be
// unknown and the error reported at the expression.
func TestBoundsHostile(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ulimit -v is needed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			// 3 GB of address space: the Go runtime reserves some; the
			// cases asked for tens of GB to terabytes.
			cmd := exec.CommandContext(ctx, "/bin/sh", "-c", `ulimit -v 3000000 && exec "$0" -test.run='^TestBoundsChild$' -test.count=1`, exe)
			cmd.Env = append(os.Environ(), "BOUNDS_CASE="+c.name)
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("not done in 60 s")
			}
			if err != nil {
				t.Fatalf("%v: %s", err, tail(out))
			}
			text := string(out)
			if !strings.Contains(text, "known=false") {
				t.Errorf("value known: %s", tail(out))
			}
			found := false
			for _, line := range strings.Split(text, "\n") {
				if strings.HasPrefix(line, "error ") && strings.Contains(line, c.want) && (c.pos == "" || strings.HasPrefix(line, "error "+c.pos+" ")) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error %s %q: %s", c.pos, c.want, tail(out))
			}
		})
	}
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// TestTryEvaluatesOnce counts the evaluations of the innermost expression
// of nested try calls: hcl's try evaluated its expressions twice (for the
// type, then the value), so 2^n times at n levels.
func TestTryEvaluatesOnce(t *testing.T) {
	calls := 0
	counter := function.New(&function.Spec{
		Type: function.StaticReturnType(cty.Number),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			calls++
			return cty.NumberIntVal(1), nil
		},
	})
	ctx := &hcl.EvalContext{Functions: map[string]function.Function{"try": builtinFunctions["try"], "can": builtinFunctions["can"], "counter": counter}}
	for _, fn := range []string{"try", "can"} {
		calls = 0
		src := strings.Repeat(fn+"(", 12) + "counter()" + strings.Repeat(")", 12)
		e, diags := hclsyntax.ParseExpression([]byte(src), "", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if _, diags := e.Value(ctx); diags.HasErrors() {
			t.Fatal(diags)
		}
		if calls != 1 {
			t.Errorf("%s: the innermost expression was evaluated %d times", fn, calls)
		}
	}
}
