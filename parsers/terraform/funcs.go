package terraform

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"  //nolint:gosec // Terraform's md5 function is MD5
	"crypto/sha1" //nolint:gosec // Terraform's sha1 and uuidv5 functions are SHA-1
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/go-cty-funcs/collection"
	"github.com/hashicorp/go-cty-funcs/encoding"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/lazyre"
	"github.com/edgelint/edgelint/parsers/tfadapter"
)

// builtinFunctions is Terraform's function library as far as edgelint
// evaluates it. Functions whose result is only known at apply time
// (timestamp, uuid, bcrypt, …) return unknown values. Filesystem functions
// depend on the module being read and are added by loader.functions.
var builtinFunctions = map[string]function.Function{
	"abs":              stdlib.AbsoluteFunc,
	"alltrue":          allTrueFunc,
	"anytrue":          anyTrueFunc,
	"base64decode":     encoding.Base64DecodeFunc,
	"base64encode":     encoding.Base64EncodeFunc,
	"base64gzip":       base64GzipFunc,
	"base64sha256":     makeHashFunc(sha256.New, base64.StdEncoding.EncodeToString),
	"base64sha512":     makeHashFunc(sha512.New, base64.StdEncoding.EncodeToString),
	"bcrypt":           unknownResultFunc(cty.String),
	"can":              boundedCan,
	"ceil":             stdlib.CeilFunc,
	"chomp":            stdlib.ChompFunc,
	"chunklist":        stdlib.ChunklistFunc,
	"cidrhost":         cidrHostFunc,
	"cidrnetmask":      cidrNetmaskFunc,
	"cidrsubnet":       cidrSubnetFunc,
	"cidrsubnets":      cidrSubnetsFunc,
	"coalesce":         collection.CoalesceFunc,
	"coalescelist":     stdlib.CoalesceListFunc,
	"compact":          stdlib.CompactFunc,
	"concat":           stdlib.ConcatFunc,
	"contains":         stdlib.ContainsFunc,
	"csvdecode":        stdlib.CSVDecodeFunc,
	"distinct":         stdlib.DistinctFunc,
	"element":          stdlib.ElementFunc,
	"endswith":         endsWithFunc,
	"ephemeralasnull":  identityFunc,
	"flatten":          stdlib.FlattenFunc,
	"floor":            stdlib.FloorFunc,
	"format":           guardFormat(stdlib.FormatFunc),
	"formatdate":       stdlib.FormatDateFunc,
	"formatlist":       guardFormat(stdlib.FormatListFunc),
	"indent":           stdlib.IndentFunc,
	"index":            indexFunc,
	"issensitive":      isSensitiveFunc,
	"join":             stdlib.JoinFunc,
	"jsondecode":       stdlib.JSONDecodeFunc,
	"jsonencode":       stdlib.JSONEncodeFunc,
	"keys":             stdlib.KeysFunc,
	"length":           lengthFunc,
	"list":             legacyListFunc,
	"log":              stdlib.LogFunc,
	"lookup":           stdlib.LookupFunc,
	"lower":            stdlib.LowerFunc,
	"map":              legacyMapFunc,
	"matchkeys":        matchKeysFunc,
	"max":              stdlib.MaxFunc,
	"md5":              makeHashFunc(md5.New, hex.EncodeToString),
	"merge":            stdlib.MergeFunc,
	"min":              stdlib.MinFunc,
	"nonsensitive":     identityFunc,
	"one":              oneFunc,
	"parseint":         stdlib.ParseIntFunc,
	"plantimestamp":    unknownResultFunc(cty.String),
	"pow":              stdlib.PowFunc,
	"range":            stdlib.RangeFunc,
	"regex":            stdlib.RegexFunc,
	"regexall":         stdlib.RegexAllFunc,
	"replace":          replaceFunc,
	"reverse":          stdlib.ReverseListFunc,
	"rsadecrypt":       unknownResultFunc(cty.String),
	"sensitive":        identityFunc,
	"setintersection":  stdlib.SetIntersectionFunc,
	"setproduct":       guardSetProduct(stdlib.SetProductFunc),
	"setsubtract":      stdlib.SetSubtractFunc,
	"setunion":         stdlib.SetUnionFunc,
	"sha1":             makeHashFunc(sha1.New, hex.EncodeToString),
	"sha256":           makeHashFunc(sha256.New, hex.EncodeToString),
	"sha512":           makeHashFunc(sha512.New, hex.EncodeToString),
	"signum":           stdlib.SignumFunc,
	"slice":            stdlib.SliceFunc,
	"sort":             stdlib.SortFunc,
	"split":            stdlib.SplitFunc,
	"startswith":       startsWithFunc,
	"strcontains":      strContainsFunc,
	"strrev":           stdlib.ReverseFunc,
	"substr":           stdlib.SubstrFunc,
	"sum":              sumFunc,
	"textdecodebase64": textDecodeBase64Func,
	"textencodebase64": textEncodeBase64Func,
	"timeadd":          stdlib.TimeAddFunc,
	"timecmp":          timeCmpFunc,
	"timestamp":        unknownResultFunc(cty.String),
	"title":            stdlib.TitleFunc,
	"tobool":           stdlib.MakeToFunc(cty.Bool),
	"tolist":           toFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":            toFunc(cty.Map(cty.DynamicPseudoType)),
	"tonumber":         stdlib.MakeToFunc(cty.Number),
	"toset":            stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tostring":         stdlib.MakeToFunc(cty.String),
	"transpose":        transposeFunc,
	"trim":             stdlib.TrimFunc,
	"trimprefix":       stdlib.TrimPrefixFunc,
	"trimspace":        stdlib.TrimSpaceFunc,
	"trimsuffix":       stdlib.TrimSuffixFunc,
	"try":              boundedTry,
	"type":             unknownResultFunc(cty.DynamicPseudoType),
	"upper":            stdlib.UpperFunc,
	"urlencode":        encoding.URLEncodeFunc,
	"uuid":             unknownResultFunc(cty.String),
	"uuidv5":           uuidV5Func,
	"values":           stdlib.ValuesFunc,
	"yamldecode":       yamlDecodeFunc,
	"yamlencode":       yamlEncodeFunc,
	"zipmap":           stdlib.ZipmapFunc,
}

