package cloudformation

import "bytes"

// LinkFacts is what the text of a file tells of the links the template it
// may hold can have with other templates: whether it can export values
// (an Outputs Export), import them (Fn::ImportValue) or include templates
// as nested stacks. A false fact is certain; a true one only possible.
type LinkFacts struct {
	Exports, Imports, Nests bool
}

// ScanLinks returns the link facts of src: a few substring searches,
// never a parse.
func ScanLinks(src []byte) LinkFacts {
	return LinkFacts{
		Exports: bytes.Contains(src, []byte("Export")),
		Imports: bytes.Contains(src, []byte("ImportValue")),
		Nests:   nestsStacks(src),
	}
}

// nestsStacks reports whether a template's text can include nested stacks.
func nestsStacks(src []byte) bool {
	return bytes.Contains(src, []byte("AWS::CloudFormation::Stack")) || bytes.Contains(src, []byte("AWS::Serverless::Application"))
}
