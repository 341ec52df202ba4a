package engine_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
)

const (
	cons     = "aws-solutions-constructs/source/patterns/@aws-solutions-constructs/"
	cons2021 = "aws-solutions-constructs-2021/source/patterns/@aws-solutions-constructs/aws-cloudfront-apigateway-lambda/test/"
)

// wirings is testdata/corpus/EXPECTATIONS.md as a table: for each real
// CloudFront → API Gateway wiring, the rule codes a correct analyzer
// reports at error or warning level, and for some a text the finding must
// contain.
var wirings = []struct {
	id    string
	paths []string
	want  []string
	text  map[string]string
}{
	{id: "W01", paths: []string{"serverless-patterns/cloudfront-apigw-rest-api-lambda-dynamodb-sam"}},
	{id: "W02", paths: []string{"serverless-patterns/cloudfront-apigw-http-api-lambda-rust"}},
	{id: "W03", paths: []string{"serverless-patterns/sam-webapp-cognito"}, want: []string{"EL003"}, text: map[string]string{"EL003": "Authorization"}},
	{id: "W04", paths: []string{"serverless-patterns/cloudfront-failover-apigw-http-api-lambda-rust"}},
	{id: "W05", paths: []string{"serverless-patterns/apigw-http-api-waf-cloudfront-terraform"}},
	{id: "W06", paths: []string{cons + "aws-cloudfront-apigateway-lambda/test/integ.cftaplam-no-arguments.js.snapshot"}, want: []string{"EL003"}},
	{id: "W07", paths: []string{cons + "aws-cloudfront-apigateway-lambda/test/integ.cftaplam-no-usage-plan.js.snapshot"}, want: []string{"EL003"}},
	{id: "W08", paths: []string{cons + "aws-cloudfront-apigateway-lambda/test/integ.cftaplam-customCloudfrontLoggingBucket.js.snapshot"}, want: []string{"EL003"}},
	{id: "W09", paths: []string{cons + "aws-cloudfront-apigateway-lambda/test/integ.cftaplam-override-behavior.js.snapshot"}, want: []string{"EL003", "EL004"}, text: map[string]string{"EL004": "/prod/dynamic/dynamic"}},
	{id: "W10", paths: []string{cons + "aws-cloudfront-apigateway/test/integ.cftapi-no-arguments.js.snapshot"}, want: []string{"EL003"}},
	{id: "W11", paths: []string{cons + "aws-cloudfront-apigateway/test/integ.cftapi-customCloudfrontLoggingBucket.js.snapshot"}, want: []string{"EL003"}},
	{id: "W12", paths: []string{cons + "aws-cloudfront-apigateway/test/integ.cftapi-use-specrestapi.js.snapshot"}},
	{id: "W13", paths: []string{cons2021 + "integ.no-arguments.expected.json"}},
	{id: "W14", paths: []string{cons2021 + "integ.override-behavior.expected.json"}, want: []string{"EL004"}, text: map[string]string{"EL004": "/prod/dynamic/dynamic"}},
	{id: "W15", paths: []string{"serverless-image-handler-v4.2"}, want: []string{"EL011"}, text: map[string]string{"EL011": "/image/, the root of"}},
	{id: "W16", paths: []string{"virtual-waiting-room-on-aws"}},
	{id: "W17", paths: []string{"amazon-api-gateway-url-shortener"}},
	{id: "W18", paths: []string{"aws-lambda-nextjs"}},
	{id: "W19", paths: []string{"cloudfront-paywall-demo"}, want: []string{"EL003", "EL009"}, text: map[string]string{"EL003": "x-api-key", "EL009": "match-viewer"}},
	{id: "W20", paths: []string{"terraform-aws-proxy"}},
	{id: "W21", paths: []string{"PySpy-WebTerraform"}},
	{id: "W22", paths: []string{"terraform-aws-next-js-image-optimization"}},
}

// TestCorpusWirings checks every real wiring of the regression corpus in
// testdata/corpus against EXPECTATIONS.md.
func TestCorpusWirings(t *testing.T) {
	root := filepath.Join(testutil.RepoRoot(t), "testdata", "corpus")
	for _, w := range wirings {
		t.Run(w.id, func(t *testing.T) {
			var paths []string
			for _, p := range w.paths {
				paths = append(paths, filepath.Join(root, p))
			}
			res, err := engine.Run(paths, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range res.Errors {
				if strings.Contains(e.Message, "internal error") {
					t.Errorf("internal error: %s", e.Error())
				}
			}
			got := map[string]bool{}
			var all []rules.Finding
			for _, f := range res.Findings {
				if f.Severity == rules.Error || f.Severity == rules.Warning {
					got[f.Rule] = true
					all = append(all, f)
				}
			}
			var codes []string
			for c := range got {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			want := append([]string(nil), w.want...)
			sort.Strings(want)
			if strings.Join(codes, ",") != strings.Join(want, ",") {
				t.Errorf("%s: got rules [%s], want [%s]", w.id, strings.Join(codes, ","), strings.Join(want, ","))
				for _, f := range all {
					t.Logf("  %s %s:%d:%d %s", f.Rule, f.Range.File, f.Range.Start.Line, f.Range.Start.Column, f.Message)
				}
			}
			for code, text := range w.text {
				found := false
				for _, f := range all {
					if f.Rule == code && strings.Contains(ruletest.Text(f), text) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no %s finding mentions %q", w.id, code, text)
				}
			}
		})
	}
}

// TestRobustness reads every file of the shared robustness corpus: no
// panic, no hang, and no finding of any rule, since no wiring exists there
// (EXPECTATIONS.md, "Robustness set"): a finding is a false positive.
func TestRobustness(t *testing.T) {
	dir := filepath.Join(testutil.SharedCorpus(t), "robustness")
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	parseErrors := 0
	for _, e := range res.Errors {
		if strings.Contains(e.Message, "internal error") {
			t.Errorf("internal error: %s", e.Error())
		}
		if e.Severity == model.SevError {
			parseErrors++
		}
	}
	for _, f := range res.Findings {
		t.Errorf("unexpected %s at %s:%d: %s", f.Rule, f.Range.File, f.Range.Start.Line, f.Message)
	}
	t.Logf("robustness: %d files, %d distributions, %d APIs, %d findings, %d inputs with parse errors",
		len(res.Config.Files), len(res.Config.Distributions), len(res.Config.APIs), len(res.Findings), parseErrors)
}
