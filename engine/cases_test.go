package engine_test

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

// expectation is one `want` annotation: a finding of Rule on Line of File
// whose message (or a note) contains Substr, starting at Col when Col is
// set and with Severity when Severity is set.
type expectation struct {
	file     string
	line     int
	col      int
	rule     string
	severity string
	substr   string
}

func (e expectation) String() string {
	s := fmt.Sprintf("%s:%d: %s", e.file, e.line, e.rule)
	if e.col > 0 {
		s += ":" + strconv.Itoa(e.col)
	}
	if e.severity != "" {
		s += " " + e.severity
	}
	return s + fmt.Sprintf(" %q", e.substr)
}

func (e expectation) matches(f rules.Finding) bool {
	return e.rule == f.Rule && e.line == f.Range.Start.Line &&
		(e.col == 0 || e.col == f.Range.Start.Column) &&
		(e.severity == "" || e.severity == string(f.Severity)) &&
		filepath.Clean(e.file) == filepath.Clean(f.Range.File) &&
		strings.Contains(findingText(f), e.substr)
}

const wantItemRE = `(EL\d{3})(?::(\d+))?(?:\s+(error|warning|info))?\s+"([^"]*)"`

var (
	// `# want EL004 "text"` (HCL and YAML comments), several per line;
	// the code may carry the finding's column and be followed by its
	// severity: `# want EL001:18 warning "text"`.
	wantComment = regexp.MustCompile(`#\s*want((?:\s+` + wantItemRE + `)+)\s*$`)
	wantItem    = regexp.MustCompile(wantItemRE)
	// Sidecar lines for JSON inputs: `12: EL004:7 "text"`.
	sidecarLine = regexp.MustCompile(`^(\d+):((?:\s+` + wantItemRE + `)+)\s*$`)
)

// readExpectations collects the annotations in every file of dir.
func readExpectations(t *testing.T, dir string) []expectation {
	t.Helper()
	var out []expectation
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sidecar := strings.HasSuffix(p, ".want")
		target := p
		if sidecar {
			target = strings.TrimSuffix(p, ".want")
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			var items string
			at := n
			if sidecar {
				m := sidecarLine.FindStringSubmatch(line)
				if m == nil {
					if strings.TrimSpace(line) != "" && !strings.HasPrefix(strings.TrimSpace(line), "#") {
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
				out = append(out, expectation{file: target, line: at, col: col, rule: it[1], severity: it[3], substr: it[4]})
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func findingText(f rules.Finding) string {
	return f.Message + "\n" + strings.Join(f.Notes, "\n")
}

// checkCase runs edgelint on dir and matches findings against the
// annotations: every finding must be expected and every expectation met.
func checkCase(t *testing.T, dir string, opts engine.Options) {
	t.Helper()
	res, err := engine.Run([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		if e.Severity == "error" || e.Severity == "" {
			t.Errorf("unexpected input error: %s", e.Error())
		}
	}
	wants := readExpectations(t, dir)
	used := make([]bool, len(wants))
	for _, f := range res.Findings {
		matched := false
		for i, w := range wants {
			if used[i] || !w.matches(f) {
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

// TestRuleCases runs every case directory under testdata/rules.
func TestRuleCases(t *testing.T) {
	root := filepath.Join(testutil.RepoRoot(t), "testdata", "rules")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("no rule cases found")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			checkCase(t, filepath.Join(root, name), engine.Options{})
		})
	}
}

// TestRuleCasesTogether scans every case in one run: units must not leak
// into each other (the same resource names, domain names and logical IDs
// recur across cases), so the findings are exactly the union.
func TestRuleCasesTogether(t *testing.T) {
	checkCase(t, filepath.Join(testutil.RepoRoot(t), "testdata", "rules"), engine.Options{})
}
