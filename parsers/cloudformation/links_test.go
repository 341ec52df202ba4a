package cloudformation

import "testing"

func TestScanLinks(t *testing.T) {
	for _, c := range []struct {
		src  string
		want LinkFacts
	}{
		{"Resources: {}\n", LinkFacts{}},
		{"Outputs:\n  Id:\n    Value: !Ref Api\n    Export:\n      Name: api-id\n", LinkFacts{Exports: true}},
		{"Resources:\n  D:\n    Properties:\n      Origin: !ImportValue api-id\n", LinkFacts{Imports: true}},
		{`{"Resources": {"C": {"Type": "AWS::CloudFormation::Stack"}}}`, LinkFacts{Nests: true}},
		{"Resources:\n  C:\n    Type: AWS::Serverless::Application\n", LinkFacts{Nests: true}},
	} {
		if got := ScanLinks([]byte(c.src)); got != c.want {
			t.Errorf("ScanLinks(%q) = %+v, want %+v", c.src, got, c.want)
		}
	}
}
