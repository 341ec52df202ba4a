// Package model is edgelint's shared, format-independent picture of a scan:
// CloudFront distributions (origins, behaviors, policies) and API Gateway REST
// and HTTP APIs (resources, methods, authorizers, stages, deployments, custom
// domains), linked origin → API. Parsers fill it; rules read it. Rules never
// see HCL or YAML and parsers never decide what is wrong.
//
// Every value a rule reads is a typed value that carries where it came from
// (a Range) and whether it is known. A known string may still hold symbolic
// tokens (see Symbols): placeholders for values that are only known after
// deploy, such as an API's generated ID, that still tell which entity they
// belong to.
package model

import (
	"bytes"
	"fmt"
)

// Pos is a position in a source file. Line and Column are 1-based; Column
// counts characters (Unicode code points) from the start of the line. Byte is
// the 0-based byte offset in the file.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// Range is a half-open source range [Start, End) in File.
type Range struct {
	File  string `json:"file"`
	Start Pos    `json:"start"`
	End   Pos    `json:"end"`
}

// IsZero reports whether r carries no location.
func (r Range) IsZero() bool { return r.File == "" && r.Start.Line == 0 }

// String renders r as file:line:col.
func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// Contains reports whether p lies within r (same file assumed).
func (r Range) Contains(p Pos) bool {
	if p.Line < r.Start.Line || p.Line > r.End.Line {
		return false
	}
	if p.Line == r.Start.Line && p.Column < r.Start.Column {
		return false
	}
	if p.Line == r.End.Line && p.Column >= r.End.Column {
		return false
	}
	return true
}

// Format names the source language an entity was read from.
type Format string

// Source formats.
const (
	FormatTerraform      Format = "terraform"
	FormatCloudFormation Format = "cloudformation"
)

// Source is where an entity comes from: the file format, a display address (Terraform resource
// address or CloudFormation logical ID) and the range of its whole definition.
type Source struct {
	Format  Format `json:"format"`
	Address string `json:"address"`
	Range   Range  `json:"range"`
	// Head is the part of the definition that names the entity: a
	// Terraform block's header, a CloudFormation logical ID. Findings about
	// the whole entity point here.
	Head Range `json:"head"`
	// Path is extra identity shown to users, e.g. the CDK construct path.
	Path string `json:"path,omitempty"`
	// Stack is the CloudFormation stack name, when the input names it
	// (a CDK cloud assembly's manifest).
	Stack string `json:"stack,omitempty"`
}

// Anchor returns Head when set, else Range.
func (s Source) Anchor() Range {
	if !s.Head.IsZero() {
		return s.Head
	}
	return s.Range
}

// MayHoldHCLSuppression is MayHoldSuppression for a file of Terraform's
// native syntax, where a directive or a look-alike can only be a comment
// ("#", "//" or "/* */"): the file can hold one when it has a block
// comment, or when "edgelint" (in any case) follows "#" or "/" on its line.
// A file whose only "edgelint" is in a value ("bucket = "edgelint-logs"")
// is not read for directives.
func MayHoldHCLSuppression(src []byte) bool {
	if !MayHoldSuppression(src) {
		return false
	}
	if bytes.Contains(src, []byte("/*")) {
		return true
	}
	for line := range bytes.Lines(src) {
		if i := bytes.IndexAny(line, "#/"); i >= 0 && MayHoldSuppression(line[i:]) {
			return true
		}
	}
	return false
}

// MayHoldSuppression reports whether a file's text can hold an edgelint
// suppression (a "# edgelint:ignore" comment, a CloudFormation Metadata
// "edgelint: {ignore: …}") or a comment that looks like one but is
// misspelled ("# EdgeLint-disable EL001"): only such files are read for
// them. It looks for "edgelint" in any case.
func MayHoldSuppression(src []byte) bool {
	if bytes.Contains(src, []byte("edgelint")) {
		return true
	}
	// Other cases: each 'g' or 'G' (found with IndexByte, rarer than the
	// 'e' the word starts with) is tried as the word's third letter.
	const word = "edgelint"
	for _, g := range []byte{'g', 'G'} {
		for off := 0; ; {
			j := bytes.IndexByte(src[off:], g)
			if j < 0 {
				break
			}
			if i := off + j - 2; i >= 0 && i+len(word) <= len(src) && bytes.EqualFold(src[i:i+len(word)], []byte(word)) {
				return true
			}
			off += j + 1
		}
	}
	return false
}
