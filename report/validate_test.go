package report

// Validation of the CI formats by the tools that define them, run for
// real: the SARIF Multitool (npm @microsoft/sarif-multitool), xmllint
// against the Jenkins JUnit schema, and ajv against the GitLab Code
// Quality schema in testdata/schemas. A test whose tool is missing is
// skipped, or fails when EDGELINT_REQUIRE_TOOLS=1; tests never install
// anything. Each validator is also shown a broken document, so that a
// validator that accepts everything fails the test.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

const (
	junitXSD      = "testdata/schemas/junit-10.xsd"
	gitlabSchema  = "testdata/schemas/gitlab-codequality.schema.json"
	validatorTime = 3 * time.Minute
)

// validator finds an external tool: the path in the environment
// variable env, else name on PATH.
func validator(t *testing.T, env, name, install string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s=%s: %v", env, p, err)
		}
		return p
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	msg := name + " not found: set " + env + " or put it on PATH (" + install + ")"
	if os.Getenv("EDGELINT_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg + "; EDGELINT_REQUIRE_TOOLS=1 requires it")
	}
	t.Skip(msg)
	return ""
}

// runTool runs a validator; it returns its combined output and whether it
// exited with status 0. Only a failure to start it stops the test.
func runTool(t *testing.T, name string, args ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), validatorTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) || ctx.Err() != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out), false
	}
	return string(out), true
}

