package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/rules"
)

// An interrupted analysis reports nothing, not even an empty (clean)
// report, and exits with the error status.
func TestInterruptedAnalysis(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var stdout, stderr bytes.Buffer
		a := &app{
			stdout: &stdout, stderr: &stderr, ctx: ctx,
			analyze: engine.RunContext, rules: rules.All,
			getenv: func(string) string { return "" },
		}
		if code := a.run([]string{"--no-config", "--format", format, dir}); code != exitError {
			t.Errorf("%s: exit %d, want %d", format, code, exitError)
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: an interrupted analysis printed a report: %q", format, stdout.String())
		}
		if !strings.Contains(stderr.String(), "interrupted") {
			t.Errorf("%s: stderr %q does not say the analysis was interrupted", format, stderr.String())
		}
	}
}
