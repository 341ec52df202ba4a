// Package terraform reads a Terraform module (the .tf and .tf.json files of
// one directory) into the shared model: CloudFront distributions and
// policies, and API Gateway REST and HTTP APIs with their resources,
// methods, routes, stages, deployments, authorizers and custom domains.
//
// The module is evaluated the way Terraform plans it, as far as that is
// possible before deploy: input variables (defaults, tfvars files, command
// line values, type constraints), local values, count and for_each
// instances, dynamic blocks and Terraform's function library. Values that
// only exist after apply are never guessed. Computed attributes of
// resources (an API's id, a stage's invoke_url) become symbolic tokens tied
// to the resource (see model.Symbols), so the string functions real
// configurations apply to them still show which API an origin reaches; a
// required variable without a value becomes a token with the variable's
// identity; anything else that cannot be known stays unknown. A function
// result the tokens' text would decide is unknown (see tokens.go); a
// comparison with a token is decided where the token allows it, the ID or
// ARN of a resource that exists being never empty (see compare.go). A whole
// resource is an object of the attributes edgelint offers: passed to a
// variable of an object type, the attributes it lacks are unknown.
//
// Module calls are followed (see modules.go): a local source is read
// relative to the calling module, any other source from the directory
// `terraform init` recorded in the root module's
// .terraform/modules/modules.json. Each instance of a call (count,
// for_each) is evaluated with the call's arguments as its input variables;
// its entities get IDs "<root dir>:module.<name>.<address>" and its outputs
// flow back to module.<name>. A module that is not installed is reported
// as info and its outputs stay unknown. Override files are read but not
// merged into the blocks they override.
//
// A value that reaches an attribute unchanged from a module call argument,
// a tfvars entry or a --var/TF_VAR_ value is located where it was written
// rather than at the attribute (see provenance.go).
package terraform
