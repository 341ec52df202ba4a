package rules

import (
	"testing"
)

// TestInvalidUTF8Pattern: a path pattern that is not valid UTF-8 is no
// pattern CloudFront accepts, and path matching rejects it; the rules treat
// it as unknown rather than as a pattern that matches nothing.
func TestInvalidUTF8Pattern(t *testing.T) {
	for _, pat := range []string{"/s0/\xff*", "\xcc", "/s0/r0\xa6"} {
		c := wide(2, 4)
		c.Distributions[0].Behaviors[0].PathPattern.V = pat
		if fs := Run(c); len(fs) != 0 {
			t.Errorf("pattern %q: findings %v", pat, codesAt(fs))
		}
	}
}
