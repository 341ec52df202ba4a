// Package serverless reads a Serverless Framework service file
// (serverless.yml or serverless.yaml) into edgelint's model, as the
// framework (v3) packages it: its variables are resolved, the functions'
// http and httpApi events are compiled into the REST and HTTP APIs the
// framework generates (with its logical IDs: ApiGatewayRestApi,
// ApiGatewayResource<Path>, ApiGatewayMethod<Path><Method>, the deployment
// of stage provider.stage, <Name>ApiGatewayAuthorizer, HttpApi,
// HttpApiStage, HttpApiRoute<…>), serverless-domain-manager's custom
// domain is added, and the resources: section is merged in. The template
// this makes is read by the CloudFormation reader; every node keeps the
// range of the text it comes from, in the service file or the file a
// ${file(…)} includes, so findings land where the fault is written.
//
// Variables: ${self:…}, ${opt:NAME} (--parameter NAME=VALUE, as the
// framework's --NAME option), ${sls:stage}, ${aws:region}, ${file(…)}
// (YAML and JSON files inside the scanned boundary) and fallbacks are
// resolved. ${env:…} takes its fallback (the environment edgelint runs in
// is never read); ${ssm:…}, ${cf:…}, ${s3:…}, ${aws:accountId} and every
// other source are unknown, as are values past the resolution bounds.
// serverless.js, serverless.ts and serverless.json are not read.
package serverless

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/vfs"
)

// Options configure the reading of one service.
type Options struct {
	// Parameters are the --parameter values: stage and region give
	// the framework's --stage and --region, and every NAME gives
	// ${opt:NAME}.
	Parameters map[string]string
	// FS is what the service file's includes are read through; nil
	// reads the disk, under the service's directory.
	FS *vfs.FS
}

// IsServiceFile reports whether path names a service file the reader
// reads.
func IsServiceFile(path string) bool {
	switch filepath.Base(path) {
	case "serverless.yml", "serverless.yaml":
		return true
	}
	return false
}

// Shadowed reports whether the framework reads another service file of
// the directory instead of the one at path: it takes serverless.yml
// before serverless.yaml.
func Shadowed(path string, exists func(string) bool) bool {
	return filepath.Base(path) == "serverless.yaml" && exists(filepath.Join(filepath.Dir(path), "serverless.yml"))
}

// PackagedTemplate is the path of the template `serverless package`
// writes for the service file at path.
func PackagedTemplate(path string) string {
	return filepath.Join(filepath.Dir(path), ".serverless", "cloudformation-template-update-stack.json")
}

// Parse reads the service file at path (its text src) into a model. It
// returns the files it included (with ${file(…)}), which are read as part
// of the service and not on their own, and the values the service exports
// (its Outputs' Export names, those the framework adds among them:
// sls-<service>-<stage>-ServiceEndpoint, -HttpApiId, -HttpApiUrl), for the
// templates that import them. What the service imports is unknown.
func Parse(path string, src []byte, opts Options, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic, included []string, exports map[string]model.Str) {
	if syms == nil {
		syms = model.NewSymbols()
	}
	defer func() {
		if p := recover(); p != nil {
			cfg = model.NewConfig(syms)
			cfg.Files = []string{path}
			errs = append(errs, model.Diagnostic{
				Range:    model.Range{File: path},
				Message:  fmt.Sprintf("internal error while reading this service: %v", p),
				Severity: model.SevError,
			})
		}
	}()
	root, notes, perr := cf.ReadTree(path, src)
	errs = append(errs, notes...)
	empty := func() *model.Config {
		c := model.NewConfig(syms)
		c.Files = []string{path}
		return c
	}
	if perr != nil {
		return empty(), append(errs, *perr), nil, nil
	}
	if root == nil || root.Kind != cf.KMap {
		r := startRange(path)
		if root != nil {
			r = root.Rng
		}
		return empty(), append(errs, model.Diagnostic{Range: r, Message: "the service file is not a mapping", Severity: model.SevError}), nil, nil
	}
	r := newResolver(path, root, opts)
	if name, st := r.lookup(root, "provider.name"); st == found && name.IsScalar() && !strings.EqualFold(strings.TrimSpace(name.Str), "aws") {
		// A service of another provider (azure, google…): its events
		// are no API Gateway's.
		return empty(), errs, r.included, nil
	}
	doc := r.resolve(root)
	c := newCompiler(r, doc)
	tmpl := c.compile()
	files := append([]string{path}, r.included...)
	cfg, terrs, exports := cf.ParseTree(path, tmpl, files, cf.Options{Parameters: nil, FS: opts.FS}, syms)
	if model.MayHoldSuppression(src) {
		cfg.Marked = append(cfg.Marked, path)
	}
	cfg.Marked = append(cfg.Marked, r.marked...)
	c.markUnknown(cfg)
	errs = append(errs, r.errs...)
	errs = append(errs, terrs...)
	return cfg, errs, r.included, exports
}

// markUnknown tells the model which API's resources are not all known.
func (c *compiler) markUnknown(cfg *model.Config) {
	for _, a := range cfg.APIs {
		switch {
		case a.Source.Address == restAPIID && a.Kind == model.REST && c.restUnknown != "" && a.ResourcesUnknown == "":
			a.ResourcesUnknown = c.restUnknown
		case a.Source.Address == httpAPIID && a.Kind == model.HTTP && c.httpUnknown != "" && a.ResourcesUnknown == "":
			a.ResourcesUnknown = c.httpUnknown
		}
	}
}
