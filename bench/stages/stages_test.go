// Package stages benchmarks each stage of an edgelint run on a generated
// estate — discovery, parsing alone (the floor), parsing with evaluation,
// linking, rules, reports — and the whole run end to end. Run with
//
//	go test -run '^$' -bench . -benchmem ./bench/stages
//
// EDGELINT_BENCH_UNITS sets the estate's size (default 200 units).
package stages_test

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/bench/estate"
	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/parsers/cloudformation"
	"github.com/edgelint/edgelint/parsers/terraform"
	"github.com/edgelint/edgelint/report"
	"github.com/edgelint/edgelint/rules"
)

var (
	once     sync.Once
	root     string
	manifest estate.Manifest
	genErr   error
)

// estateDir generates the estate once for all benchmarks of the run.
func estateDir(b *testing.B) string {
	b.Helper()
	once.Do(func() {
		units := 200
		if v, err := strconv.Atoi(os.Getenv("EDGELINT_BENCH_UNITS")); err == nil && v > 0 {
			units = v
		}
		root, genErr = os.MkdirTemp("", "edgelint-estate-")
		if genErr == nil {
			manifest, genErr = estate.Generate(root, estate.Spec{Units: units, Seed: 1})
		}
	})
	if genErr != nil {
		b.Fatal(genErr)
	}
	return root
}

func TestMain(m *testing.M) {
	code := m.Run()
	if root != "" {
		_ = os.RemoveAll(root)
	}
	os.Exit(code)
}

// units discovers the estate's units.
func units(b *testing.B) []engine.Unit {
	us, _, err := engine.Discover([]string{estateDir(b)})
	if err != nil {
		b.Fatal(err)
	}
	return us
}

func BenchmarkDiscover(b *testing.B) {
	dir := estateDir(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := engine.Discover([]string{dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseOnly reads and parses every file of the units with
// hclparse and yaml.v3, evaluating nothing: the floor of the parse stage.
func BenchmarkParseOnly(b *testing.B) {
	us := units(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, u := range us {
			if u.Kind == "terraform" {
				p := hclparse.NewParser()
				names, _ := filepath.Glob(filepath.Join(u.Path, "*.tf"))
				for _, n := range names {
					src, err := os.ReadFile(n)
					if err != nil {
						b.Fatal(err)
					}
					_, _ = p.ParseHCL(src, n)
				}
				continue
			}
			src, err := os.ReadFile(u.Path)
			if err != nil {
				b.Fatal(err)
			}
			var n yaml.Node
			_ = yaml.Unmarshal(src, &n)
		}
	}
}

// parseAll parses and evaluates every unit into one config.
func parseAll(b *testing.B, us []engine.Unit) *model.Config {
	syms := model.NewSymbols()
	cfg := model.NewConfig(syms)
	for _, u := range us {
		if u.Kind == "terraform" {
			c, _ := terraform.LoadModule(u.Path, terraform.Options{Root: root}, syms)
			cfg.Merge(c)
			continue
		}
		src, err := os.ReadFile(u.Path)
		if err != nil {
			b.Fatal(err)
		}
		if !cloudformation.Sniff(u.Path, src) {
			continue
		}
		c, _ := cloudformation.Parse(u.Path, src, cloudformation.Options{}, syms)
		cfg.Merge(c)
	}
	return cfg
}

// BenchmarkParseEvaluate parses and evaluates every unit (Terraform
// expressions, modules, CloudFormation intrinsics): the parse stage.
func BenchmarkParseEvaluate(b *testing.B) {
	us := units(b)
	b.ReportAllocs()
	for b.Loop() {
		parseAll(b, us)
	}
}

// BenchmarkLink assembles and links the parsed model.
func BenchmarkLink(b *testing.B) {
	us := units(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		cfg := parseAll(b, us)
		b.StartTimer()
		model.Assemble(cfg)
	}
}

// BenchmarkRules runs every rule on the assembled model.
func BenchmarkRules(b *testing.B) {
	cfg := parseAll(b, units(b))
	model.Assemble(cfg)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(rules.Run(cfg))
	}
	if n != len(manifest.Faults) {
		b.Fatalf("%d findings, want the %d seeded faults", n, len(manifest.Faults))
	}
}

// BenchmarkReport writes the findings in every format.
func BenchmarkReport(b *testing.B) {
	res, err := engine.Run([]string{estateDir(b)}, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range report.Formats() {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := report.Write(f, io.Discard, res, report.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEndToEnd is a whole run, as the command line makes it.
func BenchmarkEndToEnd(b *testing.B) {
	dir := estateDir(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := engine.Run([]string{dir}, engine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) != len(manifest.Faults) {
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Rule+" "+f.Range.String())
			}
			b.Fatalf("%d findings, want the %d seeded faults:\n%s", len(res.Findings), len(manifest.Faults), strings.Join(got, "\n"))
		}
	}
}
