package tfadapter

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/internal/yamlesc"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/openapi"
)

// BodyLocator locates a path of keys of an OpenAPI body written as
// jsonencode/yamlencode of an HCL object: the deepest object item the path
// reaches (the operation, its security list), so that a finding lands on
// the line that declares it. Other bodies (templatefile, file, strings)
// are located at the whole expression. rng converts a range of the
// expression's source.
func BodyLocator(expr hcl.Expression, whole model.Range, rng func(hcl.Range) model.Range) openapi.Locator {
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || (call.Name != "jsonencode" && call.Name != "yamlencode") || len(call.Args) != 1 {
		return func(...string) model.Range { return whole }
	}
	root, ok := call.Args[0].(*hclsyntax.ObjectConsExpr)
	if !ok {
		return func(...string) model.Range { return whole }
	}
	return func(path ...string) model.Range {
		obj, found := root, hcl.Range{}
		for _, key := range path {
			var next *hclsyntax.ObjectConsItem
			for i := range obj.Items {
				if objectKey(obj.Items[i].KeyExpr) == key {
					next = &obj.Items[i]
					break
				}
			}
			if next == nil {
				break
			}
			found = hcl.RangeBetween(next.KeyExpr.Range(), next.ValueExpr.Range())
			o, isObj := next.ValueExpr.(*hclsyntax.ObjectConsExpr)
			if !isObj {
				break
			}
			obj = o
		}
		if found.Filename == "" {
			return whole
		}
		return rng(found)
	}
}

// objectKey is the text of an object constructor key: a bare name or a
// literal string; "" for anything else.
func objectKey(e hclsyntax.Expression) string {
	if k := hcl.ExprAsKeyword(e); k != "" {
		return k
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// DecodeDocument decodes a JSON or YAML document (an OpenAPI body) into a
// generic tree, as openapi.Read takes it.
func DecodeDocument(s string) (any, error) {
	var doc any
	if err := json.Unmarshal([]byte(s), &doc); err == nil {
		return doc, nil
	}
	n, err := yamlesc.Parse([]byte(s))
	if err != nil {
		return nil, err
	}
	if err := n.Decode(&doc); err != nil {
		return nil, err
	}
	doc = NormalizeYAML(doc)
	if _, ok := doc.(map[string]any); !ok {
		return nil, fmt.Errorf("the document is not a mapping")
	}
	return doc, nil
}

// NormalizeYAML turns a yaml.v3 decoded tree into the JSON-like shape
// (string map keys, float64 numbers) the rest of the package expects.
func NormalizeYAML(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = NormalizeYAML(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = NormalizeYAML(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = NormalizeYAML(e)
		}
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float64, string, bool, nil:
		return x
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
