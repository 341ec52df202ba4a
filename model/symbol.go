package model

import (
	"strconv"
	"strings"
	"sync"
)

// Symbolic tokens stand for values that are decided at deploy time but whose
// identity is known now: the generated ID of an API, the region of a stack, a
// required variable without a value. A token is the rune TokenOpen, a decimal
// symbol number and TokenClose; it is embedded in ordinary strings so that
// the string functions real configurations apply (interpolation, replace,
// split, regex) keep working on it, and two occurrences of one token denote
// the same value. The runes are from the Unicode private-use area, contain no
// '/', ':' or '.', and are left alone by upper/lower-casing.
const (
	TokenOpen  = '\uE000'
	TokenClose = '\uE001'
)

// SymbolKind classifies a symbol.
type SymbolKind int

// Symbol kinds.
const (
	// SymAttr is a computed attribute of an entity in the scan, e.g. the id
	// of an API or the invoke URL host of a stage.
	SymAttr SymbolKind = iota
	// SymUnknown is a value that cannot be known statically but has an
	// identity: two uses of the same variable yield the same token.
	SymUnknown
	// SymPseudo is a deploy-time pseudo value such as the AWS region or the
	// URL suffix of the partition.
	SymPseudo
)

// Pseudo symbol keys.
const (
	PseudoRegion    = "AWS::Region"
	PseudoURLSuffix = "AWS::URLSuffix"
	PseudoAccountID = "AWS::AccountId"
	PseudoPartition = "AWS::Partition"
	PseudoStackName = "AWS::StackName"
)

// Symbol is what a token stands for.
type Symbol struct {
	Kind SymbolKind `json:"kind"`
	// Entity is the ID of the entity a SymAttr belongs to (API.ID,
	// Stage.ID, DomainName.ID, …).
	Entity string `json:"entity,omitempty"`
	// Attr is the attribute name of a SymAttr ("id", "root_resource_id").
	Attr string `json:"attr,omitempty"`
	// Key identifies a SymUnknown or SymPseudo value.
	Key string `json:"key,omitempty"`
	// Desc is how the value is shown to people, e.g.
	// "aws_api_gateway_rest_api.blog.id" or "var.stage".
	Desc string `json:"desc"`
}

type symKey struct {
	kind             SymbolKind
	entity, attr, ky string
}

// Symbols is a symbol table: the scan's, or a scope of it (Scope). It is
// safe for concurrent use.
type Symbols struct {
	// parent is the table a scope reads through; its symbols are
	// numbered below base, the scope's own from base up.
	parent *Symbols
	base   int

	mu    sync.RWMutex
	list  []Symbol
	index map[symKey]int
}

// NewSymbols returns an empty table.
func NewSymbols() *Symbols { return &Symbols{index: map[symKey]int{}} }

// scopeStride separates the numbers of a table and of its scopes: a table
// never holds that many symbols.
const scopeStride = 1_000_000_000

// Scope returns a table that answers with s's symbols where s has them
// and keeps the symbols it adds to itself, numbered apart from s's (and
// from those of s's other scopes, whose tokens it must not be given). It
// lets the analysis of one part of a scan drop its symbols with the rest
// of its model, so that the scan's table does not grow with the scan.
func (s *Symbols) Scope() *Symbols {
	return &Symbols{parent: s, base: s.base + scopeStride, index: map[symKey]int{}}
}

// lookup returns the number of the symbol with key k, in s or its parents.
func (s *Symbols) lookup(k symKey) (int, bool) {
	for t := s; t != nil; t = t.parent {
		t.mu.RLock()
		n, ok := t.index[k]
		t.mu.RUnlock()
		if ok {
			return n, true
		}
	}
	return 0, false
}

