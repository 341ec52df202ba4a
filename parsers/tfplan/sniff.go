package tfplan

import (
	"bytes"
	"regexp"
)

var (
	formatVersionRE = regexp.MustCompile(`"format_version"\s*:\s*"`)
	planKeyRE       = regexp.MustCompile(`"(?:planned_values|resource_changes)"\s*:\s*[\[{]`)
	configurationRE = regexp.MustCompile(`"configuration"\s*:\s*\{`)
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
	return formatVersionRE.Match(src) && planKeyRE.Match(src) && configurationRE.Match(src)
}
