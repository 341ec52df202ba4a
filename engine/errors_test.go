package engine_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

// TestBrokenInputs: unparsable files are reported with file and position,
// and the other inputs are still analyzed.
func TestBrokenInputs(t *testing.T) {
	root := testutil.RepoRoot(t)
	good := filepath.Join(root, "testdata", "rules", "tf-seed-api-prefix")
	bad := filepath.Join(root, "testdata", "errors")
	res, err := engine.Run([]string{bad, good}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasErrors() {
		t.Fatal("broken inputs produced no error")
	}
	wantErr := map[string]bool{"main.tf": false, "broken.yaml": false, "broken.json": false}
	for _, e := range res.Errors {
		base := filepath.Base(e.Range.File)
		if _, ok := wantErr[base]; ok && e.Severity == model.SevError {
			if e.Range.Start.Line == 0 {
				t.Errorf("%s: error without a position: %s", base, e.Message)
			}
			wantErr[base] = true
		}
		if strings.Contains(e.Message, "internal error") {
			t.Errorf("internal error: %s", e.Error())
		}
	}
	for f, seen := range wantErr {
		if !seen {
			t.Errorf("no positioned parse error for %s; errors: %v", f, res.Errors)
		}
	}
	found := false
	for _, f := range res.Findings {
		if f.Rule == "EL004" && strings.HasSuffix(f.Range.File, "cdn.tf") {
			found = true
		}
	}
	if !found {
		t.Error("the good module next to broken inputs was not analyzed")
	}
}

// TestExplicitNonTemplate: a file named on the command line that is neither
// Terraform nor a template is an error, never a silent skip.
func TestExplicitNonTemplate(t *testing.T) {
	p := filepath.Join(testutil.RepoRoot(t), "testdata", "errors", "cfn", "binary.template")
	res, err := engine.Run([]string{p}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasErrors() {
		t.Fatalf("binary file named explicitly was skipped silently")
	}
}

// TestMissingPath is a usage error.
func TestMissingPath(t *testing.T) {
	if _, err := engine.Run([]string{"does/not/exist"}, engine.Options{}); err == nil {
		t.Fatal("missing path: want an error")
	}
}

// TestHugeFile: a file over the size limit is an input error (the run
// fails closed), not read, and the other files are still analyzed.
func TestHugeFile(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: nothing is written, and nothing must be read.
	if err := f.Truncate(64<<20 + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, string(e.Severity)+" "+filepath.Base(e.Range.File)+": "+e.Message)
	}
	want := "error huge.yaml: not analyzed: the file (67108865 bytes) is larger than the 64 MiB limit"
	if len(got) != 1 || got[0] != want {
		t.Errorf("errors %q, want [%q]", got, want)
	}
	if !slices.Contains(res.Config.Files, filepath.Join(dir, "template.yaml")) {
		t.Errorf("the other file was not analyzed: files %q", res.Config.Files)
	}
}