// anyParam accepts every value, unknown, null and marked ones included.
var anyParam = function.Parameter{
	Name:             "value",
	Type:             cty.DynamicPseudoType,
	AllowUnknown:     true,
	AllowNull:        true,
	AllowDynamicType: true,
	AllowMarked:      true,
}

// unknownResultFunc returns a function of any arguments whose result is an
// unknown value of type ty.
func unknownResultFunc(ty cty.Type) function.Function {
	p := anyParam
	return function.New(&function.Spec{
		VarParam: &p,
		Type:     function.StaticReturnType(ty),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.UnknownVal(ty), nil
		},
	})
}

// unsupportedFunc stands in for a function edgelint does not implement:
// its result is unknown.
var unsupportedFunc = unknownResultFunc(cty.DynamicPseudoType)

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{anyParam},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

var isSensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{anyParam},
	Type:   function.StaticReturnType(cty.Bool),
	Impl:   func([]cty.Value, cty.Type) (cty.Value, error) { return cty.False, nil },
})

// replaceFunc is Terraform's replace: a search string wrapped in forward
// slashes is a regular expression, and the replacement may then refer to
// capture groups as $1 or ${name}.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String},
		{Name: "substr", Type: cty.String},
		{Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, substr, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(substr) > 1 && substr[0] == '/' && substr[len(substr)-1] == '/' {
			re, err := regexp.Compile(substr[1 : len(substr)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(re.ReplaceAllString(str, repl)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, substr, repl)), nil
	},
})

func stringPredicate(name string, f func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "str", Type: cty.String},
			{Name: name, Type: cty.String},
		},
		Type: function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

