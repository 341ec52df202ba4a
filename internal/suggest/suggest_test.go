package suggest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClosest(t *testing.T) {
	resources := []string{"/users", "/users/{id}", "/posts", "/user", "/static", "/dynamic", "/users"}
	tests := []struct {
		target string
		n      int
		want   []string
	}{
		{"/user", 3, []string{"/user", "/users"}},
		{"/user", 1, []string{"/user"}},
		{"/usres", 5, []string{"/user", "/users"}},
		{"/dynamics", 3, []string{"/dynamic"}},
		{"/prod/dynamic/dynamic", 3, nil},
		{"/completely/unrelated/path", 3, nil},
		{"/users", 0, nil},
		{"/users/{ID}", 2, []string{"/users/{id}"}},
		{"/post", 3, []string{"/posts"}},
	}
	for _, tc := range tests {
		got := Closest(tc.target, resources, tc.n)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Closest(%q, %d) mismatch (-want +got):\n%s", tc.target, tc.n, diff)
		}
	}
	// Order must not depend on the order of candidates.
	rev := make([]string, len(resources))
	for i, r := range resources {
		rev[len(resources)-1-i] = r
	}
	if diff := cmp.Diff(Closest("/user", resources, 10), Closest("/user", rev, 10)); diff != "" {
		t.Errorf("Closest depends on candidate order:\n%s", diff)
	}
}

func TestBoundedLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2},
		{"\ue001a", "a", 1}, {"abc", "abc", 0},
	}
	for _, tc := range tests {
		d, ok := boundedLevenshtein([]rune(tc.a), []rune(tc.b), 100)
		if !ok || d != tc.d {
			t.Errorf("distance(%q, %q) = %d, %v; want %d", tc.a, tc.b, d, ok, tc.d)
		}
		if tc.d > 0 {
			if _, ok := boundedLevenshtein([]rune(tc.a), []rune(tc.b), tc.d-1); ok {
				t.Errorf("distance(%q, %q) within limit %d", tc.a, tc.b, tc.d-1)
			}
		}
	}
}

func TestNearest(t *testing.T) {
	fold := strings.ToLower
	regions := []string{"us-east-2", "us-east-1", "eu-west-1", "eu-west-2"}
	for _, c := range []struct {
		s          string
		candidates []string
		o          Options
		want       string
	}{
		{"us-eats-1", regions, Options{Limit: 2}, "us-east-1"},
		// Both one edit away: the first of them, the least, or none.
		{"us-east-3", regions, Options{Limit: 2}, "us-east-2"},
		{"us-east-3", regions, Options{Limit: 2, Ties: Least}, "us-east-1"},
		{"us-east-3", regions, Options{Limit: 2, Ties: None}, ""},
		// A nearer candidate ends a tie.
		{"eu-west-1x", []string{"eu-west-2xy", "eu-west-1xy", "eu-west-1x1"}, Options{Limit: 2, Ties: None}, ""},
		{"eu-west-1", []string{"eu-west-2", "eu-west-3", "eu-west-1"}, Options{Limit: 2, Ties: None}, "eu-west-1"},
		{"eu-west-1", []string{"eu-west-2", "eu-west-1"}, Options{Limit: 2, Differ: true}, "eu-west-2"},
		{"ap-south-1", regions, Options{Limit: 2}, ""},
		{"US-EAST-1", regions, Options{Limit: 0, Norm: fold}, "us-east-1"},
		{"US-EAST-1", regions, Options{Limit: 1}, ""},
		{"x", nil, Options{Limit: 2}, ""},
		{"", []string{"", "a"}, Options{Limit: 1}, ""},
		{"b", []string{"", "a"}, Options{Limit: 1}, ""},
	} {
		if got := Nearest(c.s, c.candidates, c.o); got != c.want {
			t.Errorf("Nearest(%q, %q, %+v) = %q, want %q", c.s, c.candidates, c.o, got, c.want)
		}
	}
}
