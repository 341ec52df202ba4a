package cloudformation

import (
	"testing"

	"github.com/edgelint/edgelint/model"
)

const exportingTemplate = `
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  Never: !Equals [a, b]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
Outputs:
  ApiId:
    Value: !Ref Api
    Export:
      Name: !Sub "${Env}-api-id"
  Literal:
    Value: !Join ["-", [a, !Ref Env]]
    Export:
      Name: literal
  UnknownValue:
    Value: !GetAZs ""
    Export:
      Name: azs
  TokenName:
    Value: x
    Export:
      Name: !Sub "${AWS::StackName}-x"
  Disabled:
    Condition: Never
    Value: x
    Export:
      Name: disabled
  NotExported:
    Value: x
  Twice1:
    Value: a
    Export:
      Name: twice
  Twice2:
    Value: b
    Export:
      Name: twice
`

func TestExports(t *testing.T) {
	syms := model.NewSymbols()
	exp, errs := Exports("api.yaml", []byte(exportingTemplate), Options{}, syms)
	for _, e := range errs {
		if e.Severity == model.SevError {
			t.Fatalf("error: %s", e.Error())
		}
	}
	// The exported token is the one the template's own parse gives its API.
	cfg, _ := Parse("api.yaml", []byte(exportingTemplate), Options{}, syms)
	if len(cfg.APIs) != 1 {
		t.Fatalf("want one API, got %d", len(cfg.APIs))
	}
	apiToken := syms.Attr(cfg.APIs[0].ID, "id", "")
	want := map[string]model.Str{
		"prod-api-id": {V: apiToken, Known: true},
		"literal":     {V: "a-prod", Known: true},
		"azs":         {},
		"twice":       {},
	}
	if len(exp) != len(want) {
		t.Errorf("exports = %v, want the names of %v", exp, want)
	}
	for name, w := range want {
		got, ok := exp[name]
		if !ok || got.Known != w.Known || got.V != w.V {
			t.Errorf("export %q = %+v (present %v), want %+v", name, got, ok, w)
		}
	}

	exp, _ = Exports("api.yaml", []byte(exportingTemplate), Options{Parameters: map[string]string{"Env": "dev"}}, syms)
	if _, ok := exp["dev-api-id"]; !ok {
		t.Errorf("with Env=dev, want export dev-api-id, got %v", exp)
	}
	if got := exp["literal"]; got.V != "a-dev" {
		t.Errorf("with Env=dev, literal = %+v", got)
	}
}

const importingTemplate = `
Parameters:
  Env:
    Type: String
    Default: prod
Outputs:
  BySub:
    Value: !ImportValue {"Fn::Sub": "${Env}-api-id"}
  ByLiteral:
    Value: !ImportValue literal
  InSub:
    Value: !Sub ["https://${Id}/x", {Id: !ImportValue literal}]
  Missing:
    Value: !ImportValue nobody-exports-this
  UnknownValue:
    Value: !ImportValue azs
  ByParam:
    Value: !ImportValue {Ref: Env}
`

func TestImports(t *testing.T) {
	imports := map[string]model.Str{
		"prod-api-id": {V: "api-token", Known: true, Set: true},
		"literal":     {V: "a-prod", Known: true, Set: true},
		"azs":         {Set: true},
		"prod":        {V: "by-param", Known: true, Set: true},
	}
	tm, out := evalTemplate(t, importingTemplate, Options{Imports: imports})
	known := map[string]string{"BySub": "api-token", "ByLiteral": "a-prod", "InSub": "https://a-prod/x", "ByParam": "by-param"}
	for name, want := range known {
		if v := out[name]; v.k != vStr || v.s != want {
			t.Errorf("%s = %v %q, want %q", name, v.k, v.s, want)
		}
	}
	for _, name := range []string{"Missing", "UnknownValue"} {
		if v := out[name]; v.k != vUnknown {
			t.Errorf("%s = %v %q, want unknown", name, v.k, v.s)
		}
	}
	infos := 0
	for _, e := range tm.errs {
		if e.Severity == model.SevInfo {
			infos++
		}
	}
	if infos != 1 {
		t.Errorf("want one info note for the unresolved imports, got %+v", tm.errs)
	}

	// An override changes the imported name: dev-api-id is not exported.
	_, out = evalTemplate(t, importingTemplate, Options{Imports: imports, Parameters: map[string]string{"Env": "dev"}})
	if v := out["BySub"]; v.k != vUnknown {
		t.Errorf("with Env=dev, BySub = %v %q, want unknown", v.k, v.s)
	}
	// Without imports (a name exported by several templates is left out
	// of them), every import is unknown.
	_, out = evalTemplate(t, importingTemplate, Options{})
	for name := range known {
		if v := out[name]; v.k != vUnknown {
			t.Errorf("without imports, %s = %v %q, want unknown", name, v.k, v.s)
		}
	}
}
