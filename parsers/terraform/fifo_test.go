//go:build unix

package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOsDoNotBlock: a named pipe posing as a configuration file or read
// by file() must not hang the scan.
func TestFIFOsDoNotBlock(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"pipe.tf", "body.json"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	src := `resource "aws_api_gateway_rest_api" "x" {
  name = "x"
  body = file("body.json")
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		cfg, errs := LoadModule(dir, Options{}, nil)
		if len(cfg.APIs) != 1 || cfg.APIs[0].ResourcesUnknown == "" {
			t.Errorf("APIs = %+v", cfg.APIs)
		}
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e.Message, "not a regular file")
		}
		if !found {
			t.Errorf("errors = %v", errs)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("LoadModule blocked on a FIFO")
	}
}
