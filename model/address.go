package model

import "strings"

// StripInstanceKeys removes the instance keys from a Terraform address:
// `module.api["eu"].aws_api_gateway_method.get["posts"]` becomes
// `module.api.aws_api_gateway_method.get`. Keys are bracketed, and a
// quoted key may hold any character.
func StripInstanceKeys(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	var b strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, c := range addr {
		switch {
		case depth == 0 && c == '[':
			depth = 1
		case depth == 0:
			b.WriteRune(c)
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case !quoted && c == ']':
			depth = 0
		}
	}
	return b.String()
}
