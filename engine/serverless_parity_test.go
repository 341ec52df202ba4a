package engine_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/rules"
)

// TestServerlessParity checks every Serverless Framework service case
// (sls-…) against the framework itself: the case is packaged by
// `serverless package` (v3, $EDGELINT_SERVERLESS or serverless in PATH;
// .ci/run installs it), offline, and edgelint must find in the packaged
// template exactly the rule codes the case's annotations want. Once the
// engine reads serverless.yml, the findings on the service itself must
// also be those on its packaged template, rule by rule and entity by
// entity (the API, stage, resource, method or behavior at fault, by the
// framework's logical IDs), whatever their lines.
//
// Services with the serverless-domain-manager plugin are not cases of
// this test: the framework refuses to package a service whose plugin is
// not installed, and, installed (v8.0.0 checked), the plugin does nothing
// when a service is packaged (it maps the domain through the AWS API when
// the service is deployed), so the packaged template holds no trace of
// its domain or base path.
func TestServerlessParity(t *testing.T) {
	if testing.Short() {
		t.Skip("packaging every service takes minutes")
	}
	sls := testutil.Serverless(t)
	reads := ruletest.ReadsServerless(t)
	for _, dir := range ruletest.ServerlessCases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			tmpl := testutil.PackageServerless(t, sls, dir)
			packaged := analyze(t, tmpl)
			var want []string
			for _, w := range ruletest.ReadWants(t, dir) {
				want = append(want, w.Rule)
			}
			var got []string
			for _, f := range packaged {
				got = append(got, f.Rule)
			}
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("the packaged template has findings %q, the case wants %q:\n%s", got, want, describe(packaged))
			}
			if !reads {
				t.Log("the engine does not read serverless.yml yet: only the packaged template was checked")
				return
			}
			fromService := analyze(t, dir)
			if p, s := identities(packaged), identities(fromService); p != s {
				t.Errorf("findings differ between the packaged template and serverless.yml (rule and entity):\npackaged:\n%s\nserverless.yml:\n%s\nfindings on serverless.yml:\n%s", p, s, describe(fromService))
			}
		})
	}
}

// analyze runs the engine on path; an input error fails the test.
func analyze(t *testing.T, path string) []rules.Finding {
	t.Helper()
	res, err := engine.Run([]string{path}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		if e.IsError() {
			t.Errorf("input error: %s", e.Error())
		}
	}
	return res.Findings
}

// identities lists the findings by rule code and entity, sorted, one a
// line.
func identities(fs []rules.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Entity)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// describe lists the findings as a report would, one a line.
func describe(fs []rules.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\t" + f.Range.String() + ": " + f.Rule + " [" + f.Entity + "] " + f.Message + "\n")
	}
	return b.String()
}
