package suppress

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// want is a finding placed at the first occurrence of text on a line of
// a file, and whether it must survive.
type want struct {
	rule string
	file string
	line int
	text string // the finding starts where text starts on the line
	kept bool
}

type applyCase struct {
	name  string
	files map[string]string
	// findings are placed and checked in order.
	findings []want
	// problems are the warnings, as "file:line:col: message".
	problems []string
	opts     Options
}

// locate returns the position of text on line of src.
func locate(t *testing.T, src string, line int, text string) model.Pos {
	t.Helper()
	ls := strings.Split(src, "\n")
	if line < 1 || line > len(ls) {
		t.Fatalf("line %d out of range", line)
	}
	i := strings.Index(ls[line-1], text)
	if i < 0 {
		t.Fatalf("%q not on line %d: %q", text, line, ls[line-1])
	}
	return model.Pos{Line: line, Column: len([]rune(ls[line-1][:i])) + 1}
}

func runApply(t *testing.T, tc applyCase) {
	t.Helper()
	var findings []rules.Finding
	for _, w := range tc.findings {
		start := locate(t, tc.files[w.file], w.line, w.text)
		end := start
		end.Column += len([]rune(w.text))
		findings = append(findings, rules.Finding{
			Rule: w.rule, Name: rules.Lookup(w.rule).Name, Severity: rules.Error,
			Message: fmt.Sprintf("finding at %s:%d", w.file, w.line),
			Range:   model.Range{File: w.file, Start: start, End: end},
		})
	}
	opts := tc.opts
	opts.Read = func(path string) ([]byte, error) {
		src, ok := tc.files[path]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(src), nil
	}
	res := Apply(findings, opts)

	var gotKept, wantKept []string
	for _, f := range res.Kept {
		gotKept = append(gotKept, f.Message)
	}
	for i, w := range tc.findings {
		if w.kept {
			wantKept = append(wantKept, findings[i].Message)
		}
	}
	if !reflect.DeepEqual(gotKept, wantKept) {
		t.Errorf("kept:\n  %s\nwant:\n  %s", strings.Join(gotKept, "\n  "), strings.Join(wantKept, "\n  "))
	}
	if len(res.Kept)+len(res.Suppressed) != len(findings) {
		t.Errorf("%d kept + %d suppressed != %d findings", len(res.Kept), len(res.Suppressed), len(findings))
	}
	var gotProblems []string
	for _, p := range res.Problems {
		if !p.Suppression {
			t.Errorf("problem %s is not marked as one of a suppression", p.Message)
		}
		if p.Severity != model.SevWarning {
			t.Errorf("problem %v has severity %q", p, p.Severity)
		}
		gotProblems = append(gotProblems, p.Error())
	}
	if !reflect.DeepEqual(gotProblems, tc.problems) {
		t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(gotProblems, "\n  "), strings.Join(tc.problems, "\n  "))
	}
}

const cdnTF = `resource "aws_cloudfront_distribution" "cdn" {
  origin {
    domain_name = "abc.excute-api.eu-west-1.amazonaws.com" # edgelint:ignore EL005 staging host, fixed in PROJ-12
    origin_id   = "api"
    origin_path = "/prod"
  }

  # edgelint:ignore EL004 -- /legacy is answered by a Lambda@Edge function
  ordered_cache_behavior {
    path_pattern     = "/legacy/*"
    target_origin_id = "api"
  }

  ordered_cache_behavior {
    path_pattern     = "/api/*"
    target_origin_id = "api"
  }
}
`

