package model

import "testing"

// TestSymbolScope: a scope answers with its parent's symbols, numbers its
// own apart, keeps the tokens it gave when the parent gains the same key
// later, and does not see a sibling's symbols.
func TestSymbolScope(t *testing.T) {
	run := NewSymbols()
	region := run.Pseudo(PseudoRegion)
	a, b := run.Scope(), run.Scope()
	if got := a.Pseudo(PseudoRegion); got != region {
		t.Errorf("scope's token for a parent symbol: %q, want %q", got, region)
	}
	id := a.Attr("api", "id", "aws_api_gateway_rest_api.a.id")
	if n, ok := TokenSym(id); !ok || n < scopeStride {
		t.Errorf("scope's own token %q is not numbered apart", id)
	}
	if got := a.Display("https://" + id + ".execute-api." + region + ".amazonaws.com"); got != "https://<aws_api_gateway_rest_api.a.id>.execute-api.<AWS::Region>.amazonaws.com" {
		t.Errorf("Display: %s", got)
	}
	if _, ok := run.Get(mustSym(t, id)); ok {
		t.Error("the parent sees a scope's symbol")
	}
	// The parent gains the same key: the scope keeps its token.
	if run.Attr("api", "id", "x") == id {
		t.Error("parent and scope share a number")
	}
	if got := a.Attr("api", "id", "aws_api_gateway_rest_api.a.id"); got != id {
		t.Errorf("scope's token changed to %q after the parent gained the key", got)
	}
	// A sibling numbers its own symbols in the same range, and resolves
	// them to its own.
	bid := b.Unknown("var.x", "var.x")
	if s, ok := b.Get(mustSym(t, bid)); !ok || s.Desc != "var.x" {
		t.Errorf("sibling's symbol: %+v %v", s, ok)
	}
	if s, ok := a.Get(mustSym(t, bid)); ok && s.Desc == "var.x" {
		t.Error("a scope sees its sibling's symbol")
	}
	// Scopes of scopes.
	c := a.Scope()
	if got := c.Display(id + "/" + c.Unknown("k", "deep")); got != "<aws_api_gateway_rest_api.a.id>/<deep>" {
		t.Errorf("nested scope: %s", got)
	}
}

func mustSym(t *testing.T, tok string) int {
	t.Helper()
	n, ok := TokenSym(tok)
	if !ok {
		t.Fatalf("%q is not a token", tok)
	}
	return n
}
