// Package tfadapter maps Terraform's aws_* resources to the shared model,
// once for every way edgelint reads Terraform: the HCL and .tf.json
// evaluated by package terraform, and the plan JSON read by package
// tfplan. Each reader offers a resource instance and its nested blocks as
// an Object (attributes as model values with their source range and
// known/unknown state, blocks as Objects); the mapping here decides which
// attributes make which entities and what their service defaults are.
package tfadapter

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/openapi"
)

// Schema names the attributes and nested blocks a mapping reads from an
// object. HCL bodies are decoded against it; readers of values that are
// already decoded (a plan) may ignore it. Key is, for blocks of a set
// type, the attribute that tells one block from another (a reader matches
// a decoded block to the block written in the source by it).
type Schema struct {
	Key string
	HCL *hcl.BodySchema
}

// NewSchema is the schema of an object with the given attributes and
// nested block types.
func NewSchema(key string, attrs []string, blocks ...string) *Schema {
	s := &hcl.BodySchema{}
	for _, a := range attrs {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: a})
	}
	for _, b := range blocks {
		s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: b})
	}
	return &Schema{Key: key, HCL: s}
}

// Object is a resource instance or one of its nested blocks. Reading an
// attribute that is not written gives the absent value passed in (the
// service default); one written as null gives it too, at the written
// range. A value known only at deploy time is unknown, never guessed.
type Object interface {
	// Range is where the object is written.
	Range() model.Range
	// Unknown reports a block that stands for any number of blocks (a
	// dynamic block whose for_each is unknown): its written attributes
	// read as unknown.
	Unknown() bool
	// Written reports whether the attribute is in the configuration.
	Written(name string) bool
	// Null reports an attribute written with a value known to be null.
	Null(name string) bool
	Str(name string, absent model.Str) model.Str
	Bool(name string, absent model.Bool) model.Bool
	Int(name string, absent model.Int) model.Int
	// List reads a list or set of strings.
	List(name string, absent model.List) model.List
	// Map reads a map of strings: its entries (an entry whose value is
	// not a known string is unknown), and whether the keys are known.
	Map(name string) ([]Entry, bool)
	// Blocks returns the nested blocks of one type in order, decoded
	// against s; unknown ones (see Unknown) included.
	Blocks(typ string, s *Schema) []Object
	// Document reads an attribute holding a JSON or YAML document.
	Document(name string) Document
}

// Entry is one entry of a map attribute.
type Entry struct {
	Key string
	Val model.Str
}

// Document is an attribute holding a document (an OpenAPI body).
type Document struct {
	Written, Null bool
	// Known is set when Text is the whole document; a document with
	// tokens is known when the tokens are whole.
	Known bool
	Text  string
	// Range is where the document is written; Locate finds the part of
	// it a path of keys names.
	Range  model.Range
	Locate openapi.Locator
}

// Instance is one instance of a resource or data source.
type Instance interface {
	// Open decodes the instance's own body against s.
	Open(s *Schema) Object
	// ID is the entity ID, Address the instance address, Type the
	// resource type.
	ID() string
	Address() string
	Type() string
	// Token is the value of a computed attribute of the instance as
	// other resources see it (a symbolic token unless the reader knows
	// it); BlockToken the same for an attribute of the first block of a
	// type.
	Token(name string) string
	BlockToken(block, name string) string
	// Dynamic reports that some nested block could not be expanded and
	// reads as none (a dynamic block whose for_each depends on a
	// token).
	Dynamic() bool
}

// Mapper adds the entities of instances to a configuration.
type Mapper struct {
	Cfg  *model.Config
	Syms *model.Symbols
	// Note reports a limit of the analysis (info), once per key.
	Note func(key string, r model.Range, msg string)
	// Errs receives the notes of the OpenAPI reader.
	Errs *[]model.Diagnostic
}

type mapFunc func(*Mapper, Instance, model.Source)

