// Package fix turns the corrections rules propose in model terms (a value
// to change, an attribute to add) into text edits of the source files. An
// edit is made only when the source holds exactly the value the rule read,
// written in a way the edit can reproduce; otherwise the finding keeps its
// notes and loses the fix. Edits change only the characters of the value
// (or add one line), so the file's layout and comments stay as they are.
package fix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/nesting"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

// Resolve replaces every proposed fix of findings by its text edits, or
// drops it when it cannot be made certain. read returns a file's content.
// A fix whose resolution panics (an edgelint bug) is dropped and returned
// as a Failure; the other findings' fixes are still resolved.
func Resolve(findings []rules.Finding, read func(string) ([]byte, error)) []Failure {
	var failures []Failure
	cache := map[string][]byte{}
	get := func(name string) []byte {
		if b, ok := cache[name]; ok {
			return b
		}
		b, err := read(name)
		if err != nil {
			b = nil
		}
		cache[name] = b
		return b
	}
	for i := range findings {
		fx := findings[i].Fix
		if fx == nil {
			continue
		}
		if len(fx.Values) == 0 && fx.Insert == nil && fx.List == nil {
			// Edits made by the rule itself stand.
			if len(fx.Edits) == 0 {
				findings[i].Fix = nil
			}
			continue
		}
		edits, ok, failed := resolveRecovering(fx, get)
		if failed != nil {
			failures = append(failures, Failure{Finding: i, Value: failed})
		}
		if !ok || len(edits) == 0 {
			findings[i].Fix = nil
			continue
		}
		findings[i].Fix = &rules.Fix{Description: fx.Description, Edits: edits}
	}
	for i := range findings {
		dropFixNote(&findings[i])
	}
	return failures
}

// dropFixNote removes from f's notes the one that says what its fix
// does: every report shows the fix itself, so the advice would appear
// twice. A finding whose fix was dropped keeps it as advice.
func dropFixNote(f *rules.Finding) {
	if f.Fix == nil || f.Fix.Description == "" || !slices.Contains(f.Notes, f.Fix.Description) {
		return
	}
	notes := make([]string, 0, len(f.Notes)-1)
	for _, n := range f.Notes {
		if n != f.Fix.Description {
			notes = append(notes, n)
		}
	}
	f.Notes = notes
}

// Failure is a fix whose resolution panicked: the index of its finding and
// the value of the panic.
type Failure struct {
	Finding int
	Value   any
}

// resolveRecovering is resolve, turning a panic into failed.
func resolveRecovering(fx *rules.Fix, get func(string) []byte) (edits []rules.TextEdit, ok bool, failed any) {
	defer func() {
		if v := recover(); v != nil {
			edits, ok, failed = nil, false, v
		}
	}()
	edits, ok = resolve(fx, get)
	return edits, ok, nil
}

func resolve(fx *rules.Fix, get func(string) []byte) ([]rules.TextEdit, bool) {
	var edits []rules.TextEdit
	for _, v := range fx.Values {
		src := get(v.Range.File)
		e, ok := valueEdit(src, v)
		if !ok {
			return nil, false
		}
		edits = append(edits, e)
	}
	if ins := fx.Insert; ins != nil {
		e, ok := insertEdit(get(ins.After.File), ins)
		if !ok {
			return nil, false
		}
		edits = append(edits, e)
	}
	if le := fx.List; le != nil {
		e, ok := listEdit(get(le.Range.File), le)
		if !ok {
			return nil, false
		}
		edits = append(edits, e)
	}
	return edits, true
}

