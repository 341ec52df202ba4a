package model

// Config is the model of one scan. Parsers emit entities flat, with
// references between them as Str values holding symbolic tokens (a method's
// RestAPI reference is the token of its API's "id" attribute); Assemble then
// resolves the references into the linked graph the rules read.
type Config struct {
	Symbols *Symbols

	Distributions []*Distribution
	Policies      []*Policy

	APIs        []*API
	Resources   []*RawResource
	Methods     []*RawMethod
	Routes      []*RawRoute
	Stages      []*Stage
	Deployments []*Deployment
	Authorizers []*Authorizer
	DomainNames []*DomainName
	Mappings    []*Mapping
	// APILookups are APIs referred to by name rather than defined
	// (Terraform data sources aws_api_gateway_rest_api, aws_apigatewayv2_api).
	APILookups []*APILookup
	// RouteGaps are resources, methods or routes that exist but that the
	// parser could not read.
	RouteGaps []*RouteGap

	// Integrations are REST integrations declared apart from their method
	// (aws_api_gateway_integration): what a deployment's triggers must
	// cover.
	Integrations []*RawIntegration

	// EdgeFunctions are the CloudFront Functions of the scan.
	EdgeFunctions []*EdgeFunction

	// Files lists every file that contributed to the model.
	Files []string
	// Marked lists the files read whose text mentions edgelint: only
	// they can hold suppression directives.
	Marked []string
}

// NewConfig returns an empty config sharing syms (or a fresh table).
func NewConfig(syms *Symbols) *Config {
	if syms == nil {
		syms = NewSymbols()
	}
	return &Config{Symbols: syms}
}

// Merge appends every entity of o to c. Both must share one symbol table.
func (c *Config) Merge(o *Config) {
	c.Distributions = append(c.Distributions, o.Distributions...)
	c.Policies = append(c.Policies, o.Policies...)
	c.APIs = append(c.APIs, o.APIs...)
	c.Resources = append(c.Resources, o.Resources...)
	c.Methods = append(c.Methods, o.Methods...)
	c.Routes = append(c.Routes, o.Routes...)
	c.Stages = append(c.Stages, o.Stages...)
	c.Deployments = append(c.Deployments, o.Deployments...)
	c.Authorizers = append(c.Authorizers, o.Authorizers...)
	c.DomainNames = append(c.DomainNames, o.DomainNames...)
	c.Mappings = append(c.Mappings, o.Mappings...)
	c.APILookups = append(c.APILookups, o.APILookups...)
	c.RouteGaps = append(c.RouteGaps, o.RouteGaps...)
	c.Integrations = append(c.Integrations, o.Integrations...)
	c.EdgeFunctions = append(c.EdgeFunctions, o.EdgeFunctions...)
	c.Files = append(c.Files, o.Files...)
	c.Marked = append(c.Marked, o.Marked...)
}

// RouteGap stands for resources, methods or routes that a configuration
// declares but the parser could not read: the instances of a Terraform
// resource whose count or for_each is not known, or what a module that is
// not analyzed may declare. Assemble marks the resources of every API it
// may belong to as not fully known (API.ResourcesUnknown, with Reason).
type RouteGap struct {
	// APIRefs are strings holding the tokens of the APIs it may belong
	// to: an API's ID or root resource ID, or any other attribute of it.
	APIRefs []string
	Reason  string
	Source  Source
}

// AddQuickCreate adds what API Gateway creates for an HTTP API made by
// quick create (a target set on the API itself): a route for routeKey
// (by default $default) that needs no authorization, and an auto-deployed
// $default stage named stageID. r is where the API is written.
func (c *Config) AddQuickCreate(apiRef Str, stageID string, routeKey Str, r Range, src Source) {
	c.Routes = append(c.Routes, &RawRoute{
		APIRef:   apiRef,
		RouteKey: routeKey,
		Method: Method{
			Authorization:  DefaultStr("NONE", r),
			AuthorizerRef:  DefaultStr("", r),
			APIKeyRequired: DefaultBool(false, r),
			Range:          r,
			Source:         src,
		},
	})
	c.Stages = append(c.Stages, &Stage{
		ID:            stageID,
		APIRef:        apiRef,
		Name:          DefaultStr("$default", r),
		DeploymentRef: DefaultStr("", r),
		Implicit:      true,
		AutoDeploy:    DefaultBool(true, r),
		Source:        src,
	})
}

