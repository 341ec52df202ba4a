package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// wideTF holds characters outside the Basic Multilingual Plane, whose
// code point and UTF-16 columns differ.
const wideTF = "testdata/wide.tf"

// fixtureRules stand for rules.All in the CI goldens, so that they do not
// change with the rule documents.
func fixtureRules() []*rules.Rule {
	doc := func(code, name, sev, first string) string {
		return "# " + code + " " + name + "\n\n**Severity:** " + sev + "\n\n" + first +
			"\n\n## Fix\n\nChange the `origin_path`.\n"
	}
	return []*rules.Rule{
		{Code: "EL002", Name: "origin-unknown-stage", Severity: rules.Error, Summary: "The stage segment is not a stage of the API",
			Doc: doc("EL002", "origin-unknown-stage", "error", "The stage segment an origin path supplies\nis not a stage of the API.")},
		{Code: "EL003", Name: "method-requires-auth", Severity: rules.Error, Summary: "A reachable method needs credentials the behavior does not deliver",
			Doc: doc("EL003", "method-requires-auth", "error", "A method needs credentials — a Lambda (`CUSTOM`)\nauthorizer's identity source — that *never* reach it ([docs](https://docs.aws.amazon.com/)).")},
		{Code: "EL004", Name: "behavior-matches-no-resource", Severity: rules.Error, Summary: "A behavior's path pattern can match no API resource",
			Doc: doc("EL004", "behavior-matches-no-resource", "error", "A pattern such as `/api/*` on origin path `/prod` matches\nno resource, e.g. `{proxy+}` under_score.")},
		{Code: "EL005", Name: "origin-domain-malformed", Severity: rules.Warning, Summary: "The origin domain or path is malformed",
			Doc: doc("EL005", "origin-domain-malformed", "warning", "The origin domain has a scheme & a path <like this>.")},
		{Code: "EL006", Name: "api-not-deployed", Severity: rules.Info, Summary: "A REST API has no stage",
			Doc: doc("EL006", "api-not-deployed", "info", "A REST API that an origin reaches has no stage.")},
	}
}

// withRules makes the CI formats describe rs for the rest of the test.
func withRules(t *testing.T, rs []*rules.Rule) {
	t.Helper()
	old := ruleSet
	ruleSet = func() []*rules.Rule { return rs }
	t.Cleanup(func() { ruleSet = old })
}

// ciFixture is fixture() plus a finding with a fix on a line with
// characters outside the Basic Multilingual Plane, a second finding with
// the same entity, and a finding without a file.
func ciFixture() *engine.Result {
	res := fixture()
	res.Findings = append(res.Findings,
		rules.Finding{
			Rule: "EL004", Name: "behavior-matches-no-resource", Severity: rules.Error,
			Message: "behavior \"/🚀/*\" matches no resource",
			Range:   at(wideTF, 2, 19, 23),
			Notes:   []string{"a note with \"quotes\", <angle> & ampersand, 100% sure: yes"},
			Fix: &rules.Fix{Description: "write \"/api/*\"", Edits: []rules.TextEdit{
				{Range: at(wideTF, 2, 18, 24), NewText: "\"/api/*\""},
			}},
			Entity: "aws_cloudfront_distribution.wide/behavior[/🚀/*]",
		},
		rules.Finding{
			Rule: "EL004", Name: "behavior-matches-no-resource", Severity: rules.Error,
			Message: "a second finding about the same behavior",
			Range:   rng(wideTF, 2, 3, 3, 4),
			Entity:  "aws_cloudfront_distribution.wide/behavior[/🚀/*]",
		},
		rules.Finding{Rule: "EL003", Name: "method-requires-auth", Message: "a finding without a file or severity"},
	)
	res.Config.Files = append(res.Config.Files, wideTF, "./testdata/clean.tf")
	return res
}

var ciOpts = CIOptions{Version: "v1.4.0"}

