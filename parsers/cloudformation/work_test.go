package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// writeFanOut writes levels templates into dir: level i includes level
// i+1 fanOut times as nested stacks (the last includes none), each
// declaring an API, so that reading level 0 reads fanOut^i instances of
// level i. It returns level 0's path.
func writeFanOut(t *testing.T, dir string, levels, fanOut int) string {
	t.Helper()
	for i := range levels {
		var b strings.Builder
		b.WriteString("Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n")
		for j := 0; i+1 < levels && j < fanOut; j++ {
			fmt.Fprintf(&b, "  S%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: level%d.yaml\n", j, i+1)
		}
		b.WriteString("Outputs:\n  Host:\n    Value: !Sub \"${Api}.execute-api.${AWS::Region}.amazonaws.com\"\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("level%d.yaml", i)), []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "level0.yaml")
}

// TestStackInstanceCap: nested stacks that include each other several
// times over are read up to maxStackInstances instances for the whole
// unit, one warning names the stack where the cap was hit, the outputs of
// the stacks not read are unknown, never guessed, and so are the routes of
// the APIs they are handed.
func TestStackInstanceCap(t *testing.T) {
	dir := t.TempDir()
	// 1 + 6 + 36 + 216 + 1296 + 7776 instances without the cap.
	writeFanOut(t, dir, 6, 6)
	root := filepath.Join(dir, "root.yaml")
	src := `Resources:
  Fan:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: level0.yaml
  Late:
    Type: AWS::Serverless::Application
    Properties:
      Location: level5.yaml
      Parameters:
        RestApiId: !Ref RootApi
  RootApi:
    Type: AWS::ApiGateway::RestApi
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: late
            DomainName: !GetAtt Late.Outputs.Host
`
	if err := os.WriteFile(root, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	f := parseSource(t, root, []byte(src), Options{})
	// Every instance declares one API, the root RootApi: the APIs count
	// the instances read.
	if n := len(f.cfg.APIs); n < 1000 || n > 1024 {
		t.Errorf("%d stack instances read, want 1024 with the root", n)
	}
	var warned []string
	for _, e := range f.errs {
		if strings.Contains(e.Message, "stack instances") {
			warned = append(warned, string(e.Severity)+": "+e.Message)
			if e.Range.File == "" || e.Range.Start.Line == 0 {
				t.Errorf("the warning has no position: %+v", e.Range)
			}
		}
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "warning: nested stack Fan/") {
		t.Errorf("cap warnings = %q, want one warning naming a stack under Fan", warned)
	}
	if o := f.dist(t, "Distribution").Origins[0].DomainName; o.Known {
		t.Errorf("the origin of a stack not read = %q, want unknown", o.V)
	}
	// The stack not read is handed the root's API: it may declare its
	// resources.
	gaps := 0
	for _, g := range f.cfg.RouteGaps {
		if strings.Contains(g.Reason, "stack instances") && len(g.APIRefs) == 1 && strings.Contains(g.APIRefs[0], f.token("RootApi", "id")) {
			gaps++
		}
	}
	if gaps != 1 {
		t.Errorf("%d route gaps for the API handed to the stack not read, want 1: %+v", gaps, f.cfg.RouteGaps)
	}
}

// TestUnitFilesReadOnce: a template included by many instances is read
// and parsed once for the unit; its parse errors are reported once.
func TestUnitFilesReadOnce(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Resources:\n")
	for j := range 20 {
		fmt.Fprintf(&b, "  S%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./sub/child.yaml\n", j)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	child := "Resources:\n  Broken:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: bad.yaml\n"
	for name, s := range map[string]string{"sub/child.yaml": child, "sub/bad.yaml": "Resources: [\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	root := filepath.Join(dir, "root.yaml")
	f := parseSource(t, root, []byte(b.String()), Options{})
	invalid := 0
	for _, e := range f.errs {
		if strings.Contains(e.Message, "invalid YAML") {
			invalid++
		}
	}
	if invalid != 1 {
		t.Errorf("the broken file's error reported %d times, want once:\n%v", invalid, f.errs)
	}
	seen := map[string]int{}
	for _, file := range f.cfg.Files {
		seen[file]++
	}
	if seen[filepath.Join(dir, "sub", "child.yaml")] != 1 {
		t.Errorf("files = %v, want the child once", f.cfg.Files)
	}
}

// TestUnitDefinitionNodes: the nodes of API definitions converted are
// counted for the whole unit; past maxUnitDefinitionNodes a definition is
// truncated, and its API says why, not that it is too large itself.
func TestUnitDefinitionNodes(t *testing.T) {
	src := "paths:\n" + "  /p:\n    get: {}\n" + "  /q:\n    get: {}\n"
	tm, _ := evalTemplate(t, "Outputs: {}\n", Options{})
	root, _, perr := readYAML(newPosTable("def.yaml", []byte(src)))
	if perr != nil {
		t.Fatal(perr.Error())
	}
	d := tm.newDefinition(root, false)
	used := tm.work.defNodes
	if d.truncated || used < 5 {
		t.Fatalf("a small definition: truncated %v, %d nodes counted", d.truncated, used)
	}
	// Definitions converted before use up the unit's nodes but a few.
	tm.work.defNodes = maxUnitDefinitionNodes - 2
	d = tm.newDefinition(root, false)
	if !d.truncated || !d.unitSpent || tm.work.defNodes != maxUnitDefinitionNodes {
		t.Errorf("past the unit's budget: truncated %v, unit %v, %d nodes counted", d.truncated, d.unitSpent, tm.work.defNodes)
	}
	a := &model.API{}
	tm.readDefinition(a, d, "")
	if !strings.Contains(a.ResourcesUnknown, "too large to analyze together") {
		t.Errorf("ResourcesUnknown = %q", a.ResourcesUnknown)
	}
}

// TestStackBytesCap: the stack instances read are bounded by the size of
// their templates too: a large template included many times is read
// until maxUnitStackBytes of templates are instantiated.
func TestStackBytesCap(t *testing.T) {
	dir := t.TempDir()
	child := "Description: " + strings.Repeat("x", 2<<20) + "\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n"
	if err := os.WriteFile(filepath.Join(dir, "child.yaml"), []byte(child), 0o600); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("Resources:\n")
	for j := range 40 {
		fmt.Fprintf(&b, "  S%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n", j)
	}
	f := parseSource(t, filepath.Join(dir, "root.yaml"), []byte(b.String()), Options{})
	// 64 MiB hold 31 instances of a 2 MiB template besides the root.
	if n := len(f.cfg.APIs); n != 31 {
		t.Errorf("%d instances of the large template read, want 31", n)
	}
	var warned []string
	for _, e := range f.errs {
		if strings.Contains(e.Message, "is not analyzed: this template and its nested stacks reach") {
			warned = append(warned, e.Message)
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "nested stack S31 ") || !strings.Contains(warned[0], "MiB of templates instantiated") {
		t.Errorf("warnings %q, want one naming S31", warned)
	}
}
