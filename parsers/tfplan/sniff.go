package tfplan

import (
	"bytes"
	"encoding/json"

	"github.com/edgelint/edgelint/internal/keyscan"
)

// Sniff reports whether src is `terraform show -json` output for a plan:
// a JSON object with format_version and planned_values or
// resource_changes, and the configuration object. It decides by content;
// the name is not consulted. The test is a few linear scans, never a parse.
func Sniff(_ string, src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	src = bytes.TrimLeft(src, " \t\r\n")
	if len(src) == 0 || src[0] != '{' || bytes.IndexByte(src, 0) >= 0 {
		return false
	}
	return keyscan.JSONKey(src, "format_version", startsWith('"')) &&
		(keyscan.JSONKey(src, "planned_values", startsWith('[', '{')) || keyscan.JSONKey(src, "resource_changes", startsWith('[', '{'))) &&
		keyscan.JSONKey(src, "configuration", startsWith('{'))
}

// Damaged reports whether src is meant to be `terraform show -json`
// output but is not valid JSON: a plan cut short (its configuration,
// which comes last, missing) or otherwise broken. It starts as that
// output does, a JSON object with format_version and terraform_version,
// planned_values or resource_changes; Parse then reports where it
// breaks. Valid JSON that Sniff does not take (the JSON of a state, a
// provider schema) is not damaged. UTF-16 output (with a byte order
// mark) is damaged when its decoded text starts so.
func Damaged(_ string, src []byte) bool {
	utf16 := false
	if u, ok := keyscan.UTF16(src); ok {
		// Plan output in UTF-16 is not JSON edgelint reads.
		src, utf16 = u, true
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	src = bytes.TrimLeft(src, " \t\r\n")
	if len(src) == 0 || src[0] != '{' {
		return false
	}
	return keyscan.JSONKey(src, "format_version", startsWith('"')) &&
		(keyscan.JSONKey(src, "terraform_version", startsWith('"')) ||
			keyscan.JSONKey(src, "planned_values", startsWith('[', '{')) ||
			keyscan.JSONKey(src, "resource_changes", startsWith('[', '{')) ||
			keyscan.JSONKey(src, "configuration", startsWith('{'))) &&
		(utf16 || !json.Valid(src))
}

// startsWith returns a test of whether a value starts with one of cs.
func startsWith(cs ...byte) func([]byte) bool {
	return func(b []byte) bool { return len(b) > 0 && bytes.IndexByte(cs, b[0]) >= 0 }
}
