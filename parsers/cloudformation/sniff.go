package cloudformation

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/edgelint/edgelint/internal/keyscan"
)

// Sniff reports, by content, whether src is a CloudFormation or SAM
// template (YAML or JSON): it declares AWSTemplateFormatVersion, the SAM
// transform, or a Resources mapping with AWS::/Custom:: typed resources.
// It is a few substring searches (internal/keyscan), never a parse. A
// file that says so is a template even when it holds bytes no template
// may hold (a NUL, invalid UTF-8: binary content): Parse then reports
// where, rather than the template being skipped unseen; binary content
// without those keys is not a template. UTF-16 text with a byte order
// mark is scanned decoded; Parse reports that it is not UTF-8.
func Sniff(_ string, src []byte) bool {
	if u, ok := keyscan.UTF16(src); ok {
		src = u
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if looksJSON(src) {
		return keyscan.JSONKey(src, "AWSTemplateFormatVersion", anything) ||
			keyscan.JSONKey(src, "Transform", jsonSAMTransform) ||
			(keyscan.JSONKey(src, "Resources", jsonObject) && keyscan.JSONKey(src, "Type", jsonResourceType))
	}
	if first := firstByte(src); first == '[' || first == 0 && !bytes.ContainsRune(src, 0) {
		return false
	}
	return keyscan.YAMLKey(src, "AWSTemplateFormatVersion", keyscan.AnyIndent, anything) ||
		keyscan.YAMLKey(src, "Transform", keyscan.Column0, yamlSAMTransform) ||
		(keyscan.YAMLKey(src, "Resources", keyscan.AnyIndent, keyscan.LineEnd) &&
			keyscan.YAMLKey(src, "Type", keyscan.Indented, yamlResourceType))
}

func anything([]byte) bool { return true }

const samTransform = "AWS::Serverless-"

// resourceTypePrefix reports whether b starts with a resource type of a
// namespace CloudFormation templates use (AWS::, Custom::, Alexa::) and a
// letter or digit.
func resourceTypePrefix(b []byte) bool {
	for _, ns := range []string{"AWS::", "Custom::", "Alexa::"} {
		if rest, ok := bytes.CutPrefix(b, []byte(ns)); ok {
			return len(rest) > 0 && isAlnum(rest[0])
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// jsonObject: the value is an object.
func jsonObject(b []byte) bool { return len(b) > 0 && b[0] == '{' }

// jsonResourceType: the value is a string holding a resource type.
func jsonResourceType(b []byte) bool { return len(b) > 0 && b[0] == '"' && resourceTypePrefix(b[1:]) }

// jsonSAMTransform: the value is the SAM transform's name, or a list
// holding it.
func jsonSAMTransform(b []byte) bool {
	if len(b) > 0 && b[0] == '[' {
		b = b[1:]
		if end := bytes.IndexByte(b, ']'); end >= 0 {
			b = b[:end]
		}
		return bytes.Contains(b, []byte(`"`+samTransform))
	}
	return bytes.HasPrefix(b, []byte(`"`+samTransform))
}

// yamlResourceType: the value (after optional spaces and an optional
// quote) is a resource type.
func yamlResourceType(b []byte) bool {
	b = keyscan.SkipBlanks(b)
	if len(b) > 0 && (b[0] == '"' || b[0] == '\'') {
		b = b[1:]
	}
	return resourceTypePrefix(b)
}

// yamlSAMTransform: the SAM transform's name is on the rest of the line,
// or on one of the list items that follow it (lines starting with
// indentation and a dash).
func yamlSAMTransform(b []byte) bool {
	for first := true; ; first = false {
		line, next, more := bytes.Cut(b, []byte("\n"))
		if !first {
			item := keyscan.SkipBlanks(line)
			if len(item) == len(line) || len(item) == 0 || item[0] != '-' {
				return false
			}
			line = item[1:]
		}
		if bytes.Contains(line, []byte(samTransform)) {
			return true
		}
		if !more {
			return false
		}
		b = next
	}
}

// notText returns the offset of the first NUL byte or byte that is not
// part of valid UTF-8 in src, and what it is; -1 when there is none.
func notText(src []byte) (int, string) {
	nul := bytes.IndexByte(src, 0)
	if utf8.Valid(src) {
		if nul < 0 {
			return -1, ""
		}
		return nul, "a NUL byte"
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c == 0 {
			return i, "a NUL byte"
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i, fmt.Sprintf("the byte 0x%02X, which is not valid UTF-8", c)
		}
		i += n
	}
	return -1, ""
}

// firstByte returns the first byte that is not white space or part of a
// YAML comment line, or 0.
func firstByte(src []byte) byte {
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case ' ', '\t', '\r', '\n':
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		default:
			return c
		}
	}
	return 0
}

// looksJSON reports whether src is a JSON document (an object at the top).
func looksJSON(src []byte) bool {
	return firstByte(bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))) == '{'
}
