package terraform

import (
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/edgelint/edgelint/model"
)

// A token stands for a value whose text is not known: the function
// library must not let the placeholder text decide a result. Each
// function called with token-bearing arguments is therefore called again
// with every token replaced by other text of another length: once by
// private-use runes of its own (as opaque as the token, sharing no rune
// with it), once by digits (as ordinary as an ID, and holding each digit). When each result is
// the first one up to that replacement, the tokens' text did not matter;
// otherwise the result is unknown. So split("/", url)[2] of an invoke URL
// keeps the API's token, while replace(url, "/[0-9]+/", "") (which would
// cut into the token), substr over it, or a regex that the real ID would
// match differently, are unknown. Like tokens, the replacements contain
// no '/', ':' or '.', and casing leaves them alone.

// Runes of the opaque replacement: altOpen, the digits of the token's
// number from altDigit0, altClose.
const (
	altOpen   = '\uE002'
	altClose  = '\uE003'
	altDigit0 = '\uE010'
)

// altOpaque is the opaque replacement of the token numbered n.
func altOpaque(n int) string {
	var b strings.Builder
	b.WriteRune(altOpen)
	for _, r := range strconv.Itoa(n) {
		b.WriteRune(altDigit0 + (r - '0'))
	}
	b.WriteRune(altClose)
	return b.String()
}

// altDigits is the ordinary replacement of the token numbered n: every
// digit, then its number.
func altDigits(n int) string { return "0123456789" + strconv.Itoa(n) }

// tokenSwapper returns a function replacing every well-formed token of a
// string by alt of its number.
func tokenSwapper(alt func(int) string) func(string) (string, bool) {
	return func(s string) (string, bool) {
		if !model.HasToken(s) {
			return s, false
		}
		var b strings.Builder
		swapped := false
		for _, p := range model.Pieces(s) {
			if p.Sym < 0 {
				b.WriteString(p.Text)
				continue
			}
			b.WriteString(alt(p.Sym))
			swapped = true
		}
		return b.String(), swapped
	}
}

var tokenSwappers = []func(string) (string, bool){tokenSwapper(altOpaque), tokenSwapper(altDigits)}

// mapStrings applies f to every known string inside v, keeping marks;
// changed reports whether f changed any.
func mapStrings(v cty.Value, f func(string) (string, bool)) (out cty.Value, changed bool) {
	uv, marks := v.Unmark()
	if !uv.IsKnown() || uv.IsNull() {
		return v, false
	}
	ty := uv.Type()
	switch {
	case ty == cty.String:
		s, ok := f(uv.AsString())
		if !ok {
			return v, false
		}
		return cty.StringVal(s).WithMarks(marks), true
	case ty.IsListType(), ty.IsSetType(), ty.IsTupleType():
		if uv.LengthInt() == 0 {
			return v, false
		}
		elems := make([]cty.Value, 0, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			e, ok := mapStrings(e, f)
			changed = changed || ok
			elems = append(elems, e)
		}
		if !changed {
			return v, false
		}
		switch {
		case ty.IsListType():
			out = cty.ListVal(elems)
		case ty.IsSetType():
			out = cty.SetVal(elems)
		default:
			out = cty.TupleVal(elems)
		}
		return out.WithMarks(marks), true
	case ty.IsMapType(), ty.IsObjectType():
		if uv.LengthInt() == 0 {
			return v, false
		}
		m := make(map[string]cty.Value, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			e, ok := mapStrings(e, f)
			changed = changed || ok
			m[k.AsString()] = e
		}
		if !changed {
			return v, false
		}
		if ty.IsMapType() {
			out = cty.MapVal(m)
		} else {
			out = cty.ObjectVal(m)
		}
		return out.WithMarks(marks), true
	}
	return v, false
}

// hasTokenValue reports whether a known string inside v holds a token.
func hasTokenValue(v cty.Value) bool {
	uv, _ := v.Unmark()
	if !uv.IsKnown() || uv.IsNull() {
		return false
	}
	ty := uv.Type()
	switch {
	case ty == cty.String:
		return model.HasToken(uv.AsString())
	case ty.IsPrimitiveType():
		return false
	case ty.IsObjectType():
		for name, aty := range ty.AttributeTypes() {
			if aty.IsPrimitiveType() && aty != cty.String {
				continue
			}
			if hasTokenValue(uv.GetAttr(name)) {
				return true
			}
		}
		return false
	case ty.IsListType(), ty.IsSetType(), ty.IsTupleType(), ty.IsMapType():
		for it := uv.ElementIterator(); it.Next(); {
			if _, e := it.Element(); hasTokenValue(e) {
				return true
			}
		}
	}
	return false
}

