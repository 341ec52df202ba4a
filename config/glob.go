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
// segments pat. Each "**" may take any number of segments, so trying every
// split of the path for each one takes time exponential in the number of
// "**" (a file's patterns and paths are the input's): the outcome of
// matching each (pattern suffix, name suffix) pair is computed once, which
// bounds the work by len(pat) × len(name)².
func matchSegments(pat, name []string) bool {
	width := len(name) + 1
	// done[i*width+j] records that pat[i:] against name[j:] was decided;
	// only failures need remembering, since a success ends the search.
	done := make([]bool, (len(pat)+1)*width)
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(pat) {
			if done[i*width+j] {
				return false
			}
			if pat[i] == "**" {
				// Collapse repeated "**" and try every split.
				rest := i + 1
				for rest < len(pat) && pat[rest] == "**" {
					rest++
				}
				if rest == len(pat) {
					return true
				}
				for k := j; k <= len(name); k++ {
					if match(rest, k) {
						return true
					}
				}
				done[i*width+j] = true
				return false
			}
			if j == len(name) {
				return false
			}
			if ok, err := path.Match(pat[i], name[j]); err != nil || !ok {
				return false
			}
			i, j = i+1, j+1
		}
		return j == len(name)
	}
	return match(0, 0)
}
