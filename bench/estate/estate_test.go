package estate_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/bench/estate"
	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/testutil"
)

// finding is what the manifest and edgelint are compared on.
type finding struct {
	rule, file string
	line       int
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.rule) }

// checkEstate runs edgelint on a generated estate and requires its
// findings to be exactly the seeded faults, with no input errors.
func checkEstate(t *testing.T, spec estate.Spec) estate.Manifest {
	t.Helper()
	dir := t.TempDir()
	man, err := estate.Generate(dir, spec)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		if e.IsError() {
			t.Errorf("input error: %s", e.Error())
		}
	}
	var got, want []finding
	for _, f := range res.Findings {
		rel, err := filepath.Rel(dir, f.Range.File)
		if err != nil {
			rel = f.Range.File
		}
		got = append(got, finding{f.Rule, filepath.ToSlash(rel), f.Range.Start.Line})
	}
	for _, f := range man.Faults {
		want = append(want, finding{f.Rule, f.File, f.Line})
	}
	sortFindings(got)
	sortFindings(want)
	gotSet := map[finding]bool{}
	for _, f := range got {
		gotSet[f] = true
	}
	wantSet := map[finding]bool{}
	for _, f := range want {
		wantSet[f] = true
	}
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.Range.File)
		k := finding{f.Rule, filepath.ToSlash(rel), f.Range.Start.Line}
		if !wantSet[k] {
			t.Errorf("unexpected finding %s (%s): %s", k, f.Severity, f.Message)
		}
	}
	for _, f := range man.Faults {
		if !gotSet[finding{f.Rule, f.File, f.Line}] {
			t.Errorf("seeded fault not reported: %s:%d: %s (%s)", f.File, f.Line, f.Rule, f.What)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d findings, %d seeded faults", len(got), len(want))
	}
	return man
}

func sortFindings(list []finding) {
	sort.Slice(list, func(i, j int) bool { return list[i].String() < list[j].String() })
}

func TestFindingsEqualManifest(t *testing.T) {
	man := checkEstate(t, estate.Spec{Units: 40, Seed: 1})
	if len(man.Faults) != 2 {
		t.Errorf("default fault count for 40 units: got %d, want 2", len(man.Faults))
	}
}

// TestEveryFaultKind seeds many faults so that every rule and every unit
// shape that carries one is exercised.
func TestEveryFaultKind(t *testing.T) {
	man := checkEstate(t, estate.Spec{Units: 90, Seed: 7, Faults: 30})
	rules := map[string]int{}
	for _, f := range man.Faults {
		rules[f.Rule]++
	}
	for _, r := range []string{"EL001", "EL002", "EL003", "EL004", "EL005", "EL006", "EL007", "EL008", "EL009", "EL010", "EL011", "EL012", "EL013", "EL014"} {
		if rules[r] == 0 {
			t.Errorf("no seeded %s fault", r)
		}
	}
	if len(man.Faults) != 30 {
		t.Errorf("got %d faults, want 30", len(man.Faults))
	}
}

// TestFaultKindsInBothFormats checks that the rules seeded in Terraform
// and CloudFormation units alike are seeded, and found, in both.
func TestFaultKindsInBothFormats(t *testing.T) {
	man := checkEstate(t, estate.Spec{Units: 200, Seed: 11, Faults: 140, TerraformShare: 0.5})
	seen := map[string]bool{}
	for _, f := range man.Faults {
		format := "Terraform"
		if !strings.HasSuffix(f.File, ".tf") {
			format = "CloudFormation"
		}
		seen[f.Rule+" "+format] = true
	}
	for _, r := range []string{"EL001", "EL002", "EL003", "EL004", "EL005", "EL006", "EL007", "EL008", "EL009", "EL010", "EL011", "EL012", "EL013", "EL014"} {
		for _, format := range []string{"Terraform", "CloudFormation"} {
			if !seen[r+" "+format] {
				t.Errorf("no seeded %s fault in a %s unit", r, format)
			}
		}
	}
}

func TestNoFaults(t *testing.T) {
	man := checkEstate(t, estate.Spec{Units: 30, Seed: 3, Faults: estate.NoFaults, TerraformShare: 0.3})
	if len(man.Faults) != 0 {
		t.Errorf("got %d faults, want none", len(man.Faults))
	}
}

// tree reads every file under dir into a map by relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	spec := estate.Spec{Units: 60, Seed: 42}
	a, b := t.TempDir(), t.TempDir()
	if _, err := estate.Generate(a, spec); err != nil {
		t.Fatal(err)
	}
	if _, err := estate.Generate(b, spec); err != nil {
		t.Fatal(err)
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files vs %d files", len(ta), len(tb))
	}
	for p, da := range ta {
		if !bytes.Equal(da, tb[p]) {
			t.Errorf("%s differs between two runs with the same seed", p)
		}
	}
	c := t.TempDir()
	if _, err := estate.Generate(c, estate.Spec{Units: 60, Seed: 43}); err != nil {
		t.Fatal(err)
	}
	tc := tree(t, c)
	same := len(tc) == len(ta)
	for p, da := range ta {
		if !bytes.Equal(da, tc[p]) {
			same = false
			break
		}
	}
	if same {
		t.Error("seeds 42 and 43 gave the same estate")
	}
}

