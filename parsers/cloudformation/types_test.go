package cloudformation

import (
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

func TestMisspelledResourceType(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cdn:
    Type: AWS::CloudFront::Distributon
    Properties: {}
  Bucket:
    Type: AWS::S3::Buckt
  Fresh:
    Type: AWS::Brandnew::ServiceThing
  Custom:
    Type: Custom::Thing
`
	_, errs := Parse("t.yaml", []byte(src), Options{}, model.NewSymbols())
	var got []string
	for _, e := range errs {
		got = append(got, e.Severity+"@"+strconv.Itoa(e.Range.Start.Line)+": "+e.Message)
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, `warning@4: resource Cdn has type "AWS::CloudFront::Distributon", which is not a CloudFormation resource type (did you mean "AWS::CloudFront::Distribution"?)`) {
		t.Errorf("misspelled distribution type not reported as a warning:\n%s", joined)
	}
	if !strings.Contains(joined, `info@7: resource Bucket has type "AWS::S3::Buckt"`) {
		t.Errorf("misspelled S3 type not reported as info:\n%s", joined)
	}
	if strings.Contains(joined, "Brandnew") || strings.Contains(joined, "Custom::Thing") {
		t.Errorf("unknown but not misspelled types must not be reported:\n%s", joined)
	}
}
