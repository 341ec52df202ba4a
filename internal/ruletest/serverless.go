package ruletest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// ServerlessPrefix starts the name of every Serverless Framework service
// case: a directory holding a serverless.yml, its handler and the files
// its resources include, annotated like any other case.
const ServerlessPrefix = "sls-"

// ServerlessCases returns the Serverless Framework service cases of Dir,
// sorted: its sls-… directories. The test fails when there is none.
func ServerlessCases(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, root := range []string{Dir(t)} {
		entries, err := os.ReadDir(root)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && strings.HasPrefix(e.Name(), ServerlessPrefix) {
				out = append(out, filepath.Join(root, e.Name()))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return filepath.Base(out[i]) < filepath.Base(out[j]) })
	if len(out) == 0 {
		t.Fatalf("no %s… cases in %s", ServerlessPrefix, Dir(t))
	}
	return out
}

// probeService is a Serverless Framework service with one REST API
// method and nothing else: a reader of serverless.yml makes an API of it.
// It holds no Resources, so no CloudFormation reader takes it for a
// template.
const probeService = `service: probe
provider:
  name: aws
  runtime: nodejs20.x
functions:
  hello:
    handler: handler.hello
    events:
      - http:
          path: hello
          method: get
`

// ReadsServerless reports whether the engine reads a Serverless Framework
// service (serverless.yml) into the model: whether a service with one http
// event yields an API.
func ReadsServerless(t testing.TB) bool {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "serverless.yml"), []byte(probeService), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{Model: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.Config != nil && len(res.Config.APIs) > 0
}
