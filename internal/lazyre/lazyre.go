// Package lazyre compiles a regular expression the first time it is used
// instead of when the program starts: most runs use few of edgelint's
// expressions, and every run pays for the start.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr on its first call (panicking,
// as regexp.MustCompile does, if it does not compile) and returns the same
// *regexp.Regexp on every call, from any goroutine.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
