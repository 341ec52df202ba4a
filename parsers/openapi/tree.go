package openapi

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// asMap returns v as a string-keyed mapping. Decoders that produce
// map[any]any are accepted too; their keys are rendered with fmt.
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, e := range m {
			ks, ok := k.(string)
			if !ok {
				ks = fmt.Sprint(k)
			}
			out[ks] = e
		}
		return out, true
	}
	return nil, false
}

// asList returns v as a list.
func asList(v any) ([]any, bool) {
	l, ok := v.([]any)
	return l, ok
}

// asString returns v when it is a string.
func asString(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// str returns v when it is a string, "" otherwise.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// asBool reads a boolean written as a bool or as the string "true"/"false".
func asBool(v any) (b, ok bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// sortedKeys returns the keys of m in byte order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// intrinsicName reports whether v is an unresolved CloudFormation intrinsic
// function ({"Ref": …} or {"Fn::…": …}) and returns its name.
func intrinsicName(v any) (string, bool) {
	m, ok := asMap(v)
	if !ok || len(m) != 1 {
		return "", false
	}
	for k := range m {
		if k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, true
		}
	}
	return "", false
}

// describe names the shape of v for messages.
func describe(v any) string {
	if name, ok := intrinsicName(v); ok {
		return "an unresolved " + name
	}
	switch v.(type) {
	case nil:
		return "empty"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int64, uint64, float64, float32, int32:
		return "a number"
	case []any:
		return "a list"
	}
	if _, ok := asMap(v); ok {
		return "a mapping"
	}
	return fmt.Sprintf("a %T", v)
}

// maxRefDepth bounds chains of $ref.
const maxRefDepth = 16

// resolvePointer follows a local JSON reference ("#/a/b") from root and
// returns the node and its key path.
func resolvePointer(root any, ref string) (any, []string, bool) {
	if !strings.HasPrefix(ref, "#/") && ref != "#" {
		return nil, nil, false
	}
	frag := strings.TrimPrefix(ref, "#")
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	node := root
	var path []string
	if frag == "" {
		return node, path, true
	}
	for _, part := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		if m, ok := asMap(node); ok {
			next, ok := m[part]
			if !ok {
				return nil, nil, false
			}
			node = next
		} else if l, ok := asList(node); ok {
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(l) {
				return nil, nil, false
			}
			node = l[i]
		} else {
			return nil, nil, false
		}
		path = append(path, part)
	}
	return node, path, true
}

// join returns a fresh slice holding base followed by more.
func join(base []string, more ...string) []string {
	out := make([]string, 0, len(base)+len(more))
	out = append(out, base...)
	return append(out, more...)
}