func TestHCL(t *testing.T) {
	tests := []applyCase{
		{
			name:  "own-line comment above a block covers the block",
			files: map[string]string{"cdn.tf": cdnTF},
			findings: []want{
				{"EL005", "cdn.tf", 3, `"abc.excute`, false},      // end-of-line comment
				{"EL004", "cdn.tf", 3, `domain_name`, true},       // other rule on that line
				{"EL004", "cdn.tf", 9, `ordered_cache`, false},    // the block's header
				{"EL004", "cdn.tf", 10, `"/legacy/*"`, false},     // inside the block
				{"EL003", "cdn.tf", 10, `path_pattern`, true},     // other rule inside the block
				{"EL004", "cdn.tf", 12, `}`, false},               // the closing brace
				{"EL004", "cdn.tf", 15, `"/api/*"`, true},         // the next block
				{"EL005", "cdn.tf", 4, `origin_id`, true},         // line after the end-of-line comment
				{"EL004", "cdn.tf", 1, `resource`, true},          // before the comment
				{"EL004", "cdn.tf", 16, `target_origin_id`, true}, //
			},
		},
		{
			name: "slash comments, comma-separated codes and names",
			files: map[string]string{"api.tf": `resource "aws_api_gateway_method" "get" {
  // edgelint:ignore EL003 , behavior-matches-no-resource: the API is private
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.token.id // edgelint:ignore:EL002,EL006
}
`},
			findings: []want{
				{"EL003", "api.tf", 3, `"CUSTOM"`, false},
				{"EL004", "api.tf", 3, `authorization`, false},
				{"EL001", "api.tf", 3, `authorization`, true},
				{"EL006", "api.tf", 4, `aws_api`, false},
				{"EL003", "api.tf", 4, `aws_api`, true},
			},
			problems: []string{
				`api.tf:4:74: unused suppression: no EL002 origin-unknown-stage finding on this line; remove EL002 from the edgelint:ignore comment`,
			},
		},
		{
			name: "attribute with an object value, object items and tuple elements",
			files: map[string]string{"main.tf": `locals {
  # edgelint:ignore EL005 generated by the platform team
  origins = {
    api = {
      domain = "a.excute-api.eu-west-1.amazonaws.com"
    }
    # edgelint:ignore EL004 routed by a function
    web = {
      pattern = "/web/*"
    }
    other = { pattern = "/x/*" }
  }
  patterns = [
    # edgelint:ignore EL004 kept for old clients
    {
      pattern = "/old/*"
    },
    { pattern = "/new/*" },
  ]
  after = "a.excute-api.eu-west-1.amazonaws.com"
}
`},
			findings: []want{
				{"EL005", "main.tf", 5, `"a.excute`, false},
				{"EL004", "main.tf", 9, `"/web/*"`, false},
				{"EL004", "main.tf", 11, `"/x/*"`, true},
				{"EL004", "main.tf", 16, `"/old/*"`, false},
				{"EL004", "main.tf", 18, `"/new/*"`, true},
				{"EL005", "main.tf", 20, `"a.excute`, true},
			},
		},
		{
			name: "stacked comments apply to the same block; a blank line ends the reach",
			files: map[string]string{"main.tf": `# edgelint:ignore EL001 the origin path is added by a function
# a normal comment in between
// edgelint:ignore EL002 stage created by another stack
resource "aws_cloudfront_distribution" "a" {
  origin_path = ""
}

# edgelint:ignore EL003 orphaned

resource "aws_cloudfront_distribution" "b" {
  origin_path = "" # edgelint:ignore EL001
}
`},
			findings: []want{
				{"EL001", "main.tf", 5, `origin_path`, false},
				{"EL002", "main.tf", 5, `""`, false},
				{"EL003", "main.tf", 11, `origin_path`, true},
				{"EL001", "main.tf", 11, `origin_path`, false},
			},
			problems: []string{
				`main.tf:8:19: unused suppression: the edgelint:ignore comment is followed by no line to apply to; put it right above the line or block`,
			},
		},
		{
			name: "markers in strings and heredocs are not comments",
			files: map[string]string{"main.tf": `resource "x" "y" {
  a = "# edgelint:ignore EL004 not a comment"
  b = <<EOT
# edgelint:ignore EL004 inside a heredoc
EOT
  c = "/nothing/*"
}
`},
			findings: []want{
				{"EL004", "main.tf", 2, `a =`, true},
				{"EL004", "main.tf", 6, `"/nothing/*"`, true},
			},
		},
		{
			name: "tfvars files are read too",
			files: map[string]string{"prod.tfvars": `# edgelint:ignore EL002 the stage is created by the pipeline
stage = "prd"
`},
			findings: []want{{"EL002", "prod.tfvars", 2, `"prd"`, false}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runApply(t, tc) })
	}
}

