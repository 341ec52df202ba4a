package terraform

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/model"
)

// TestBoundedFuncAsWrapped: a bounded function, whose wrapper takes any
// argument and unmarks them once, answers every call as the function
// wrapped with its own parameters (tokenSafe) does: the same value, with
// the same marks and refinements, or the same error, for marked, nested
// marked, unknown, null and dynamic arguments, with and without tokens.
func TestBoundedFuncAsWrapped(t *testing.T) {
	syms := model.NewSymbols()
	tok := syms.Attr("dir:aws_api_gateway_rest_api.x", "id", "aws_api_gateway_rest_api.x.id")
	m := func(v cty.Value) cty.Value { return v.Mark("origin") }
	s := cty.StringVal
	list := cty.ListVal([]cty.Value{m(s("a")), s("b" + tok)})
	obj := cty.ObjectVal(map[string]cty.Value{"k": m(s("v")), "id": s(tok), "n": cty.NumberIntVal(2)})
	cases := []struct {
		fn   string
		args []cty.Value
	}{
		{"upper", []cty.Value{m(s("a"))}},
		{"upper", []cty.Value{m(cty.UnknownVal(cty.String))}},
		{"upper", []cty.Value{cty.NullVal(cty.String)}},
		{"upper", []cty.Value{m(cty.DynamicVal)}},
		{"upper", []cty.Value{s("x" + tok)}},
		{"join", []cty.Value{m(s(",")), list}},
		{"join", []cty.Value{s(","), m(cty.UnknownVal(cty.List(cty.String)))}},
		{"join", []cty.Value{cty.NullVal(cty.String), list}},
		{"jsonencode", []cty.Value{obj}},
		{"jsonencode", []cty.Value{m(cty.UnknownVal(cty.Object(map[string]cty.Type{"a": cty.String})))}},
		{"jsonencode", []cty.Value{cty.ObjectVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String).Mark("x")})}},
		{"merge", []cty.Value{m(cty.MapVal(map[string]cty.Value{"a": s("1")})), obj}},
		{"merge", []cty.Value{cty.NullVal(cty.DynamicPseudoType), m(obj)}},
		{"element", []cty.Value{list, m(cty.NumberIntVal(1))}},
		{"element", []cty.Value{list, cty.UnknownVal(cty.Number)}},
		{"lookup", []cty.Value{m(obj), s("k"), s("d")}},
		{"coalesce", []cty.Value{cty.NullVal(cty.String), m(s("a"))}},
		{"concat", []cty.Value{list, m(cty.ListValEmpty(cty.String))}},
		{"length", []cty.Value{m(list)}},
		{"keys", []cty.Value{m(obj)}},
		{"replace", []cty.Value{s("a/" + tok + "/b"), m(s("/")), s("-")}},
		{"split", []cty.Value{s("/"), m(s("a/" + tok + "/b"))}},
		{"sha1", []cty.Value{m(s("a"))}},
		{"sha1", []cty.Value{m(cty.DynamicVal)}},
		{"md5", []cty.Value{cty.NullVal(cty.String)}},
		{"sha1", []cty.Value{s("a" + tok)}},
		{"format", []cty.Value{s("%s-%d"), m(s("x")), cty.NumberIntVal(3)}},
		{"tolist", []cty.Value{cty.TupleVal([]cty.Value{m(s("a")), cty.UnknownVal(cty.String)})}},
		{"contains", []cty.Value{list, m(s("a"))}},
	}
	for _, c := range cases {
		f := builtinFunctions[c.fn]
		want, wantErr := tokenSafe(f, tokenKinds[c.fn]).Call(c.args)
		got, gotErr := boundedFunc(c.fn, &evalBudget{}, f).Call(c.args)
		switch {
		case (wantErr == nil) != (gotErr == nil):
			t.Errorf("%s%#v: error %v, want %v", c.fn, c.args, gotErr, wantErr)
		case wantErr != nil:
			if gotErr.Error() != wantErr.Error() {
				t.Errorf("%s%#v: error %q, want %q", c.fn, c.args, gotErr, wantErr)
			}
		case !got.RawEquals(want):
			t.Errorf("%s%#v:\n got %#v\nwant %#v", c.fn, c.args, got, want)
		}
	}
}
