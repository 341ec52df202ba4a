package cloudformation

import (
	"fmt"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestMapBuilder: small and large mappings keep their keys in order, the
// last value of a duplicate key, and tell every duplicate with the first
// key of its name.
func TestMapBuilder(t *testing.T) {
	for _, n := range []int{3, smallMap, smallMap + 1, 40} {
		b := newMapBuilder(model.Range{})
		var keys []*Node
		dups := 0
		for i := range n {
			k := &Node{Kind: KString, Str: fmt.Sprint("k", i)}
			keys = append(keys, k)
			if _, dup := b.add(k, &Node{Kind: KString, Str: fmt.Sprint(i)}); dup {
				dups++
			}
		}
		// Duplicates of the first and the last key, the first one twice:
		// each is told with the key it repeats, the first of its name.
		for _, d := range []struct {
			key, val string
			first    *Node
		}{{"k0", "first again", keys[0]}, {fmt.Sprint("k", n-1), "last again", keys[n-1]}, {"k0", "first again", keys[0]}} {
			if f, dup := b.add(&Node{Kind: KString, Str: d.key}, &Node{Kind: KString, Str: d.val}); dup {
				dups++
				if f != d.first {
					t.Errorf("%d keys: duplicate %s repeats %p, want the first key %p", n, d.key, f, d.first)
				}
			}
		}
		m := b.n
		if len(m.Keys) != n || dups != 3 {
			t.Fatalf("%d keys: got %d keys, %d duplicates", n, len(m.Keys), dups)
		}
		for i, k := range m.Keys {
			if k.Str != fmt.Sprint("k", i) {
				t.Errorf("%d keys: key %d is %s", n, i, k.Str)
			}
		}
		if m.Vals[0].Str != "first again" || m.Vals[n-1].Str != "last again" {
			t.Errorf("%d keys: duplicates did not take the last value: %s, %s", n, m.Vals[0].Str, m.Vals[n-1].Str)
		}
		if i, ok := b.has(fmt.Sprint("k", n/2)); !ok || i != n/2 {
			t.Errorf("%d keys: has(k%d) = %d, %v", n, n/2, i, ok)
		}
		if _, ok := b.has("missing"); ok {
			t.Errorf("%d keys: has(missing)", n)
		}
	}
}