func TestProblems(t *testing.T) {
	tests := []applyCase{
		{
			name: "unknown codes and names",
			files: map[string]string{"main.tf": `resource "x" "y" {
  a = 1 # edgelint:ignore EL099,method-require-auth,EL004 reason
  b = 2 # edgelint:ignore
}
`},
			findings: []want{{"EL004", "main.tf", 2, `a`, false}},
			problems: []string{
				"main.tf:2:27: unknown rule \"EL099\" in edgelint:ignore (`edgelint rules` lists the rules)",
				`main.tf:2:33: unknown rule "method-require-auth" in edgelint:ignore (did you mean "method-requires-auth"?)`,
				`main.tf:3:9: edgelint:ignore names no rule; write the codes or names to suppress, then the reason: edgelint:ignore EL003 reason`,
			},
		},
		{
			name: "unused in a file without findings, disabled rules and missing reasons",
			files: map[string]string{
				"a.tf": "resource \"x\" \"y\" {\n  a = 1 # edgelint:ignore EL004 reason\n  b = 2 # edgelint:ignore EL001\n}\n",
				"b.tf": "resource \"x\" \"z\" {\n  a = 1 # edgelint:ignore EL004\n}\n",
			},
			findings: []want{{"EL001", "b.tf", 2, `a`, true}},
			opts: Options{
				Files:         []string{"a.tf", "b.tf", "c.tf.json", "missing.tf"},
				Active:        func(code string) bool { return code != "EL001" },
				RequireReason: true,
			},
			problems: []string{
				`a.tf:2:27: unused suppression: no EL004 behavior-matches-no-resource finding on this line; remove EL004 from the edgelint:ignore comment`,
				`a.tf:3:9: edgelint:ignore gives no reason; write why after the rule codes`,
				`b.tf:2:9: edgelint:ignore gives no reason; write why after the rule codes`,
				`b.tf:2:27: unused suppression: no EL004 behavior-matches-no-resource finding on this line; remove EL004 from the edgelint:ignore comment`,
			},
		},
		{
			name: "a file analyzed in part reports no unused directive",
			files: map[string]string{
				"a.tf": "resource \"x\" \"y\" {\n  a = 1 # edgelint:ignore EL004,EL099 reason\n}\n",
			},
			opts: Options{Files: []string{"a.tf"}, Partial: func(path string) bool { return path == "a.tf" }},
			problems: []string{
				"a.tf:2:33: unknown rule \"EL099\" in edgelint:ignore (`edgelint rules` lists the rules)",
			},
		},
		{
			name: "only the primary range counts",
			files: map[string]string{"main.tf": `resource "x" "y" {
  a = 1 # edgelint:ignore EL004 reason
  b = 2
}
`},
			findings: []want{{"EL004", "main.tf", 3, `b`, true}},
			problems: []string{
				`main.tf:2:27: unused suppression: no EL004 behavior-matches-no-resource finding on this line; remove EL004 from the edgelint:ignore comment`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runApply(t, tc) })
	}
}

func TestRelatedLocationsDoNotCount(t *testing.T) {
	src := "resource \"x\" \"y\" {\n  a = 1 # edgelint:ignore EL004 reason\n  b = 2\n}\n"
	f := rules.Finding{
		Rule:    "EL004",
		Range:   model.Range{File: "main.tf", Start: model.Pos{Line: 3, Column: 3}},
		Related: []rules.Related{{Range: model.Range{File: "main.tf", Start: model.Pos{Line: 2, Column: 3}}}},
	}
	res := Apply([]rules.Finding{f}, Options{Read: func(string) ([]byte, error) { return []byte(src), nil }})
	if len(res.Kept) != 1 {
		t.Errorf("a finding whose related location is suppressed was removed")
	}
}

const templateYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Metadata:
      edgelint:
        ignore: [EL006, method-requires-auth]
        reason: deployed by another pipeline
    Properties:
      Name: !Sub "${AWS::StackName}-api"
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: api
            DomainName: !Sub "${Api}.excute-api.${AWS::Region}.amazonaws.com" # edgelint:ignore EL005 checked by hand
            OriginPath: /prod
          # edgelint:ignore EL004 the legacy origin is served by a function
          - Id: legacy
            DomainName: legacy.example.com
            OriginPath: /legacy
          - Id: web
            DomainName: web.example.com
        CacheBehaviors:
          - PathPattern: "/x/*" # edgelint:ignore EL004 -- in a quoted "# edgelint:ignore EL001" too
            TargetOriginId: api
        Comment: |
          # edgelint:ignore EL004 inside a block scalar
          text
Outputs:
  Url:
    Value: !GetAtt Cdn.DomainName
`

func TestYAML(t *testing.T) {
	tests := []applyCase{
		{
			name:  "CloudFormation YAML: Metadata, list items, end-of-line",
			files: map[string]string{"stack.yaml": templateYAML},
			findings: []want{
				{"EL006", "stack.yaml", 3, `Api`, false},         // the logical ID
				{"EL003", "stack.yaml", 10, `!Sub`, false},       // by name, inside the resource
				{"EL005", "stack.yaml", 10, `!Sub`, true},        // not listed
				{"EL005", "stack.yaml", 17, `!Sub`, false},       // end of line
				{"EL004", "stack.yaml", 18, `/prod`, true},       // not this line
				{"EL004", "stack.yaml", 20, `Id`, false},         // the list item's first line
				{"EL004", "stack.yaml", 22, `/legacy`, false},    // its last line
				{"EL004", "stack.yaml", 24, `web.example`, true}, // the next item
				{"EL004", "stack.yaml", 26, `"/x/*"`, false},     // end of line with a quoted marker
				{"EL001", "stack.yaml", 26, `"/x/*"`, true},      // the marker in the reason is text
				{"EL004", "stack.yaml", 30, `text`, true},        // a block scalar holds no comment
				{"EL006", "stack.yaml", 11, `Cdn`, true},         // the next resource
			},
		},
		{
			name: "stale Metadata and a more specific comment",
			files: map[string]string{"stack.yaml": `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Metadata:
      edgelint: {ignore: "EL004, EL099"}
    Properties:
      DistributionConfig:
        # edgelint:ignore EL004 reason
        DefaultCacheBehavior: {TargetOriginId: api}
`},
			findings: []want{{"EL004", "stack.yaml", 9, `TargetOriginId`, false}},
			problems: []string{
				`stack.yaml:5:27: unused suppression: no EL004 behavior-matches-no-resource finding in this resource; remove EL004 from Metadata.edgelint.ignore`,
				"stack.yaml:5:34: unknown rule \"EL099\" in edgelint:ignore (`edgelint rules` lists the rules)",
			},
		},
		{
			name: "malformed Metadata",
			files: map[string]string{"stack.yaml": `Resources:
  A:
    Type: AWS::ApiGateway::RestApi
    Metadata:
      edgelint: [EL004]
  B:
    Type: AWS::ApiGateway::RestApi
    Metadata:
      edgelint:
        ignores: [EL004]
        reason: {a: b}
