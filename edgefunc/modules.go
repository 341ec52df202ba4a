package edgefunc

import (
	"crypto/hmac"
	"crypto/md5"  //nolint:gosec // CloudFront Functions offer md5; it hashes, it protects nothing here
	"crypto/sha1" //nolint:gosec // as md5
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"strings"

	"github.com/dop251/goja"
)

// querystringModule is CloudFront's querystring module (Node.js's
// querystring: parse/decode, stringify/encode, escape, unescape),
// CloudFront Developer Guide, "Query string module".
func (st *state) querystringModule() goja.Value {
	vm := st.vm
	m := vm.NewObject()
	parse := func(call goja.FunctionCall) goja.Value {
		s := call.Argument(0).String()
		if goja.IsUndefined(call.Argument(0)) || goja.IsNull(call.Argument(0)) {
			s = ""
		}
		sep, eq := optString(call.Argument(1), "&"), optString(call.Argument(2), "=")
		out := vm.NewObject()
		if s == "" {
			return out
		}
		if len(s) > st.lim.Length {
			panic(vm.NewTypeError("edgelint: query string longer than edgelint runs"))
		}
		for _, part := range strings.Split(s, sep) {
			if part == "" {
				continue
			}
			k, v, _ := strings.Cut(part, eq)
			k, v = qsUnescape(k), qsUnescape(v)
			prev := out.Get(k)
			switch {
			case prev == nil || goja.IsUndefined(prev):
				_ = out.Set(k, v)
			default:
				if arr, ok := prev.Export().([]any); ok {
					_ = out.Set(k, vm.NewArray(append(arr, v)...))
				} else {
					_ = out.Set(k, vm.NewArray(prev, v))
				}
			}
		}
		return out
	}
	stringify := func(call goja.FunctionCall) goja.Value {
		o, ok := call.Argument(0).(*goja.Object)
		if !ok || o == nil {
			return vm.ToValue("")
		}
		sep, eq := optString(call.Argument(1), "&"), optString(call.Argument(2), "=")
		var parts []string
		for _, k := range o.Keys() {
			v := o.Get(k)
			ek := qsEscape(k)
			if arr, ok := v.(*goja.Object); ok && arr.ClassName() == "Array" {
				for _, x := range arr.Keys() {
					parts = append(parts, ek+eq+qsEscape(primitive(arr.Get(x))))
				}
				continue
			}
			parts = append(parts, ek+eq+qsEscape(primitive(v)))
		}
		return vm.ToValue(strings.Join(parts, sep))
	}
	_ = m.Set("parse", parse)
	_ = m.Set("decode", parse)
	_ = m.Set("stringify", stringify)
	_ = m.Set("encode", stringify)
	_ = m.Set("escape", qsEscape)
	_ = m.Set("unescape", qsUnescape)
	return m
}

func optString(v goja.Value, def string) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return def
	}
	if s := v.String(); s != "" {
		return s
	}
	return def
}

// primitive is how Node's querystring.stringify writes a value: strings,
// finite numbers and booleans as text, anything else as "".
func primitive(v goja.Value) string {
	if v == nil {
		return ""
	}
	switch x := v.Export().(type) {
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	case int64:
		return fmt.Sprint(x)
	case float64:
		return v.String()
	}
	return ""
}

// qsEscape percent-encodes as encodeURIComponent does.
func qsEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// qsUnescape decodes percent escapes and "+" as a space; a malformed
// escape is kept as written (Node's querystring.unescape).
func qsUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return strings.ReplaceAll(s, "+", " ")
}

// cryptoModule is CloudFront's crypto module: createHash and createHmac
// for md5, sha1, sha256 and sha512, digests encoded as hex, base64,
// base64url or latin1 (CloudFront Developer Guide, "Crypto module").
// A digest without an encoding is a byte string in 1.0 and a Buffer in
// 2.0, which edgelint does not model: that result is Unknown.
func (st *state) cryptoModule() goja.Value {
	vm := st.vm
	m := vm.NewObject()
	newHasher := func(alg string, key []byte, mac bool) goja.Value {
		var h func() hash.Hash
		switch strings.ToLower(alg) {
		case "md5":
			h = md5.New
		case "sha1":
			h = sha1.New
		case "sha256":
			h = sha256.New
		case "sha512":
			h = sha512.New
		default:
			panic(vm.NewTypeError(fmt.Sprintf("unsupported digest algorithm %q", alg)))
		}
		var hh hash.Hash
		if mac {
			hh = hmac.New(h, key)
		} else {
			hh = h()
		}
		o := vm.NewObject()
		_ = o.Set("update", func(call goja.FunctionCall) goja.Value {
			_, _ = hh.Write([]byte(call.Argument(0).String()))
			return o
		})
		_ = o.Set("digest", func(call goja.FunctionCall) goja.Value {
			sum := hh.Sum(nil)
			enc := call.Argument(0)
			if goja.IsUndefined(enc) || goja.IsNull(enc) {
				if st.runtime == "cloudfront-js-2.0" {
					st.makeUnknown("the function takes a digest as a Buffer, which edgelint does not run")
					return goja.Undefined()
				}
				return vm.ToValue(latin1(sum))
			}
			switch enc.String() {
			case "hex":
				return vm.ToValue(hex.EncodeToString(sum))
			case "base64":
				return vm.ToValue(base64.StdEncoding.EncodeToString(sum))
			case "base64url":
				return vm.ToValue(base64.RawURLEncoding.EncodeToString(sum))
			case "latin1", "binary":
				return vm.ToValue(latin1(sum))
			}
			panic(vm.NewTypeError(fmt.Sprintf("unsupported digest encoding %q", enc.String())))
		})
		return o
	}
	_ = m.Set("createHash", func(alg string) goja.Value { return newHasher(alg, nil, false) })
	_ = m.Set("createHmac", func(alg, key string) goja.Value { return newHasher(alg, []byte(key), true) })
	return m
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
