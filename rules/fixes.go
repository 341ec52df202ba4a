package rules

import (
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/pathmatch"
)

// Fix proposals. A proposal is made only when the corrected value is
// certain; the engine then checks the source still reads as the value the
// rule saw before it becomes an edit.

// valueFix proposes changing the value at s to v.
func valueFix(desc string, s model.Str, v string) *Fix {
	if !s.Known || s.Range.IsZero() || s.V == v {
		return nil
	}
	return &Fix{Description: desc, Values: []ValueEdit{{Range: s.Range, Old: s.V, New: v}}}
}

// originPathFix proposes the origin path v for o: a changed value when the
// origin path is written, else a new attribute after the domain name.
func originPathFix(src model.Source, o *model.Origin, v string) *Fix {
	desc := "set the origin path to " + quote(v)
	if o.OriginPath.Set {
		return valueFix(desc, o.OriginPath, v)
	}
	if !o.DomainName.Known || o.DomainName.Range.IsZero() || !o.DomainName.Via.IsZero() {
		return nil
	}
	ins := &Insert{After: o.DomainName.Range, Value: v, Format: src.Format}
	switch src.Format {
	case model.FormatTerraform:
		ins.AfterKey, ins.Key = "domain_name", "origin_path"
	case model.FormatCloudFormation:
		ins.AfterKey, ins.Key = "DomainName", "OriginPath"
	default:
		return nil
	}
	return &Fix{Description: desc, Insert: ins}
}

// replaceFirstSegment returns p with its first segment replaced by seg.
func replaceFirstSegment(p, seg string) string {
	lead := ""
	rest := p
	if strings.HasPrefix(rest, "/") {
		lead, rest = "/", rest[1:]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return lead + seg + rest[i:]
	}
	return lead + seg
}

// suggestedPattern is the path pattern that forwards to resource c through
// an origin whose path adds opRest after the stage, keeping the wildcard
// tail and the leading-slash style of pattern; "" when there is none.
func suggestedPattern(pattern, c, opRest string) string {
	if strings.ContainsAny(c, "{}*?") || pattern == "" || pattern == "*" {
		return ""
	}
	norm := normalise(pattern)
	lit := pathmatch.LiteralPrefix(norm)
	tail := norm[len(lit):]
	if opRest != "" {
		if !strings.HasPrefix(c, opRest+"/") {
			return ""
		}
		c = strings.TrimPrefix(c, opRest)
	}
	np := c
	if strings.HasSuffix(lit, "/") && np != "/" {
		np += "/"
	}
	np += tail
	if !strings.HasPrefix(pattern, "/") {
		np = strings.TrimPrefix(np, "/")
	}
	if np == pattern || np == "" {
		return ""
	}
	return np
}
