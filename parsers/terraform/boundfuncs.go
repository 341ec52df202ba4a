package terraform

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/edgelint/edgelint/internal/nesting"
)

// boundedFunc is a function of the library made tokenSafe and bounded: the arguments of a function whose result
// could pass a bound are checked before the call, even before the result's
// type is computed (preChecks: the result's size is computed, not built;
// flatten computes its type by flattening), every result after it, and the
// call and its result are charged to the unit's budget b. Past a bound the
// call fails with a limitError, which makes the value unknown and is
// reported. tokenSafe calls the function again with other text in place of
// the tokens, of about their length: those calls are not checked before,
// and their results at most a small factor larger.
//
// The wrapper's parameters take anything (marked, null, unknown, of
// dynamic type) and its result type is dynamic: with f's parameters and
// type, a call would unmark every argument and type f twice, once for
// the wrapper and once in f's own call, each a walk through the
// arguments. The arguments are unmarked here, once, and what f's
// parameters refuse is refused as a wrapper with them would: a null
// argument is an error; an argument of dynamic type, or an unknown one,
// makes the result unknown without calling f (and without refining it).
// The result has the marks of the arguments.
func boundedFunc(name string, b *evalBudget, f function.Function) function.Function {
	w, ok := wrappers()[name]
	if !ok {
		w = newWrapper(name, f)
	}
	pre, fn, sig, kind := w.pre, w.fn, w.sig, w.kind
	return function.New(&function.Spec{
		Params:   w.params,
		VarParam: w.varParam,
		Type:     dynamicResult,
		Impl: func(in []cty.Value, _ cty.Type) (cty.Value, error) {
			args, marks := sig.unmark(in)
			switch dynamic, err := sig.admit(in); {
			case err != nil:
				return cty.NilVal, err
			case dynamic:
				return cty.DynamicVal.WithMarks(marks...), nil
			}
			if b.isSpent() {
				return cty.NilVal, errBudgetSpent
			}
			for _, a := range args {
				if bigNumber(a) {
					return cty.NilVal, numberTooLarge(fn)
				}
			}
			if pre != nil {
				if err := pre(fn, args); err != nil {
					return cty.NilVal, err
				}
			}
			if sig.unknownArg(args) {
				ty, err := f.ReturnTypeForValues(args)
				if err != nil {
					return cty.NilVal, err
				}
				return cty.UnknownVal(ty).WithMarks(marks...), nil
			}
			// The type of an unknown result, when the tokens decided it:
			// f's call typed it already.
			unknown := func() cty.Value {
				ty, err := f.ReturnTypeForValues(args)
				if err != nil {
					ty = cty.DynamicPseudoType
				}
				return cty.UnknownVal(ty)
			}
			v, err := callTokenSafe(f, args, kind, unknown)
			if err != nil {
				return v, err
			}
			if err := checkResult(fn, v); err != nil {
				return cty.NilVal, err
			}
			// The call, the elements it returns, and those it was given
			// when it reads them all (contains over a long list in a long
			// for): each element read costs a few microseconds.
			steps, bytes, given := int64(1), int64(0), int64(0)
			if !direct[name] {
				for _, a := range args {
					if ua, _ := a.Unmark(); ua.IsKnown() && !ua.IsNull() && ua.CanIterateElements() {
						given += int64(ua.LengthInt())
					}
				}
			}
			steps += given
			if uv, _ := v.Unmark(); uv.IsKnown() && !uv.IsNull() {
				switch {
				case uv.Type() == cty.String:
					bytes = int64(len(uv.AsString()))
				case uv.CanIterateElements():
					steps += int64(uv.LengthInt())
				}
			}
			if !b.take(steps, bytes) {
				return cty.NilVal, errBudgetSpent
			}
			return v.WithMarks(marks...), nil
		},
	})
}

// wrapper is what the bounded functions of a name share, from one
// library to the next.
type wrapper struct {
	fn       string // the name, called
	pre      func(fn string, args []cty.Value) error
	sig      signature
	params   []function.Parameter // sig's, open
	varParam *function.Parameter
	kind     tokenKind
}

