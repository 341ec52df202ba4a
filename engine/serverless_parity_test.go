package engine_test

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/rules"
)

// packagedTemplate is where `serverless package` writes the CloudFormation
// template a deployment updates the stack with.
const packagedTemplate = ".serverless/cloudformation-template-update-stack.json"

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
// this test: the plugin does nothing when a service is packaged (it maps
// the domain through the AWS API when the service is deployed), so the
// packaged template holds no trace of its domain or base path.
func TestServerlessParity(t *testing.T) {
	if testing.Short() {
		t.Skip("packaging every service takes minutes")
	}
	sls := testutil.Tool(t, "serverless", "EDGELINT_SERVERLESS")
	reads := ruletest.ReadsServerless(t)
	for _, dir := range ruletest.ServerlessCases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			tmpl := packageService(t, sls, dir)
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

// packageService copies the service in dir to a temporary directory and
// packages it there with the framework at sls, returning the packaged
// template's path. Packaging needs no AWS account and no network: the
// credentials are the documentation's example keys, and every HTTP(S)
// connection goes to a proxy on a closed local port, so a variable or
// plugin that calls AWS fails the test rather than reaching it.
func packageService(t *testing.T, sls, dir string) string {
	t.Helper()
	work := t.TempDir()
	svc := filepath.Join(work, "service")
	copyService(t, dir, svc)
	home := filepath.Join(work, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, sls, "package")
	cmd.Dir = svc
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"SLS_TELEMETRY_DISABLED=1",
		"SLS_NOTIFICATIONS_MODE=off",
		"HTTP_PROXY=http://127.0.0.1:9",
		"HTTPS_PROXY=http://127.0.0.1:9",
		"http_proxy=http://127.0.0.1:9",
		"https_proxy=http://127.0.0.1:9",
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("serverless package in %s: %v\n%s", dir, err, out)
	}
	tmpl := filepath.Join(svc, filepath.FromSlash(packagedTemplate))
	if _, err := os.Stat(tmpl); err != nil {
		t.Fatalf("serverless package wrote no %s: %v\n%s", packagedTemplate, err, out)
	}
	return tmpl
}

// copyService copies the files of the service in src to dst, leaving out
// a packaged output (.serverless) and installed modules.
func copyService(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir() && (d.Name() == ".serverless" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
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
