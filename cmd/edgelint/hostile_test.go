package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/report"
	"github.com/edgelint/edgelint/rules"
)

// payload is what a hostile pull request writes into values, names,
// comments and file names: GitHub Actions workflow commands, terminal
// escape sequences (an OSC 8 hyperlink, clear screen, a C1 CSI), bidi
// overrides and line breaks.
const payload = "\n::error file=x::pwned\r::add-mask::secret\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\\x1b[2J\u009b2J\u202eevil\u2066\u2028end"

// yamlPayload is payload as the escapes of a YAML double-quoted scalar.
const yamlPayload = `\n::error file=x::pwned\r::add-mask::secret\e]8;;https://evil.example/\e\\link\e]8;;\e\\\e[2J\x9b2J\u202eevil\u2066\L end`

// hostileTree writes, in a new directory, a Terraform module and templates
// whose findings and input errors carry payload in every place an output
// echoes: values quoted in messages and unquoted in URLs, names, source
// lines (comments), and file names, one starting with "::".
func hostileTree(t *testing.T) string {
	t.Helper()
	root := testutil.RepoRoot(t)
	dir := t.TempDir()
	write := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// A template whose behavior, origin and API names carry the payload.
	tpl := wantComment.ReplaceAllString(read("testdata/rules/cfn-seed-api-prefix/template.yaml"), "")
	tpl = replace(t, tpl,
		"- PathPattern: /api/users\n",
		"- PathPattern: \"/api/users"+yamlPayload+"\"\n",
		"Name: blog", "Name: \"blog"+yamlPayload+"\"",
		"Id: blog-api", "Id: \"blog-api"+yamlPayload+"\"",
	)
	tpl = strings.ReplaceAll(tpl, "TargetOriginId: blog-api", "TargetOriginId: \"blog-api"+yamlPayload+"\"")
	// A file name holds no slash.
	fileName := strings.ReplaceAll(payload, "/", "_")
	write("tpl"+fileName+".yaml", []byte(tpl))

	// A module whose finding's source line carries the payload raw, in a
	// comment (which a line feed would end).
	cdn := wantComment.ReplaceAllString(read("testdata/rules/tf-seed-api-prefix/cdn.tf"), "")
	cdn = replace(t, cdn, `path_pattern           = "/api/users"`+"\n", `path_pattern           = "/api/users" # `+strings.ReplaceAll(payload, "\n", " ")+"\n")
	write("tf/api.tf", []byte(read("testdata/rules/tf-seed-api-prefix/api.tf")))
	write("tf/cdn"+fileName+".tf", []byte(cdn))

	// Broken inputs: their errors echo the file name and the input.
	write("::warning::lead.yaml", []byte("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {"+payload+"\n"))
	write("broken/main.tf", []byte("resource \"aws_api_gateway_rest_api\" \"x\" {\n  name = \""+payload+"\n"))
	return dir
}

