//go:build unix

package engine_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
)

// TestFIFONamedDoesNotBlock: a named pipe given on the command line is
// reported as unreadable; opening it does not wait for a writer.
func TestFIFONamedDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "template.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan *engine.Result, 1)
	go func() {
		res, err := engine.Run([]string{fifo}, engine.Options{})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil {
			return
		}
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "not a regular file") {
			t.Errorf("errors %+v, want one saying the file is not a regular file", res.Errors)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("engine.Run blocked on a named pipe")
	}
}
