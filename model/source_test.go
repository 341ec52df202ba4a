package model

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestMayHoldSuppression checks the search for "edgelint" in any case
// against a plain case-folded search, on chosen texts and random ones
// built from the word's letters.
func TestMayHoldSuppression(t *testing.T) {
	naive := func(src []byte) bool { return bytes.Contains(bytes.ToLower(src), []byte("edgelint")) }
	for _, s := range []string{
		"", "edgelint", "# edgelint:ignore EL001", "# EdgeLint-disable", "EDGELINT", "xxEDGELINTxx",
		"edgelin", "dgelint", "e dgelint", "gateway region stage", "edgeLINT at the end", "ggedgelint", "Ggg",
	} {
		if got, want := MayHoldSuppression([]byte(s)), naive([]byte(s)); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
	r := rand.New(rand.NewSource(1))
	letters := []byte("edglintEDGLINT x")
	for i := 0; i < 200000; i++ {
		b := make([]byte, r.Intn(24))
		for k := range b {
			b[k] = letters[r.Intn(len(letters))]
		}
		if r.Intn(3) == 0 {
			w := []byte("edgelint")
			for k := range w {
				if r.Intn(2) == 0 {
					w[k] -= 'a' - 'A'
				}
			}
			if r.Intn(2) == 0 {
				w = w[:r.Intn(len(w))]
			}
			at := r.Intn(len(b) + 1)
			b = append(b[:at:at], append(w, b[at:]...)...)
		}
		if got, want := MayHoldSuppression(b), naive(b); got != want {
			t.Fatalf("%q: %v, want %v", b, got, want)
		}
	}
}
