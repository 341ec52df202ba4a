package trace_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/trace"
)

// pathRules are the rules whose findings say that requests through a
// behavior fail: a trace of one of its paths must fail with the same code.
var pathRules = map[string]bool{
	"EL001": true, "EL002": true, "EL003": true, "EL004": true, "EL005": true,
	"EL006": true, "EL007": true, "EL008": true, "EL009": true, "EL011": true, "EL014": true,
}

var methods = []string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}

func within(outer, inner model.Range) bool {
	return outer.File == inner.File && !outer.IsZero() && outer.Contains(inner.Start)
}

// concerned returns the behaviors a finding is about: those whose block
// holds its range or a related location, and those that target an origin
// (or use an API) that does.
func concerned(c *model.Config, f rules.Finding) []*model.Behavior {
	ranges := []model.Range{f.Range}
	for _, r := range f.Related {
		ranges = append(ranges, r.Range)
	}
	var out []*model.Behavior
	add := func(b *model.Behavior) {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	for _, d := range c.Distributions {
		for _, b := range d.Behaviors {
			for _, r := range ranges {
				if within(b.Range, r) {
					add(b)
				}
			}
		}
		for _, o := range d.Origins {
			hit := false
			for _, r := range ranges {
				hit = hit || within(o.Range, r)
				if o.Link != nil && o.Link.API != nil && f.Rule != "EL003" {
					hit = hit || within(o.Link.API.Source.Range, r) && r == f.Range
				}
			}
			if !hit {
				continue
			}
			for _, b := range d.Behaviors {
				// A trace follows the primary origin of a group.
				if b.Origin == o {
					add(b)
				}
			}
		}
	}
	return out
}

// samples are the viewer paths a trace of behavior b tries: the pattern's
// own sample, the home URL, the path it sends to an API root without a
// method (through its viewer-request function, when that rewrites the
// path) and, for each API resource it reaches (through the function too),
// a path that reaches it.
func samples(q *rules.Requests, b *model.Behavior) []string {
	out := []string{rules.SampleViewerPath(b), "/"}
	if v, ok := q.RootWithoutMethod(b); ok && !slices.Contains(out, v) {
		out = append(out, v)
	}
	for _, rt := range q.Routes(b) {
		if rt.Viewer != "" && !slices.Contains(out, rt.Viewer) {
			out = append(out, rt.Viewer)
		}
	}
	return out
}

func distOf(c *model.Config, b *model.Behavior) *model.Distribution {
	for _, d := range c.Distributions {
		if slices.Contains(d.Behaviors, b) {
			return d
		}
	}
	return nil
}

func behaviorLabel(b *model.Behavior) string {
	if b.Default {
		return "default"
	}
	return b.PathPattern.V
}

// agrees reports whether some trace of a path of behavior b fails with
// code; tried lists the outcomes otherwise.
func agrees(c *model.Config, q *rules.Requests, b *model.Behavior, code string, warning, branch bool) (bool, []string) {
	d := distOf(c, b)
	var tried []string
	for _, p := range samples(q, b) {
		for _, target := range []string{p, "http://viewer.example" + p} {
			for _, m := range methods {
				tr := trace.Run(context.Background(), q, d, trace.Request{Method: m, Target: target})
				if tr.Behavior == nil || *tr.Behavior != behaviorLabel(b) {
					break // another behavior takes the path
				}
				if tr.Outcome == trace.Fails && tr.Rule != nil && (*tr.Rule == code || slices.Contains(tr.Also, code)) {
					return true, nil
				}
				if warning && tr.Outcome == trace.Unknown && tr.Rule != nil && *tr.Rule == code {
					// The rule is not sure either.
					return true, nil
				}
				if branch && tr.Outcome == trace.Unknown {
					return true, nil
				}
				rule := ""
				if tr.Rule != nil {
					rule = *tr.Rule
				}
				tried = append(tried, m+" "+target+" → "+tr.Outcome+" "+rule+" "+tr.Reason)
			}
		}
	}
	return false, tried
}

// TestTraceAgreesWithRules checks, on every rule case and the corpus, that
// for every error or warning of a rule that reports failing requests, a
// trace of a path of a behavior the finding concerns fails with the same
// rule code.
func TestTraceAgreesWithRules(t *testing.T) {
	root := testutil.RepoRoot(t)
	dirs := ruletest.Cases(t, ruletest.Dir(t))
	corpus := filepath.Join(root, "testdata", "corpus")
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(corpus, e.Name()))
		}
	}
	checked := map[string]int{}
	for _, dir := range dirs {
		res, err := engine.Run([]string{dir}, engine.Options{Model: true})
		if err != nil {
			t.Fatal(err)
		}
		q := rules.NewRequests(res.Config)
		for _, f := range res.Findings {
			if !pathRules[f.Rule] || f.Severity == rules.Info {
				continue
			}
			bs := concerned(res.Config, f)
			if len(bs) == 0 {
				t.Logf("%s: %s %s: no behavior found for the finding", filepath.Base(dir), f.Rule, f.Range)
				continue
			}
			// A finding of one branch of CloudFormation conditions the
			// template leaves undecided: the model read without them
			// leaves the request unknown, and must not contradict it.
			branch := strings.Contains(f.Message, " (when ")
			ok := false
			var tried []string
			for _, b := range bs {
				var tr []string
				ok, tr = agrees(res.Config, q, b, f.Rule, f.Severity == rules.Warning, branch)
				if ok {
					break
				}
				tried = append(tried, tr...)
			}
			if !ok && len(tried) == 0 {
				t.Logf("%s: %s %s: no request reaches the behaviors the finding concerns", filepath.Base(dir), f.Rule, f.Range)
				continue
			}
			if !ok {
				t.Errorf("%s: %s at %s: no trace of %d behaviors fails with it:\n  %s\n  tried:\n    %s", filepath.Base(dir), f.Rule, f.Range, len(bs), f.Message, strings.Join(tried, "\n    "))
				continue
			}
			checked[f.Rule]++
		}
	}
	t.Logf("findings confirmed by a trace: %v", checked)
	for _, code := range []string{"EL001", "EL003", "EL004", "EL007", "EL008", "EL009", "EL011", "EL014"} {
		if checked[code] == 0 {
			t.Errorf("no %s finding was checked", code)
		}
	}
}

