package suppress_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// copyEdited copies the file src to dst, replacing old, which must occur,
// with replacement; an empty old copies the file unchanged.
func copyEdited(t *testing.T, src, dst, old, replacement string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if old != "" {
		if !strings.Contains(s, old) {
			t.Fatalf("%s does not contain %q", src, old)
		}
		s = strings.Replace(s, old, replacement, 1)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWithEngine suppresses real findings of the engine in Terraform,
// CloudFormation YAML and CloudFormation JSON.
func TestWithEngine(t *testing.T) {
	dir := t.TempDir()
	root := ".."
	tf := filepath.Join(dir, "tf")
	copyEdited(t, filepath.Join(root, "examples", "broken", "api.tf"), filepath.Join(tf, "api.tf"), "", "")
	copyEdited(t, filepath.Join(root, "examples", "broken", "cdn.tf"), filepath.Join(tf, "cdn.tf"),
		"  # CloudFront does not strip \"/api\": requests reach /prod/api/posts.\n  ordered_cache_behavior {",
		"  # edgelint:ignore EL004 the path is rewritten by a CloudFront function\n  ordered_cache_behavior {")
	copyEdited(t, filepath.Join(tf, "cdn.tf"), filepath.Join(tf, "cdn.tf"),
		`.excute-api.${var.region}.amazonaws.com"`,
		`.excute-api.${var.region}.amazonaws.com" # edgelint:ignore origin-domain-malformed private DNS alias`)
	copyEdited(t, filepath.Join(root, "testdata", "rules", "cfn-el002-json", "template.json"), filepath.Join(dir, "json", "template.json"),
		`"Type": "AWS::CloudFront::Distribution",`,
		`"Type": "AWS::CloudFront::Distribution", "Metadata": {"edgelint": {"ignore": ["EL002"], "reason": "stage made by the pipeline"}},`)
	copyEdited(t, filepath.Join(root, "testdata", "rules", "cfn-el005-domain", "template.yaml"), filepath.Join(dir, "yaml", "template.yaml"),
		"          - Id: api-port\n",
		"          # edgelint:ignore EL005 the port is stripped by a proxy\n          - Id: api-port\n")

	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.HasErrors() {
		t.Fatalf("input errors: %v", res.Errors)
	}
	// The engine applies the directives itself.
	var kept []string
	for _, f := range res.Findings {
		kept = append(kept, f.Rule+" "+f.Range.String()[len(dir)+1:])
	}
	want := []string{"EL003 tf/api.tf:37:19", "EL005 yaml/template.yaml:39:25"}
	if strings.Join(kept, ",") != strings.Join(want, ",") {
		t.Errorf("kept %q, want %q", kept, want)
	}
	var suppressed []string
	for _, s := range res.Suppressed {
		suppressed = append(suppressed, s.Finding.Rule+" "+filepath.Base(s.Finding.Range.File)+" by "+s.By.Kind.String())
	}
	sort.Strings(suppressed)
	if got, want := strings.Join(suppressed, ","), "EL002 template.json by Metadata,EL004 cdn.tf by comment,EL005 cdn.tf by end-of-line comment,EL005 template.yaml by comment"; got != want {
		t.Errorf("suppressed %s, want %s", got, want)
	}
	for _, e := range res.Errors {
		t.Errorf("problem: %v", e)
	}
}

// TestNearMissWithEngine: the engine reports a misspelled suppression in
// a file that holds no "edgelint:ignore" at all, and the finding it meant
// to silence stays.
func TestNearMissWithEngine(t *testing.T) {
	dir := t.TempDir()
	root := ".."
	copyEdited(t, filepath.Join(root, "examples", "broken", "api.tf"), filepath.Join(dir, "api.tf"), "", "")
	copyEdited(t, filepath.Join(root, "examples", "broken", "cdn.tf"), filepath.Join(dir, "cdn.tf"),
		`.excute-api.${var.region}.amazonaws.com"`,
		`.excute-api.${var.region}.amazonaws.com" # EdgeLint-Ignore EL005`)
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range res.Errors {
		if strings.Contains(e.Message, `write "# edgelint:ignore EL005"`) && e.Suppression && e.Range.Start.Line > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning about the misspelled suppression: %v", res.Errors)
	}
	el005 := false
	for _, f := range res.Findings {
		el005 = el005 || f.Rule == "EL005"
	}
	if !el005 {
		t.Error("the misspelled suppression silenced EL005")
	}
}