func TestCIGolden(t *testing.T) {
	withRules(t, fixtureRules())
	res := ciFixture()
	empty := &engine.Result{Config: model.NewConfig(nil)}
	cases := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"report.sarif.golden", func(b *bytes.Buffer) error { return SARIF(b, res, ciOpts) }},
		{"report.junit.xml.golden", func(b *bytes.Buffer) error { return JUnit(b, res, ciOpts) }},
		{"report.checkstyle.xml.golden", func(b *bytes.Buffer) error { return Checkstyle(b, res, ciOpts) }},
		{"report.github.golden", func(b *bytes.Buffer) error { return GitHub(b, res, ciOpts) }},
		{"report.gitlab.json.golden", func(b *bytes.Buffer) error { return GitLab(b, res, ciOpts) }},
		{"empty.sarif.golden", func(b *bytes.Buffer) error { return SARIF(b, empty, CIOptions{Version: "(devel)"}) }},
		{"empty.junit.xml.golden", func(b *bytes.Buffer) error { return JUnit(b, nil, ciOpts) }},
		{"empty.checkstyle.xml.golden", func(b *bytes.Buffer) error { return Checkstyle(b, empty, ciOpts) }},
		{"empty.github.golden", func(b *bytes.Buffer) error { return GitHub(b, empty, ciOpts) }},
		{"empty.gitlab.json.golden", func(b *bytes.Buffer) error { return GitLab(b, nil, ciOpts) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
			var again bytes.Buffer
			if err := tc.render(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Error("two renderings differ")
			}
		})
	}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "sarif", "junit", "checkstyle", "github", "gitlab"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Fatalf("Formats() = %v, want %v", got, want)
	}
	withRules(t, fixtureRules())
	res := ciFixture()
	direct := map[string]func(*bytes.Buffer) error{
		"text":       func(b *bytes.Buffer) error { return Text(b, res, TextOptions{Summary: true}) },
		"json":       func(b *bytes.Buffer) error { return JSON(b, res) },
		"sarif":      func(b *bytes.Buffer) error { return SARIF(b, res, ciOpts) },
		"junit":      func(b *bytes.Buffer) error { return JUnit(b, res, ciOpts) },
		"checkstyle": func(b *bytes.Buffer) error { return Checkstyle(b, res, ciOpts) },
		"github":     func(b *bytes.Buffer) error { return GitHub(b, res, ciOpts) },
		"gitlab":     func(b *bytes.Buffer) error { return GitLab(b, res, ciOpts) },
	}
	for _, f := range Formats() {
		var viaWrite, viaFunc bytes.Buffer
		if err := Write(f, &viaWrite, res, Options{TextOptions: TextOptions{Summary: true}, CIOptions: ciOpts}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := direct[f](&viaFunc); err != nil {
			t.Fatal(err)
		}
		if viaWrite.Len() == 0 || !bytes.Equal(viaWrite.Bytes(), viaFunc.Bytes()) {
			t.Errorf("Write(%q) differs from its writer", f)
		}
		if err := Write(f, failWriter{}, res, Options{CIOptions: ciOpts}); err == nil {
			t.Errorf("Write(%q) to a failing writer: want the write error", f)
		}
	}
	if err := Write("yaml", &bytes.Buffer{}, res, Options{}); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("unknown format: err = %v, want one listing the formats", err)
	}
}

// sarifDoc is the part of a SARIF log the tests read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Version, SemanticVersion string
				Rules                    []struct {
					ID, Name, HelpURI string
					FullDescription   struct{ Text string }
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []json.RawMessage
		}
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		ColumnKind         string
		Results            []struct {
			RuleID              string
			RuleIndex           *int
			Level               string
			Message             struct{ Text string }
			PartialFingerprints map[string]string
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			Fixes []json.RawMessage
		}
	}
}

func decodeSARIF(t *testing.T, res *engine.Result, opts CIOptions) sarifDoc {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, res, opts); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return doc
}