func newWrapper(name string, f function.Function) wrapper {
	sig := signatureOf(f)
	return wrapper{fn: name + "()", pre: preChecks[name], sig: sig, params: sig.open(), varParam: sig.openVar(), kind: tokenKinds[name]}
}

// wrappers are those of the library's functions, made once: a library is
// made for every few units.
var wrappers = sync.OnceValue(func() map[string]wrapper {
	m := make(map[string]wrapper, len(builtinFunctions))
	for name, f := range builtinFunctions {
		m[name] = newWrapper(name, f)
	}
	return m
})

var dynamicResult = function.StaticReturnType(cty.DynamicPseudoType)

// signature is the parameters of a function.
type signature struct {
	params   []function.Parameter
	varParam *function.Parameter
}

func signatureOf(f function.Function) signature {
	return signature{params: f.Params(), varParam: f.VarParam()}
}

// openParam is p taking anything of its type.
func openParam(p function.Parameter) function.Parameter {
	p.AllowMarked, p.AllowNull, p.AllowUnknown, p.AllowDynamicType = true, true, true, true
	return p
}

func (s signature) open() []function.Parameter {
	out := make([]function.Parameter, len(s.params))
	for i, p := range s.params {
		out[i] = openParam(p)
	}
	return out
}

func (s signature) openVar() *function.Parameter {
	if s.varParam == nil {
		return nil
	}
	p := openParam(*s.varParam)
	return &p
}

// param is the parameter argument i is given to.
func (s signature) param(i int) *function.Parameter {
	if i < len(s.params) {
		return &s.params[i]
	}
	return s.varParam
}

// admit checks the arguments as a call of the function checks them
// before typing it, in the same order: a null argument a parameter
// refuses is an error; one of dynamic type a parameter does not take
// ends the check, and the call's result is unknown (dynamic).
func (s signature) admit(args []cty.Value) (dynamic bool, err error) {
	for i, a := range args {
		p := s.param(i)
		if p == nil {
			break
		}
		if a.IsNull() && !p.AllowNull {
			return false, function.NewArgErrorf(i, "argument must not be null")
		}
		if a.Type() == cty.DynamicPseudoType && !p.AllowDynamicType {
			return true, nil
		}
	}
	return false, nil
}

// unknownArg reports an unknown argument a parameter does not take.
func (s signature) unknownArg(args []cty.Value) bool {
	for i, a := range args {
		if p := s.param(i); p != nil && !p.AllowUnknown && !a.IsKnown() {
			return true
		}
	}
	return false
}

// unmark removes the marks, deep, of the arguments whose parameters do
// not take marked values, and returns them: the marks a call of the
// function gives its result.
func (s signature) unmark(args []cty.Value) ([]cty.Value, []cty.ValueMarks) {
	var marks []cty.ValueMarks
	out := args
	for i, a := range args {
		if p := s.param(i); p != nil && !p.AllowMarked {
			if u, m := a.UnmarkDeep(); len(m) > 0 {
				if len(marks) == 0 {
					out = slices.Clone(args)
				}
				out[i] = u
				marks = append(marks, m)
			}
		}
	}
	return out, marks
}

// direct are the functions that read one element of a collection, not all.
var direct = map[string]bool{"element": true, "lookup": true, "length": true, "one": true}

// checkResult checks the size of a value a function returned.
func checkResult(fn string, v cty.Value) error {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if n := len(v.AsString()); n > maxStringLen {
			return stringTooLong(fn, int64(n))
		}
	case ty == cty.Number:
		if bigNumber(v) {
			return numberTooLarge(fn)
		}
	case v.CanIterateElements():
		if n := v.LengthInt(); n > maxElements {
			return tooManyElements(fn, int64(n))
		}
	}
	return nil
}

// known reports arguments that are all known and not null, shallowly.
func known(args []cty.Value) bool {
	for _, a := range args {
		if !a.IsKnown() || a.IsNull() {
			return false
		}
	}
	return true
}

