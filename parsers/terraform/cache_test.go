package terraform

import (
	"os"
	"path/filepath"
	"testing"
)

func apiTF(name string) string {
	return `resource "aws_api_gateway_rest_api" "a" { name = "` + name + `" }` + "\n"
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// apiName loads dir and returns the name of its API.
func apiName(t *testing.T, dir string, opts Options) string {
	t.Helper()
	cfg, errs, _ := load(t, dir, opts)
	noErrors(t, errs)
	if len(cfg.APIs) != 1 {
		t.Fatalf("got %d APIs, want 1", len(cfg.APIs))
	}
	return cfg.APIs[0].Name.V
}

// TestPrefetch: a file read before its module's load (to find module
// calls) is not read again, parsed or not; each is taken once, and what
// does not fit the budget is read where it is needed.
func TestPrefetch(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "api", "main.tf")
	caller := filepath.Join(dir, "root", "main.tf")
	writeFile(t, plain, apiTF("on-disk"))
	writeFile(t, caller, apiTF("on-disk")+`module "m" { source = "../none" }`+"\n")

	pre := NewPrefetch(1 << 20)
	// The content handed over differs from the disk's, so the load tells
	// which one it read.
	if got := pre.LocalSources(plain, []byte(apiTF("held"))); got != nil {
		t.Errorf("sources of a file without module blocks: %q", got)
	}
	callerSrc := apiTF("held-parsed") + `module "m" { source = "../none" }` + "\n"
	if got := pre.LocalSources(caller, []byte(callerSrc)); len(got) != 1 || got[0] != "../none" {
		t.Errorf("sources: %q, want [../none]", got)
	}
	if got := apiName(t, filepath.Dir(plain), Options{Prefetch: pre}); got != "held" {
		t.Errorf("first load read %q, want the held content", got)
	}
	if got := apiName(t, filepath.Dir(plain), Options{Prefetch: pre}); got != "on-disk" {
		t.Errorf("second load read %q, want the disk (a held file is taken once)", got)
	}
	cfg, _, _ := load(t, filepath.Dir(caller), Options{Prefetch: pre})
	if len(cfg.APIs) != 1 || cfg.APIs[0].Name.V != "held-parsed" {
		t.Errorf("the parsed file held was not used")
	}

	// Over the budget: nothing is held.
	small := NewPrefetch(10)
	small.LocalSources(plain, []byte(apiTF("held")))
	if got := apiName(t, filepath.Dir(plain), Options{Prefetch: small}); got != "on-disk" {
		t.Errorf("a file over the budget was held: read %q", got)
	}

	// A shared module's files come through the scan's cache, which takes
	// them from the Prefetch too.
	pre = NewPrefetch(1 << 20)
	pre.LocalSources(plain, []byte(apiTF("held")))
	cache := NewFileCache([]string{filepath.Dir(plain)})
	if got := apiName(t, filepath.Dir(plain), Options{Prefetch: pre, Cache: cache}); got != "held" {
		t.Errorf("cached load read %q, want the held content", got)
	}
}

// TestFileCacheScan: the cache of one scan reads and parses a shared
// module's file once; the cache kept across scans (language server) reads
// it at every load and parses it again when it changed.
func TestFileCacheScan(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.tf")
	writeFile(t, path, apiTF("one"))

	scan := NewFileCache([]string{dir})
	all := NewFileCacheAll()
	for _, c := range []*FileCache{scan, all} {
		if got := apiName(t, dir, Options{Cache: c}); got != "one" {
			t.Fatalf("first load: %q", got)
		}
	}
	writeFile(t, path, apiTF("two"))
	if got := apiName(t, dir, Options{Cache: scan}); got != "one" {
		t.Errorf("the scan's cache read the file again: %q", got)
	}
	if got := apiName(t, dir, Options{Cache: all}); got != "two" {
		t.Errorf("the kept cache did not see the change: %q", got)
	}
}