`},
			findings: []want{{"EL004", "stack.yaml", 2, `A`, true}},
			problems: []string{
				`stack.yaml:5:17: Metadata.edgelint: want a mapping with ignore (rule codes or names) and reason`,
				`stack.yaml:9:7: Metadata.edgelint names no rule; write ignore: [EL003] and reason: why`,
				`stack.yaml:10:9: Metadata.edgelint: unknown key "ignores"; want ignore and reason`,
				`stack.yaml:11:17: Metadata.edgelint.reason: want a string`,
			},
		},
		{
			name: "YAML mapping entry and a sequence of scalars",
			files: map[string]string{"sam.yml": `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      # edgelint:ignore EL003 the function checks the token itself
      Events:
        Get:
          Type: Api
          Properties: {Path: /users, Method: get}
      Policies:
        # edgelint:ignore EL004
        - /a
        - /b
`},
			findings: []want{
				{"EL003", "sam.yml", 6, `Events`, false},
				{"EL003", "sam.yml", 9, `Path`, false},
				{"EL003", "sam.yml", 10, `Policies`, true},
				{"EL004", "sam.yml", 12, `/a`, false},
				{"EL004", "sam.yml", 13, `/b`, true},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runApply(t, tc) })
	}
}

const templateJSON = `{
	"Resources": {
		"Api": {
			"Type": "AWS::ApiGateway::RestApi",
			"Metadata": {"edgelint": {"ignore": ["EL006", "origin-domain-malformed"], "reason": "élan # not a comment"}},
			"Properties": {"Name": "api"}
		},
		"Cdn": {
			"Type": "AWS::CloudFront::Distribution",
			"Metadata": {"edgelint": {"ignore": ["EL004"], "reason": "legacy"}},
			"Properties": {"DistributionConfig": {"Origins": [{"Id": "api", "DomainName": "x.excute-api.eu-west-1.amazonaws.com"}]}}
		},
		"Stage": {"Type": "AWS::ApiGateway::Stage", "Properties": {"StageName": "prod"}}
	}
}
`

func TestJSON(t *testing.T) {
	runApply(t, applyCase{
		name:  "CloudFormation JSON Metadata",
		files: map[string]string{"stack.json": templateJSON},
		findings: []want{
			{"EL006", "stack.json", 3, `"Api"`, false},
			{"EL005", "stack.json", 6, `"Name"`, false},
			{"EL005", "stack.json", 11, `"x.excute`, true},
			{"EL004", "stack.json", 11, `"x.excute`, false},
			{"EL004", "stack.json", 13, `"StageName"`, true},
		},
	})
	// The positions of a JSON Metadata entry are exact: a tab is one
	// column, "é" one code point.
	set, problems := Parse("stack.json", []byte(templateJSON))
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(set.Directives) != 2 {
		t.Fatalf("%d directives, want 2", len(set.Directives))
	}
	d := set.Directives[0]
	r := d.Rules[1]
	wantStart := model.Pos{Line: 5, Column: 51, Byte: strings.Index(templateJSON, `origin-domain-malformed`)}
	if r.Code != "EL005" || r.Range.Start != wantStart || r.Range.End.Column != wantStart.Column+len("origin-domain-malformed") {
		t.Errorf("rule ref = %+v, want EL005 at %+v", r, wantStart)
	}
	if d.Reason != "élan # not a comment" {
		t.Errorf("reason = %q", d.Reason)
	}
	if d.Scope.Start.Line != 3 || d.Scope.Start.Column != 3 || d.Scope.End.Line != 8 || d.Scope.End.Column != 1 {
		t.Errorf("scope = %v–%d:%d, want 3:3–8:1", d.Scope, d.Scope.End.Line, d.Scope.End.Column)
	}
}

func TestEndOfLineColumnsCountCodePoints(t *testing.T) {
	src := "Resources:\n  Ä: {Type: X} # edgelint:ignore EL099 ü\n"
	_, problems := Parse("t.yaml", []byte(src))
	if len(problems) != 1 {
		t.Fatalf("problems = %v", problems)
	}
	want := model.Range{File: "t.yaml",
		Start: model.Pos{Line: 2, Column: 34, Byte: strings.Index(src, "EL099")},
		End:   model.Pos{Line: 2, Column: 39, Byte: strings.Index(src, "EL099") + 5}}
	if problems[0].Range != want {
		t.Errorf("range = %+v, want %+v", problems[0].Range, want)
	}
}