// preChecks compute, before the call, the size of results that could pass a
// bound.
var preChecks = map[string]func(fn string, args []cty.Value) error{
	"replace": func(fn string, args []cty.Value) error {
		if !known(args) {
			return nil
		}
		n, err := replaceLen(args[0].AsString(), args[1].AsString(), args[2].AsString())
		if err != nil {
			return err
		}
		if n > maxStringLen {
			return stringTooLong(fn, n)
		}
		return nil
	},
	"join": func(fn string, args []cty.Value) error {
		if !known(args) {
			return nil
		}
		sep := int64(len(args[0].AsString()))
		total, n := int64(0), int64(0)
		for _, l := range args[1:] {
			if !l.CanIterateElements() {
				return nil
			}
			for it := l.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if e.IsKnown() && !e.IsNull() && e.Type() == cty.String {
					total += int64(len(e.AsString()))
				}
				n++
			}
		}
		if n > 1 {
			total += (n - 1) * sep
		}
		if total > maxStringLen {
			return stringTooLong(fn, total)
		}
		return nil
	},
	"flatten": func(fn string, args []cty.Value) error {
		if n := leaves(args[0], 0); n > maxElements {
			return tooManyElements(fn, n)
		}
		return nil
	},
	"concat":   sumOfLengths,
	"setunion": sumOfLengths,
	"merge":    sumOfLengths,
	"split": func(fn string, args []cty.Value) error {
		if !known(args) {
			return nil
		}
		sep, s := args[0].AsString(), args[1].AsString()
		n := int64(strings.Count(s, sep)) + 1
		if sep == "" {
			n = int64(utf8.RuneCountInString(s))
		}
		if n > maxElements {
			return tooManyElements(fn, n)
		}
		return nil
	},
	"indent": func(fn string, args []cty.Value) error {
		if !known(args) {
			return nil
		}
		n, _ := args[0].AsBigFloat().Int64()
		s := args[1].AsString()
		if total := int64(len(s)) + n*int64(strings.Count(s, "\n")); n > maxStringLen || total > maxStringLen {
			return stringTooLong(fn, max(total, n))
		}
		return nil
	},
	"regexall": func(fn string, args []cty.Value) error {
		if !known(args) {
			return nil
		}
		re, err := regexp.Compile(args[0].AsString())
		if err != nil {
			return nil // the call reports it
		}
		if n := len(re.FindAllStringIndex(args[1].AsString(), maxElements+1)); n > maxElements {
			return tooManyElements(fn, int64(n))
		}
		return nil
	},
	"jsonencode": encodedSize,
	"yamlencode": encodedSize,
	"jsondecode": func(fn string, args []cty.Value) error {
		if !known(args) {
			return nil
		}
		doc := args[0].AsString()
		if e := nesting.Scan([]byte(doc), nesting.PlainJSON); e != nil {
			return limitf("%s: the document nests more than %d levels deep (at %d:%d)", fn, nesting.MaxDepth, e.At.Line, e.At.Column)
		}
		if n := jsonValues(doc); n > maxElements {
			return tooManyElements(fn, n)
		}
		return nil
	},
	"format":     formatSize(false),
	"formatlist": formatSize(true),
}

// jsonValues bounds the number of values of a JSON document: one more
// than its commas outside strings.
func jsonValues(doc string) int64 {
	n := int64(1)
	in := false
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case !in && c == ',':
			n++
		}
	}
	return n
}

func sumOfLengths(fn string, args []cty.Value) error {
	n := int64(0)
	for _, a := range args {
		if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
			n += int64(a.LengthInt())
		}
	}
	if n > maxElements {
		return tooManyElements(fn, n)
	}
	return nil
}

// leaves counts what flatten makes of v, stopping past maxElements.
func leaves(v cty.Value, n int64) int64 {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return n + 1
	}
	ty := v.Type()
	if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
		return n + 1
	}
	for it := v.ElementIterator(); it.Next() && n <= maxElements; {
		_, e := it.Element()
		n = leaves(e, n)
	}
	return n
}

