package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Items 4 and 5 of the hostile-input suite: HCL whose nesting or whose
// values would exhaust the stack, the memory or the time of the
// evaluation. Each is an input error naming the file; the ordinary
// configuration beside it is still analyzed.

// evalCase is a module (one file, and main.tf beside a variables file,
// which Terraform reads only in a module's directory) of a hostile tree.
type evalCase struct {
	name, file, src string
}

// checkEvalCases runs edgelint on each case in a tree of its own beside
// examples/broken (in one format: these inputs concern no outside file,
// and the writers are the same for every input error).
func checkEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			normalTree(t, dir, "infra")
			write(t, filepath.Join(dir, c.name, c.file), c.src)
			if strings.HasSuffix(c.file, ".tfvars") {
				write(t, filepath.Join(dir, c.name, "main.tf"), "variable \"x\" {}\n\n"+restAPI("\"api\""))
			}
			r := hostileCmd{dir: dir}.run(t, "--format", "json", ".")
			expect{code: exitError, normal: true, names: []string{c.name + "/" + c.file}}.check(t, c.name, r)
		})
	}
}

// nested returns left n times, inner, then right n times.
func nested(n int, left, inner, right string) string {
	return strings.Repeat(left, n) + inner + strings.Repeat(right, n)
}

// restAPI returns a REST API resource whose name is expr.
func restAPI(expr string) string {
	return "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = " + expr + "\n}\n"
}

// Item 4: 80,000 nested parentheses, brackets, braces or calls in one
// expression (160 KB and more), in HCL native syntax, in JSON and in a
// variables file.
func TestHostile04Depth(t *testing.T) {
	const n = 80000
	checkEvalCases(t, []evalCase{
		{"parens", "main.tf", restAPI(nested(n, "(", "1", ")"))},
		{"brackets", "main.tf", restAPI(nested(n, "[", "1", "]"))},
		{"objects", "main.tf", restAPI(nested(n, "{a=", "1", "}"))},
		{"calls", "main.tf", restAPI(nested(n, "upper(", `"a"`, ")"))},
		{"template", "main.tf", restAPI(`"` + nested(n, "${", `"a"`, "}") + `"`)},
		{"unary", "main.tf", restAPI(strings.Repeat("-", 2*n) + "1")},
		{"json", "main.tf.json", `{"resource":{"aws_api_gateway_rest_api":{"api":{"name":` + nested(n, "[", "1", "]") + `}}}}`},
		{"json-template", "main.tf.json", `{"resource":{"aws_api_gateway_rest_api":{"api":{"name":"` + nested(n, "${(", "1", ")}") + `"}}}}`},
		{"tfvars", "terraform.tfvars", "x = " + nested(n, "[", "1", "]") + "\n"},
	})
}

// Item 5: values that grow past any reasonable size: a string replaced
// into itself twice (a 1 TB result from a 1.2 KB file), 40 doubling
// locals, a number of a hundred million digits, three nested for over
// range(1000).
func TestHostile05ValueSize(t *testing.T) {
	var doubling strings.Builder
	doubling.WriteString("locals {\n  d0 = \"" + strings.Repeat("ab", 50) + "\"\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&doubling, "  d%d = \"${local.d%d}${local.d%d}\"\n", i, i-1, i-1)
	}
	doubling.WriteString("}\n\n" + restAPI("local.d40"))
	checkEvalCases(t, []evalCase{
		{"replace", "main.tf", "locals {\n  s0 = \"" + strings.Repeat("a", 1000) + "\"\n  s1 = replace(local.s0, \"a\", local.s0)\n  s2 = replace(local.s1, \"a\", local.s1)\n}\n\n" + restAPI("local.s2")},
		{"doubling", "main.tf", doubling.String()},
		{"number", "main.tf", restAPI(`"/${1e100000000}"`)},
		{"for", "main.tf", restAPI("length([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]])")},
		{"join", "main.tf", restAPI(`join(",", [for a in range(1000) : join(",", [for b in range(1000) : join(",", [for c in range(1000) : "xxxxxxxx"])])])`)},
	})
}