func TestParseComment(t *testing.T) {
	tests := []struct {
		text   string
		words  []string
		reason string
		ok     bool
	}{
		{" edgelint:ignore EL003 the reason", []string{"EL003"}, "the reason", true},
		{"edgelint:ignore EL003,EL004", []string{"EL003", "EL004"}, "", true},
		{" edgelint:ignore EL003 , EL004 -- why", []string{"EL003", "EL004"}, "why", true},
		{" edgelint:ignore:EL003: why", []string{"EL003"}, "why", true},
		{" edgelint:ignore method-requires-auth — why", []string{"method-requires-auth"}, "why", true},
		{" edgelint:ignore", nil, "", true},
		{" edgelint:ignored EL003", nil, "", false},
		{" see edgelint:ignore EL003", nil, "", false},
		{" EDGELINT:IGNORE EL003", nil, "", false},
	}
	for _, tt := range tests {
		words, reason, ok := parseComment(tt.text, 0)
		var got []string
		for _, w := range words {
			got = append(got, w.text)
			if tt.text[w.off:w.off+len(w.text)] != w.text {
				t.Errorf("%q: offset %d of %q is wrong", tt.text, w.off, w.text)
			}
		}
		if !reflect.DeepEqual(got, tt.words) || reason != tt.reason || ok != tt.ok {
			t.Errorf("parseComment(%q) = %q, %q, %v; want %q, %q, %v", tt.text, got, reason, ok, tt.words, tt.reason, tt.ok)
		}
	}
}

func TestUnparsableAndJSONTerraform(t *testing.T) {
	for _, tc := range []struct{ path, src string }{
		{"broken.yaml", "a: [\n# edgelint:ignore EL004 r\nb: 1\n"},
		{"main.tf.json", `{"//": "edgelint:ignore EL004 r", "resource": {}}`},
		{"plain.yaml", "a: 1 # no marker\n"},
	} {
		set, problems := Parse(tc.path, []byte(tc.src))
		if len(set.Directives) != 0 || len(problems) != 0 {
			t.Errorf("%s: directives %v, problems %v; want none", tc.path, set.Directives, problems)
		}
	}
}

func TestApplyReadsFromDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.tf")
	src := "resource \"x\" \"y\" {\n  a = 1 # edgelint:ignore EL004 reason\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f := rules.Finding{Rule: "EL004", Range: model.Range{File: path, Start: model.Pos{Line: 2, Column: 3}}}
	// The same file under another spelling is read once and shares the
	// directive's use.
	res := Apply([]rules.Finding{f}, Options{Files: []string{filepath.Join(dir, "sub", "..", "main.tf")}})
	if len(res.Kept) != 0 || len(res.Suppressed) != 1 || len(res.Problems) != 0 {
		t.Errorf("kept %v, suppressed %v, problems %v", res.Kept, res.Suppressed, res.Problems)
	}
	if res.Suppressed[0].By.Reason != "reason" || res.Suppressed[0].By.Kind != EndOfLine {
		t.Errorf("suppressed by %+v", res.Suppressed[0].By)
	}
	// An unreadable file suppresses nothing.
	res = Apply([]rules.Finding{f}, Options{Read: func(string) ([]byte, error) { return nil, errors.New("gone") }})
	if len(res.Kept) != 1 {
		t.Errorf("a finding in an unreadable file was suppressed")
	}
}

