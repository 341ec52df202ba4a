package cloudformation

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

// The regular expressions Sniff's key scans implement: the specification
// its tests check it against.
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

// sniffRE is Sniff written with the regular expressions.
func sniffRE(src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if looksJSON(src) {
		return jsonVersionRE.Match(src) || jsonSAMRE.Match(src) ||
			(jsonResourcesRE.Match(src) && jsonTypeRE.Match(src))
	}
	if first := firstByte(src); first == '[' || first == 0 && !bytes.ContainsRune(src, 0) {
		return false
	}
	return yamlVersionRE.Match(src) || yamlSAMRE.Match(src) ||
		(yamlResourcesRE.Match(src) && yamlTypeRE.Match(src))
}

// sniffFragments are the pieces the generated documents are made of: the
// keys and values the expressions look for, and every character class
// their edges depend on.
var sniffFragments = []string{
	"AWSTemplateFormatVersion", "Resources", "Type", "Transform", "AWS::", "Custom::", "Alexa::",
	"AWS::Serverless-", "Serverless-", "S3", "x", "Bucket", "2010-09-09",
	`"`, "'", ":", " ", "\t", "\n", "\r", "\r\n", "\f", "#", "-", "[", "]", "{", "}", ",", "My", "9", "_",
}

// sniffDocs generates n documents, deterministically: lines built like
// the keys the expressions look for (indentation, quotes, blanks, a colon,
// a value, a comment, a list item), with random pieces inserted and
// removed; half start with "{" so that the JSON expressions are exercised
// too.
func sniffDocs(n int) [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	keys := []string{"AWSTemplateFormatVersion", "Resources", "Type", "Transform"}
	docs := make([][]byte, n)
	for i := range docs {
		var b strings.Builder
		json := i%2 == 0
		if json {
			b.WriteString("{")
		}
		for range 1 + r.IntN(5) {
			q := pick("", "", `"`, "'")
			if json {
				q = pick(`"`, `"`, "")
			}
			b.WriteString(pick("", "", " ", "  ", "\t", "x"))
			b.WriteString(q + pick(keys...) + pick(q, q, "", `"`, "'"))
			b.WriteString(pick("", "", " ", "\t", "\n ", "\f") + pick(":", ":", ";", ""))
			b.WriteString(pick("", " ", "\t", "\n", "\r\n"))
			b.WriteString(pick("", "{", "[", `["x", `, `"`, "'", "- ", "\n  - ", "#c") +
				pick("AWS::S3", "Custom::T", "Alexa::A", "AWS::Serverless-2016", "AWS::", "AWS::-", "Other::X", "x") +
				pick("", `"`, "'", "]", "}", " # c", "\r"))
			b.WriteString(pick("\n", "\n", "\r\n", "\r", ", ", ""))
			for range r.IntN(3) {
				// A random piece inserted somewhere, or a byte removed.
				s := b.String()
				k := r.IntN(len(s) + 1)
				if r.IntN(2) == 0 && k < len(s) {
					s = s[:k] + s[k+1:]
				} else {
					s = s[:k] + sniffFragments[r.IntN(len(sniffFragments))] + s[k:]
				}
				b.Reset()
				b.WriteString(s)
			}
		}
		docs[i] = []byte(b.String())
	}
	return docs
}

// TestSniffMatchesExpressions: Sniff decides as the regular expressions it
// replaces do, on generated documents made of the pieces their edges
// depend on, on this package's test data and on the shared corpus.
func TestSniffMatchesExpressions(t *testing.T) {
	check := func(name string, src []byte) {
		t.Helper()
		if got, want := Sniff(name, src), sniffRE(src); got != want {
			t.Errorf("Sniff(%q) = %v, the expressions say %v", src, got, want)
		}
	}
	matched := 0
	for _, d := range sniffDocs(200000) {
		check("generated", d)
		if sniffRE(d) {
			matched++
		}
	}
	t.Logf("%d of the generated documents are templates", matched)
	if matched < 1000 {
		t.Errorf("only %d generated documents are templates: the generator no longer exercises the scans", matched)
	}
	walk := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if src, err := os.ReadFile(p); err == nil {
				check(p, src)
			}
			return nil
		})
	}
	walk("testdata")
	walk(testutil.SharedCorpus(t))
}

func FuzzSniff(f *testing.F) {
	for _, d := range sniffDocs(64) {
		f.Add(d)
	}
	f.Add([]byte("Transform:\n  - AWS::Serverless-2016-10-31\n"))
	f.Add([]byte(`{"Transform": ["x", "AWS::Serverless-2016-10-31"]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := Sniff("fuzz", src), sniffRE(src); got != want {
			t.Errorf("Sniff(%q) = %v, the expressions say %v", src, got, want)
		}
	})
}