var (
	startsWithFunc  = stringPredicate("prefix", strings.HasPrefix)
	endsWithFunc    = stringPredicate("suffix", strings.HasSuffix)
	strContainsFunc = stringPredicate("substr", strings.Contains)
)

// lengthFunc is Terraform's length: strings count characters, collections
// and structural values count elements. The result carries the marks of
// the value itself, not those of its elements.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name:             "value",
		Type:             cty.DynamicPseudoType,
		AllowDynamicType: true,
		AllowUnknown:     true,
		AllowMarked:      true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.String, ty == cty.DynamicPseudoType, ty.IsCollectionType(), ty.IsTupleType(), ty.IsObjectType():
			return cty.Number, nil
		}
		return cty.NilType, function.NewArgErrorf(0, "argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		ty := v.Type()
		var n cty.Value
		switch {
		case ty == cty.DynamicPseudoType || !v.IsKnown():
			n = cty.UnknownVal(cty.Number)
		case v.IsNull():
			return cty.NilVal, function.NewArgErrorf(0, "argument must not be null")
		case ty == cty.String:
			var err error
			if n, err = stdlib.Strlen(v); err != nil {
				return cty.NilVal, err
			}
		case ty.IsTupleType():
			n = cty.NumberIntVal(int64(ty.Length()))
		case ty.IsObjectType():
			n = cty.NumberIntVal(int64(len(ty.AttributeTypes())))
		default:
			n = v.Length()
		}
		return n.WithMarks(marks), nil
	},
})

// toFunc converts like Terraform's tolist/tomap, keeping the marks of the
// elements on the elements.
func toFunc(ty cty.Type) function.Function {
	base := stdlib.MakeToFunc(ty)
	return function.New(&function.Spec{
		Params: []function.Parameter{{
			Name:             "v",
			Type:             cty.DynamicPseudoType,
			AllowNull:        true,
			AllowDynamicType: true,
			AllowMarked:      true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) {
			v, _ := args[0].UnmarkDeep()
			return base.ReturnTypeForValues([]cty.Value{v})
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			return convert.Convert(args[0], ret)
		},
	})
}

// legacyListFunc is list(a, b, …), removed in Terraform 0.15 but still
// met in older modules: as Terraform 0.12–0.14 evaluated it, a list of
// its arguments converted to one element type.
var legacyListFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{
		Name:             "vals",
		Type:             cty.DynamicPseudoType,
		AllowUnknown:     true,
		AllowDynamicType: true,
		AllowNull:        true,
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) == 0 {
			return cty.List(cty.DynamicPseudoType), nil
		}
		types := make([]cty.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		ety, _ := convert.UnifyUnsafe(types)
		if ety == cty.NilType {
			return cty.NilType, errors.New("all arguments must have the same type")
		}
		return cty.List(ety), nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		if len(args) == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		vals := make([]cty.Value, len(args))
		for i, a := range args {
			v, err := convert.Convert(a, ret.ElementType())
			if err != nil {
				return cty.NilVal, function.NewArgError(i, err)
			}
			vals[i] = v
		}
		return cty.ListVal(vals), nil
	},
})

// legacyMapFunc is map(key, value, …), removed in Terraform 0.15: as
// Terraform 0.12–0.14 evaluated it, a map of the pairs with the values
// converted to one element type; a repeated key is an error.
var legacyMapFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{
		Name:             "vals",
		Type:             cty.DynamicPseudoType,
		AllowUnknown:     true,
		AllowDynamicType: true,
		AllowNull:        true,
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) < 2 || len(args)%2 != 0 {
			return cty.NilType, fmt.Errorf("map requires an even number of two or more arguments, got %d", len(args))
		}
		types := make([]cty.Type, 0, len(args)/2)
		for i := 1; i < len(args); i += 2 {
			types = append(types, args[i].Type())
		}
		ety, _ := convert.UnifyUnsafe(types)
		if ety == cty.NilType {
			return cty.NilType, errors.New("all arguments must have the same type")
		}
		return cty.Map(ety), nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		m := make(map[string]cty.Value, len(args)/2)
		for i := 0; i < len(args); i += 2 {
			k, err := convert.Convert(args[i], cty.String)
			if err != nil {
				return cty.NilVal, function.NewArgError(i, err)
			}
			if !k.IsKnown() {
				return cty.UnknownVal(ret), nil
			}
			if k.IsNull() {
				return cty.NilVal, function.NewArgErrorf(i, "argument %d is a null key", i+1)
			}
			key := k.AsString()
			if _, dup := m[key]; dup {
				return cty.NilVal, function.NewArgErrorf(i, "argument %d is a duplicate key: %q", i+1, key)
			}
			v, err := convert.Convert(args[i+1], ret.ElementType())
			if err != nil {
				return cty.NilVal, function.NewArgError(i+1, err)
			}
			m[key] = v
		}
		return cty.MapVal(m), nil
	},
})

