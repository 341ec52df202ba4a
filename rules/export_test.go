package rules

// RewordMessages makes every run rewrite every text of every finding
// (message, notes, related messages, fix description) with f, until the
// returned function is called.
func RewordMessages(f func(string) string) (restore func()) {
	messageHook = f
	return func() { messageHook = nil }
}
