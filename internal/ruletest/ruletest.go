// Package ruletest runs edgelint's rule cases, as analysistest runs the
// test data of a go/analysis analyzer: a case is a directory of tiny real
// configs whose findings are written beside the line they land on.
//
// An annotation is a comment on that line (HCL and YAML):
//
//	path_pattern = "/api/*"  # want EL004:20 "no resource matching"
//
// one or more items, each a rule code, optionally ":" and the finding's
// start column (1-based, in code points), optionally its severity (error,
// warning or info), then a quoted substring of its message or of one of
// its notes. JSON inputs, which have no comments, take a sidecar file
// named after them with ".want" appended, whose lines are
//
//	12: EL004:7 error "no resource matching"
//
// Every finding of a case must be wanted and every want met; a want
// without a column matches a finding at any column of its line. The code
// "input" wants an input error (an error-severity diagnostic) instead of
// a finding: `# want input:5 "runs longer than"`.
package ruletest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/rules"
)

// Want is one annotation: a finding of Rule on Line of File whose message
// (or a note) contains Substr, starting at Col when Col is set and with
// Severity when Severity is set.
type Want struct {
	File     string
	Line     int
	Col      int
	Rule     string
	Severity string
	Substr   string
}

func (w Want) String() string {
	s := fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Rule)
	if w.Col > 0 {
		s += ":" + strconv.Itoa(w.Col)
	}
	if w.Severity != "" {
		s += " " + w.Severity
	}
	return s + fmt.Sprintf(" %q", w.Substr)
}

// inputError is the code of a want of an input error.
const inputError = "input"

// Matches reports whether finding f meets w.
func (w Want) Matches(f rules.Finding) bool {
	return w.Rule == f.Rule && w.Line == f.Range.Start.Line &&
		(w.Col == 0 || w.Col == f.Range.Start.Column) &&
		(w.Severity == "" || w.Severity == string(f.Severity)) &&
		filepath.Clean(w.File) == filepath.Clean(f.Range.File) &&
		strings.Contains(Text(f), w.Substr)
}

const wantItemRE = `(EL\d{3}|input)(?::(\d+))?(?:\s+(error|warning|info))?\s+"([^"]*)"`

var (
	// `# want EL004 "text"` (HCL and YAML comments), several per line;
	// the code may carry the finding's column and be followed by its
	// severity: `# want EL001:18 warning "text"`.
	wantComment = regexp.MustCompile(`#\s*want((?:\s+` + wantItemRE + `)+)\s*$`)
	wantItem    = regexp.MustCompile(wantItemRE)
	// Sidecar lines for JSON inputs: `12: EL004:7 "text"`.
	sidecarLine = regexp.MustCompile(`^(\d+):((?:\s+` + wantItemRE + `)+)\s*$`)
)

// ReadWants collects the annotations in every file under dir.
func ReadWants(t testing.TB, dir string) []Want {
	t.Helper()
	var out []Want
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ws, err := readFile(t, p)
		out = append(out, ws...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readFile returns the annotations of one file (or sidecar).
func readFile(t testing.TB, p string) ([]Want, error) {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sidecar := strings.HasSuffix(p, ".want")
	target := p
	if sidecar {
		target = strings.TrimSuffix(p, ".want")
	}
	var out []Want
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		var items string
		at := n
		if sidecar {
			m := sidecarLine.FindStringSubmatch(line)
			if m == nil {
				if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "#") {
					t.Errorf("%s:%d: malformed sidecar line %q", p, n, line)
				}
				continue
			}
			at, _ = strconv.Atoi(m[1])
			items = m[2]
		} else {
			m := wantComment.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			items = m[1]
		}
		for _, it := range wantItem.FindAllStringSubmatch(items, -1) {
			col, _ := strconv.Atoi(it[2])
			out = append(out, Want{File: target, Line: at, Col: col, Rule: it[1], Severity: it[3], Substr: it[4]})
		}
	}
	return out, sc.Err()
}

// Text is what a want's substring is looked for in: the message and the
// notes, one per line.
func Text(f rules.Finding) string {
	return f.Message + "\n" + strings.Join(f.Notes, "\n")
}

// Check matches findings against the annotations under dir: every finding
// must be wanted and every want met.
func Check(t testing.TB, dir string, findings []rules.Finding) {
	t.Helper()
	var wants []Want
	for _, w := range ReadWants(t, dir) {
		if w.Rule != inputError {
			wants = append(wants, w)
		}
	}
	used := make([]bool, len(wants))
	for _, f := range findings {
		matched := false
		for i, w := range wants {
			if used[i] || !w.Matches(f) {
				continue
			}
			used[i], matched = true, true
			break
		}
		if !matched {
			t.Errorf("unexpected finding %s:%d:%d: %s %s: %s\n\tnotes: %q", f.Range.File, f.Range.Start.Line, f.Range.Start.Column, f.Severity, f.Rule, f.Message, f.Notes)
		}
	}
	for i, w := range wants {
		if !used[i] {
			t.Errorf("missing finding %s", w)
		}
	}
}

// Run analyzes dir with the engine and checks its findings against its
// annotations; an input error fails the test. It returns the result.
func Run(t testing.TB, dir string, opts engine.Options) *engine.Result {
	t.Helper()
	res, err := engine.Run([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []Want
	for _, w := range ReadWants(t, dir) {
		if w.Rule == inputError {
			inputs = append(inputs, w)
		}
	}
	used := make([]bool, len(inputs))
	for _, e := range res.Errors {
		if !e.IsError() {
			continue
		}
		matched := false
		for i, w := range inputs {
			if !used[i] && w.Line == e.Range.Start.Line && (w.Col == 0 || w.Col == e.Range.Start.Column) &&
				filepath.Clean(w.File) == filepath.Clean(e.Range.File) && strings.Contains(e.Message, w.Substr) {
				used[i], matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("unexpected input error: %s", e.Error())
		}
	}
	for i, w := range inputs {
		if !used[i] {
			t.Errorf("missing input error %s", w)
		}
	}
	Check(t, dir, res.Findings)
	return res
}

// Dir is the directory of the rule cases: testdata/rules.
func Dir(t testing.TB) string {
	return filepath.Join(testutil.RepoRoot(t), "testdata", "rules")
}

// Cases returns the case directories under root, sorted; the test fails
// when there is none.
func Cases(t testing.TB, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, filepath.Join(root, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatalf("no rule cases in %s", root)
	}
	return out
}

// RunCases runs every case directory under root as a subtest named after
// it.
func RunCases(t *testing.T, root string, opts engine.Options) {
	t.Helper()
	for _, dir := range Cases(t, root) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			Run(t, dir, opts)
		})
	}
}