// encodedSize bounds what jsonencode or yamlencode write of a value: its
// strings, with escapes of up to six bytes, and a few bytes per element.
func encodedSize(fn string, args []cty.Value) error {
	if n := textSize(args[0], 0, 6); n > maxStringLen {
		return stringTooLong(fn, n)
	}
	return nil
}

// textSize adds to n the bytes of the strings of v (each byte counted
// perByte times), keys included, and 8 bytes per value; it stops past
// maxStringLen.
func textSize(v cty.Value, n, perByte int64) int64 {
	v, _ = v.Unmark()
	n += 8
	if !v.IsKnown() || v.IsNull() || n > maxStringLen {
		return n
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		n += perByte * int64(len(v.AsString()))
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next() && n <= maxStringLen; {
			k, e := it.Element()
			n = textSize(e, n+perByte*int64(len(k.AsString())), perByte)
		}
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next() && n <= maxStringLen; {
			_, e := it.Element()
			n = textSize(e, n, perByte)
		}
	}
	return n
}

// formatSize bounds the result of format (or of each element of
// formatlist, and all of them together): the format's text, and for each
// verb its width or precision (at most 4096, guardFormat) and the text of
// its argument (for formatlist, the longest element of a list argument).
func formatSize(list bool) func(fn string, args []cty.Value) error {
	return func(fn string, args []cty.Value) error {
		if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() {
			return nil
		}
		f := args[0].AsString()
		rows := int64(1)
		size := make([]int64, len(args)-1)
		for i, a := range args[1:] {
			ua, _ := a.Unmark()
			if list && ua.IsKnown() && !ua.IsNull() && (ua.Type().IsListType() || ua.Type().IsTupleType()) {
				rows = max(rows, int64(ua.LengthInt()))
				for it := ua.ElementIterator(); it.Next(); {
					_, e := it.Element()
					size[i] = max(size[i], textSize(e, 0, 1))
				}
				continue
			}
			size[i] = textSize(ua, 0, 1)
		}
		total := int64(len(f))
		next := 0
		for i := 0; i < len(f); i++ {
			if f[i] != '%' {
				continue
			}
			i++
			if i < len(f) && f[i] == '%' {
				continue
			}
			// Flags, width, precision and an explicit [n] up to the verb.
			arg, num := -1, int64(0)
			for ; i < len(f) && !unicode.IsLetter(rune(f[i])); i++ {
				switch c := f[i]; {
				case c == '[':
					k := i + 1
					n := 0
					for k < len(f) && f[k] >= '0' && f[k] <= '9' && n < 1<<20 {
						n = n*10 + int(f[k]-'0')
						k++
					}
					arg = n - 1
				case c >= '0' && c <= '9':
					num = min(num*10+int64(c-'0'), 1<<40)
				default:
					num = 0
				}
			}
			if arg < 0 {
				arg = next
			}
			next = arg + 1
			total += min(num, 4096)
			if arg >= 0 && arg < len(size) {
				total += size[arg]
			}
		}
		if total*rows > maxStringLen {
			return stringTooLong(fn, total*rows)
		}
		return nil
	}
}

// replaceLen is the length of what replaceFunc makes of str.
func replaceLen(str, substr, repl string) (int64, error) {
	if len(substr) > 1 && substr[0] == '/' && substr[len(substr)-1] == '/' {
		re, err := regexp.Compile(substr[1 : len(substr)-1])
		if err != nil {
			return 0, nil // the call reports it
		}
		tmpl := parseExpand(re, repl)
		n := int64(len(str))
		ms := re.FindAllStringSubmatchIndex(str, maxElements+1)
		if len(ms) > maxElements {
			return 0, limitf("replace() would replace more than %d matches of a regular expression", maxElements)
		}
		for _, m := range ms {
			n += tmpl.size(m) - int64(m[1]-m[0])
		}
		return n, nil
	}
	count := int64(strings.Count(str, substr))
	if substr == "" {
		count = int64(utf8.RuneCountInString(str)) + 1
	}
	return int64(len(str)) + count*(int64(len(repl))-int64(len(substr))), nil
}

