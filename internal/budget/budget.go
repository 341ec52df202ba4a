// Package budget counts bytes that goroutines take from a fixed amount: how
// much of what a scan reads early may be kept for later.
package budget

import "sync"

// Bytes is an amount of bytes to take from. It is safe for concurrent use;
// a nil *Bytes has nothing to give.
type Bytes struct {
	mu   sync.Mutex
	left int
}

// New returns a budget of n bytes.
func New(n int) *Bytes { return &Bytes{left: n} }

// Take reports whether n bytes were left, and takes them.
func (b *Bytes) Take(n int) bool {
	if b == nil {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}
