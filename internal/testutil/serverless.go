package testutil

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// PackagedTemplate is where `serverless package` writes the CloudFormation
// template a deployment updates the stack with, relative to the service.
const PackagedTemplate = ".serverless/cloudformation-template-update-stack.json"

// Serverless returns the path of the Serverless Framework (v3):
// $EDGELINT_SERVERLESS, or serverless in PATH; see Tool for when it is
// missing.
func Serverless(t testing.TB) string {
	t.Helper()
	return Tool(t, "serverless", "EDGELINT_SERVERLESS")
}

// PackageServerless copies the Serverless Framework service in dir to a
// temporary directory and packages it there with the framework at sls
// (`serverless package`, the stage and region the service gives or the
// framework's defaults), returning the packaged template's path.
// Packaging needs no AWS account and no network: the credentials are the
// AWS documentation's example keys, telemetry and notifications are off,
// and every HTTP(S) connection goes to a proxy on a closed local port, so
// a variable or plugin that calls AWS fails the test rather than reaching
// it.
func PackageServerless(t testing.TB, sls, dir string) string {
	t.Helper()
	work := t.TempDir()
	svc := filepath.Join(work, "service")
	copyTree(t, dir, svc)
	home := filepath.Join(work, "home")
	if err := os.Mkdir(home, 0o750); err != nil {
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
	tmpl := filepath.Join(svc, filepath.FromSlash(PackagedTemplate))
	if _, err := os.Stat(tmpl); err != nil {
		t.Fatalf("serverless package wrote no %s: %v\n%s", PackagedTemplate, err, out)
	}
	return tmpl
}

// copyTree copies the regular files under src to dst, leaving out a
// packaged output (.serverless) and installed modules (node_modules). The
// files are read through a root at src, so no symbolic link leads out of
// it.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	root, err := os.OpenRoot(src)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	err = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(rel))
		switch {
		case d.IsDir() && (d.Name() == ".serverless" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o750)
		case !d.Type().IsRegular():
			return nil
		}
		b, err := root.ReadFile(rel)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