// ---- CloudFront -----------------------------------------------------------

// Distribution is a CloudFront distribution.
type Distribution struct {
	ID     string `json:"id"`
	Source Source `json:"source"`

	Origins      []*Origin      `json:"origins"`
	OriginGroups []*OriginGroup `json:"origin_groups,omitempty"`
	// Behaviors in CloudFront's evaluation order: ordered cache behaviors
	// first, in list order, the default behavior last.
	Behaviors         []*Behavior `json:"behaviors"`
	Aliases           List        `json:"aliases"`
	DefaultRootObject Str         `json:"default_root_object"`
	// Dynamic is true when origins or behaviors come from constructs the
	// parser could not expand (an unknown dynamic block, an unknown list):
	// the lists above may then be incomplete.
	Dynamic bool `json:"dynamic,omitempty"`

	// ErrorResponses are the distribution's custom error responses that
	// the parser could read (custom_error_response, CustomErrorResponses).
	ErrorResponses []*ErrorResponse `json:"error_responses,omitempty"`
}

// Origin is one origin of a distribution.
type Origin struct {
	ID             Str      `json:"id"`
	DomainName     Str      `json:"domain_name"`
	OriginPath     Str      `json:"origin_path"`
	CustomHeaders  []Header `json:"custom_headers,omitempty"`
	ProtocolPolicy Str      `json:"protocol_policy"`
	// S3 is true for an origin with S3 origin settings (s3_origin_config,
	// S3OriginConfig, an origin access control).
	S3    bool  `json:"s3,omitempty"`
	Range Range `json:"range"`

	// SSLProtocols are the TLS/SSL protocols CloudFront may use with a
	// custom origin (origin_ssl_protocols, OriginSSLProtocols); not Set
	// when none is written.
	SSLProtocols List `json:"ssl_protocols"`

	// Link is the API this origin reaches, set by Assemble; nil when the
	// domain is not an API Gateway endpoint of the scan.
	Link *Link `json:"-"`
}

// OriginGroup is a failover group; behaviors may target its ID.
type OriginGroup struct {
	ID      Str   `json:"id"`
	Members []Str `json:"members"`
	Range   Range `json:"range"`
}

// Header is a name/value pair (origin custom header).
type Header struct {
	Name  Str `json:"name"`
	Value Str `json:"value"`
}

// Behavior is a cache behavior.
type Behavior struct {
	Default bool `json:"default"`
	// PathPattern is the pattern as written; for the default behavior it is
	// a DefaultStr "*".
	PathPattern           Str                   `json:"path_pattern"`
	TargetOriginID        Str                   `json:"target_origin_id"`
	AllowedMethods        List                  `json:"allowed_methods"`
	CachePolicyID         Str                   `json:"cache_policy_id"`
	OriginRequestPolicyID Str                   `json:"origin_request_policy_id"`
	Legacy                *ForwardedValues      `json:"forwarded_values,omitempty"`
	Functions             []FunctionAssociation `json:"functions,omitempty"`
	Range                 Range                 `json:"range"`

	// ViewerProtocolPolicy: allow-all, redirect-to-https or https-only.
	ViewerProtocolPolicy Str `json:"viewer_protocol_policy"`

	// Resolved by Assemble.
	CachePolicy         *Policy `json:"-"`
	OriginRequestPolicy *Policy `json:"-"`
	// Origin is the origin the behavior targets (for an origin group, its
	// primary member); Targets every origin it may reach (all members of
	// a group).
	Origin      *Origin      `json:"-"`
	OriginGroup *OriginGroup `json:"-"`
	Targets     []*Origin    `json:"-"`
}

// ForwardedValues is the legacy (pre-policy) forwarding configuration.
type ForwardedValues struct {
	Headers     List  `json:"headers"`
	QueryString Bool  `json:"query_string"`
	Range       Range `json:"range"`
}