// scratch is a directory for validator files. The SARIF Multitool's npm
// launcher runs it through a shell, so the path must need no quoting:
// t.TempDir is not used, its names come from the test name.
func scratch(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "edgelint-validate-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func writeTemp(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func render(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ---- SARIF -------------------------------------------------------------------

// multitoolFindings runs `sarif-multitool validate` once on every
// document of docs with the given rule kind ("Sarif" for the
// specification's rules, "Gh" for GitHub code scanning's ingestion
// rules) and returns, by document name, what it reports as errors and as
// warnings. The tool exits 0 whatever it finds; its own SARIF output is
// read.
func multitoolFindings(t *testing.T, tool string, docs map[string][]byte, kind string) (errs, warns map[string][]string) {
	t.Helper()
	dir := scratch(t)
	args := []string{"validate"}
	byURI := map[string]string{}
	i := 0
	for name, doc := range docs {
		i++
		p := writeTemp(t, dir, "doc"+strconv.Itoa(i)+".sarif", doc)
		byURI[fileURI(filepath.ToSlash(p), false)] = name
		args = append(args, p)
	}
	out := filepath.Join(dir, "out.sarif")
	args = append(args, "--output", out, "--log", "ForceOverwrite", "--rule-kind", kind)
	text, ok := runTool(t, tool, args...)
	data, err := os.ReadFile(out)
	if err != nil || !ok {
		t.Fatalf("sarif-multitool wrote no report (%v, exit ok %v):\n%s", err, ok, text)
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
		} `json:"physicalLocation"`
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Arguments []string `json:"arguments"`
				} `json:"message"`
				Locations []location `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				Notifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) == 0 {
		t.Fatalf("sarif-multitool report: %v\n%s", err, text)
	}
	errs, warns = map[string][]string{}, map[string][]string{}
	for _, r := range log.Runs {
		for _, res := range r.Results {
			doc := "?"
			if len(res.Locations) > 0 {
				if n, ok := byURI[res.Locations[0].PhysicalLocation.ArtifactLocation.URI]; ok {
					doc = n
				}
			}
			s := res.RuleID + ": " + strings.Join(res.Message.Arguments, " | ")
			// A result without a level is a warning (SARIF 3.27.10).
			switch res.Level {
			case "error":
				errs[doc] = append(errs[doc], s)
			case "", "warning":
				warns[doc] = append(warns[doc], s)
			}
		}
		for _, inv := range r.Invocations {
			for _, n := range inv.Notifications {
				if n.Level == "error" {
					errs["?"] = append(errs["?"], "tool notification: "+n.Message.Text)
				}
			}
		}
	}
	return errs, warns
}

func TestSARIFMultitool(t *testing.T) {
	tool := validator(t, "EDGELINT_SARIF_MULTITOOL", "sarif-multitool",
		"npm install --prefix DIR @microsoft/sarif-multitool@5.7.0; DIR/node_modules/.bin/sarif-multitool")
	withRules(t, fixtureRules())
	fixtureDoc := render(t, func(b *bytes.Buffer) error { return SARIF(b, ciFixture(), ciOpts) })
	withRules(t, rules.All())
	docs := map[string][]byte{
		"fixture":    fixtureDoc,
		"real rules": render(t, func(b *bytes.Buffer) error { return SARIF(b, ciFixture(), ciOpts) }),
		"empty": render(t, func(b *bytes.Buffer) error {
			return SARIF(b, &engine.Result{Config: model.NewConfig(nil)}, CIOptions{Version: "0.0.0-dev"})
		}),
		"base dir": render(t, func(b *bytes.Buffer) error {
			return SARIF(b, ciFixture(), CIOptions{Version: "2.0.1", BaseDir: "."})
		}),
	}

	// A broken log: a region on line 0, a result without locations.
	var log map[string]any
	if err := json.Unmarshal(fixtureDoc, &log); err != nil {
		t.Fatal(err)
	}
	results := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
	region := results[0].(map[string]any)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
	region["startLine"] = 0
	results[1].(map[string]any)["locations"] = []any{}
	broken, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	docs["broken"] = broken

	for kind, catches := range map[string]string{"Sarif": "startLine", "Gh": "GH1015"} {
		errs, warns := multitoolFindings(t, tool, docs, kind)
		for name := range docs {
			for _, w := range warns[name] {
				t.Logf("%s, %s rules: warning %s", name, kind, w)
			}
			if name == "broken" {
				if !strings.Contains(strings.Join(errs[name], "\n"), catches) {
					t.Errorf("sarif-multitool's %s rules miss the broken log's %s; errors: %q", kind, catches, errs[name])
				}
				continue
			}
			if len(errs[name]) > 0 {
				t.Errorf("%s, %s rules: sarif-multitool reports errors:\n%s", name, kind, strings.Join(errs[name], "\n"))
			}
		}
		if len(errs["?"]) > 0 {
			t.Errorf("%s rules: errors in no document:\n%s", kind, strings.Join(errs["?"], "\n"))
		}
	}
}

// ---- JUnit -------------------------------------------------------------------

func TestJUnitSchema(t *testing.T) {
	xmllint := validator(t, "EDGELINT_XMLLINT", "xmllint", "apt-get install libxml2-utils")
	withRules(t, fixtureRules())
	dir := scratch(t)
	docs := map[string][]byte{
		"fixture.xml": render(t, func(b *bytes.Buffer) error { return JUnit(b, ciFixture(), ciOpts) }),
		"empty.xml":   render(t, func(b *bytes.Buffer) error { return JUnit(b, nil, ciOpts) }),
	}
	for name, doc := range docs {
		if out, ok := runTool(t, xmllint, "--noout", "--schema", junitXSD, writeTemp(t, dir, name, doc)); !ok {
			t.Errorf("%s does not validate against %s:\n%s", name, junitXSD, out)
		}
	}
	// A testsuite without its required counts.
	broken := bytes.Replace(docs["fixture.xml"], []byte(` tests="1" failures="0" errors="0"`), nil, 1)
	if bytes.Equal(broken, docs["fixture.xml"]) {
		t.Fatal("the broken document is the valid one")
	}
	if out, ok := runTool(t, xmllint, "--noout", "--schema", junitXSD, writeTemp(t, dir, "broken.xml", broken)); ok {
		t.Errorf("xmllint accepts a testsuite without tests, failures and errors:\n%s", out)
	}
}

func TestCheckstyleWellFormed(t *testing.T) {
	xmllint := validator(t, "EDGELINT_XMLLINT", "xmllint", "apt-get install libxml2-utils")
	withRules(t, fixtureRules())
	dir := scratch(t)
	doc := render(t, func(b *bytes.Buffer) error { return Checkstyle(b, ciFixture(), ciOpts) })
	if out, ok := runTool(t, xmllint, "--noout", writeTemp(t, dir, "checkstyle.xml", doc)); !ok {
		t.Errorf("checkstyle output is not well-formed XML:\n%s", out)
	}
	broken := bytes.Replace(doc, []byte("&lt;"), []byte("<"), 1)
	if out, ok := runTool(t, xmllint, "--noout", writeTemp(t, dir, "broken.xml", broken)); ok {
		t.Errorf("xmllint accepts a raw < in an attribute:\n%s", out)
	}
}

// ---- GitLab ------------------------------------------------------------------

func TestGitLabSchema(t *testing.T) {
	ajv := validator(t, "EDGELINT_AJV", "ajv", "npm install --prefix DIR ajv-cli@5.0.0; DIR/node_modules/.bin/ajv")
	withRules(t, fixtureRules())
	dir := scratch(t)
	validate := func(name string, doc []byte) (string, bool) {
		return runTool(t, ajv, "validate", "--spec=draft7", "--all-errors", "-s", gitlabSchema, "-d", writeTemp(t, dir, name, doc))
	}
	docs := map[string][]byte{
		"fixture.json": render(t, func(b *bytes.Buffer) error { return GitLab(b, ciFixture(), ciOpts) }),
		"empty.json":   render(t, func(b *bytes.Buffer) error { return GitLab(b, nil, ciOpts) }),
	}
	for name, doc := range docs {
		if out, ok := validate(name, doc); !ok {
			t.Errorf("%s does not validate against %s:\n%s", name, gitlabSchema, out)
		}
	}
	mutations := map[string]func(issue map[string]any){
		"unknown severity":    func(is map[string]any) { is["severity"] = "fatal" },
		"no fingerprint":      func(is map[string]any) { delete(is, "fingerprint") },
		"no line":             func(is map[string]any) { delete(is["location"].(map[string]any), "lines") },
		"path with ./ prefix": func(is map[string]any) { is["location"].(map[string]any)["path"] = "./a.tf" },
	}
	for name, mutate := range mutations {
		var issues []map[string]any
		if err := json.Unmarshal(docs["fixture.json"], &issues); err != nil {
			t.Fatal(err)
		}
		mutate(issues[0])
		broken, err := json.Marshal(issues)
		if err != nil {
			t.Fatal(err)
		}
		if out, ok := validate("broken.json", broken); ok {
			t.Errorf("ajv accepts an issue with %s:\n%s", name, out)
		}
	}
}
