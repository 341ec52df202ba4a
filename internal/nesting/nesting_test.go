package nesting

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestHostile(t *testing.T) {
	n := 80000
	cases := []struct {
		name string
		kind Kind
		src  string
		line int
	}{
		{"parentheses", Config, "locals {\n  x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n}\n", 2},
		{"brackets", Config, "x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n", 1},
		{"braces", Config, "x = " + strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n) + "\n", 1},
		{"not", Config, "x = " + strings.Repeat("!", n) + "true\n", 1},
		{"minus", Config, "x = " + strings.Repeat("-", n) + "1\n", 1},
		{"sum", Config, "x = 1" + strings.Repeat("+1", n) + "\n", 1},
		{"sum over lines", Config, "x = (1" + strings.Repeat("\n+1", n) + ")\n", 0},
		{"conditionals", Config, "x = " + strings.Repeat("true ? 1 : ", n) + "2\n", 1},
		{"indexes", Config, "x = f()" + strings.Repeat("[0]", n) + "\n", 1},
		{"calls", Config, "x = " + strings.Repeat("f(", n) + strings.Repeat(")", n) + "\n", 1},
		{"interpolations", Config, "x = " + strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n) + "\n", 1},
		{"directives", Config, "x = \"" + strings.Repeat("%{if true}", n) + strings.Repeat("%{endif}", n) + "\"\n", 1},
		{"heredoc", Config, "x = <<EOT\n" + strings.Repeat("${(", n) + "1" + strings.Repeat(")}", n) + "\nEOT\n", 2},
		{"expression", Expression, strings.Repeat("[", n) + strings.Repeat("]", n), 1},
		{"template", Template, strings.Repeat("%{ for x in y }", n) + strings.Repeat("%{ endfor }", n), 1},
		{"json", JSON, `{"a": ` + strings.Repeat("[", n) + strings.Repeat("]", n) + "}", 1},
		{"json template", JSON, `{"a": "${` + strings.Repeat("(", n) + strings.Repeat(")", n) + `}"}`, 1},
		{"json escaped template", JSON, `{"a": "${` + strings.Repeat(`[\"${`, n) + strings.Repeat(`}\"]`, n) + `}"}`, 1},
		{"plain json", PlainJSON, strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Scan([]byte(c.src), c.kind)
			if e == nil {
				t.Fatalf("no error for %d levels", n)
			}
			if c.line != 0 && e.At.Line != c.line {
				t.Errorf("error at line %d, want %d", e.At.Line, c.line)
			}
			if e.At.Byte > len(c.src)/2 {
				t.Errorf("error at byte %d: the limit was passed earlier", e.At.Byte)
			}
		})
	}
}

// TestQuiet checks that what only looks nested is not counted: brackets in
// strings, comments and heredocs, separated items, and that nesting just
// under the limit passes.
func TestQuiet(t *testing.T) {
	n := 4 * MaxDepth
	cases := []struct {
		name string
		kind Kind
		src  string
	}{
		{"string", Config, `x = "` + strings.Repeat("(", n) + "\"\n"},
		{"escaped quote", Config, `x = "\"` + strings.Repeat("(", n) + "\"\n"},
		{"literal interpolation", Config, `x = "` + strings.Repeat("$${", n) + "\"\n"},
		{"line comment", Config, "# " + strings.Repeat("(", n) + "\nx = 1 // " + strings.Repeat("[", n) + "\n"},
		{"block comment", Config, "/* " + strings.Repeat("(", n) + "\n" + strings.Repeat("{", n) + " */\nx = 1\n"},
		{"heredoc", Config, "x = <<-EOT\n  " + strings.Repeat("(", n) + "\n  EOT\ny = 1\n"},
		{"list", Config, "x = [" + strings.Repeat("1 + 1, ", n) + "]\n"},
		{"lines", Config, strings.Repeat("x = !a && b || c\n", n)},
		{"object", Config, "x = {\n" + strings.Repeat("a = 1 + 2 + 3\n", n) + "}\n"},
		{"blocks", Config, strings.Repeat("resource \"a\" \"b\" {\n  x = f(1)[0]\n}\n", n)},
		{"json strings", JSON, `{"a": "` + strings.Repeat("(", n) + `", "b": [` + strings.Repeat(`"x", `, n) + `1]}`},
		{"plain json template", PlainJSON, `{"a": "${` + strings.Repeat("(", n) + `"}`},
		{"just under", Expression, strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if e := Scan([]byte(c.src), c.kind); e != nil {
				t.Fatalf("error at %+v", e.At)
			}
		})
	}
	if e := Scan([]byte(strings.Repeat("[", MaxDepth+1)), Expression); e == nil {
		t.Error("no error just past the limit")
	}
}