// FunctionAssociation is a CloudFront Function or Lambda@Edge association.
type FunctionAssociation struct {
	EventType Str   `json:"event_type"` // viewer-request, origin-request, …
	Lambda    bool  `json:"lambda"`     // Lambda@Edge rather than CloudFront Function
	Range     Range `json:"range"`
	// FunctionRef is the function's ARN as written (function_arn,
	// FunctionARN): a token of a function of the scan, or a literal ARN.
	FunctionRef Str `json:"function_arn"`
	// Function is the CloudFront Function the association runs, set by
	// Assemble; nil when it is not in the scan or cannot be known (and
	// always for Lambda@Edge).
	Function *EdgeFunction `json:"-"`
}

// RewritesPath reports whether the association may change the request URI
// before it reaches the origin (a viewer- or origin-request function), or
// its event type is unknown.
func (f FunctionAssociation) RewritesPath() bool {
	if !f.EventType.Known {
		return true
	}
	switch f.EventType.V {
	case "viewer-request", "origin-request":
		return true
	}
	return false
}

// MayRewritePath reports whether a function associated with the behavior
// may change the request (its URI, its headers) before it reaches the
// origin (FunctionAssociation.RewritesPath).
func (b *Behavior) MayRewritePath() bool {
	for _, f := range b.Functions {
		if f.RewritesPath() {
			return true
		}
	}
	return false
}

// PolicyKind tells cache policies from origin request policies.
type PolicyKind string

// Policy kinds.
const (
	CachePolicy         PolicyKind = "cache"
	OriginRequestPolicy PolicyKind = "origin-request"
)

// Policy is a cache policy or an origin request policy, defined in the scan
// or one of AWS's managed policies.
type Policy struct {
	ID      string     `json:"id"`
	IDToken string     `json:"-"` // token (or literal ID) behaviors use to refer to it
	Name    string     `json:"name"`
	Kind    PolicyKind `json:"kind"`
	Managed bool       `json:"managed"`
	Source  Source     `json:"source"`

	// Headers: behavior none|whitelist|allViewer|allViewerAndWhitelistCloudFront|allExcept
	// (cache policies use none|whitelist).
	HeaderBehavior      Str  `json:"header_behavior"`
	Headers             List `json:"headers"`
	QueryStringBehavior Str  `json:"query_string_behavior"`
	CookieBehavior      Str  `json:"cookie_behavior"`
	MinTTL              Int  `json:"min_ttl"`
	DefaultTTL          Int  `json:"default_ttl"`
	MaxTTL              Int  `json:"max_ttl"`
}

// ---- API Gateway ------------------------------------------------------------

// APIKind is the API Gateway flavour.
type APIKind string

// API kinds.
const (
	REST      APIKind = "REST"
	HTTP      APIKind = "HTTP"
	WebSocket APIKind = "WEBSOCKET"
)

// API is an API Gateway REST (v1) or HTTP/WebSocket (v2) API.
type API struct {
	ID     string  `json:"id"`
	Kind   APIKind `json:"kind"`
	Source Source  `json:"source"`
	Name   Str     `json:"name"`
	// IDToken is the token of the API's generated ID (what "${api.id}" or
	// !Ref Api evaluate to); RootIDToken that of its root resource ID.
	IDToken     string `json:"-"`
	RootIDToken string `json:"-"`

	// Resources as path templates ("/", "/users/{id}", "/{proxy+}").
	// Parsers may fill this directly (OpenAPI bodies, SAM events); Assemble
	// adds those built from RawResource/RawMethod/RawRoute.
	Resources []*Resource `json:"resources"`
	// ResourcesUnknown is set, with a reason, when the API's resources come
	// from somewhere edgelint cannot read (a body in S3, an unknown value):
	// rules that need the resource list say nothing about this API.
	ResourcesUnknown string `json:"resources_unknown,omitempty"`

	EndpointTypes             List  `json:"endpoint_types"`
	DisableExecuteAPIEndpoint Bool  `json:"disable_execute_api_endpoint"`
	APIKeySource              Str   `json:"api_key_source"`
	Range                     Range `json:"-"`

	// Filled by parsers (SAM, OpenAPI) or Assemble.
	Stages      []*Stage      `json:"stages"`
	Deployments []*Deployment `json:"deployments"`
	Authorizers []*Authorizer `json:"authorizers"`
	// StagesUnknown is set, with a reason, when stages of this API may exist
	// outside the scan.
	StagesUnknown string `json:"stages_unknown,omitempty"`

	// Parts are the REST resources, methods and integrations declared
	// apart from the API that belong to it, set by Assemble: what a
	// deployment must follow to serve the API as it is.
	Parts []Part `json:"-"`
}

