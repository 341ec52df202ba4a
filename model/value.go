package model

import (
	"strings"
)

// Str is a string attribute. Known is false when the value cannot be known
// before deploy (an unset required variable, an unresolvable reference, a
// function edgelint lacks). Set is false when the attribute is absent and the
// value (if any) is the service default; Range then points at the enclosing
// block. A known value may contain symbolic tokens (see Symbols).
type Str struct {
	V     string `json:"value"`
	Known bool   `json:"known"`
	Set   bool   `json:"set"`
	Range Range  `json:"range"`
	// Via is set when the value was written outside the attribute that
	// uses it and passed through unchanged (a module argument, a tfvars
	// entry): Range then points at where it was written, and Via at the
	// attribute (e.g. inside a dynamic block) that used it.
	Via Range `json:"via,omitzero"`
}

// KnownStr returns a known, set string.
func KnownStr(v string, r Range) Str { return Str{V: v, Known: true, Set: true, Range: r} }

// UnknownStr returns a set string whose value cannot be known.
func UnknownStr(r Range) Str { return Str{Set: true, Range: r} }

// DefaultStr returns an attribute that is absent in source and takes the
// service default v; r should be the enclosing block.
func DefaultStr(v string, r Range) Str { return Str{V: v, Known: true, Range: r} }

// IsLiteral reports whether s is known and holds no symbolic token.
func (s Str) IsLiteral() bool { return s.Known && !HasToken(s.V) }

// Equal reports whether two strings are certainly equal: both known and
// identical (identical tokens denote the same symbolic value).
func (s Str) Equal(o Str) bool { return s.Known && o.Known && s.V == o.V }

// Bool is a boolean attribute.
type Bool struct {
	V     bool  `json:"value"`
	Known bool  `json:"known"`
	Set   bool  `json:"set"`
	Range Range `json:"range"`
}

// KnownBool returns a known, set bool.
func KnownBool(v bool, r Range) Bool { return Bool{V: v, Known: true, Set: true, Range: r} }

// DefaultBool returns an absent attribute with the service default v.
func DefaultBool(v bool, r Range) Bool { return Bool{V: v, Known: true, Range: r} }

// Int is an integer attribute.
type Int struct {
	V     int64 `json:"value"`
	Known bool  `json:"known"`
	Set   bool  `json:"set"`
	Range Range `json:"range"`
}

// List is a list of strings. Known is false when the list itself (its length)
// cannot be known; single items may still be unknown.
type List struct {
	Items []Str `json:"items"`
	Known bool  `json:"known"`
	Set   bool  `json:"set"`
	Range Range `json:"range"`
}

// Values returns the item strings.
func (l List) Values() []string {
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.V
	}
	return out
}

// AllKnown reports whether the list and each item are known.
func (l List) AllKnown() bool {
	if !l.Known {
		return false
	}
	for _, it := range l.Items {
		if !it.Known {
			return false
		}
	}
	return true
}

// ContainsFold reports whether a known item equals v case-insensitively.
func (l List) ContainsFold(v string) bool {
	for _, it := range l.Items {
		if it.Known && strings.EqualFold(it.V, v) {
			return true
		}
	}
	return false
}