// listEdit replaces a list of string literals written on one line (an HCL
// tuple, a JSON array, a YAML flow sequence) that reads exactly le.Old by
// le.New, in the same notation. A list written otherwise (a YAML block
// sequence, a list built by an expression) is not changed.
func listEdit(src []byte, le *rules.ListEdit) (rules.TextEdit, bool) {
	start, end, ok := span(src, le.Range)
	if !ok {
		return rules.TextEdit{}, false
	}
	text := src[start:end]
	if bytes.ContainsAny(text, "\n\r") {
		return rules.TextEdit{}, false
	}
	k := kindOf(le.Range.File, src)
	old, ok := stringList(k, text)
	if !ok || !slices.Equal(old, le.Old) {
		return rules.TextEdit{}, false
	}
	items := make([]string, len(le.New))
	for i, v := range le.New {
		switch k {
		case kindHCL:
			items[i] = string(hclString(v))
		case kindJSON:
			items[i] = string(jsonString(v))
		default:
			if !plainSafe(v) {
				return rules.TextEdit{}, false
			}
			items[i] = v
		}
	}
	return edit(le.Range.File, src, start, end, []byte("["+strings.Join(items, ", ")+"]")), true
}

// stringList decodes text when it is a list of plain string literals in
// kind k, written in brackets.
func stringList(k kind, text []byte) ([]string, bool) {
	t := bytes.TrimSpace(text)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return nil, false
	}
	var out []string
	switch k {
	case kindHCL:
		expr, diags := hclsyntax.ParseExpression(t, "", hcl.InitialPos)
		if diags.HasErrors() {
			return nil, false
		}
		tup, isTuple := expr.(*hclsyntax.TupleConsExpr)
		if !isTuple {
			return nil, false
		}
		for _, e := range tup.Exprs {
			s, ok := literal(kindHCL, e.Range().SliceBytes(t))
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case kindJSON:
		if json.Unmarshal(t, &out) != nil {
			return nil, false
		}
		return out, true
	}
	var n yaml.Node
	if yaml.Unmarshal(t, &n) != nil || len(n.Content) != 1 || n.Content[0].Kind != yaml.SequenceNode || n.Content[0].Style&yaml.FlowStyle == 0 {
		return nil, false
	}
	for _, it := range n.Content[0].Content {
		if it.Kind != yaml.ScalarNode || it.Tag != "!!str" {
			return nil, false
		}
		out = append(out, it.Value)
	}
	return out, true
}

// kind is how a file writes values.
type kind int

const (
	kindHCL kind = iota
	kindJSON
	kindYAML
)

func kindOf(name string, src []byte) kind {
	switch {
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tfvars"):
		return kindHCL
	case strings.EqualFold(filepath.Ext(name), ".json"):
		return kindJSON
	}
	if t := bytes.TrimLeft(src, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return kindJSON
	}
	return kindYAML
}

// span returns the bytes of r in src after checking the range's byte
// offsets agree with its line.
func span(src []byte, r model.Range) (start, end int, ok bool) {
	start, end = r.Start.Byte, r.End.Byte
	if src == nil || start < 0 || end < start || end > len(src) {
		return 0, 0, false
	}
	if bytes.Count(src[:start], []byte("\n"))+1 != r.Start.Line {
		return 0, 0, false
	}
	return start, end, true
}

func valueEdit(src []byte, v rules.ValueEdit) (rules.TextEdit, bool) {
	start, end, ok := span(src, v.Range)
	if !ok {
		return rules.TextEdit{}, false
	}
	text := src[start:end]
	k := kindOf(v.Range.File, src)
	if !model.HasToken(v.Old) {
		if lit, ok := literal(k, text); ok && lit == v.Old {
			return edit(v.Range.File, src, start, end, render(k, text, v.New)), true
		}
		// A value without interpolations must be a literal.
		return rules.TextEdit{}, false
	}
	return anchoredEdit(src, start, end, v)
}

