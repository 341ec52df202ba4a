package engine

import "testing"

func TestBranchText(t *testing.T) {
	conds := []string{"A", "B"}
	cases := []struct {
		combos []int // bit 0 = A, bit 1 = B
		want   string
	}{
		{[]int{0, 1, 2, 3}, "in every branch of conditions A and B"},
		{[]int{1, 3}, "when condition A is true"},   // B is free
		{[]int{0, 1}, "when condition B is false"},  // A is free
		{[]int{1}, "when A is true and B is false"}, // both matter
		{[]int{1, 2}, "when A is true and B is false, or A is false and B is true"},
	}
	for _, c := range cases {
		if got := branchText(conds, c.combos, 4); got != c.want {
			t.Errorf("branchText(%v) = %q, want %q", c.combos, got, c.want)
		}
	}
	if got := branchText([]string{"IsProd"}, []int{0}, 2); got != "when condition IsProd is false" {
		t.Errorf("one condition: %q", got)
	}
}

func TestDisjoint(t *testing.T) {
	d := disjoint{}
	if !d.union(1, 2) || !d.union(4, 2) || d.union(1, 4) {
		t.Fatal("union reports joins wrongly")
	}
	got := d.groups([]int{5, 4, 3, 2, 1})
	want := [][]int{{5}, {4, 2, 1}, {3}}
	if len(got) != len(want) {
		t.Fatalf("groups = %v, want %v", got, want)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("groups = %v, want %v", got, want)
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("groups = %v, want %v", got, want)
			}
		}
	}
}
