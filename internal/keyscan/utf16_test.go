package keyscan

import "testing"

// TestUTF16: text after a UTF-16 byte order mark is decoded in its byte
// order, surrogate pairs included; anything else is not UTF-16.
func TestUTF16(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		want string
		ok   bool
	}{
		{"little-endian", "\xFF\xFEA\x00:\x00 \x00\xE9\x00", "A: é", true},
		{"big-endian", "\xFE\xFF\x00A\x00:", "A:", true},
		{"surrogate pair", "\xFF\xFE\x3D\xD8\x00\xDE", "😀", true},
		{"odd last byte", "\xFF\xFEA\x00B", "A", true},
		{"utf-8 with a mark", "\xEF\xBB\xBFA: b", "", false},
		{"utf-8", "A: b", "", false},
		{"empty", "", "", false},
	} {
		got, ok := UTF16([]byte(c.src))
		if ok != c.ok || string(got) != c.want {
			t.Errorf("%s: UTF16 = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