// indexFunc is Terraform's index(list, value): the position of value.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "list", Type: cty.DynamicPseudoType},
		{Name: "value", Type: cty.DynamicPseudoType},
	},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		list := args[0]
		if !list.Type().IsListType() && !list.Type().IsTupleType() {
			return cty.NilVal, errors.New("argument must be a list or tuple")
		}
		if !list.IsKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		for it := list.ElementIterator(); it.Next(); {
			i, v := it.Element()
			eq, err := stdlib.Equal(v, args[1])
			if err != nil {
				return cty.NilVal, err
			}
			if !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if eq.True() {
				return i, nil
			}
		}
		return cty.NilVal, errors.New("item not found")
	},
})

func boolFold(want bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := false
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				switch {
				case !v.IsKnown():
					unknown = true
				case v.IsNull():
					if !want {
						return cty.False, nil
					}
				case v.True() == want:
					return cty.BoolVal(want), nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(!want), nil
		},
	})
}

var (
	allTrueFunc = boolFold(false)
	anyTrueFunc = boolFold(true)
)

// oneFunc returns the only element of a zero- or one-element collection.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			switch len(ty.TupleElementTypes()) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ty.TupleElementTypes()[0], nil
			}
			return cty.NilType, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
		}
		return cty.NilType, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
	},
})

// sumFunc adds the numbers of a collection.
var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.CanIterateElements() || v.LengthInt() == 0 {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum an empty list or a non-collection")
		}
		total := cty.Zero
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n, err := convert.Convert(e, cty.Number)
			if err != nil {
				return cty.NilVal, err
			}
			if !n.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if n.IsNull() {
				return cty.NilVal, errors.New("argument must be list, set, or tuple of number values")
			}
			total = total.Add(n)
		}
		return total, nil
	},
})

// matchKeysFunc is Terraform's matchkeys(values, keys, searchset).
var matchKeysFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "values", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "keys", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "searchset", Type: cty.List(cty.DynamicPseudoType)},
	},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		vals, keys, search := args[0], args[1], args[2]
		if vals.LengthInt() != keys.LengthInt() {
			return cty.NilVal, errors.New("length of keys and values should be equal")
		}
		if !vals.IsWhollyKnown() || !keys.IsWhollyKnown() || !search.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		var out []cty.Value
		vl, kl := vals.AsValueSlice(), keys.AsValueSlice()
		for i, k := range kl {
			for it := search.ElementIterator(); it.Next(); {
				_, s := it.Element()
				if k.RawEquals(s) || (k.Type() == s.Type() && k.Equals(s).True()) {
					out = append(out, vl[i])
					break
				}
			}
		}
		if len(out) == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		return cty.ListVal(out), nil
	},
})

