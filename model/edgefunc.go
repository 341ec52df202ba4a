package model

import (
	"strings"
)

// EdgeFunction is a CloudFront Function (Terraform aws_cloudfront_function,
// CloudFormation AWS::CloudFront::Function): JavaScript that CloudFront
// runs on viewer requests or responses of the behaviors that associate it.
type EdgeFunction struct {
	ID     string `json:"id"`
	Source Source `json:"source"`
	// Name is the function's name, the last part of its ARN.
	Name Str `json:"name"`
	// Runtime: cloudfront-js-1.0 or cloudfront-js-2.0.
	Runtime Str `json:"runtime"`
	// Code is the function's source text; unknown when it is not in the
	// scan (a file outside the repository, an unknown variable). Its
	// Range is where the code is written: the attribute, or the
	// template's property.
	Code Str `json:"code"`
	// KeyValueStores are the ARNs (or tokens) of the KeyValueStores
	// associated with the function.
	KeyValueStores []Str `json:"key_value_stores,omitempty"`
	// Tokens are the values other resources use to refer to the
	// function's ARN (Terraform's arn attribute, CloudFormation's Ref and
	// Fn::GetAtt FunctionMetadata.FunctionARN), symbolic tokens or, in a
	// plan, the ARN itself.
	Tokens []string `json:"-"`
}

// Runtime names.
const (
	RuntimeJS1 = "cloudfront-js-1.0"
	RuntimeJS2 = "cloudfront-js-2.0"
)

// Display is how the function is named in messages: its name when it is a
// literal, else its address.
func (f *EdgeFunction) Display() string {
	if f.Name.IsLiteral() && f.Name.V != "" {
		return f.Name.V
	}
	return f.Source.Address
}

// FunctionARNName returns the function name of a literal CloudFront
// Function ARN ("arn:aws:cloudfront::123456789012:function/NAME", any
// partition), or ok=false.
func FunctionARNName(arn string) (name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "cloudfront" {
		return "", false
	}
	name, ok = strings.CutPrefix(parts[5], "function/")
	if !ok || name == "" || strings.ContainsAny(name, "/:") || HasToken(name) {
		return "", false
	}
	return name, true
}

// linkFunctions resolves each CloudFront Function association to the
// function of the scan it names: by a token of the function's ARN, or by a
// literal ARN whose name is that of exactly one function of the same unit
// (the same template, the same Terraform module directory). Anything else
// stays unresolved: the function is unknown.
func linkFunctions(c *Config) {
	if len(c.EdgeFunctions) == 0 {
		return
	}
	byToken := map[string]*EdgeFunction{}
	for _, f := range c.EdgeFunctions {
		for _, t := range f.Tokens {
			if t != "" {
				byToken[t] = f
			}
		}
	}
	for _, d := range c.Distributions {
		for _, b := range d.Behaviors {
			for i := range b.Functions {
				fa := &b.Functions[i]
				if fa.Lambda || !fa.FunctionRef.Known || fa.FunctionRef.V == "" {
					continue
				}
				if f := byToken[fa.FunctionRef.V]; f != nil {
					fa.Function = f
					continue
				}
				name, ok := FunctionARNName(fa.FunctionRef.V)
				if !ok {
					continue
				}
				var found *EdgeFunction
				for _, f := range c.EdgeFunctions {
					if f.Name.IsLiteral() && f.Name.V == name && sameUnit(f.Source.Range.File, d.Source.Range.File) {
						if found != nil {
							found = nil
							break
						}
						found = f
					}
				}
				fa.Function = found
			}
		}
	}
}
