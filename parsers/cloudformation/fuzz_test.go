package cloudformation

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// intrinsicSeeds exercise each intrinsic function and condition, in the
// long and the short (tag) form.
var intrinsicSeeds = []string{
	`Parameters:
  Stage: {Type: String, Default: prod}
  Env: {Type: String}
Mappings:
  M: {prod: {Path: /v1}}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  Both: !And [!Condition IsProd, !Not [!Equals [!Ref Env, dev]]]
  Either: !Or [!Condition IsProd, !Equals [!Ref "AWS::Region", us-east-1]]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: !Sub "${AWS::StackName}-api"}
  Res:
    Type: AWS::ApiGateway::Resource
    Condition: Both
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: !Select [1, !Split ["/", !FindInMap [M, !Ref Stage, Path]]]
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: api
            DomainName: !Join ["", [!Ref Api, ".execute-api.", !Ref "AWS::Region", ".amazonaws.com"]]
            OriginPath: !If [IsProd, /prod, !Sub "/${Env}"]
        CacheBehaviors:
          - PathPattern: !ImportValue shared-pattern
            TargetOriginId: api
Outputs:
  Id: {Value: !Ref Api, Export: {Name: !Sub "${AWS::StackName}-id"}}
`,
	`{"Resources": {"Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": {"Fn::Sub": ["${A}-x", {"A": {"Fn::GetAtt": ["B", "Arn"]}}]}, "ProtocolType": "HTTP"}}, "R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": {"Ref": "Api"}, "RouteKey": {"Fn::Join": [" ", ["GET", {"Fn::Select": [0, {"Fn::Split": [",", "/a,/b"]}]}]]}}}}}`,
	"Transform: AWS::Serverless-2016-10-31\nGlobals: {Api: {OpenApiVersion: 3.0.1}}\nResources:\n  A:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: !Ref S\n      DefinitionBody: {Fn::Transform: {Name: AWS::Include, Parameters: {Location: x.yaml}}}\n",
	"Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./child.yaml, Parameters: {ApiId: !Ref A}}\n",
}

// FuzzTemplate reads the fuzzed bytes as a template, named .yaml or .json,
// in an otherwise empty directory: no input may panic the parser (which
// recovers, reporting an internal error), the exports and imports it
// reads, or the rules on the assembled model; every range in the template
// lies within it; two readings give the same findings and problems. The
// conditions it cannot decide are then assumed true and false, and the
// names it imports are given values, as the engine does.
func FuzzTemplate(f *testing.F) {
	for _, s := range intrinsicSeeds {
		f.Add([]byte(s), s[0] == '{')
	}
	for _, s := range testutil.Seeds(f, []string{"parsers/cloudformation/testdata", "testdata/rules", "testdata/corpus"}, ".yaml", ".yml", ".json", ".template") {
		f.Add(s, bytes.HasPrefix(bytes.TrimSpace(s), []byte("{")))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte, json bool) {
		defer testutil.Watchdog(fmt.Sprintf("reading a template of %d bytes", len(src)))()
		path := filepath.Join(dir, "template.yaml")
		if json {
			path = filepath.Join(dir, "template.json")
		}
		opts := Options{FS: vfs.New(map[string][]byte{path: src})}
		check := func(opts Options) ([]rules.Finding, []model.Diagnostic, []string) {
			syms := model.NewSymbols()
			cfg, errs, undecided, _ := ParseWithExports(path, src, opts, syms)
			_, xerrs := Exports(path, src, opts, syms)
			errs = append(errs, xerrs...)
			if e := testutil.InternalError(errs); e != nil {
				t.Fatalf("%s: %s", e.Range, e.Message)
			}
			for _, e := range errs {
				testutil.CheckRange(t, "problem "+e.Message, e.Range, path, src)
			}
			model.Assemble(cfg)
			found := rules.Run(cfg)
			for _, fd := range found {
				testutil.CheckRange(t, fd.Rule+" "+fd.Message, fd.Range, path, src)
				for _, r := range fd.Related {
					testutil.CheckRange(t, fd.Rule+" related "+r.Message, r.Range, path, src)
				}
			}
			return found, testutil.SortedErrors(errs), undecided
		}
		found, errs, undecided := check(opts)
		found2, errs2, undecided2 := check(opts)
		if !reflect.DeepEqual(found, found2) {
			t.Errorf("two readings of the same template gave different findings:\n%v\n%v", found, found2)
		}
		if !reflect.DeepEqual(errs, errs2) {
			t.Errorf("two readings of the same template gave different problems:\n%v\n%v", errs, errs2)
		}
		if !reflect.DeepEqual(undecided, undecided2) {
			t.Errorf("two readings of the same template gave different undecided conditions: %q, %q", undecided, undecided2)
		}
		NestedTemplates(path, src)
		if names := ImportNames(path, src, opts, model.NewSymbols()); len(names) > 0 {
			opts.Imports = map[string]model.Str{}
			for _, n := range names {
				opts.Imports[n] = model.KnownStr("/"+n, model.Range{})
			}
		}
		for _, v := range []bool{true, false} {
			if len(undecided) == 0 && opts.Imports == nil {
				break
			}
			opts.Assume = map[string]bool{}
			for _, c := range undecided {
				opts.Assume[c] = v
			}
			check(opts)
		}
	})
}