func TestManifestFile(t *testing.T) {
	dir := t.TempDir()
	man, err := estate.Generate(dir, estate.Spec{Units: 20, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, estate.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range man.Faults {
		if !strings.Contains(string(data), fmt.Sprintf("%q", f.File)) {
			t.Errorf("manifest file does not list %s", f.File)
		}
	}
	if man.TerraformUnits+man.TemplateUnits != 20 {
		t.Errorf("units: %d Terraform + %d templates, want 20", man.TerraformUnits, man.TemplateUnits)
	}
	if _, err := estate.Generate(dir, estate.Spec{Units: 20, Seed: 5}); err == nil {
		t.Error("generating into a non-empty directory succeeded")
	}
}

// TestServerlessServices checks the Serverless Framework services: a
// share of the template units, every kind of their faults seeded when
// asked and none otherwise. The engine must find exactly the seeded
// faults: the services' faults once it reads serverless.yml, and, before,
// nothing in services that are all correct.
func TestServerlessServices(t *testing.T) {
	spec := estate.Spec{Units: 120, Seed: 13, TerraformShare: 0.3, ServerlessShare: 0.5, ServerlessFaults: true}
	dir := t.TempDir()
	man, err := estate.Generate(dir, spec)
	if err != nil {
		t.Fatal(err)
	}
	if n := man.Shapes["serverless"]; n != (man.TemplateUnits+1)/2 {
		t.Errorf("%d Serverless services, want half the %d template units", n, man.TemplateUnits)
	}
	seeded := map[string]bool{}
	for _, f := range man.Faults {
		if strings.Contains(f.Unit, "/services/") {
			seeded[f.Rule] = true
			if !strings.HasSuffix(f.File, "/serverless.yml") && !strings.HasSuffix(f.File, "/resources/cloudfront.yml") {
				t.Errorf("fault %s of service %s in %s", f.Rule, f.Unit, f.File)
			}
		}
	}
	for _, r := range []string{"EL001", "EL002", "EL003", "EL004", "EL007", "EL009", "EL014"} {
		if !seeded[r] {
			t.Errorf("no seeded %s fault in a Serverless service", r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(man.Faults[0].Unit))); err != nil {
		t.Error(err)
	}

	spec.ServerlessFaults = true
	man = checkEstate(t, spec)
	services := 0
	for _, f := range man.Faults {
		if strings.Contains(f.Unit, "/services/") {
			services++
		}
	}
	if !spec.ServerlessFaults && services != 0 {
		t.Errorf("%d faults seeded in Serverless services without ServerlessFaults", services)
	}
	if man.Shapes["serverless"] == 0 {
		t.Error("no Serverless service")
	}
}

// TestNoServerless checks that NoServerless leaves the services out and
// that the other units are the same as with them.
func TestNoServerless(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	with, err := estate.Generate(a, estate.Spec{Units: 60, Seed: 9, ServerlessShare: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	without, err := estate.Generate(b, estate.Spec{Units: 60, Seed: 9, ServerlessShare: estate.NoServerless})
	if err != nil {
		t.Fatal(err)
	}
	if with.Shapes["serverless"] == 0 || without.Shapes["serverless"] != 0 {
		t.Fatalf("services: %d with, %d without", with.Shapes["serverless"], without.Shapes["serverless"])
	}
	if with.Shapes["serverless"]+with.Shapes["cfn-plain"] != without.Shapes["cfn-plain"] {
		t.Errorf("the services are not taken from the plain templates: %v vs %v", with.Shapes, without.Shapes)
	}
	if fmt.Sprint(with.Faults) != fmt.Sprint(without.Faults) {
		t.Errorf("the services changed the seeded faults:\n%v\n%v", with.Faults, without.Faults)
	}
	ta, tb := tree(t, a), tree(t, b)
	for p, data := range tb {
		if strings.Contains(p, string(filepath.Separator)+"terraform"+string(filepath.Separator)) && !bytes.Equal(data, ta[p]) {
			t.Errorf("%s differs with the services", p)
		}
	}
}

// TestServerlessServicesPackaged packages Serverless services of an estate
// with the framework itself (see testutil.PackageServerless), one per
// kind of seeded fault and three correct ones, and requires edgelint to
// find in each packaged template the rules of the faults seeded in the
// service, and nothing in the correct ones: the services are what the
// framework makes of them, whatever reads serverless.yml.
func TestServerlessServicesPackaged(t *testing.T) {
	if testing.Short() {
		t.Skip("packaging services takes minutes")
	}
	sls := testutil.Serverless(t)
	dir := t.TempDir()
	man, err := estate.Generate(dir, estate.Spec{Units: 120, Seed: 13, TerraformShare: 0.3, ServerlessShare: 0.5, ServerlessFaults: true})
	if err != nil {
		t.Fatal(err)
	}
	seeded := map[string][]string{}
	for _, f := range man.Faults {
		seeded[f.Unit] = append(seeded[f.Unit], f.Rule)
	}
	services, err := filepath.Glob(filepath.Join(dir, "teams", "*", "services", "*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(services)
	kinds, correct := map[string]bool{}, 0
	for _, svc := range services {
		rel, err := filepath.Rel(dir, svc)
		if err != nil {
			t.Fatal(err)
		}
		want := seeded[filepath.ToSlash(rel)]
		switch {
		case len(want) == 0 && correct < 3:
			correct++
		case len(want) == 1 && !kinds[want[0]]:
			kinds[want[0]] = true
		default:
			continue
		}
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			res, err := engine.Run([]string{testutil.PackageServerless(t, sls, svc)}, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range res.Errors {
				if e.IsError() {
					t.Errorf("input error: %s", e.Error())
				}
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Rule)
			}
			sort.Strings(got)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("the packaged template has findings %v, the manifest seeds %v", got, want)
				for _, f := range res.Findings {
					t.Logf("%s: %s %s", f.Range, f.Rule, f.Message)
				}
			}
		})
	}
	if len(kinds) != 7 || correct != 3 {
		t.Errorf("packaged %d kinds of faults and %d correct services, want 7 and 3", len(kinds), correct)
	}
}