func TestSARIFContent(t *testing.T) {
	withRules(t, fixtureRules())
	res := ciFixture()
	run := decodeSARIF(t, res, ciOpts).Runs[0]
	d := run.Tool.Driver
	if d.Version != "1.4.0" || d.SemanticVersion != "1.4.0" {
		t.Errorf("version %q, semanticVersion %q", d.Version, d.SemanticVersion)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if got := d.Rules[2].Name; got != "BehaviorMatchesNoResource" {
		t.Errorf("rule name %q", got)
	}
	if got, want := d.Rules[1].FullDescription.Text, "A method needs credentials — a Lambda (CUSTOM) authorizer's identity source — that never reach it (docs)."; got != want {
		t.Errorf("fullDescription\n%q\nwant\n%q", got, want)
	}
	if got, want := d.Rules[2].FullDescription.Text, "A pattern such as /api/* on origin path /prod matches no resource, e.g. {proxy+} under_score."; got != want {
		t.Errorf("fullDescription\n%q\nwant\n%q", got, want)
	}
	if run.Invocations[0].ExecutionSuccessful {
		t.Error("executionSuccessful with input errors")
	}
	ok := decodeSARIF(t, &engine.Result{Errors: []model.Diagnostic{{Message: "limit", Severity: "warning"}}}, ciOpts).Runs[0]
	if !ok.Invocations[0].ExecutionSuccessful || len(ok.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Errorf("input warnings only: invocation %+v", ok.Invocations[0])
	}
	// The finding without a file is a notification.
	if len(run.Results) != len(res.Findings)-1 || len(run.Invocations[0].ToolExecutionNotifications) != len(res.Errors)+1 {
		t.Fatalf("%d results and %d notifications for %d findings and %d errors",
			len(run.Results), len(run.Invocations[0].ToolExecutionNotifications), len(res.Findings), len(res.Errors))
	}
	fps := map[string]bool{}
	for i, r := range run.Results {
		fp := r.PartialFingerprints[sarifFingerprint]
		if fp == "" || fps[fp] {
			t.Errorf("result %d: fingerprint %q empty or repeated", i, fp)
		}
		fps[fp] = true
		if r.RuleIndex != nil && d.Rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d is not rule %s", i, *r.RuleIndex, r.RuleID)
		}
		for _, l := range r.Locations {
			a := l.PhysicalLocation.ArtifactLocation
			if a.URI != "" && (a.URIBaseID != sarifSrcRoot || strings.HasPrefix(a.URI, "/") || strings.HasPrefix(a.URI, "./")) {
				t.Errorf("result %d: artifact %+v is not relative to %s", i, a, sarifSrcRoot)
			}
		}
	}
	wide := run.Results[len(res.Findings)-3]
	if !strings.Contains(wide.Message.Text, "🚀") {
		t.Fatalf("result %q is not the one on wide.tf", wide.Message.Text)
	}
	// `  path_pattern = "/🚀/*"`: code point columns 19..23 are UTF-16
	// columns 19..24; the rocket is two units.
	if reg := wide.Locations[0].PhysicalLocation.Region; reg.StartColumn != 19 || reg.EndColumn != 24 {
		t.Errorf("UTF-16 region %+v, want columns 19..24", reg)
	}
	if len(wide.Fixes) != 1 || !strings.Contains(string(wide.Fixes[0]), `"endColumn": 25`) {
		t.Errorf("fix %s", wide.Fixes)
	}
	if r := run.Results[0]; r.Level != "warning" || !strings.Contains(r.Message.Text, "\nrequests to /posts reach /prod/users/posts") {
		t.Errorf("first result: level %q, message %q", r.Level, r.Message.Text)
	}
}

// TestFingerprintsIgnoreLines: moving a finding to other lines keeps its
// fingerprint; another entity, file or rule changes it.
func TestFingerprintsIgnoreLines(t *testing.T) {
	fp := func(f rules.Finding) string {
		var b bytes.Buffer
		if err := GitLab(&b, &engine.Result{Findings: []rules.Finding{f}}, CIOptions{}); err != nil {
			t.Fatal(err)
		}
		var issues []struct{ Fingerprint string }
		if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
			t.Fatal(err)
		}
		s := decodeSARIF(t, &engine.Result{Findings: []rules.Finding{f}}, CIOptions{}).Runs[0].Results[0].PartialFingerprints[sarifFingerprint]
		if s != issues[0].Fingerprint {
			t.Errorf("SARIF fingerprint %s, GitLab %s: want the same identity", s, issues[0].Fingerprint)
		}
		return s
	}
	base := rules.Finding{Rule: "EL004", Message: "m", Range: at("a.tf", 3, 1, 2), Entity: "e"}
	moved := base
	moved.Range = at("./a.tf", 30, 5, 9)
	moved.Message = "m, reworded"
	if fp(base) != fp(moved) {
		t.Error("a finding on other lines, with another message, has another fingerprint")
	}
	for name, change := range map[string]func(*rules.Finding){
		"entity": func(f *rules.Finding) { f.Entity = "e2" },
		"file":   func(f *rules.Finding) { f.Range.File = "b.tf" },
		"rule":   func(f *rules.Finding) { f.Rule = "EL003" },
	} {
		f := base
		change(&f)
		if fp(f) == fp(base) {
			t.Errorf("another %s keeps the fingerprint", name)
		}
	}
	noEntity := base
	noEntity.Entity = ""
	other := noEntity
	other.Message = "n"
	if fp(noEntity) == fp(other) {
		t.Error("without an entity, another message keeps the fingerprint")
	}
}

func TestCIPaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sub dir", "main.tf")
	outside := filepath.Join(t.TempDir(), "x.tf")
	cases := []struct {
		opts     CIOptions
		in, want string
		relative bool
	}{
		{CIOptions{}, "./testdata/cdn.tf", "testdata/cdn.tf", true},
		{CIOptions{}, "../x/../y.tf", "../y.tf", true},
		{CIOptions{BaseDir: dir}, file, "sub dir/main.tf", true},
		{CIOptions{BaseDir: dir + string(filepath.Separator)}, file, "sub dir/main.tf", true},
		{CIOptions{BaseDir: dir}, outside, filepath.ToSlash(outside), false},
		{CIOptions{}, outside, filepath.ToSlash(outside), false},
	}
	for _, tc := range cases {
		r := &ciRun{opts: tc.opts}
		if got, rel := r.path(tc.in); got != tc.want || rel != tc.relative {
			t.Errorf("path(%q) with %+v = %q, %v; want %q, %v", tc.in, tc.opts, got, rel, tc.want, tc.relative)
		}
	}
	for in, want := range map[string]string{
		"sub dir/main.tf": "sub%20dir/main.tf",
		"a:b/c#d?.tf":     "a%3Ab/c%23d%3F.tf",
		"日本/x.tf":         "%E6%97%A5%E6%9C%AC/x.tf",
	} {
		if got := fileURI(in, true); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := fileURI("/tmp/a b.tf", false), "file:///tmp/a%20b.tf"; got != want {
		t.Errorf("absolute URI %q, want %q", got, want)
	}
	if got, want := fileURI("C:/src/a.tf", false), "file:///C:/src/a.tf"; got != want {
		t.Errorf("drive URI %q, want %q", got, want)
	}

	withRules(t, fixtureRules())
	res := &engine.Result{Findings: []rules.Finding{{Rule: "EL004", Message: "m", Range: at(file, 1, 1, 2)}}}
	run := decodeSARIF(t, res, CIOptions{BaseDir: dir}).Runs[0]
	a := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if a.URI != "sub%20dir/main.tf" || a.URIBaseID != sarifSrcRoot {
		t.Errorf("artifact %+v", a)
	}
	base := run.OriginalURIBaseIDs[sarifSrcRoot].URI
	if !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("originalUriBaseIds %q", base)
	}
}