// TestStart checks that the error names the attribute holding the deep
// expression.
func TestStart(t *testing.T) {
	src := "locals {\n  ok = 1\n  deep = " + strings.Repeat("(", 2*MaxDepth) + "1" + strings.Repeat(")", 2*MaxDepth) + "\n}\n"
	e := Scan([]byte(src), Config)
	if e == nil {
		t.Fatal("no error")
	}
	if e.Start.Line != 3 || e.Start.Column != 3 {
		t.Errorf("start %+v, want 3:3", e.Start)
	}
}

// TestUpperBound checks, on generated expressions, that the depth measured
// is at least the depth of the syntax tree hclsyntax builds.
func TestUpperBound(t *testing.T) {
	exprs := []string{
		"a + b * c - d / e % f",
		"!a && !b || c == d",
		"x ? y : z ? w : v",
		"f(g(h(1)))[0][1].a[2]",
		`"${a}-${b ? "x" : "${c}"}"`,
		`[for k, v in m : { (k) = [v, -v] } if v != null]`,
		`{ a = [1, [2, [3, { b = (4) }]]] }`,
		"a[*].b[0]",
	}
	for _, s := range exprs {
		e, diags := hclsyntax.ParseExpression([]byte(s), "", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", s, diags)
		}
		// A level is at most two nodes (an item and its wrapper).
		if got, tree := Depth([]byte(s), Expression), treeDepth(e); 2*got+1 < tree {
			t.Errorf("%s: measured %d, tree %d", s, got, tree)
		}
	}
}

func treeDepth(n hclsyntax.Node) int {
	d := 0
	_ = hclsyntax.Walk(n, &depthWalker{max: &d})
	return d
}

type depthWalker struct{ cur, max *int }

func (w *depthWalker) Enter(hclsyntax.Node) hcl.Diagnostics {
	if w.cur == nil {
		w.cur = new(int)
	}
	*w.cur++
	if *w.cur > *w.max {
		*w.max = *w.cur
	}
	return nil
}

func (w *depthWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	*w.cur--
	return nil
}

// TestCorpus measures the configurations of the corpus: far under the
// limit.
func TestCorpus(t *testing.T) {
	deepest := 0
	_ = filepath.WalkDir("../../testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		kind := Config
		switch {
		case strings.HasSuffix(p, ".tf"), strings.HasSuffix(p, ".tfvars"):
		case strings.HasSuffix(p, ".tf.json"):
			kind = JSON
		default:
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if d := Depth(src, kind); d > deepest {
			deepest = d
		}
		if e := Scan(src, kind); e != nil {
			t.Errorf("%s: %v at %+v", p, e, e.At)
		}
		return nil
	})
	t.Logf("deepest: %d", deepest)
	if deepest > MaxDepth/8 {
		t.Errorf("deepest configuration measured %d: the measure is too coarse", deepest)
	}
}

// TestBound checks that bound, which lets Scan skip a source, is never
// below the depth the scan measures, for every kind, on the hostile
// sources, the upper-bound expressions and sources made of the bytes
// that raise the depth.
func TestBound(t *testing.T) {
	srcs := []string{
		strings.Repeat("(", 600), strings.Repeat("f(", 300), strings.Repeat("a[0]", 300),
		strings.Repeat("%{if a}", 300), strings.Repeat("${", 300), strings.Repeat("\"${", 300),
		strings.Repeat(`"\u0025{if a}`, 200), strings.Repeat(`["\"${`, 200), strings.Repeat("!", 600),
		strings.Repeat("a<<EOT\n", 300), strings.Repeat("x ? y : ", 300),
	}
	alphabet := []byte("\"{}()[]<>=&|!+-*/?$%\\a1 \n,:.#~`\u00e9")
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		b := make([]byte, r.IntN(200))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		srcs = append(srcs, string(b))
	}
	for _, src := range srcs {
		for _, k := range []Kind{Config, Expression, Template, JSON, PlainJSON} {
			if d, b := Depth([]byte(src), k), bound([]byte(src)); d > b && b <= MaxDepth {
				t.Fatalf("kind %d: depth %d above the bound %d of %q", k, d, b, src)
			}
		}
	}
}

// TestPosition checks the line and column (in characters) of an error
// past lines of multi-byte characters and a comment.
func TestPosition(t *testing.T) {
	src := "# é\nlocals {\n  a = \"é\"\n  éé = " + strings.Repeat("(", MaxDepth+1) + "\n}\n"
	e := Scan([]byte(src), Config)
	if e == nil {
		t.Fatal("no error")
	}
	// The error is just past the parenthesis that passes the limit: the
	// block's brace is one level, and the parentheses the others.
	if e.At.Line != 4 || e.At.Column != 8+MaxDepth || e.Start.Line != 4 || e.Start.Column != 3 {
		t.Errorf("at %+v, start %+v; want 4:%d and 4:3", e.At, e.Start, 8+MaxDepth)
	}
	if want := strings.Index(src, "éé") + len("éé = ") + MaxDepth; e.At.Byte != want {
		t.Errorf("at byte %d, want %d", e.At.Byte, want)
	}
}