// expandTmpl is a replacement template of regexp.Expand, parsed: its
// literal bytes and the groups it refers to.
type expandTmpl struct {
	lit    int64
	groups []int
}

func (t expandTmpl) size(m []int) int64 {
	n := t.lit
	for _, g := range t.groups {
		if 2*g+1 < len(m) && m[2*g] >= 0 {
			n += int64(m[2*g+1] - m[2*g])
		}
	}
	return n
}

// parseExpand parses a template as regexp.Regexp.Expand reads it.
func parseExpand(re *regexp.Regexp, t string) expandTmpl {
	var out expandTmpl
	for t != "" {
		before, after, ok := strings.Cut(t, "$")
		if !ok {
			break
		}
		out.lit += int64(len(before))
		t = after
		if t != "" && t[0] == '$' {
			out.lit++
			t = t[1:]
			continue
		}
		name, num, rest, ok := extractGroup(t)
		if !ok {
			out.lit++ // a malformed reference is written as is
			continue
		}
		t = rest
		if num >= 0 {
			out.groups = append(out.groups, num)
		} else if i := re.SubexpIndex(name); i >= 0 {
			out.groups = append(out.groups, i)
		}
	}
	out.lit += int64(len(t))
	return out
}

// extractGroup is regexp's extract: a group name or number after "$".
func extractGroup(str string) (name string, num int, rest string, ok bool) {
	if str == "" {
		return
	}
	brace := false
	if str[0] == '{' {
		brace = true
		str = str[1:]
	}
	i := 0
	for i < len(str) {
		r, size := utf8.DecodeRuneInString(str[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			break
		}
		i += size
	}
	if i == 0 {
		return
	}
	name = str[:i]
	if brace {
		if i >= len(str) || str[i] != '}' {
			return
		}
		i++
	}
	num = 0
	for j := 0; j < len(name); j++ {
		if name[j] < '0' || '9' < name[j] || num >= 1e8 {
			num = -1
			break
		}
		num = num*10 + int(name[j]) - '0'
	}
	if name[0] == '0' && len(name) > 1 {
		num = -1
	}
	return name, num, str[i:], true
}

// boundedTry is Terraform's try, which returns the first of its
// expressions that evaluates without error, except that a bound passed in
// one of them is not an error to skip: the bound is passed again by try
// itself, so that the value is unknown rather than a fallback. Its type is
// that of the value: hcl's try evaluated its expressions once for the type
// and once for the value, twice more at each try nested in them.
var boundedTry = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if len(args) == 0 {
			return cty.NilVal, errors.New("at least one argument is required")
		}
		var msgs []string
		for _, a := range args {
			v, diags := customdecode.ExpressionClosureFromVal(a).Value()
			if err := limitIn(diags); err != nil {
				return cty.NilVal, err
			}
			if diags.HasErrors() {
				msgs = append(msgs, diags.Error())
				continue
			}
			if !v.IsWhollyKnown() {
				return cty.DynamicVal, nil
			}
			return v, nil
		}
		return cty.NilVal, errors.New("no expression succeeded: " + strings.Join(msgs, "; "))
	},
})

// boundedCan is Terraform's can, except that a bound passed is passed
// again, as in boundedTry.
var boundedCan = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "expression", Type: customdecode.ExpressionClosureType}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, diags := customdecode.ExpressionClosureFromVal(args[0]).Value()
		if err := limitIn(diags); err != nil {
			return cty.NilVal, err
		}
		if diags.HasErrors() {
			return cty.False, nil
		}
		if !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.Bool), nil
		}
		return cty.True, nil
	},
})

// limitIn finds a bound passed among diagnostics, located where it was.
func limitIn(diags hcl.Diagnostics) error {
	for _, d := range diags {
		if le, ok := limitOf(d); ok {
			if le.at == nil && d.Subject != nil && le != errBudgetSpent {
				return &limitError{msg: le.msg, at: d.Subject}
			}
			return le
		}
	}
	return nil
}