// TestNearMisses: a comment that looks like a suppression written another
// way is a warning with the right spelling, on the comment; prose that
// mentions edgelint, text outside comments and valid directives are not.
func TestNearMisses(t *testing.T) {
	tests := []applyCase{
		{
			name: "Terraform",
			files: map[string]string{"main.tf": `resource "x" "y" {
  a = 1 #edgelint: ignore EL004 reason
  b = 2 # edgelint-ignore EL004
  # edgelint ignore
  c = 3 // EdgeLint:Ignore EL004
  d = 4 /* edgelint:ignore EL004 why */
  e = 5 # edgelint:disable=EL004
  f = 6 # edgelint:ignored EL004
  g = "# edgelint-ignore EL004"
  # edgelint ignores generated files; see the docs
  # TODO: edgelint-ignore once fixed
  h = 7 // edgelint:ignore EL004 valid
  i = 8 # edgelint:ignore-file
}
`},
			findings: []want{{"EL004", "main.tf", 12, `h`, false}, {"EL004", "main.tf", 9, `g`, true}},
			problems: []string{
				`main.tf:2:9: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL004 reason"`,
				`main.tf:3:9: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL004"`,
				`main.tf:4:3: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL003 reason"`,
				`main.tf:5:9: this comment is not a suppression: edgelint reads only "// edgelint:ignore CODE" at the start of a comment; write "// edgelint:ignore EL004"`,
				`main.tf:6:9: a /* */ comment is not a suppression; write "# edgelint:ignore EL004 why"`,
				`main.tf:7:9: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL004"`,
				`main.tf:8:9: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL004"`,
				`main.tf:13:9: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL003 reason"`,
			},
		},
		{
			name: "YAML",
			files: map[string]string{"t.yaml": `Resources:
  Api: # edgelint-ignore EL004
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: "x # edgelint: ignore EL004"
      Description: |
        # edgelint-ignore EL004 in a block scalar
  #Edgelint: Ignore EL001, EL004 legacy
  Other:
    Type: AWS::SNS::Topic # edgelint is run in CI
`},
			opts: Options{Files: []string{"t.yaml"}},
			problems: []string{
				`t.yaml:2:8: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL004"`,
				`t.yaml:8:3: this comment is not a suppression: edgelint reads only "# edgelint:ignore CODE" at the start of a comment; write "# edgelint:ignore EL001, EL004 legacy"`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runApply(t, tc) })
	}
}

// TestMayHoldHCLSuppression checks the quick check that spares a
// Terraform file the lexing for directives: on chosen files and on random
// ones built from comment markers, quotes and the word in several cases,
// a file it rules out has no directive and no problem when parsed.
func TestMayHoldHCLSuppression(t *testing.T) {
	for src, want := range map[string]bool{
		"bucket = \"edgelint-logs\"\n":                false,
		"a = 1\n":                                     false,
		"# edgelint:ignore EL001 why\n":               true,
		"x = 1 // EdgeLint-disable EL001\n":           true,
		"/*\nedgelint:ignore EL001 why\n*/\n":         true,
		"b = \"edgelint\" # other\n":                  false,
		"b = \"x\" # edgelint:ignore EL004 reason\n":  true,
		"b = \"edgelint\"\n# EDGELINT:ignore EL004\n": true,
	} {
		if got := model.MayHoldHCLSuppression([]byte(src)); got != want {
			t.Errorf("%q: %v, want %v", src, got, want)
		}
	}
	parts := []string{"#", "//", "/*", "*/", "\"", " ", "\n", "x = ", "edgelint", "EdgeLint", "EDGELINT", ":ignore", " EL001", " reason", "-disable", "<<EOT\n", "EOT\n", "${", "}"}
	r := rand.New(rand.NewPCG(3, 4))
	ruled := 0
	for range 50000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		src := []byte(b.String())
		if model.MayHoldHCLSuppression(src) || !model.MayHoldSuppression(src) {
			continue
		}
		ruled++
		// The lexing the check spares, run anyway.
		var problems []model.Diagnostic
		if ds := parseHCL("main.tf", src, newLines(src), &problems); len(ds) > 0 || len(problems) > 0 {
			t.Fatalf("%q ruled out, but parsed: %d directives, problems %v", src, len(ds), problems)
		}
	}
	if ruled < 1000 {
		t.Errorf("only %d random files ruled out", ruled)
	}
}