// resources maps one instance of each resource type edgelint models.
var resources = map[string]mapFunc{
	"aws_cloudfront_distribution":          (*Mapper).distribution,
	"aws_cloudfront_cache_policy":          (*Mapper).cachePolicy,
	"aws_cloudfront_origin_request_policy": (*Mapper).originRequestPolicy,
	"aws_cloudfront_function":              (*Mapper).cloudfrontFunction,
	"aws_api_gateway_rest_api":             (*Mapper).restAPI,
	"aws_api_gateway_resource":             (*Mapper).restResource,
	"aws_api_gateway_method":               (*Mapper).restMethod,
	"aws_api_gateway_deployment":           (*Mapper).restDeployment,
	"aws_api_gateway_integration":          (*Mapper).restIntegration,
	"aws_api_gateway_stage":                (*Mapper).restStage,
	"aws_api_gateway_authorizer":           (*Mapper).restAuthorizer,
	"aws_api_gateway_domain_name":          (*Mapper).domainName,
	"aws_api_gateway_base_path_mapping":    (*Mapper).basePathMapping,
	"aws_apigatewayv2_api":                 (*Mapper).v2API,
	"aws_apigatewayv2_route":               (*Mapper).v2Route,
	"aws_apigatewayv2_stage":               (*Mapper).v2Stage,
	"aws_apigatewayv2_deployment":          (*Mapper).v2Deployment,
	"aws_apigatewayv2_authorizer":          (*Mapper).v2Authorizer,
	"aws_apigatewayv2_domain_name":         (*Mapper).domainName,
	"aws_apigatewayv2_api_mapping":         (*Mapper).v2APIMapping,
}

// dataSources maps one instance of each data source type edgelint models.
var dataSources = map[string]mapFunc{
	"aws_api_gateway_rest_api": (*Mapper).restAPILookup,
}

// Maps reports whether instances of a resource (data: a data source) type
// make entities.
func Maps(typ string, data bool) bool {
	if data {
		return dataSources[typ] != nil
	}
	return resources[typ] != nil
}

// Map adds the entities of one instance; src is the whole resource block.
func (m *Mapper) Map(in Instance, data bool, src model.Source) {
	f := resources[in.Type()]
	if data {
		f = dataSources[in.Type()]
	}
	if f != nil {
		f(m, in, src)
	}
}

// ref reads an attribute holding the ID of another resource; absent is
// unknown and unset.
func ref(o Object, name string, src model.Source) model.Str {
	return o.Str(name, model.Str{Range: src.Range})
}

// defaultList is an absent list attribute with the service default.
func defaultList(r model.Range, items ...string) model.List {
	l := model.List{Known: true, Range: r}
	for _, it := range items {
		l.Items = append(l.Items, model.DefaultStr(it, r))
	}
	return l
}

// upper upper-cases a known string (tokens are unaffected).
func upper(s model.Str) model.Str {
	if s.Known {
		s.V = strings.ToUpper(s.V)
	}
	return s
}

// splitList splits a comma-separated string attribute into items.
func splitList(s model.Str) model.List {
	out := model.List{Known: s.Known, Set: s.Set, Range: s.Range}
	if !s.Known {
		return out
	}
	for _, p := range strings.Split(s.V, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out.Items = append(out.Items, model.Str{V: p, Known: true, Set: s.Set, Range: s.Range})
		}
	}
	return out
}

// blockKind is a nested block type and its schema.
type blockKind struct {
	typ    string
	schema *Schema
}

// inOrder returns the blocks of several types in the order they are
// written, and the type of each: by position when all are written in one
// file (a plan lists each type apart), else in the order of the kinds.
func inOrder(o Object, kinds ...blockKind) ([]Object, map[Object]string) {
	var all []Object
	types := map[Object]string{}
	oneFile := true
	for _, k := range kinds {
		for _, b := range o.Blocks(k.typ, k.schema) {
			if len(all) > 0 && b.Range().File != all[0].Range().File {
				oneFile = false
			}
			all = append(all, b)
			types[b] = k.typ
		}
	}
	if oneFile {
		sort.SliceStable(all, func(i, j int) bool { return all[i].Range().Start.Byte < all[j].Range().Start.Byte })
	}
	return all, types
}

// ---- what an attribute reads ------------------------------------------------

// Referrer is an Object whose reader can tell what an attribute's
// expression reads (the HCL reader, and the plan reader through the source
// beside the plan). Readers that cannot do not implement it.
type Referrer interface {
	// References tells what the expression of attribute name reads; ok is
	// false when the attribute is not written.
	References(name string) (r Reads, ok bool)
	// DependsOn returns the addresses the resource's depends_on names
	// (module path included, instance keys dropped); ok is false when it
	// cannot be read.
	DependsOn() (addrs []string, ok bool)
}

// Reads is what an expression reads.
type Reads struct {
	// Refs are the resource attributes it reads, through locals, as
	// addresses with the module path and without instance keys
	// ("aws_api_gateway_method.get.id", or "aws_api_gateway_method.get"
	// for the whole object).
	Refs []string
	// Opaque is set when it also reads something whose changes cannot be
	// followed to resources (a variable, a module output, a data source, a
	// file, a clock), or cannot be read.
	Opaque bool
	// Empty is set when it is written as null or an empty object.
	Empty bool
	// Range is where the expression is written.
	Range model.Range
}