// literal decodes text when it is a plain string literal in kind k.
func literal(k kind, text []byte) (string, bool) {
	switch k {
	case kindHCL:
		if nesting.Scan(text, nesting.Expression) != nil {
			return "", false
		}
		expr, diags := hclsyntax.ParseExpression(text, "", hcl.InitialPos)
		if diags.HasErrors() {
			return "", false
		}
		switch e := expr.(type) {
		case *hclsyntax.TemplateExpr:
			if !e.IsStringLiteral() {
				return "", false
			}
		case *hclsyntax.LiteralValueExpr:
		default:
			return "", false
		}
		val, diags := expr.Value(nil)
		if diags.HasErrors() || !val.IsKnown() || val.IsNull() || val.Type() != cty.String {
			return "", false
		}
		return val.AsString(), true
	case kindJSON:
		var s string
		if len(text) == 0 || text[0] != '"' || json.Unmarshal(text, &s) != nil {
			return "", false
		}
		return s, true
	}
	t := bytes.TrimSpace(text)
	if len(t) == 0 {
		return "", false
	}
	var n yaml.Node
	if yaml.Unmarshal(t, &n) != nil || len(n.Content) != 1 {
		return "", false
	}
	s := n.Content[0]
	if s.Kind != yaml.ScalarNode || (s.Tag != "!!str" && s.Style == 0) || s.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return "", false
	}
	return s.Value, true
}

// render writes v as a literal in the style of old.
func render(k kind, old []byte, v string) []byte {
	switch k {
	case kindHCL:
		return hclString(v)
	case kindJSON:
		return jsonString(v)
	}
	t := bytes.TrimSpace(old)
	switch {
	case t[0] == '\'':
		return []byte("'" + strings.ReplaceAll(v, "'", "''") + "'")
	case t[0] == '"' || !plainSafe(v):
		return jsonString(v)
	}
	return []byte(v)
}

// hclString writes v as a quoted HCL string literal, as hclwrite does
// (TokensForValue of a string): the escapes of HCL's quoted strings, "${"
// and "%{" doubled so that they stay literal, and non-printable characters
// as \u or \U escapes. hclwrite itself is not linked: it pulls go-cmp into
// the binary and its initialization into every run's start.
func hclString(v string) []byte {
	buf := make([]byte, 0, len(v)+2)
	buf = append(buf, '"')
	for i, r := range v {
		switch r {
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '$', '%':
			buf = append(buf, v[i])
			if strings.HasPrefix(v[i+1:], "{") {
				buf = append(buf, v[i])
			}
		default:
			switch {
			case unicode.IsPrint(r):
				buf = utf8.AppendRune(buf, r)
			case r < 0x10000:
				buf = fmt.Appendf(buf, "\\u%04x", r)
			default:
				buf = fmt.Appendf(buf, "\\U%08x", r)
			}
		}
	}
	return append(buf, '"')
}

