package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLinkOutsideWorkspace: in an editor, a .tf file of the workspace
// linked to a file outside it does not stop the analysis of its module,
// and nothing of that file reaches the client. (The refusal itself is an
// input error, published only for open documents.)
func TestLinkOutsideWorkspace(t *testing.T) {
	dir := copyDir(t, "../examples/broken")
	outside := t.TempDir()
	const secret = "edgelint-secret-5f1c9e :: token=ghp_leak\n"
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	leak := filepath.Join(dir, "leak.tf")
	if err := os.Symlink(filepath.Join(outside, "secret"), leak); err != nil {
		t.Fatal(err)
	}
	c := startClient(t, &Server{Debounce: 20 * time.Millisecond})
	c.initialize(dir, ClientCapabilities{})
	c.open(filepath.Join(dir, "api.tf"))
	c.waitDiags(filepath.Join(dir, "api.tf"), "EL003", hasCode("EL003"))
	c.mu.Lock()
	sent, err := json.Marshal([]any{c.order, c.logs})
	c.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"edgelint-secret-5f1c9e", "ghp_leak"} {
		if strings.Contains(string(sent), s) {
			t.Errorf("the client received %q from outside the workspace:\n%s", s, sent)
		}
	}
}
