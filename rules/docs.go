package rules

import (
	"embed"
	"strings"
)

//go:embed docs/*.md
var docsFS embed.FS

// doc returns the embedded Markdown document of a rule.
func doc(code string) string {
	b, err := docsFS.ReadFile("docs/" + code + ".md")
	if err != nil {
		panic("rules: missing doc for " + code)
	}
	return strings.TrimSpace(string(b)) + "\n"
}