// working are the wirings of the corpus that EXPECTATIONS.md says work
// (no error or warning), as paths under testdata/corpus.
var working = []string{
	"serverless-patterns/cloudfront-apigw-rest-api-lambda-dynamodb-sam",
	"serverless-patterns/cloudfront-apigw-http-api-lambda-rust",
	"serverless-patterns/cloudfront-failover-apigw-http-api-lambda-rust",
	"serverless-patterns/apigw-http-api-waf-cloudfront-terraform",
	"aws-solutions-constructs/source/patterns/@aws-solutions-constructs/aws-cloudfront-apigateway/test/integ.cftapi-use-specrestapi.js.snapshot",
	"aws-solutions-constructs-2021/source/patterns/@aws-solutions-constructs/aws-cloudfront-apigateway-lambda/test/integ.no-arguments.expected.json",
	"virtual-waiting-room-on-aws",
	"amazon-api-gateway-url-shortener",
	"aws-lambda-nextjs",
	"terraform-aws-proxy",
	"PySpy-WebTerraform",
	"terraform-aws-next-js-image-optimization",
}

// TestWorkingWiringsReach checks that on every working wiring of the
// corpus a request for a route that a behavior reaches, with a method the
// route serves, reaches the integration, and that no such request fails.
// Where the API's routes are not in the scan (an OpenAPI body in S3, a
// module not installed, a Lambda@Edge function), the traces can only be
// unknown, and are logged.
func TestWorkingWiringsReach(t *testing.T) {
	corpus := filepath.Join(testutil.RepoRoot(t), "testdata", "corpus")
	for _, w := range working {
		t.Run(filepath.Base(w), func(t *testing.T) {
			res, err := engine.Run([]string{filepath.Join(corpus, w)}, engine.Options{Model: true})
			if err != nil {
				t.Fatal(err)
			}
			q := rules.NewRequests(res.Config)
			reached, traced, routes := 0, 0, 0
			for _, d := range res.Config.Distributions {
				for _, b := range d.Behaviors {
					if b.Origin == nil || b.Origin.Link == nil || b.Origin.Link.API == nil {
						continue
					}
					type sample struct{ method, path string }
					samples := []sample{{"GET", rules.SampleViewerPath(b)}}
					for _, rt := range q.Routes(b) {
						if rt.Viewer == "" {
							continue
						}
						routes++
						m := "GET"
						for _, x := range rt.Resource.Methods {
							if ok, _ := rules.MethodAllowed(b, x.HTTPMethod.V); ok && x.HTTPMethod.V != "ANY" {
								m = x.HTTPMethod.V
								break
							}
						}
						samples = append(samples, sample{m, rt.Viewer})
					}
					for i, s := range samples {
						tr := trace.Run(context.Background(), q, d, trace.Request{Method: s.method, Target: s.path})
						if tr.Behavior == nil || *tr.Behavior != behaviorLabel(b) {
							continue
						}
						traced++
						switch {
						case tr.Outcome == trace.Reaches:
							reached++
						case tr.Outcome == trace.Fails && i > 0:
							t.Errorf("%s %s through %s fails: %d %s", s.method, s.path, behaviorLabel(b), *tr.Status, tr.Reason)
						default:
							t.Logf("%s %s through %s: %s: %s", s.method, s.path, behaviorLabel(b), tr.Outcome, tr.Reason)
						}
					}
				}
			}
			t.Logf("%d of %d traces reach the integration", reached, traced)
			if routes > 0 && reached == 0 {
				t.Errorf("no trace reaches the integration")
			}
		})
	}
}
