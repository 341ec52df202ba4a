package cloudformation

import (
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// evalTemplate reads src and returns the template and the evaluated value
// of each output.
func evalTemplate(t *testing.T, src string, opts Options) (*template, map[string]value) {
	t.Helper()
	pt := newPosTable("t.yaml", []byte(src))
	root, _, perr := readYAML(pt)
	if perr != nil {
		t.Fatalf("parse: %s", perr.Error())
	}
	syms := model.NewSymbols()
	tm := newTemplate("t.yaml", root, opts, syms, model.NewConfig(syms))
	tm.readSections()
	tm.collectSAM()
	out := map[string]value{}
	outs := root.Get("Outputs")
	for i, k := range outs.Keys {
		out[k.Str] = tm.eval(outs.Vals[i].Get("Value"))
	}
	return tm, out
}

const intrinsicsTemplate = `
Parameters:
  Known:
    Type: String
    Default: prod
  Missing:
    Type: String
  Subnets:
    Type: CommaDelimitedList
    Default: a,b,c
  Latest:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /path/in/ssm
Mappings:
  M:
    prod:
      Path: /p
      List: [x, y]
Conditions:
  IsProd: !Equals [!Ref Known, prod]
  IsMissing: !Equals [!Ref Missing, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Condition IsMissing]
  Either: !Or [!Condition IsProd, !Condition IsMissing]
  PrefixDiffers: !Equals [!Sub "a-${Missing}", !Sub "b-${Missing}"]
  SameToken: !Equals [!Ref Missing, !Sub "${Missing}"]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: !Sub "${Known}-v1"
  Http:
    Type: AWS::ApiGatewayV2::Api
  Bucket:
    Type: AWS::S3::Bucket
  Cache:
    Type: AWS::CloudFront::CachePolicy
Outputs:
  SubLiteral:
    Value: !Sub "${!Literal}-${AWS::Region}"
  SubVars:
    Value: !Sub ["${A}/${B}", {A: !Ref Known, B: x}]
  SubAttr:
    Value: !Sub "${Bucket.RegionalDomainName}"
  JoinList:
    Value: !Join [",", !Ref Subnets]
  SelectSplit:
    Value: !Select [1, !Split [",", "a,b,c"]]
  SplitToken:
    Value: !Select [0, !Split ["1", !Ref Api]]
  IfKnown:
    Value: !If [IsProd, yes, no]
  IfUnknown:
    Value: !If [IsMissing, yes, no]
  IfUnknownSame:
    Value: !If [IsMissing, same, same]
  FindInMap:
    Value: !FindInMap [M, !Ref Known, Path]
  FindInMapList:
    Value: !Join ["+", !FindInMap [M, prod, List]]
  FindInMapMissing:
    Value: !FindInMap [M, nope, Path]
  FindInMapDefault:
    Value: !FindInMap [M, nope, Path, {DefaultValue: dflt}]
  Base64:
    Value: !Base64 hi
  Base64Token:
    Value: !Base64 {Ref: Api}
  GetAZs:
    Value: !Select [0, !GetAZs ""]
  Import:
    Value: !ImportValue shared
  StageRef:
    Value: !Ref Stage
  Root:
    Value: !GetAtt Api.RootResourceId
  Endpoint:
    Value: !GetAtt Http.ApiEndpoint
  CacheId:
    Value: !GetAtt [Cache, Id]
  Other:
    Value: !GetAtt Bucket.Arn
  Missing:
    Value: !Ref Missing
  Undeclared:
    Value: !Ref Nope
  Ssm:
    Value: !Ref Latest
  Length:
    Value: !Length [a, b, !Ref AWS::NoValue]
  NoValueInList:
    Value: !Join ["", [a, !Ref AWS::NoValue, b]]
  Unsupported:
    Value: {"Fn::Frobnicate": [a]}
`

func TestIntrinsics(t *testing.T) {
	tm, out := evalTemplate(t, intrinsicsTemplate, Options{})
	syms := tm.syms
	region := syms.Pseudo(model.PseudoRegion)
	api := tm.idToken("t.yaml#Api", "Api")
	missing := syms.Unknown("cfn:t.yaml:param:Missing", "")
	known := map[string]string{
		"SubLiteral":       "${Literal}-" + region,
		"SubVars":          "prod/x",
		"SubAttr":          syms.Attr("t.yaml#Bucket", "RegionalDomainName", ""),
		"JoinList":         "a,b,c",
		"SelectSplit":      "b",
		"IfKnown":          "yes",
		"IfUnknownSame":    "same",
		"FindInMap":        "/p",
		"FindInMapList":    "x+y",
		"FindInMapDefault": "dflt",
		"Base64":           "aGk=",
		"StageRef":         "prod-v1",
		"Root":             syms.Attr("t.yaml#Api", "root_resource_id", ""),
		"Endpoint":         "https://" + tm.idToken("t.yaml#Http", "Http") + ".execute-api." + region + "." + syms.Pseudo(model.PseudoURLSuffix),
		"CacheId":          tm.idToken("t.yaml#Cache", "Cache"),
		"Other":            syms.Attr("t.yaml#Bucket", "Arn", ""),
		"Missing":          missing,
		"Length":           "2",
		"NoValueInList":    "ab",
	}
	for name, want := range known {
		if v := out[name]; v.k != vStr || v.s != want {
			t.Errorf("%s = %v %q, want %q", name, v.k, syms.Display(v.s), syms.Display(want))
		}
	}
	for _, name := range []string{"SplitToken", "IfUnknown", "FindInMapMissing", "Base64Token", "GetAZs", "Import", "Undeclared", "Unsupported"} {
		if v := out[name]; v.k != vUnknown {
			t.Errorf("%s = %v %q, want unknown", name, v.k, syms.Display(v.s))
		}
	}
	if v := out["Ssm"]; v.k != vStr || !syms.HasUnknown(v.s) || strings.Contains(v.s, "/path") {
		t.Errorf("an SSM parameter's default names the parameter, not its value: %+v", v)
	}
	if api == "" {
		t.Fatal("no API token")
	}

	for name, want := range map[string]tri{
		"IsProd": triTrue, "IsMissing": triUnknown, "NotProd": triFalse, "Both": triUnknown,
		"Either": triTrue, "PrefixDiffers": triFalse, "SameToken": triTrue,
	} {
		if got := tm.condition(name); got != want {
			t.Errorf("condition %s = %v, want %v", name, got, want)
		}
	}
	infos := 0
	for _, e := range tm.errs {
		if e.Severity == model.SevInfo {
			infos++
		}
	}
	if infos != 2 {
		t.Errorf("want one info note each for Fn::ImportValue and Fn::Frobnicate, got %+v", tm.errs)
	}

	_, out = evalTemplate(t, intrinsicsTemplate, Options{Parameters: map[string]string{"Missing": "prod", "Known": "dev"}})
	for name, want := range map[string]string{"IfUnknown": "yes", "Missing": "prod", "IfKnown": "no", "StageRef": "dev-v1"} {
		if v := out[name]; v.k != vStr || v.s != want {
			t.Errorf("with overrides, %s = %v %q, want %q", name, v.k, v.s, want)
		}
	}
}

// TestHostileExpressions checks that expressions made enormous by YAML
// aliases are bounded (the test finishes; go test -timeout is the clock)
// and that their results are unknown.
func TestHostileExpressions(t *testing.T) {
	var b strings.Builder
	b.WriteString("Conditions:\n  C: !Equals [!Ref AWS::Region, x]\nOutputs:\n  L0:\n    Value: &l0 !Join [\"\", [aaaaaaaaaaaaaaaa, aaaaaaaaaaaaaaaa]]\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("  L" + strconv.Itoa(i) + ":\n    Value: &l" + strconv.Itoa(i) + " !Join [\"\", [*l" + strconv.Itoa(i-1) + ", *l" + strconv.Itoa(i-1) + "]]\n")
	}
	b.WriteString("  I0:\n    Value: &i0 !If [C, a, b]\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("  I" + strconv.Itoa(i) + ":\n    Value: &i" + strconv.Itoa(i) + " !If [C, *i" + strconv.Itoa(i-1) + ", *i" + strconv.Itoa(i-1) + "]\n")
	}
	_, out := evalTemplate(t, b.String(), Options{})
	if v := out["L40"]; v.k != vUnknown {
		t.Errorf("a 2^40-character string must be unknown, got %v", v.k)
	}
	if v := out["L10"]; v.k != vStr || len(v.s) != 32<<10 {
		t.Errorf("L10 = %v (%d bytes)", v.k, len(v.s))
	}
}