func jsonString(v string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// plainSafe reports whether v reads back as the same string when written
// as a plain YAML scalar.
func plainSafe(v string) bool {
	if v == "" || strings.TrimSpace(v) != v || strings.ContainsAny(v, "\n\t\"'") ||
		strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") ||
		strings.ContainsRune("-?:,[]{}#&*!|>%@`", rune(v[0])) {
		return false
	}
	var n yaml.Node
	if yaml.Unmarshal([]byte(v), &n) != nil || len(n.Content) != 1 {
		return false
	}
	s := n.Content[0]
	return s.Kind == yaml.ScalarNode && s.Tag == "!!str" && s.Value == v
}

// unsafeChars are characters whose writing differs between formats (quotes,
// escapes, interpolation): an anchored edit never touches them.
const unsafeChars = "\\\"'$%#{}\n\r\t"

// anchoredEdit changes the part of a value built with interpolations that
// differs between Old and New, when that part lies in a literal run of the
// value found exactly once in the source text.
func anchoredEdit(src []byte, start, end int, v rules.ValueEdit) (rules.TextEdit, bool) {
	old, nv := v.Old, v.New
	p := 0
	for p < len(old) && p < len(nv) && old[p] == nv[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(nv)-p && old[len(old)-1-s] == nv[len(nv)-1-s] {
		s++
	}
	x := old[p : len(old)-s] // replaced
	y := nv[p : len(nv)-s]   // by
	if model.HasToken(x) || model.HasToken(y) || strings.ContainsAny(y, unsafeChars) {
		return rules.TextEdit{}, false
	}
	// The literal run of old around x: from the token (or start) before
	// it to the token (or end) after it.
	a := 0
	if j := strings.LastIndex(old[:p], "\ue001"); j >= 0 {
		a = j + len("\ue001")
	}
	b := len(old) - s
	if j := strings.IndexRune(old[b:], '\ue000'); j >= 0 {
		b += j
	} else {
		b = len(old)
	}
	left, right := old[a:p], old[p+len(x):b]
	text := string(src[start:end])
	// The shortest context around x, at least three characters where the
	// run allows, that the source text holds exactly once.
	for total := min(3, len(left)+len(right)); total <= len(left)+len(right); total++ {
		for l := min(total, len(left)); l >= 0 && total-l <= len(right); l-- {
			anchor := left[len(left)-l:] + x + right[:total-l]
			if anchor == "" || strings.ContainsAny(anchor, unsafeChars) {
				continue
			}
			i := strings.Index(text, anchor)
			if i < 0 || strings.Contains(text[i+1:], anchor) {
				continue
			}
			from := start + i + l
			return edit(v.Range.File, src, from, from+len(x), []byte(y)), true
		}
	}
	return rules.TextEdit{}, false
}

// insertEdit adds ins.Key on the line after the one-line attribute
// ins.AfterKey, at the same indentation.
func insertEdit(src []byte, ins *rules.Insert) (rules.TextEdit, bool) {
	start, end, ok := span(src, ins.After)
	if !ok || ins.After.End.Line != ins.After.Start.Line {
		return rules.TextEdit{}, false
	}
	k := kindOf(ins.After.File, src)
	ls := bytes.LastIndexByte(src[:start], '\n') + 1
	nl := bytes.IndexByte(src[end:], '\n')
	if nl < 0 {
		return rules.TextEdit{}, false
	}
	le := end + nl // the newline
	line := string(src[ls:le])
	eol := "\n"
	if strings.HasSuffix(line, "\r") {
		eol = "\r\n"
	}
	ki := strings.Index(line, ins.AfterKey)
	if ki < 0 {
		return rules.TextEdit{}, false
	}
	prefix, after := line[:ki], line[ki+len(ins.AfterKey):]
	var out string
	switch k {
	case kindHCL:
		if strings.TrimLeft(prefix, " \t") != "" {
			return rules.TextEdit{}, false
		}
		eq := strings.Index(after, "=")
		if eq < 0 || strings.TrimLeft(after[:eq], " \t") != "" {
			return rules.TextEdit{}, false
		}
		// Keep the column of "=" of the line above (terraform fmt aligns
		// the signs of consecutive attributes).
		pad := len(ins.AfterKey) + eq - len(ins.Key)
		if pad < 1 {
			pad = 1
		}
		out = prefix + ins.Key + strings.Repeat(" ", pad) + "= " + string(hclString(ins.Value))
	case kindYAML:
		rest := strings.TrimLeft(prefix, " ")
		if rest != "" && rest != "- " || !strings.HasPrefix(after, ":") {
			return rules.TextEdit{}, false
		}
		v := ins.Value
		if !plainSafe(v) {
			v = string(jsonString(v))
		}
		out = strings.Repeat(" ", len(prefix)) + ins.Key + ": " + v
	default:
		return rules.TextEdit{}, false
	}
	at := le + 1
	return edit(ins.After.File, src, at, at, []byte(out+eol)), true
}

// edit is the text edit replacing src[from:to] with nt.
func edit(file string, src []byte, from, to int, nt []byte) rules.TextEdit {
	return rules.TextEdit{
		Range:   model.Range{File: file, Start: posAt(src, from), End: posAt(src, to)},
		NewText: string(nt),
	}
}

// posAt is the position of byte offset off in src.
func posAt(src []byte, off int) model.Pos {
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	ls := bytes.LastIndexByte(before, '\n') + 1
	return model.Pos{Line: line, Column: utf8.RuneCount(before[ls:]) + 1, Byte: off}
}
