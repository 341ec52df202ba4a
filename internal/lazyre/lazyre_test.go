package lazyre

import (
	"sync"
	"testing"
)

func TestNew(t *testing.T) {
	re := New(`^a+b$`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !re().MatchString("aab") || re().MatchString("ba") {
				t.Error("wrong match")
			}
		})
	}
	wg.Wait()
	if first, again := re(), re(); first != again {
		t.Error("compiled more than once")
	}
	bad := New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("an invalid expression did not panic on first use")
		}
	}()
	bad()
}
