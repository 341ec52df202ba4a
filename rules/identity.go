package rules

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// Subject is what a finding is about, in model terms: the entities at
// fault and which of their properties. A rule sets it on every finding;
// Run derives the finding's Entity from it and from nothing else (see
// entity), so that a finding's identity — the baseline key, the SARIF
// partialFingerprint — never changes when a message is reworded, and
// only changes when the fault is about something else.
type Subject struct {
	// Distribution holds the Origin or Behavior at fault.
	Distribution *model.Distribution
	Origin       *model.Origin
	Behavior     *model.Behavior
	// API is the API at fault, or the API of Resource and Method.
	API      *model.API
	Resource *model.Resource
	Method   *model.Method
	// Deployment is a deployment at fault.
	Deployment *model.Deployment
	// Aspect says which property of the entity is at fault.
	Aspect Aspect
	// Requirement is what a method requires of its callers (EL003).
	Requirement *Requirement

	// ErrorResponse is a custom error response of Distribution at fault.
	ErrorResponse *model.ErrorResponse
}

// Aspect is a property of an entity a finding is about.
type Aspect string

// Aspects.
const (
	// AspectWhole: the entity itself (an origin without a stage, an API
	// never deployed, a behavior reaching nothing).
	AspectWhole Aspect = ""
	// AspectStage: the stage an origin's requests are sent to.
	AspectStage Aspect = "stage"
	// AspectDomain: an origin's domain name.
	AspectDomain Aspect = "domain"
	// AspectDependsOn: a deployment's DependsOn.
	AspectDependsOn Aspect = "DependsOn"
)

// Aspects of the forwarding, protocol and endpoint rules (EL007, EL008,
// EL009, EL014) and of an origin path's form (EL002).
const (
	// AspectHostHeader: whether a behavior forwards the viewer's Host.
	AspectHostHeader Aspect = "host-header"
	// AspectAllowedMethods: a behavior's allowed methods.
	AspectAllowedMethods Aspect = "allowed-methods"
	// AspectProtocol: an origin's protocol policy.
	AspectProtocol Aspect = "protocol"
	// AspectSSLProtocols: an origin's SSL/TLS protocols.
	AspectSSLProtocols Aspect = "ssl-protocols"
	// AspectOriginPath: an origin path's form.
	AspectOriginPath Aspect = "origin-path"
	// AspectEndpointType: an API's endpoint type.
	AspectEndpointType Aspect = "endpoint-type"
)

// Requirement is an authorization requirement of a method: an API key,
// or an authorization type with the authorizer that implements it.
type Requirement struct {
	APIKey bool
	// Authorization is the method's authorization type, upper case.
	Authorization string
	Authorizer    *model.Authorizer
}

// entity is the identity of a finding about s, built from the addresses,
// IDs and stable attributes (path patterns, resource paths, methods,
// authorization types) of the model entities, never from prose. Symbolic
// tokens stay as written; reports show them as what they stand for.
//
// The forms, by subject:
//
//	<distribution>/origin[<origin ID>]                    AspectWhole
//	<distribution>/origin[<origin ID>]/stage              AspectStage
//	<distribution>/origin[<origin ID>]/domain             AspectDomain
//	<distribution>/origin[<origin ID>]/<aspect>           protocol, ssl-protocols, origin-path
//	<distribution>/behavior[<path pattern>]
//	<distribution>/behavior[<path pattern>]/<aspect>      host-header, allowed-methods
//	<API>/<METHOD> <resource path>/api-key
//	<API>/<METHOD> <resource path>/authorization[<TYPE>]
//	<API>/<METHOD> <resource path>/authorization[<TYPE> <authorizer>]
//	<API>
//	<API>/endpoint-type
//	<deployment>/DependsOn
//	<distribution>/custom_error_response[<error code>]
func (s Subject) entity() string {
	var b strings.Builder
	switch {
	case s.ErrorResponse != nil && s.Distribution != nil:
		b.WriteString(s.Distribution.Source.Address + "/custom_error_response[" + strconv.FormatInt(s.ErrorResponse.ErrorCode.V, 10) + "]")
	case s.Deployment != nil:
		b.WriteString(s.Deployment.Source.Address)
	case s.Method != nil && s.API != nil:
		b.WriteString(s.API.Source.Address + "/" + s.Method.HTTPMethod.V + " " + resourcePath(s.Resource))
		if r := s.Requirement; r != nil {
			b.WriteString("/" + r.id(s.API))
		}
	case s.Behavior != nil && s.Distribution != nil:
		b.WriteString(s.Distribution.Source.Address + "/behavior[" + s.Behavior.PathPattern.V + "]")
	case s.Origin != nil && s.Distribution != nil:
		b.WriteString(s.Distribution.Source.Address + "/origin[" + s.Origin.ID.V + "]")
	case s.API != nil:
		b.WriteString(s.API.Source.Address)
	default:
		return ""
	}
	if s.Aspect != AspectWhole {
		b.WriteString("/" + string(s.Aspect))
	}
	return b.String()
}

// formerEntities are the identities findings about s had in version 1
// baselines, where they differ from entity: EL003's named the
// requirement in words.
func (s Subject) formerEntities() []string {
	r := s.Requirement
	if r == nil || s.Method == nil || s.API == nil {
		return nil
	}
	what := "an API key"
	switch {
	case r.APIKey:
	case r.Authorization == "AWS_IAM":
		what = "AWS_IAM authorization (SigV4)"
	default:
		what = r.Authorization + " authorization"
		if z := r.Authorizer; z != nil {
			what += " (authorizer " + quote(authorizerName(z)) + ")"
		}
	}
	return []string{s.API.Source.Address + "/" + s.Method.HTTPMethod.V + " " + resourcePath(s.Resource) + "/" + what}
}

// id names the requirement of a method of api in an entity: the
// authorizer by its address, and by its name too when it is defined
// inside the API (an OpenAPI body, SAM's Auth), whose address it shares.
func (r *Requirement) id(api *model.API) string {
	if r.APIKey {
		return "api-key"
	}
	id := "authorization[" + r.Authorization
	if z := r.Authorizer; z != nil {
		id += " " + z.Source.Address
		if api != nil && z.Source.Address == api.Source.Address && z.Name.IsLiteral() && z.Name.V != "" {
			id += "#" + z.Name.V
		}
	}
	return id + "]"
}

// authorizerName is how messages name an authorizer: its name, or its
// address when the name is not a literal.
func authorizerName(z *model.Authorizer) string {
	if z.Name.IsLiteral() && z.Name.V != "" {
		return z.Name.V
	}
	return z.Source.Address
}

// resourcePath is the path a finding names a resource by: "$default" for
// the HTTP API catch-all route.
func resourcePath(res *model.Resource) string {
	switch {
	case res == nil:
		return ""
	case res.CatchAll:
		return "$default"
	}
	return res.Path.V
}
