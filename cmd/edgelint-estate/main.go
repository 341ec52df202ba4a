// Command edgelint-estate writes a synthetic monorepo for measuring
// edgelint at scale: N units (Terraform root modules and CloudFormation/SAM
// templates, some of them Serverless Framework services) whose CloudFront →
// API Gateway wirings are correct except a known number of seeded faults,
// listed in DIR/estate-manifest.json.
//
//	edgelint-estate -out DIR -units N -seed S [-faults K] [-tf-share F] [-sls-share F] [-sls-faults]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/edgelint/edgelint/bench/estate"
)

func main() {
	out := flag.String("out", "", "directory to write (must not exist or be empty)")
	units := flag.Int("units", 100, "number of units (Terraform root modules + CloudFormation/SAM templates)")
	seed := flag.Uint64("seed", 1, "seed; the same seed gives a byte-identical estate")
	faults := flag.Int("faults", 0, "number of seeded faults (0: one per 20 units; -1: none)")
	share := flag.Float64("tf-share", 0.6, "fraction of units that are Terraform")
	slsShare := flag.Float64("sls-share", 0.1, "fraction of the template units that are Serverless Framework services (-1: none)")
	slsFaults := flag.Bool("sls-faults", false, "seed faults in one Serverless service in three too (only a reader of serverless.yml reports them)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: edgelint-estate -out DIR -units N -seed S [-faults K] [-tf-share F] [-sls-share F] [-sls-faults]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	man, err := estate.Generate(*out, estate.Spec{Units: *units, Seed: *seed, Faults: *faults, TerraformShare: *share, ServerlessShare: *slsShare, ServerlessFaults: *slsFaults})
	if err != nil {
		fmt.Fprintln(os.Stderr, "edgelint-estate:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d units (%d Terraform, %d templates), %d files, %.1f MB, %d seeded faults, %s\n",
		*out, man.Units, man.TerraformUnits, man.TemplateUnits, man.Files, float64(man.Bytes)/1e6, len(man.Faults),
		time.Since(start).Round(time.Millisecond))
}
