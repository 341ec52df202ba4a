package model

import "testing"

func TestLinkFunctions(t *testing.T) {
	r := func(file string) Range { return Range{File: file} }
	tok := "\uE0007\uE001"
	byTok := &EdgeFunction{ID: "a", Name: KnownStr("strip", r("a/main.tf")), Tokens: []string{tok}, Source: Source{Range: r("a/main.tf")}}
	byName := &EdgeFunction{ID: "b", Name: KnownStr("rewrite", r("a/fn.tf")), Source: Source{Range: r("a/fn.tf")}}
	dup1 := &EdgeFunction{ID: "c", Name: KnownStr("twice", r("a/x.tf")), Source: Source{Range: r("a/x.tf")}}
	dup2 := &EdgeFunction{ID: "d", Name: KnownStr("twice", r("a/y.tf")), Source: Source{Range: r("a/y.tf")}}
	elsewhere := &EdgeFunction{ID: "e", Name: KnownStr("other", r("b/main.tf")), Source: Source{Range: r("b/main.tf")}}
	b := &Behavior{Functions: []FunctionAssociation{
		{FunctionRef: KnownStr(tok, Range{})},
		{FunctionRef: KnownStr("arn:aws:cloudfront::123456789012:function/rewrite", Range{})},
		{FunctionRef: KnownStr("arn:aws:cloudfront::123456789012:function/twice", Range{})},
		{FunctionRef: KnownStr("arn:aws:cloudfront::123456789012:function/other", Range{})},
		{FunctionRef: UnknownStr(Range{})},
		{FunctionRef: KnownStr("arn:aws:cloudfront::123456789012:function/rewrite", Range{}), Lambda: true},
	}}
	c := NewConfig(nil)
	c.EdgeFunctions = []*EdgeFunction{byTok, byName, dup1, dup2, elsewhere}
	c.Distributions = []*Distribution{{Source: Source{Range: r("a/cdn.tf")}, Behaviors: []*Behavior{b}}}
	Assemble(c)
	want := []*EdgeFunction{byTok, byName, nil, nil, nil, nil}
	for i, w := range want {
		if got := b.Functions[i].Function; got != w {
			t.Errorf("association %d: linked to %v, want %v", i, got, w)
		}
	}
}

func TestFunctionARNName(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:cloudfront::123456789012:function/strip-api":     "strip-api",
		"arn:aws-cn:cloudfront::123456789012:function/x":          "x",
		"arn:aws:lambda:us-east-1:123456789012:function:x":        "",
		"arn:aws:cloudfront::123456789012:distribution/EDFDVBD6E": "",
		"strip-api": "",
	} {
		got, ok := FunctionARNName(in)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", in, got, ok, want)
		}
	}
}
