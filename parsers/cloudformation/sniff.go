package cloudformation

import (
	"bytes"
	"regexp"
	"unicode/utf8"
)

// sniffHead is how much of a file is checked for binary content.
const sniffHead = 8 << 10

var (
	jsonVersionRE   = regexp.MustCompile(`"AWSTemplateFormatVersion"\s*:`)
	jsonResourcesRE = regexp.MustCompile(`"Resources"\s*:\s*\{`)
	jsonTypeRE      = regexp.MustCompile(`"Type"\s*:\s*"(?:AWS|Custom|Alexa)::[A-Za-z0-9]`)
	jsonSAMRE       = regexp.MustCompile(`"Transform"\s*:\s*(?:\[[^\]]*)?"AWS::Serverless-`)

	yamlVersionRE   = regexp.MustCompile(`(?m)^[ \t]*["']?AWSTemplateFormatVersion["']?[ \t]*:`)
	yamlResourcesRE = regexp.MustCompile(`(?m)^[ \t]*["']?Resources["']?[ \t]*:[ \t]*(?:#.*)?\r?$`)
	yamlTypeRE      = regexp.MustCompile(`(?m)^[ \t]+["']?Type["']?[ \t]*:[ \t]*["']?(?:AWS|Custom|Alexa)::[A-Za-z0-9]`)
	yamlSAMRE       = regexp.MustCompile(`(?m)^["']?Transform["']?[ \t]*:[^\n]*(?:\n[ \t]+-[^\n]*)*AWS::Serverless-`)
)

// Sniff reports, by content, whether src is a CloudFormation or SAM
// template (YAML or JSON): it declares AWSTemplateFormatVersion, the SAM
// transform, or a Resources mapping with AWS::/Custom:: typed resources.
// Binary content is rejected from the first few kilobytes; the rest is a
// few linear scans, never a parse.
func Sniff(_ string, src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if isBinary(src) {
		return false
	}
	if looksJSON(src) {
		return jsonVersionRE.Match(src) || jsonSAMRE.Match(src) ||
			(jsonResourcesRE.Match(src) && jsonTypeRE.Match(src))
	}
	if first := firstByte(src); first == '[' || first == 0 {
		return false
	}
	return yamlVersionRE.Match(src) || yamlSAMRE.Match(src) ||
		(yamlResourcesRE.Match(src) && yamlTypeRE.Match(src))
}

// isBinary reports whether the start of src holds NUL bytes or is not UTF-8.
func isBinary(src []byte) bool {
	head := src
	if len(head) > sniffHead {
		head = head[:sniffHead]
		// Do not count a code point cut at the boundary.
		for i := 0; i < utf8.UTFMax-1 && len(head) > 0; i++ {
			if r, _ := utf8.DecodeLastRune(head); r != utf8.RuneError {
				break
			}
			head = head[:len(head)-1]
		}
	}
	return bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(head)
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