// Token returns the token for sym, allocating it on first use. Symbols with
// the same kind, entity, attr and key share one token. A scope looks its
// own symbols up first: a symbol its parent gains later does not change
// the token it gave.
func (s *Symbols) Token(sym Symbol) string {
	k := symKey{sym.Kind, sym.Entity, sym.Attr, sym.Key}
	n, ok := s.lookup(k)
	if !ok {
		s.mu.Lock()
		if n, ok = s.index[k]; !ok {
			n = s.base + len(s.list)
			s.list = append(s.list, sym)
			s.index[k] = n
		}
		s.mu.Unlock()
	}
	return string(TokenOpen) + strconv.Itoa(n) + string(TokenClose)
}

// Attr is shorthand for the token of an entity attribute.
func (s *Symbols) Attr(entity, attr, desc string) string {
	return s.Token(Symbol{Kind: SymAttr, Entity: entity, Attr: attr, Desc: desc})
}

// Unknown is shorthand for the token of an unknown value with identity key.
func (s *Symbols) Unknown(key, desc string) string {
	return s.Token(Symbol{Kind: SymUnknown, Key: key, Desc: desc})
}

// Pseudo is shorthand for the token of a pseudo value (PseudoRegion, …).
func (s *Symbols) Pseudo(key string) string {
	return s.Token(Symbol{Kind: SymPseudo, Key: key, Desc: key})
}

// Get returns the symbol numbered n.
func (s *Symbols) Get(n int) (Symbol, bool) {
	for s != nil && n < s.base {
		s = s.parent
	}
	if s == nil {
		return Symbol{}, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if i := n - s.base; i < len(s.list) {
		return s.list[i], true
	}
	return Symbol{}, false
}

// Piece is a literal run of text or one token of a string.
type Piece struct {
	Text string // literal text, when Sym < 0
	Sym  int    // symbol number, or -1
}

// HasToken reports whether v holds a symbolic token.
func HasToken(v string) bool { return strings.ContainsRune(v, TokenOpen) }

// Pieces splits v into literal runs and tokens. A malformed token (an open
// rune without a number and close rune) is kept as literal text; adjacent
// literal text forms one piece.
func Pieces(v string) []Piece {
	var out []Piece
	lit := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Sym < 0 {
			out[n-1].Text += s
			return
		}
		out = append(out, Piece{Text: s, Sym: -1})
	}
	open := len(string(TokenOpen))
	for v != "" {
		i := strings.IndexRune(v, TokenOpen)
		if i < 0 {
			lit(v)
			break
		}
		j := strings.IndexRune(v[i:], TokenClose)
		n, err := -1, error(nil)
		if j > 0 {
			n, err = strconv.Atoi(v[i+open : i+j])
		}
		if j < 0 || err != nil || n < 0 {
			lit(v[:i+open])
			v = v[i+open:]
			continue
		}
		lit(v[:i])
		out = append(out, Piece{Sym: n})
		v = v[i+j+len(string(TokenClose)):]
	}
	return out
}

// TokenSym returns the symbol number when v is exactly one token.
func TokenSym(v string) (int, bool) {
	p := Pieces(v)
	if len(p) == 1 && p[0].Sym >= 0 {
		return p[0].Sym, true
	}
	return -1, false
}

// Display renders v for people, each token replaced by <desc>.
func (s *Symbols) Display(v string) string {
	if !HasToken(v) {
		return v
	}
	var b strings.Builder
	for _, p := range Pieces(v) {
		if p.Sym < 0 {
			b.WriteString(p.Text)
			continue
		}
		sym, ok := s.Get(p.Sym)
		if !ok {
			b.WriteString("<?>")
			continue
		}
		b.WriteString("<" + sym.Desc + ">")
	}
	return b.String()
}

// HasUnknown reports whether v holds a token for a SymUnknown value.
func (s *Symbols) HasUnknown(v string) bool {
	for _, p := range Pieces(v) {
		if p.Sym >= 0 {
			if sym, ok := s.Get(p.Sym); !ok || sym.Kind == SymUnknown {
				return true
			}
		}
	}
	return false
}
