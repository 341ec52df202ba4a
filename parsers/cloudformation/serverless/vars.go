package serverless

import (
	"fmt"
	"strconv"
	"strings"
)

// The variable syntax of the framework (v3, lib/configuration/variables/
// parse.js): ${source:address, fallback, …}, where a source is a type
// (a lower-case letter, then letters and digits), optional parameters in
// parentheses and an optional address after a colon, or a literal (a
// quoted string, a number, true, false or null). A fallback may be written
// with or without ${…}. An address and a parameter may hold variables of
// their own. ${…} whose content does not start with a type is foreign
// (CloudFormation's ${AWS::Region}, ${Param} in Fn::Sub) and left as it is.

// variable is one ${…} in a string, at [start, end) of it.
type variable struct {
	start, end int
	text       string
	sources    []source
	bad        bool // its syntax is one the framework rejects
}

// source is one of a variable's sources.
type source struct {
	literal    string
	isLiteral  bool
	isNull     bool
	typ        string
	params     []string
	address    string
	hasAddress bool
}

// maxVarsPerString bounds the variables read in one string.
const maxVarsPerString = 256

// parseVars returns the variables of s, in order; none when it holds none.
// It returns why s cannot be read when a variable is not closed (the
// framework rejects the value) or there are more than maxVarsPerString.
func parseVars(s string) (out []variable, bad string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // the framework's escape: the next character is text
		case '$':
			if i+1 >= len(s) || s[i+1] != '{' {
				continue
			}
			end := closing(s, i+2)
			if end < 0 {
				return nil, "a variable is not closed"
			}
			body := s[i+2 : end]
			if !typedStart(body) {
				// Foreign (${AWS::Region}): skipped whole.
				i = end
				continue
			}
			v := variable{start: i, end: end + 1, text: s[i : end+1]}
			v.sources, v.bad = parseSources(body)
			if len(out) >= maxVarsPerString {
				return nil, fmt.Sprintf("it holds more than %d variables", maxVarsPerString)
			}
			out = append(out, v)
			i = end
		}
	}
	return out, ""
}

// typedStart reports whether the content of ${…} starts with a source
// type: a lower-case letter, letters, digits or dots, then ":" or "(".
func typedStart(body string) bool {
	if body == "" || body[0] < 'a' || body[0] > 'z' {
		return false
	}
	for i := 1; i < len(body); i++ {
		c := body[i]
		switch {
		case c == ':' || c == '(':
			// "${a::b}" is foreign too.
			return c == '(' || i+1 >= len(body) || body[i+1] != ':'
		case isAlnum(c) || c == '.':
		default:
			return false
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// closing returns the index of the "}" closing a variable whose content
// starts at i, skipping nested variables and quoted strings; -1 if none.
func closing(s string, i int) int {
	depth := 0
	var quote byte
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\\':
			i++
		case c == '"' || c == '\'':
			quote = c
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case c == '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// splitTop splits s at the separator sep outside nested variables,
// parentheses and quoted strings.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, paren, last := 0, 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case c == '}' && depth > 0:
			depth--
		case c == '(' && depth == 0:
			paren++
		case c == ')' && depth == 0 && paren > 0:
			paren--
		case c == sep && depth == 0 && paren == 0:
			out = append(out, s[last:i])
			last = i + 1
		}
	}
	return append(out, s[last:])
}

// parseSources reads the sources of a variable's content.
func parseSources(body string) ([]source, bool) {
	var out []source
	for _, part := range splitTop(body, ',') {
		part = strings.TrimSpace(part)
		if strings.HasPrefix(part, "${") && strings.HasSuffix(part, "}") && closing(part, 2) == len(part)-1 {
			part = strings.TrimSpace(part[2 : len(part)-1])
		}
		src, ok := parseSource(part)
		if !ok {
			return nil, true
		}
		out = append(out, src)
	}
	return out, len(out) == 0
}

// parseSource reads one source.
func parseSource(s string) (source, bool) {
	if s == "" {
		return source{}, false
	}
	if s[0] == '\'' || s[0] == '"' {
		lit, ok := quoted(s)
		return source{literal: lit, isLiteral: true}, ok
	}
	i := 0
	for i < len(s) && (isAlnum(s[i]) || s[i] == '.') {
		i++
	}
	if i == len(s) {
		switch s {
		case "true", "false":
			return source{literal: s, isLiteral: true}, true
		case "null":
			return source{isLiteral: true, isNull: true}, true
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return source{literal: s, isLiteral: true}, true
		}
		return source{}, false
	}
	typ := s[:i]
	if typ == "" || typ[0] < 'a' || typ[0] > 'z' || strings.Contains(typ, ".") {
		return source{}, false
	}
	src := source{typ: typ}
	rest := s[i:]
	if rest[0] == '(' {
		end := matchParen(rest)
		if end < 0 {
			return source{}, false
		}
		for _, p := range splitTop(rest[1:end], ',') {
			p = strings.TrimSpace(p)
			if p != "" && (p[0] == '\'' || p[0] == '"') {
				if q, ok := quoted(p); ok {
					p = q
				}
			}
			src.params = append(src.params, p)
		}
		rest = strings.TrimSpace(rest[end+1:])
		if rest == "" {
			return src, true
		}
	}
	if rest[0] != ':' {
		return source{}, false
	}
	addr := strings.TrimSpace(rest[1:])
	if addr != "" && (addr[0] == '\'' || addr[0] == '"') {
		q, ok := quoted(addr)
		if !ok {
			return source{}, false
		}
		addr = q
	}
	src.address, src.hasAddress = addr, true
	return src, true
}

// matchParen returns the index of the ")" closing s[0] == "(".
func matchParen(s string) int {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// quoted reads a quoted string literal that is the whole of s.
func quoted(s string) (string, bool) {
	if len(s) < 2 || s[len(s)-1] != s[0] {
		return "", false
	}
	if s[0] == '\'' {
		return s[1 : len(s)-1], true
	}
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", false
	}
	return v, true
}
