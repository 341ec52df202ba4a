package config

import (
	"errors"
	"path"
	"strings"
)

// Exclude patterns are matched segment by segment against slash-separated
// paths relative to the config file's directory, in the style of
// doublestar: a segment "**" matches zero or more path segments, any other
// segment is a path.Match pattern (*, ?, [a-z], \ escapes) that never
// crosses a "/". A pattern is anchored at the config file's directory:
// "*.yaml" matches top-level files only and "**/*.yaml" matches at any
// depth. A path is excluded when it or one of its parent directories
// matches, so "examples" and "examples/**" both exclude everything under
// examples/.

// cleanPattern normalizes a pattern as written and reports why it is
// unusable.
func cleanPattern(p string) (string, error) {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
		return "", errors.New("empty exclude pattern")
	case strings.HasPrefix(p, "/") || path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		return "", errors.New("exclude patterns are relative to the directory of the config file; remove the leading /")
	}
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	p = strings.TrimSuffix(p, "/")
	for _, seg := range strings.Split(p, "/") {
		switch {
		case seg == "" && p != "":
			return "", errors.New("empty path segment (//) in exclude pattern")
		case seg == "..":
			return "", errors.New("exclude patterns cannot leave the directory of the config file (..)")
		case seg == "**":
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return "", errors.New("malformed pattern segment " + quote(seg) + ": " + err.Error())
		}
	}
	return p, nil
}

// matchSegments reports whether the path segments name match the pattern
// segments pat.
func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Collapse repeated "**" and try every split.
			rest := pat[1:]
			for len(rest) > 0 && rest[0] == "**" {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(name); i++ {
				if matchSegments(rest, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
