package config

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testutil"
)

// FuzzParse reads the fuzzed bytes as .edgelint.yaml and matches a fuzzed
// path against its exclude patterns: no input may panic or hang; every
// problem lies within the file; two readings agree; and an exclude
// pattern without wildcards excludes the path it names.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"fail-on: warning\nexclude: [\"examples/**\", \"./vendor/\", \"**/*.generated.yaml\"]\nrules:\n  EL001: {enabled: false}\n  method-requires-auth: {severity: warning}\nterraform:\n  var-files: [env/prod.tfvars]\n  vars: {stage: prod, replicas: 3, debug: false}\ncloudformation:\n  parameters:\n    StageName: prod\n",
		"rules:\n  el005:\n    enabled: true\n    severity: info\n",
		"exclude:\n  - '**/a/**/b'\n  - '[a-c]*/x?'\n  - 'dir\\*'\n",
		"fail_on: error\ncolor: always\nterraform: {varfiles: x}\n",
		"---\n~\n",
		"exclude: &a [x]\nrules: *a\n",
	} {
		f.Add([]byte(s), "examples/a/b")
	}
	dir := f.TempDir()
	path := filepath.Join(dir, ".edgelint.yaml")
	f.Fuzz(func(t *testing.T, src []byte, probe string) {
		defer testutil.Watchdog(fmt.Sprintf("reading %d bytes of configuration and matching %q", len(src), probe))()
		c, err := Parse(path, src)
		c2, err2 := Parse(path, src)
		if fmt.Sprint(err) != fmt.Sprint(err2) || !reflect.DeepEqual(c, c2) {
			t.Errorf("two readings of the same configuration differ:\n%+v %v\n%+v %v", c, err, c2, err2)
		}
		for _, p := range Problems(err) {
			testutil.CheckRange(t, "problem "+p.Message, p.Range, path, src)
		}
		if err != nil {
			if len(Problems(err)) == 0 {
				t.Errorf("an error without a position: %v", err)
			}
			return
		}
		c.Exclude(filepath.Join(dir, filepath.FromSlash(probe)))
		for _, pat := range c.Excludes {
			if strings.ContainsAny(pat, `*?[\`) {
				continue
			}
			if !c.Exclude(filepath.Join(dir, filepath.FromSlash(pat))) {
				t.Errorf("the exclude pattern %q does not exclude the path it names", pat)
			}
		}
	})
}

// TestExcludeManyDoubleStars matches a path of many segments against a
// pattern of many "**": each "**" may take any number of segments, and
// trying every split for each took time exponential in their number.
func TestExcludeManyDoubleStars(t *testing.T) {
	dir := t.TempDir()
	pat := strings.Repeat("**/a/", 12)
	c, err := Parse(filepath.Join(dir, ".edgelint.yaml"), []byte("exclude: ['"+pat+"b', '"+pat+"c']\n"))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan [2]bool, 1)
	go func() {
		base := strings.Repeat("a/", 40)
		done <- [2]bool{c.Exclude(filepath.Join(dir, base+"x")), c.Exclude(filepath.Join(dir, base+"c"))}
	}()
	select {
	case got := <-done:
		if got != [2]bool{false, true} {
			t.Errorf("Exclude(a/…/a/x), Exclude(a/…/a/c) = %v, want false, true", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("matching 40 segments against 12 \"**\" did not end in 10 s")
	}
}