func TestUTF16Column(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a.tf")
	if err := os.WriteFile(file, []byte("a🚀b日c\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &ciRun{src: newSources()}
	for col, want := range map[int]int{0: 0, 1: 1, 2: 2, 3: 4, 4: 5, 5: 6, 6: 7, 9: 10} {
		if got := r.utf16Column(file, 1, col); got != want {
			t.Errorf("column %d = %d, want %d", col, got, want)
		}
	}
	if got := r.utf16Column(filepath.Join(t.TempDir(), "gone"), 1, 7); got != 7 {
		t.Errorf("unreadable file: %d, want the column unchanged", got)
	}
}

func TestGitHubEscaping(t *testing.T) {
	withRules(t, fixtureRules())
	res := &engine.Result{Findings: []rules.Finding{{
		Rule: "EL004", Name: "a,b:c", Severity: rules.Info,
		Message: "100% sure\r\nline two\x1b[2J::error::injected",
		Range:   rng("dir,1/a:b.tf", 4, 2, 6, 1),
	}}}
	var b bytes.Buffer
	if err := GitHub(&b, res, CIOptions{}); err != nil {
		t.Fatal(err)
	}
	// The line break is in the message, not between records: it is shown
	// escaped, as the text format shows it.
	want := "::notice file=dir%2C1/a%3Ab.tf,line=4,endLine=6,title=EL004 a%2Cb%3Ac::100%25 sure\\x0d\\x0aline two\\x1b[2J::error::injected\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestXMLWellFormed decodes the XML formats with encoding/xml and checks
// the JUnit counts.
func TestXMLWellFormed(t *testing.T) {
	withRules(t, fixtureRules())
	res := ciFixture()
	var junit, cs bytes.Buffer
	if err := JUnit(&junit, res, ciOpts); err != nil {
		t.Fatal(err)
	}
	if err := Checkstyle(&cs, res, ciOpts); err != nil {
		t.Fatal(err)
	}
	type testcase struct {
		Name    string    `xml:"name,attr"`
		Failure *struct{} `xml:"failure"`
		Error   *struct{} `xml:"error"`
		Skipped *struct{} `xml:"skipped"`
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name     string     `xml:"name,attr"`
			Tests    int        `xml:"tests,attr"`
			Failures int        `xml:"failures,attr"`
			Errors   int        `xml:"errors,attr"`
			Skipped  int        `xml:"skipped,attr"`
			Cases    []testcase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(junit.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var tests, failures, errs int
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
		var f, e, sk int
		for _, c := range s.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("suite %s: counts %d/%d/%d/%d, cases %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
		}
		tests, failures, errs = tests+s.Tests, failures+s.Failures, errs+s.Errors
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errs {
		t.Errorf("testsuites counts %d/%d/%d, sum of suites %d/%d/%d", doc.Tests, doc.Failures, doc.Errors, tests, failures, errs)
	}
	if failures != len(res.Findings) || errs != 2 {
		t.Errorf("%d failures and %d errors, want %d and 2", failures, errs, len(res.Findings))
	}
	if !slices.IsSorted(names[:len(names)-1]) || names[len(names)-1] != noFile || !slices.Contains(names, "testdata/clean.tf") {
		t.Errorf("suites %v: want sorted paths, clean files included, %q last", names, noFile)
	}

	var cdoc struct {
		Version string `xml:"version,attr"`
		Files   []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     int    `xml:"line,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(cs.Bytes(), &cdoc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range cdoc.Files {
		n += len(f.Errors)
		for _, e := range f.Errors {
			if !strings.HasPrefix(e.Source, "edgelint.") || e.Severity == "" {
				t.Errorf("%s: error %+v", f.Name, e)
			}
			if strings.Contains(e.Message, "\x1b") {
				t.Errorf("%s: raw escape in %q", f.Name, e.Message)
			}
		}
	}
	if cdoc.Version != "4.3" || n != len(res.Findings)+len(res.Errors) {
		t.Errorf("checkstyle version %q with %d errors, want 4.3 and %d", cdoc.Version, n, len(res.Findings)+len(res.Errors))
	}
}

// TestGitLabStructure checks what the JSON schema cannot: fingerprints are
// unique, and every issue has a relative path and a line.
func TestGitLabStructure(t *testing.T) {
	withRules(t, fixtureRules())
	res := ciFixture()
	var b bytes.Buffer
	if err := GitLab(&b, res, ciOpts); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b.Bytes(), []byte("\uFEFF")) {
		t.Error("byte order mark")
	}
	var issues []struct {
		CheckName   string `json:"check_name"`
		Fingerprint string
		Severity    string
		Location    struct {
			Path  string
			Lines struct{ Begin, End int }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != len(res.Findings)+len(res.Errors) {
		t.Fatalf("%d issues", len(issues))
	}
	seen := map[string]bool{}
	for i, is := range issues {
		if len(is.Fingerprint) != 32 || seen[is.Fingerprint] {
			t.Errorf("issue %d: fingerprint %q not an MD5 or repeated", i, is.Fingerprint)
		}
		seen[is.Fingerprint] = true
		if is.Location.Lines.Begin < 1 || strings.HasPrefix(is.Location.Path, "./") || is.Location.Path == "" {
			t.Errorf("issue %d: location %+v", i, is.Location)
		}
	}
	if issues[1].Severity != "critical" || issues[0].Severity != "major" || issues[4].Severity != "info" {
		t.Errorf("severities %s %s %s", issues[0].Severity, issues[1].Severity, issues[4].Severity)
	}
}

func TestFirstParagraph(t *testing.T) {
	for _, r := range rules.All() {
		p := firstParagraph(r.Doc)
		if p == "" || strings.ContainsAny(p, "`\n") || strings.HasPrefix(p, "#") || strings.Contains(p, "Severity:") {
			t.Errorf("%s: first paragraph %q", r.Code, p)
		}
	}
}

// TestJUnitBodyStartsNoCommand: a line of a failure's text (a note may
// hold several) that would start with "::" after white space has its
// first colon written as a reference: printed raw it starts no workflow
// command, and it decodes to the same text.
func TestJUnitBodyStartsNoCommand(t *testing.T) {
	withRules(t, fixtureRules())
	res := &engine.Result{Findings: []rules.Finding{{
		Rule: "EL004", Name: "n", Severity: rules.Error, Message: "::error file=x::message",
		Notes: []string{"first line\n   ::add-mask::secret", "::warning::note"},
		Range: rng("a.tf", 1, 1, 1, 2),
	}}}
	var b bytes.Buffer
	if err := JUnit(&b, res, CIOptions{}); err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(strings.TrimLeftFunc(l, unicode.IsSpace), "::") {
			t.Errorf("line %d starts a workflow command: %q", i+1, l)
		}
	}
	var doc struct {
		Suites []struct {
			Cases []struct {
				Failure struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.Suites[0].Cases[0].Failure.Text
	for _, want := range []string{"first line\n   ::add-mask::secret\n::warning::note", "::error file=x::message\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the failure text %q lacks %q", got, want)
		}
	}
}
