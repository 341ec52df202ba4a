package suppress

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// fuzzNames are the file names a fuzzed file is read as: each way Parse
// reads directives (native syntax comments, JSON without comments, YAML
// and JSON templates with comments and Metadata).
var fuzzNames = []string{"main.tf", "main.tf.json", "template.yaml", "template.json", "prod.tfvars", "terragrunt.hcl"}

// FuzzParse reads the directives of the fuzzed bytes as each kind of file
// (kind picks the name): no input may panic Parse or Apply; directives,
// their rules, scopes and problems lie within the file; two readings
// agree; and a finding at the start of a directive's scope, of a rule it
// names, is suppressed.
func FuzzParse(f *testing.F) {
	for i, s := range []string{cdnTF, templateYAML, templateJSON} {
		f.Add([]byte(s), uint8(i*2))
	}
	for _, s := range [][2]string{
		{"resource \"x\" \"y\" { # edgelint:ignore EL003 reason\n  a = 1 // edgelint:ignore EL004,EL005\n  /* edgelint:ignore method-requires-auth why */ b = 2\n}\n", "main.tf"},
		{"Resources:\n  Api: # edgelint:ignore EL001\n    Type: AWS::ApiGateway::RestApi\n    Metadata:\n      edgelint: {ignore: [EL003, EL099], reason: because}\n", "template.yaml"},
		{"Resources:\n  A:\n    Metadata: {edgelint: {ignore: EL003}}\n  B: &b\n    Metadata: *b\n", "template.yaml"},
		{"{\"Resources\": {\"A\": {\"Metadata\": {\"edgelint\": {\"ignore\": [\"EL004\"], \"reason\": \"x\"}}}}}", "template.json"},
	} {
		for i, n := range fuzzNames {
			if n == s[1] {
				f.Add([]byte(s[0]), uint8(i))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, kind uint8) {
		path := fuzzNames[int(kind)%len(fuzzNames)]
		defer testutil.Watchdog(fmt.Sprintf("reading the directives of %s (%d bytes)", path, len(src)))()
		set, problems := Parse(path, src)
		set2, problems2 := Parse(path, src)
		if !reflect.DeepEqual(set, set2) || !reflect.DeepEqual(problems, problems2) {
			t.Errorf("two readings of the same file differ:\n%+v %v\n%+v %v", set, problems, set2, problems2)
		}
		for _, p := range problems {
			testutil.CheckRange(t, "problem "+p.Message, p.Range, path, src)
		}
		var findings []rules.Finding
		for _, d := range set.Directives {
			testutil.CheckRange(t, "directive", d.Range, path, src)
			testutil.CheckRange(t, "scope", d.Scope, path, src)
			for _, r := range d.Rules {
				testutil.CheckRange(t, "rule "+r.Text, r.Range, path, src)
				if r.Code != "" && d.Scope.Start != d.Scope.End {
					findings = append(findings, rules.Finding{Rule: r.Code, Message: "at the scope's start",
						Range: model.Range{File: path, Start: d.Scope.Start, End: d.Scope.Start}})
				}
			}
		}
		res := Apply(findings, Options{Files: []string{path}, Read: func(string) ([]byte, error) { return src, nil }})
		if len(res.Kept) > 0 {
			t.Errorf("findings at the start of a directive's scope, of a rule it names, are kept: %v", res.Kept)
		}
		if len(res.Kept)+len(res.Suppressed) != len(findings) {
			t.Errorf("%d findings in, %d kept and %d suppressed", len(findings), len(res.Kept), len(res.Suppressed))
		}
		for _, p := range res.Problems {
			testutil.CheckRange(t, "problem "+p.Message, p.Range, path, src)
		}
	})
}
