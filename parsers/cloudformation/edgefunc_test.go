package cloudformation

import (
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestCloudFrontFunctions: AWS::CloudFront::Function is read with its code
// and runtime, and associations link to it through Fn::GetAtt
// FunctionMetadata.FunctionARN, Ref, or a literal ARN naming it.
func TestCloudFrontFunctions(t *testing.T) {
	src := `Resources:
  Strip:
    Type: AWS::CloudFront::Function
    Properties:
      Name: strip-api
      AutoPublish: true
      FunctionConfig:
        Comment: strip /api
        Runtime: cloudfront-js-2.0
        KeyValueStoreAssociations:
          - KeyValueStoreARN: arn:aws:cloudfront::123456789012:key-value-store/k
      FunctionCode: |
        function handler(event) {
          return event.request;
        }
  Other:
    Type: AWS::CloudFront::Function
    Properties:
      Name: other
      FunctionConfig:
        Runtime: cloudfront-js-1.0
      FunctionCode: "function handler(e) { return e.request; }"
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: o
            DomainName: example.com
        CacheBehaviors:
          - PathPattern: /a/*
            TargetOriginId: o
            FunctionAssociations:
              - EventType: viewer-request
                FunctionARN: !GetAtt Strip.FunctionMetadata.FunctionARN
          - PathPattern: /b/*
            TargetOriginId: o
            FunctionAssociations:
              - EventType: viewer-request
                FunctionARN: !Ref Other
          - PathPattern: /c/*
            TargetOriginId: o
            FunctionAssociations:
              - EventType: viewer-request
                FunctionARN: arn:aws:cloudfront::123456789012:function/other
        DefaultCacheBehavior:
          TargetOriginId: o
          FunctionAssociations:
            - EventType: viewer-request
              FunctionARN: arn:aws:cloudfront::123456789012:function/missing
`
	f := parseSource(t, "template.yaml", []byte(src), Options{})
	model.Assemble(f.cfg)
	fns := map[string]*model.EdgeFunction{}
	for _, x := range f.cfg.EdgeFunctions {
		fns[x.Name.V] = x
	}
	strip, other := fns["strip-api"], fns["other"]
	if strip == nil || other == nil {
		t.Fatalf("functions: %v", fns)
	}
	if strip.Runtime.V != model.RuntimeJS2 || strip.Code.V != "function handler(event) {\n  return event.request;\n}\n" || len(strip.KeyValueStores) != 1 {
		t.Errorf("strip: %+v", strip)
	}
	if other.Runtime.V != model.RuntimeJS1 || other.Code.V != "function handler(e) { return e.request; }" {
		t.Errorf("other: %+v", other)
	}
	want := []*model.EdgeFunction{strip, other, other, nil}
	d := f.dist(t, "Cdn")
	for i, b := range d.Behaviors {
		if got := b.Functions[0].Function; got != want[i] {
			t.Errorf("behavior %s: linked to %v, want %v", b.PathPattern.V, got, want[i])
		}
	}
}