// Part is a resource, method or integration declared apart from its API.
type Part struct {
	Kind    string // "resource", "method", "integration"
	Address string
	Source  Source
	// Under are the addresses of the resources a method sits under: its
	// resource and that resource's ancestors. Replacing one of them (a
	// new path part or parent) replaces the method too, whose resource is
	// part of its identity.
	Under []string
}

// Resource is a REST resource or an HTTP API route path.
type Resource struct {
	Path Str `json:"path"`
	// CatchAll marks the HTTP API "$default" route, which matches any path.
	CatchAll bool      `json:"catch_all,omitempty"`
	Methods  []*Method `json:"methods"`
	Range    Range     `json:"range"`
}

// HasMethods reports whether r has at least one method.
func (r *Resource) HasMethods() bool { return len(r.Methods) > 0 }

// Method is a REST method or an HTTP route's method.
type Method struct {
	HTTPMethod Str `json:"http_method"` // upper case; ANY for any
	// Authorization: NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS, JWT.
	Authorization  Str         `json:"authorization"`
	AuthorizerRef  Str         `json:"authorizer_ref"`
	APIKeyRequired Bool        `json:"api_key_required"`
	Authorizer     *Authorizer `json:"authorizer,omitempty"`
	Range          Range       `json:"range"`
	Source         Source      `json:"source"`
}

// Authorizer is a REST or HTTP API authorizer.
type Authorizer struct {
	ID      string `json:"id"`
	IDToken string `json:"-"`
	APIRef  Str    `json:"-"`
	Name    Str    `json:"name"`
	// Type: TOKEN, REQUEST, COGNITO_USER_POOLS (REST); REQUEST, JWT (HTTP).
	Type Str `json:"type"`
	// IdentitySources as written: "method.request.header.Authorization"
	// (REST) or "$request.header.Authorization" (HTTP).
	IdentitySources List   `json:"identity_sources"`
	Source          Source `json:"source"`
}

// Stage is a deployed stage of an API.
type Stage struct {
	ID            string `json:"id"`
	APIRef        Str    `json:"-"`
	Name          Str    `json:"name"`
	DeploymentRef Str    `json:"-"`
	// Implicit marks a stage no resource in source declares (SAM's Prod and
	// Stage stages, an HTTP API quick-create $default stage, a stage created
	// by a deployment's StageName).
	Implicit bool `json:"implicit,omitempty"`
	// AutoDeploy: HTTP API stages that deploy every change.
	AutoDeploy Bool   `json:"auto_deploy"`
	Source     Source `json:"source"`
}

// Deployment is an API deployment.
type Deployment struct {
	ID      string `json:"id"`
	IDToken string `json:"-"`
	APIRef  Str    `json:"-"`
	// StageName: a deployment may create a stage (Terraform AWS provider v5
	// stage_name, CloudFormation StageName).
	StageName Str    `json:"stage_name"`
	Source    Source `json:"source"`
	// DependsOn lists the addresses a CloudFormation deployment declares
	// in DependsOn (empty when it declares none).
	DependsOn []string `json:"depends_on,omitempty"`

	// Redeployment inputs (Terraform). OrderedAfter lists the addresses a
	// deployment's depends_on names (module path included, instance keys
	// dropped); Triggers what its triggers read, nil when it declares none.
	OrderedAfter []string  `json:"ordered_after,omitempty"`
	Triggers     *Triggers `json:"triggers,omitempty"`
}

