package cloudformation

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/edgelint/edgelint/model"
)

// TestResourceTypesMatchGoformation: the generated list of resource types
// is goformation's, sorted (run go generate in parsers/cloudformation
// after changing goformation's version), and every type edgelint models is
// in it.
func TestResourceTypesMatchGoformation(t *testing.T) {
	var want []string
	for k := range cloudformation.AllResources() {
		want = append(want, k)
	}
	sort.Strings(want)
	got := resourceTypes()
	if !slices.Equal(got, want) {
		t.Errorf("resourcetypes.go lists %d types, goformation %d: run go generate ./parsers/cloudformation", len(got), len(want))
	}
	if !sort.StringsAreSorted(got) {
		t.Error("resource types are not sorted: the look-up in checkType needs them sorted")
	}
	for typ := range modelledTypes {
		if i := sort.SearchStrings(got, typ); (i == len(got) || got[i] != typ) && !strings.HasPrefix(typ, "AWS::Serverless::") {
			t.Errorf("modelled type %s is not in the specification", typ)
		}
	}
}

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
		got = append(got, string(e.Severity)+"@"+strconv.Itoa(e.Range.Start.Line)+": "+e.Message)
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