func replace(t *testing.T, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%q not found", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// ownColors are the escape sequences of edgelint's --color always.
var ownColors = strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[1;31m", "", "\x1b[1;33m", "", "\x1b[1;36m", "")

var (
	// wantComment is a rule case's expectation, which the hostile tree
	// leaves out.
	wantComment = regexp.MustCompile(` *# want[^\n]*`)
	stopMarker  = regexp.MustCompile(`^::stop-commands::(edgelint-[0-9a-f]{32})$`)
	annotation  = regexp.MustCompile(`^::(error|warning|notice)( (file|line|endLine|col|endColumn|title)=[^:,\n]*(,(file|line|endLine|col|endColumn|title)=[^:,\n]*)*)?::`)
)

// TestHostileInputOutput: in every output format, with and without GitHub
// Actions, what the input holds cannot start a workflow command or reach
// the terminal as a control character.
func TestHostileInputOutput(t *testing.T) {
	dir := hostileTree(t)
	t.Chdir(dir) // paths are shown relative: a name starting with "::" starts a line
	for _, format := range report.Formats() {
		for _, gha := range []bool{false, true} {
			for _, color := range []string{"never", "always"} {
				if color == "always" && format != report.FormatText {
					continue
				}
				name := format + "/color=" + color
				if gha {
					name += "/github-actions"
				}
				t.Run(name, func(t *testing.T) {
					var stdout, stderr bytes.Buffer
					a := &app{
						stdout: &stdout, stderr: &stderr,
						analyze: engine.RunContext, rules: rules.All,
						getenv: func(k string) string {
							if k == "GITHUB_ACTIONS" && gha {
								return "true"
							}
							return ""
						},
						environ:    func() []string { return nil },
						isTerminal: func(io.Writer) bool { return false },
					}
					code := a.run([]string{"--format", format, "--color", color, "."})
					if code != exitError {
						t.Errorf("exit status %d, want %d (broken inputs)", code, exitError)
					}
					out := stdout.String()
					for _, want := range []string{"EL004", "lead.yaml", "main.tf", "tpl", "tf/cdn"} {
						if !strings.Contains(out, want) {
							t.Fatalf("the report lacks %q:\n%s", want, out)
						}
					}
					checkNoRawControls(t, ownColors.Replace(out+stderr.String()))
					checkNoCommands(t, format, gha, out, true)
					checkNoCommands(t, format, gha, stderr.String(), false)
					if testing.Verbose() {
						t.Logf("stdout:\n%s\nstderr:\n%s", out, stderr.String())
					}
				})
			}
		}
	}
}

// checkNoRawControls fails when out holds an unsafe rune (but line feeds)
// or a byte that is not UTF-8.
func checkNoRawControls(t *testing.T, out string) {
	t.Helper()
	for i, r := range out {
		bad := r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD") ||
			r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029')
		if bad {
			t.Errorf("raw %U at byte %d: %q", r, i, out[max(0, i-60):min(len(out), i+20)])
			return
		}
	}
}

// checkNoCommands fails when a line of out that GitHub Actions would read
// (outside stop-commands markers) starts a workflow command that is not
// one of edgelint's own annotations; outside GitHub Actions, when a line
// starts with the payload's commands.
func checkNoCommands(t *testing.T, format string, gha bool, out string, stdout bool) {
	t.Helper()
	token := ""
	for n, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if token != "" {
			if strings.Contains(line, token) && trimmed != "::"+token+"::" {
				t.Errorf("line %d repeats the stop-commands token: %q", n+1, line)
			}
			if trimmed == "::"+token+"::" {
				token = ""
			}
			continue
		}
		if !strings.HasPrefix(trimmed, "::") {
			continue
		}
		if !gha {
			if strings.HasPrefix(trimmed, "::error file=x") || strings.HasPrefix(trimmed, "::add-mask::") {
				t.Errorf("line %d starts a command of the input: %q", n+1, line)
			}
			continue
		}
		switch m := stopMarker.FindStringSubmatch(trimmed); {
		case m != nil && line == trimmed:
			token = m[1]
		case format == report.FormatGitHub && annotation.MatchString(line):
		default:
			t.Errorf("line %d starts a workflow command: %q", n+1, line)
		}
	}
	if token != "" {
		t.Errorf("workflow commands stopped and not started again")
	}
	if gha && stdout && (format == report.FormatText || format == report.FormatJUnit || format == report.FormatCheckstyle) && strings.TrimSpace(out) != "" &&
		!strings.HasPrefix(out, "::stop-commands::edgelint-") {
		t.Errorf("the %s report is not printed between stop-commands markers:\n%s", format, out)
	}
}

// TestUsageErrorsEscaped: usage errors that echo an argument show its
// control characters escaped, on the one line of the error.
func TestUsageErrorsEscaped(t *testing.T) {
	for _, args := range [][]string{
		{"/nonexistent" + payload},
		{"--var-file", "/nonexistent" + payload, "."},
		{"--" + payload},
		{"explain", "EL" + payload},
		{"rules", payload},
	} {
		h := &harness{res: result(nil)}
		if code := h.run(args...); code != exitError {
			t.Errorf("%q: exit status %d, want %d", args, code, exitError)
		}
		checkNoRawControls(t, h.stderr.String())
		for _, l := range strings.Split(h.stderr.String(), "\n") {
			if l != "" && !strings.HasPrefix(l, "edgelint: ") && l != usageHint {
				t.Errorf("%q: stderr line %q is not edgelint's", args, l)
			}
		}
	}
}