// tokenSafe wraps a function of the library so that a result the text of
// a token decided is unknown (see above). The result keeps the marks of
// the arguments as before: a part of it without a token is still not
// known to the model. kind says what tokens do to the result of f.
func tokenSafe(f function.Function, kind tokenKind) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			return callTokenSafe(f, args, kind, func() cty.Value { return cty.UnknownVal(ret) })
		},
	})
}

// tokenKind is what the tokens of its arguments do to a function's
// result, when that is known without calling it again.
type tokenKind int

const (
	// tokensCall: f is called again with other text in their place.
	tokensCall tokenKind = iota
	// tokensDigest: the result is a digest of the arguments' text, which
	// other text makes another digest: a token makes it unknown.
	tokensDigest
	// tokensJSON: jsonencode, which writes the tokens as they are (see
	// jsonKeepsTokens).
	tokensJSON
)

// tokenKinds are the functions whose kind is not tokensCall.
var tokenKinds = map[string]tokenKind{
	"md5": tokensDigest, "sha1": tokensDigest, "sha256": tokensDigest, "sha512": tokensDigest,
	"base64sha256": tokensDigest, "base64sha512": tokensDigest,
	"jsonencode": tokensJSON,
}

// callTokenSafe calls f as tokenSafe(f, kind) does; unknown makes the
// result of a call the tokens decided.
func callTokenSafe(f function.Function, args []cty.Value, kind tokenKind, unknown func() cty.Value) (cty.Value, error) {
	res, err := f.Call(args)
	if err != nil {
		return res, err
	}
	// Most calls are given no token at all: a look through the arguments
	// that builds nothing decides it.
	tokens := false
	for _, a := range args {
		if tokens = hasTokenValue(a); tokens {
			break
		}
	}
	if !tokens || kind == tokensJSON && res.IsKnown() && jsonKeepsTokens(args[0]) {
		return res, nil
	}
	for _, swap := range tokenSwappers {
		alt := make([]cty.Value, len(args))
		tokens := false
		for i, a := range args {
			var ok bool
			alt[i], ok = mapStrings(a, swap)
			tokens = tokens || ok
		}
		if !tokens {
			return res, nil
		}
		if kind == tokensDigest {
			return unknown(), nil
		}
		res2, err := f.Call(alt)
		if err != nil {
			return unknown(), nil
		}
		swapped, _ := mapStrings(res, swap)
		a, _ := swapped.UnmarkDeep()
		b, _ := res2.UnmarkDeep()
		if !a.RawEquals(b) {
			return unknown(), nil
		}
	}
	return res, nil
}

// jsonKeepsTokens reports whether jsonencode writes the tokens of v as
// they are, where their text decides nothing: JSON escapes none of the
// runes of a token or of its replacements, and writes a string's other
// runes alike whatever is around them; but it writes an object's
// attributes and a map's entries sorted by name, and a set's elements in
// the set's order, which a token in a name or in an element could decide.
// Then jsonencode over other text in place of the tokens writes its
// result with that text in their place, and calling it again would tell
// nothing.
func jsonKeepsTokens(v cty.Value) bool {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return true
	}
	ty := v.Type()
	switch {
	case ty.IsPrimitiveType():
		return true
	case ty.IsSetType():
		return !hasTokenValue(v)
	case ty.IsObjectType():
		for name, aty := range ty.AttributeTypes() {
			if model.HasToken(name) {
				return false
			}
			if aty.IsPrimitiveType() {
				continue
			}
			if !jsonKeepsTokens(v.GetAttr(name)) {
				return false
			}
		}
		return true
	case ty.IsMapType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if model.HasToken(k.AsString()) || !jsonKeepsTokens(e) {
				return false
			}
		}
		return true
	case ty.IsListType(), ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); !jsonKeepsTokens(e) {
				return false
			}
		}
		return true
	}
	return false
}

// tokensIntact reports whether every token rune of s belongs to a
// well-formed token: a function that cut into a token leaves a piece of
// it, which is no value.
func tokensIntact(s string) bool {
	for _, p := range model.Pieces(s) {
		if p.Sym < 0 && strings.ContainsAny(p.Text, string(model.TokenOpen)+string(model.TokenClose)) {
			return false
		}
	}
	return true
}
