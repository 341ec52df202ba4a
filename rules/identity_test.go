package rules_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/baseline"
	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/ruletest"
	"github.com/edgelint/edgelint/report"
	"github.com/edgelint/edgelint/rules"
)

// fingerprints returns, for every finding of a run over dir, its baseline
// fingerprint and its SARIF partial fingerprint, in report order.
func fingerprints(t *testing.T, dir string) (base, sarif []string, res *engine.Result) {
	t.Helper()
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Entity == "" {
			t.Errorf("%s finding at %s has no entity: %s", f.Rule, f.Range, f.Message)
		}
		base = append(base, baseline.Fingerprint(f, dir))
	}
	var buf bytes.Buffer
	if err := report.SARIF(&buf, res, report.CIOptions{BaseDir: dir}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Results {
		for _, v := range r.PartialFingerprints {
			sarif = append(sarif, v)
		}
	}
	return base, sarif, res
}

// TestRewordingKeepsIdentity rewords every text of every finding of every
// rule case: no baseline or SARIF fingerprint may change, since a
// finding's identity is built from model entities, not from its words.
func TestRewordingKeepsIdentity(t *testing.T) {
	dir := ruletest.Dir(t)
	base, sarif, plain := fingerprints(t, dir)
	if len(base) == 0 {
		t.Fatal("no findings")
	}
	restore := rules.RewordMessages(func(s string) string { return "reworded: " + strings.ToUpper(s) + " 42" })
	defer restore()
	rbase, rsarif, reworded := fingerprints(t, dir)
	if len(reworded.Findings) != len(plain.Findings) || reworded.Findings[0].Message == plain.Findings[0].Message {
		t.Fatalf("the hook did not reword the findings (%d, %d)", len(plain.Findings), len(reworded.Findings))
	}
	for i := range base {
		if rbase[i] != base[i] {
			f := plain.Findings[i]
			t.Errorf("rewording changed the baseline fingerprint of %s at %s (entity %q)", f.Rule, f.Range, f.Entity)
		}
	}
	if strings.Join(rsarif, ",") != strings.Join(sarif, ",") {
		t.Errorf("rewording changed SARIF partial fingerprints")
	}
}
