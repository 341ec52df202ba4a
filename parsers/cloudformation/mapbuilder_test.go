package cloudformation

import (
	"fmt"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestMapBuilder: small and large mappings keep their keys in order, the
// last value of a duplicate key, and every duplicate.
func TestMapBuilder(t *testing.T) {
	for _, n := range []int{3, smallMap, smallMap + 1, 40} {
		b := newMapBuilder(model.Range{})
		for i := range n {
			b.add(&Node{Kind: KString, Str: fmt.Sprint("k", i)}, &Node{Kind: KString, Str: fmt.Sprint(i)})
		}
		// Duplicates of the first and the last key.
		b.add(&Node{Kind: KString, Str: "k0"}, &Node{Kind: KString, Str: "first again"})
		b.add(&Node{Kind: KString, Str: fmt.Sprint("k", n-1)}, &Node{Kind: KString, Str: "last again"})
		m := b.n
		if len(m.Keys) != n || len(b.dups) != 2 {
			t.Fatalf("%d keys: got %d keys, %d duplicates", n, len(m.Keys), len(b.dups))
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
