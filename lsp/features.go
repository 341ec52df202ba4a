package lsp

import (
	"context"
	"strings"

	"github.com/edgelint/edgelint/internal/jsonrpc"
	"github.com/edgelint/edgelint/rules"
)

// viewsOf returns the diagnostics last published for uri's file.
func (s *Server) viewsOf(uri DocumentURI) []*view {
	path, ok := uriToPath(uri)
	if !ok {
		return nil
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if st := s.files[path]; st != nil {
		return st.views
	}
	return nil
}

// hover shows, over a finding's range, the documentation of its rule;
// over a behavior's path pattern, the API routes it reaches; over an API
// resource or method, the behaviors that reach it.
func (s *Server) hover(ctx context.Context, req *jsonrpc.Request) (any, error) {
	var p HoverParams
	if err := params(req, &p); err != nil {
		return nil, err
	}
	var parts []string
	var rng *Range
	shown := map[string]bool{}
	for _, v := range s.viewsOf(p.TextDocument.URI) {
		if v.rule == "" || !contains(v.diag.Range, p.Position) || shown[v.rule] {
			continue
		}
		shown[v.rule] = true
		r := rules.Lookup(v.rule)
		if r == nil {
			continue
		}
		if rng == nil {
			rng = &v.diag.Range
		}
		doc := strings.TrimSpace(r.Doc)
		if doc == "" {
			doc = "**" + r.Code + " " + r.Name + "**: " + r.Summary
		}
		parts = append(parts, doc+"\n\n["+r.Code+" documentation]("+r.DocURL()+")")
	}
	if path, ok := uriToPath(p.TextDocument.URI); ok {
		if text, r := s.routeHover(ctx, path, p.Position); text != "" {
			parts = append([]string{text}, parts...)
			if rng == nil {
				rng = r
			}
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	s.mu.Lock()
	kind := s.hoverKind
	s.mu.Unlock()
	return &Hover{
		Contents: MarkupContent{Kind: kind, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    rng,
	}, nil
}

// codeAction offers, for each finding in the range whose fix has edits, a
// preferred quick fix carrying the edits.
func (s *Server) codeAction(_ context.Context, req *jsonrpc.Request) (any, error) {
	var p CodeActionParams
	if err := params(req, &p); err != nil {
		return nil, err
	}
	actions := []CodeAction{}
	if !wants(p.Context.Only, QuickFix) {
		return actions, nil
	}
	for _, v := range s.viewsOf(p.TextDocument.URI) {
		if v.fix == nil || !overlaps(v.diag.Range, p.Range) || !s.current(v.fix) {
			continue
		}
		edits := make(map[DocumentURI][]TextEdit, len(v.fix.edits))
		for u, es := range v.fix.edits {
			edits[u] = append([]TextEdit(nil), es...)
		}
		actions = append(actions, CodeAction{
			Title:       v.fix.title,
			Kind:        QuickFix,
			Diagnostics: []Diagnostic{v.diag},
			IsPreferred: true,
			Edit:        &WorkspaceEdit{Changes: edits},
		})
	}
	return actions, nil
}

// wants reports whether a code action of kind k is among the kinds asked
// for: all when only is empty, else a listed kind or one of its parents
// ("refactor" covers "refactor.extract").
func wants(only []CodeActionKind, k CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == k || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}