// transposeFunc swaps the keys and values of a map of lists of strings.
var transposeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "values", Type: cty.Map(cty.List(cty.String))}},
	Type:   function.StaticReturnType(cty.Map(cty.List(cty.String))),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		in := args[0]
		if !in.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		tmp := map[string][]string{}
		for it := in.ElementIterator(); it.Next(); {
			k, list := it.Element()
			if list.IsNull() {
				return cty.NilVal, errors.New("lists must not be null")
			}
			for lit := list.ElementIterator(); lit.Next(); {
				_, v := lit.Element()
				if v.IsNull() {
					return cty.NilVal, errors.New("list elements must not be null")
				}
				tmp[v.AsString()] = append(tmp[v.AsString()], k.AsString())
			}
		}
		out := map[string]cty.Value{}
		for k, vs := range tmp {
			sort.Strings(vs)
			l := make([]cty.Value, len(vs))
			for i, v := range vs {
				l[i] = cty.StringVal(v)
			}
			out[k] = cty.ListVal(l)
		}
		if len(out) == 0 {
			return cty.MapValEmpty(cty.List(cty.String)), nil
		}
		return cty.MapVal(out), nil
	},
})

func makeHashFunc(h func() hash.Hash, enc func([]byte) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(hashString(h, enc, []byte(args[0].AsString()))), nil
		},
	})
}

func hashString(h func() hash.Hash, enc func([]byte) string, b []byte) string {
	hh := h()
	hh.Write(b)
	return enc(hh.Sum(nil))
}

var base64GzipFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		if _, err := w.Write([]byte(args[0].AsString())); err != nil {
			return cty.NilVal, err
		}
		if err := w.Close(); err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b.Bytes())), nil
	},
})

// Only the UTF-8 family of encodings is supported; other encodings make the
// functions fail, which leaves their results unknown.
func utf8Encoding(name string) bool {
	switch strings.ToUpper(strings.ReplaceAll(name, "-", "")) {
	case "UTF8", "UTF", "ASCII", "USASCII":
		return true
	}
	return false
}

var textEncodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !utf8Encoding(args[1].AsString()) {
			return cty.NilVal, fmt.Errorf("encoding %q is not supported", args[1].AsString())
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString([]byte(args[0].AsString()))), nil
	},
})

var textDecodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "source", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !utf8Encoding(args[1].AsString()) {
			return cty.NilVal, fmt.Errorf("encoding %q is not supported", args[1].AsString())
		}
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil || !utf8.Valid(b) {
			return cty.NilVal, errors.New("the given value is not valid base64-encoded UTF-8 text")
		}
		return cty.StringVal(string(b)), nil
	},
})

var timeCmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "a", Type: cty.String}, {Name: "b", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		a, err := time.Parse(time.RFC3339, args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		b, err := time.Parse(time.RFC3339, args[1].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(1, err)
		}
		return cty.NumberIntVal(int64(a.Compare(b))), nil
	},
})

var uuidNamespaces = map[string]string{
	"dns":  "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
	"url":  "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
	"oid":  "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
	"x500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
}

// uuidV5Func is the RFC 4122 name-based (SHA-1) UUID.
var uuidV5Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "namespace", Type: cty.String}, {Name: "name", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		ns := args[0].AsString()
		if n, ok := uuidNamespaces[ns]; ok {
			ns = n
		}
		raw, err := hex.DecodeString(strings.ReplaceAll(ns, "-", ""))
		if err != nil || len(raw) != 16 {
			return cty.NilVal, function.NewArgErrorf(0, "uuidv5() doesn't support namespace %q", args[0].AsString())
		}
		h := sha1.New() //nolint:gosec // RFC 4122 version 5 UUIDs are defined with SHA-1
		h.Write(raw)
		h.Write([]byte(args[1].AsString()))
		u := h.Sum(nil)[:16]
		u[6] = (u[6] & 0x0f) | 0x50
		u[8] = (u[8] & 0x3f) | 0x80
		s := hex.EncodeToString(u)
		return cty.StringVal(s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]), nil
	},
})

// formatWidth finds width or precision specifiers in a format string.
var formatWidth = lazyre.New(`%[-+# 0]*(\d+)?(?:\.(\d+))?`)

// guardFormat refuses format strings with huge widths, which would make the
// evaluation allocate without bound.
func guardFormat(f function.Function) function.Function {
	return guard(f, func(args []cty.Value) error {
		if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String {
			return nil
		}
		for _, m := range formatWidth().FindAllStringSubmatch(args[0].AsString(), -1) {
			for _, n := range m[1:] {
				if v, err := strconv.Atoi(n); n != "" && (err != nil || v > 4096) {
					return limitf("a width or precision of %s in a format is more than the limit of 4096", n)
				}
			}
		}
		return nil
	})
}

