package cloudformation

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

const nestedParent = `Parameters:
  Env:
    Type: String
Resources:
  Prod:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: api/api.yaml
      Parameters:
        StageName: prod
  Dev:
    Type: AWS::Serverless::Application
    Properties:
      Location: ./api/api.yaml
      Parameters:
        StageName: !Sub "${Env}-dev"
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://bucket.s3.amazonaws.com/api.yaml
  Outside:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ../api.yaml
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: prod
            DomainName: !Sub "${Prod.Outputs.ApiId}.execute-api.${AWS::Region}.amazonaws.com"
          - Id: dev
            DomainName: !GetAtt Dev.Outputs.Host
          - Id: remote
            DomainName: !GetAtt Remote.Outputs.Host
`

const nestedChild = `Parameters:
  StageName:
    Type: String
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: !Ref StageName
  Self:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: api.yaml
Outputs:
  ApiId:
    Value: !Ref Api
  Host:
    Value: !Sub "${Api}.execute-api.${AWS::Region}.amazonaws.com"
`

func TestNestedStacks(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	parent, child := filepath.Join(dir, "parent.yaml"), filepath.Join(dir, "api", "api.yaml")
	for file, src := range map[string]string{parent: nestedParent, child: nestedChild} {
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	if got := NestedTemplates(parent, []byte(nestedParent)); !slices.Equal(got, []string{child}) {
		t.Errorf("NestedTemplates = %v, want [%s]", got, child)
	}
	if got := NestedTemplates(child, []byte(nestedChild)); !slices.Equal(got, []string{child}) {
		t.Errorf("NestedTemplates(child) = %v, want itself", got)
	}

	f := parseSource(t, parent, []byte(nestedParent), Options{})
	f.noErrors(t, "outside the template's directory", "which includes this template", "DefaultCacheBehavior")
	prod, dev := f.id("Prod")+"/Api", f.id("Dev")+"/Api"
	for _, id := range []string{prod, dev} {
		if !slices.ContainsFunc(f.cfg.APIs, func(a *model.API) bool { return a.ID == id }) {
			t.Errorf("no API %s", id)
		}
	}
	if s := f.stage(t, f.id("Prod")+"/Stage"); !s.Name.IsLiteral() || s.Name.V != "prod" || s.Name.Range.File != child {
		t.Errorf("Prod stage = %+v, want the literal prod passed by the parent", s.Name)
	}
	env := f.unknownParam("Env")
	if s := f.stage(t, f.id("Dev")+"/Stage"); s.Name.V != env+"-dev" {
		t.Errorf("Dev stage = %q, want the parent's token-bearing value %q", s.Name.V, env+"-dev")
	}
	if s := f.stage(t, f.id("Dev")+"/Stage"); s.Source.Address != "Dev/Stage" {
		t.Errorf("Dev stage address = %q", s.Source.Address)
	}

	d := f.dist(t, "Distribution")
	host := func(id string) string {
		return f.syms.Attr(id, "id", "") + ".execute-api." + f.syms.Pseudo(model.PseudoRegion) + ".amazonaws.com"
	}
	if o := d.Origins[0].DomainName; o.V != host(prod) {
		t.Errorf("prod origin = %q, want %q", o.V, host(prod))
	}
	if o := d.Origins[1].DomainName; o.V != host(dev) {
		t.Errorf("dev origin = %q, want %q", o.V, host(dev))
	}
	if o := d.Origins[2].DomainName; o.Known {
		t.Errorf("remote origin = %q, want unknown", o.V)
	}

	var notes []string
	for _, e := range f.errs {
		notes = append(notes, string(e.Severity)+": "+e.Message)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{
		"info: nested stack Remote reads its template from https://bucket.s3.amazonaws.com/api.yaml",
		"warning: the TemplateURL of nested stack Outside (../api.yaml) is outside the template's directory",
		"warning: nested stack Self includes api.yaml, which includes this template",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}
	if n := strings.Count(all, "which includes this template"); n != 2 {
		t.Errorf("cycle reported %d times, want once per instantiation:\n%s", n, all)
	}
}