// Triggers is what a Terraform deployment's triggers read: when any of it
// changes, the deployment is replaced (a new snapshot of the API).
type Triggers struct {
	// Refs are the resource attributes the trigger values read, through
	// locals, as addresses with the module path and without instance keys:
	// "aws_api_gateway_method.get.id", or "aws_api_gateway_method.get" for
	// the whole resource object.
	Refs []string `json:"refs,omitempty"`
	// Opaque is set when the values also read something whose changes
	// cannot be followed to the API's parts (a variable, a module output,
	// a file, a clock, an unresolvable local): what they cover is unknown.
	Opaque bool `json:"opaque,omitempty"`
	// Range is where the triggers are written.
	Range Range `json:"range"`
}

// DomainName is an API Gateway custom domain name.
type DomainName struct {
	ID string `json:"id"`
	// IDToken: the token that references this domain by ID (mappings use it
	// in Terraform via .domain_name or .id; CloudFormation via Ref).
	Tokens []string `json:"-"`
	Name   Str      `json:"name"`
	// TargetHosts are tokens for the domain's API Gateway-side host names
	// (regional_domain_name, cloudfront_domain_name) an origin may use.
	TargetHosts []string   `json:"-"`
	Mappings    []*Mapping `json:"mappings"`
	Source      Source     `json:"source"`
	V2          bool       `json:"v2"`
}

// Mapping is a base path mapping (REST) or API mapping (v2).
type Mapping struct {
	DomainRef Str    `json:"-"`
	APIRef    Str    `json:"-"`
	Stage     Str    `json:"stage"`
	BasePath  Str    `json:"base_path"`
	Source    Source `json:"source"`
	API       *API   `json:"-"`
}

// RawResource is a REST resource as declared (Terraform
// aws_api_gateway_resource, CloudFormation AWS::ApiGateway::Resource).
type RawResource struct {
	APIRef    Str    `json:"-"`
	ParentRef Str    `json:"-"`
	PathPart  Str    `json:"path_part"`
	IDToken   string `json:"-"`
	Source    Source `json:"source"`
}

// RawMethod is a REST method as declared, attached by ResourceRef to a
// RawResource's IDToken or its API's RootIDToken.
type RawMethod struct {
	APIRef      Str `json:"-"`
	ResourceRef Str `json:"-"`
	Method
}

// RawRoute is an HTTP/WebSocket API route as declared ("GET /pets/{id}",
// "$default").
type RawRoute struct {
	APIRef   Str `json:"-"`
	RouteKey Str `json:"route_key"`
	Method
}

// Link says how an origin reaches an API.
type Link struct {
	API *API
	// Domain is set when the origin uses a custom domain (or its API
	// Gateway target host) instead of the execute-api endpoint.
	Domain *DomainName
	// Host is the origin's host as parsed from its domain name.
	Host string
	// Stage is the stage the origin path addresses (its first segment, an
	// HTTP API's $default stage, or the stage of a single base path
	// mapping); nil when the origin path does not decide it, e.g. when the
	// behaviors' path patterns carry the stage.
	Stage *Stage
}

// APILookup is an API looked up by name (a Terraform data source). When
// exactly one API of that kind and name is in the scan, Assemble makes the
// lookup's tokens denote that API; otherwise they stay unknown.
type APILookup struct {
	Kind        APIKind `json:"kind"`
	Name        Str     `json:"name"`
	IDToken     string  `json:"-"`
	RootIDToken string  `json:"-"`
	Source      Source  `json:"source"`
	// API is the API found, set by Assemble.
	API *API `json:"-"`
}

// ---- CloudFront custom error responses ----------------------------------------

// ErrorResponse is a custom error response of a distribution: for an
// origin (or CloudFront) response with status ErrorCode, CloudFront
// answers ResponseCode with the object at ResponsePagePath. ResponseCode
// is unset when the response keeps the origin's status.
type ErrorResponse struct {
	ErrorCode        Int   `json:"error_code"`
	ResponseCode     Int   `json:"response_code"`
	ResponsePagePath Str   `json:"response_page_path"`
	Range            Range `json:"range"`
}

// RawIntegration is a REST integration as declared apart from its method
// (Terraform aws_api_gateway_integration).
type RawIntegration struct {
	APIRef Str    `json:"-"`
	Source Source `json:"source"`
}