// guardSetProduct refuses products with more than maxProduct elements.
func guardSetProduct(f function.Function) function.Function {
	return guard(f, func(args []cty.Value) error {
		n := 1
		for _, a := range args {
			if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() {
				return nil
			}
			n *= a.LengthInt()
			if n > maxProduct {
				return limitf("setproduct() would build more than %d elements, more than its limit", maxProduct)
			}
		}
		return nil
	})
}

const maxProduct = 10000

// guard wraps f with a check run on the arguments before the call.
func guard(f function.Function, check func([]cty.Value) error) function.Function {
	spec := &function.Spec{
		Params: f.Params(),
		Type:   f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := check(args); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	}
	if vp := f.VarParam(); vp != nil {
		spec.VarParam = vp
	}
	return function.New(spec)
}

// ---- YAML -------------------------------------------------------------------

var yamlDecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "src", Type: cty.String}},
	Type: func(args []cty.Value) (cty.Type, error) {
		if !args[0].IsKnown() {
			return cty.DynamicPseudoType, nil
		}
		v, err := yamlToCty(args[0].AsString())
		if err != nil {
			return cty.NilType, function.NewArgError(0, err)
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return yamlToCty(args[0].AsString())
	},
})

func yamlToCty(src string) (cty.Value, error) {
	var doc any
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return cty.NilVal, err
	}
	// yaml.v3 bounds the depth (10,000); aliases can still make many
	// values of a short document.
	if n := yamlValues(doc, 0); n > maxElements {
		return cty.NilVal, tooManyElements("yamldecode()", n)
	}
	return goToCty(tfadapter.NormalizeYAML(doc)), nil
}

// yamlValues adds to n the values of a decoded YAML tree, stopping past
// maxElements.
func yamlValues(v any, n int64) int64 {
	n++
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if n > maxElements {
				break
			}
			n = yamlValues(e, n)
		}
	case map[any]any:
		for _, e := range x {
			if n > maxElements {
				break
			}
			n = yamlValues(e, n)
		}
	case []any:
		for _, e := range x {
			if n > maxElements {
				break
			}
			n = yamlValues(e, n)
		}
	}
	return n
}

var yamlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !args[0].IsWhollyKnown() {
			return cty.UnknownVal(cty.String), nil
		}
		b, err := yaml.Marshal(ctyToGo(args[0]))
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(string(b)), nil
	},
})

// goToCty converts a JSON-like Go tree into a cty value.
func goToCty(v any) cty.Value {
	switch x := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case string:
		return cty.StringVal(x)
	case bool:
		return cty.BoolVal(x)
	case float64:
		return cty.NumberFloatVal(x)
	case map[string]any:
		if len(x) == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, len(x))
		for k, e := range x {
			m[k] = goToCty(e)
		}
		return cty.ObjectVal(m)
	case []any:
		if len(x) == 0 {
			return cty.EmptyTupleVal
		}
		l := make([]cty.Value, len(x))
		for i, e := range x {
			l[i] = goToCty(e)
		}
		return cty.TupleVal(l)
	}
	return cty.StringVal(fmt.Sprint(v))
}

// ctyToGo converts a wholly known cty value into a JSON-like Go tree.
func ctyToGo(v cty.Value) any {
	v, _ = v.UnmarkDeep()
	if v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Bool:
		return v.True()
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if i, acc := bf.Int64(); acc == big.Exact {
			return i
		}
		f, _ := bf.Float64()
		return f
	case ty.IsObjectType() || ty.IsMapType():
		m := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			m[k.AsString()] = ctyToGo(e)
		}
		return m
	case v.CanIterateElements():
		var l []any
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			l = append(l, ctyToGo(e))
		}
		return l
	}
	return nil
}
