// Package estate writes synthetic monorepos ("estates") for measuring
// edgelint at scale. An estate holds N units — Terraform root module
// directories and CloudFormation/SAM templates — with the shapes found in
// real configurations: CloudFront distributions with up to 25 origins and
// 75 ordered behaviors in front of REST APIs (explicit resources or OpenAPI
// bodies, some with hundreds of resources), HTTP APIs and SAM APIs, local
// module calls with dynamic blocks, Serverless Framework services, and, as
// in real repositories, a
// majority of files that have nothing to do with CloudFront or API Gateway.
//
// Every wiring is correct by edgelint's rules except a known number of
// seeded faults, listed with rule code, file and line in the Manifest (and
// in DIR/estate-manifest.json). The output is a function of the Spec: the
// same seed gives a byte-identical tree.
package estate

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Spec describes the estate to generate.
type Spec struct {
	// Units is the number of units: Terraform root modules plus
	// CloudFormation/SAM templates.
	Units int
	// Seed selects the estate; the same Spec gives the same bytes.
	Seed uint64
	// TerraformShare is the fraction of units that are Terraform (the rest
	// are CloudFormation/SAM); 0 means the default, 0.6.
	TerraformShare float64
	// Faults is the number of seeded faults; 0 means one per 20 units
	// (at least one), NoFaults means none.
	Faults int
	// ServerlessShare is the fraction of the template units that are
	// Serverless Framework services (serverless.yml, with the
	// distribution in an included resources file), taken from those that
	// hold no CloudFront or API Gateway wiring; 0 means the default, 0.1,
	// and NoServerless none.
	ServerlessShare float64
	// ServerlessFaults seeds a fault in one Serverless service in three,
	// on top of Faults. Only a reader of serverless.yml reports them:
	// without it, the services are all correct.
	ServerlessFaults bool
}

// NoServerless as Spec.ServerlessShare generates an estate without
// Serverless Framework services.
const NoServerless = -1

// NoFaults as Spec.Faults generates an estate without faults.
const NoFaults = -1

// ManifestFile is the name of the manifest written at the estate root.
const ManifestFile = "estate-manifest.json"

// Fault is one seeded misconfiguration and where edgelint must report it.
type Fault struct {
	Rule string `json:"rule"` // EL001 … EL014
	File string `json:"file"` // slash-separated, relative to the estate root
	Line int    `json:"line"`
	// Unit is the unit directory (Terraform, a Serverless service) or
	// template (CloudFormation).
	Unit string `json:"unit"`
	// What says in words what was broken.
	What string `json:"what"`
}

// Manifest describes a generated estate.
type Manifest struct {
	Seed           uint64         `json:"seed"`
	Units          int            `json:"units"`
	TerraformUnits int            `json:"terraform_units"`
	TemplateUnits  int            `json:"template_units"`
	Shapes         map[string]int `json:"shapes"`
	Files          int            `json:"files"`
	Bytes          int64          `json:"bytes"`
	Faults         []Fault        `json:"faults"`
}

// Generate writes the estate described by spec into dir, which must not
// exist or be empty, and returns its manifest (also written to
// dir/estate-manifest.json).
func Generate(dir string, spec Spec) (Manifest, error) {
	if spec.Units <= 0 {
		return Manifest{}, errors.New("estate: Units must be positive")
	}
	share := spec.TerraformShare
	if share == 0 {
		share = 0.6
	}
	if share < 0 || share > 1 {
		return Manifest{}, fmt.Errorf("estate: TerraformShare %v is not in [0, 1]", share)
	}
	slsShare := spec.ServerlessShare
	switch {
	case slsShare == 0:
		slsShare = defaultServerlessShare
	case slsShare == NoServerless:
		slsShare = 0
	case slsShare < 0 || slsShare > 1:
		return Manifest{}, fmt.Errorf("estate: ServerlessShare %v is not in [0, 1]", slsShare)
	}
	faults := spec.Faults
	switch {
	case faults == 0:
		faults = max(1, spec.Units/20)
	case faults < 0:
		faults = 0
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return Manifest{}, fmt.Errorf("estate: %s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Manifest{}, err
	}
	g := &gen{root: dir, dirs: map[string]bool{}, man: Manifest{Seed: spec.Seed, Units: spec.Units, Shapes: map[string]int{}}}
	units, err := plan(spec, share, faults)
	if err != nil {
		return Manifest{}, err
	}
	planServerless(units, spec, slsShare, spec.ServerlessFaults)
	g.units = units
	if err := g.generate(); err != nil {
		return Manifest{}, err
	}
	sort.Slice(g.man.Faults, func(i, j int) bool {
		a, b := g.man.Faults[i], g.man.Faults[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Rule < b.Rule
	})
	if g.man.Faults == nil {
		g.man.Faults = []Fault{}
	}
	data, err := json.MarshalIndent(g.man, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), append(data, '\n'), 0o644); err != nil {
		return Manifest{}, err
	}
	return g.man, nil
}

// shape is the kind of a unit.
type shape int

const (
	shapeTFRest    shape = iota // REST API with explicit resources + distribution
	shapeTFOpenAPI              // REST API from an OpenAPI body + distribution
	shapeTFHTTP                 // HTTP API routes + distribution
	shapeTFModules              // root calling ./modules/api and a shared CDN module
	shapeTFPlain                // no CloudFront or API Gateway
	shapeCFNRest                // AWS::ApiGateway::* + distribution
	shapeCFNBody                // AWS::ApiGateway::RestApi with Body + distribution
	shapeSAM                    // AWS::Serverless::Api and functions + distribution
	shapeCFNHTTP                // AWS::ApiGatewayV2::* + distribution
	shapeCFNPlain               // no CloudFront or API Gateway
)

// shapeServerless is a Serverless Framework service: serverless.yml with
// http events, the distribution in an included resources file.
const shapeServerless = shapeCFNPlain + 1

var shapeNames = [...]string{"tf-rest", "tf-openapi", "tf-http", "tf-modules", "tf-plain", "cfn-rest", "cfn-body", "sam", "cfn-http", "cfn-plain", "serverless"}

func (s shape) name() string    { return shapeNames[s] }
func (s shape) terraform() bool { return s <= shapeTFPlain }
func (s shape) wired() bool     { return s != shapeTFPlain && s != shapeCFNPlain }

// faultKinds lists the rules a shape can carry a seeded fault for
// (Serverless services are given theirs by planServerless).
func (s shape) faultKinds() []string {
	switch s {
	case shapeTFRest, shapeCFNRest:
		return []string{"EL001", "EL002", "EL003", "EL004", "EL005", "EL006", "EL007", "EL008", "EL009", "EL010", "EL011", "EL012", "EL013", "EL014"}
	case shapeTFModules:
		return []string{"EL002", "EL003", "EL004", "EL005", "EL006"}
	case shapeTFOpenAPI, shapeCFNBody:
		return []string{"EL001", "EL002", "EL004", "EL005", "EL006", "EL008", "EL011", "EL012", "EL013"}
	case shapeSAM:
		return []string{"EL001", "EL002", "EL004", "EL005", "EL008", "EL011", "EL012", "EL013"}
	case shapeTFHTTP, shapeCFNHTTP:
		return []string{"EL001", "EL004", "EL005", "EL007", "EL008", "EL009", "EL012", "EL013"}
	}
	return nil
}

// Weights of the shapes within each format, in per mille. Most units of a
// real estate hold no CloudFront → API Gateway wiring at all.
var (
	tfWeights  = []weighted{{shapeTFPlain, 560}, {shapeTFRest, 170}, {shapeTFOpenAPI, 70}, {shapeTFHTTP, 100}, {shapeTFModules, 100}}
	cfnWeights = []weighted{{shapeCFNPlain, 560}, {shapeCFNRest, 150}, {shapeCFNBody, 70}, {shapeSAM, 130}, {shapeCFNHTTP, 90}}
)

type weighted struct {
	s shape
	w int
}

func pick(r *rand.Rand, ws []weighted) shape {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := r.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.s
		}
		n -= w.w
	}
	return ws[len(ws)-1].s
}

// unit is one planned unit.
type unit struct {
	shape shape
	fault string // rule code of the seeded fault, or ""
	team  string
	name  string
	// seed and stream select the unit's own generator: a unit's text does
	// not depend on how much randomness the units before it used.
	seed, stream uint64
}

// plan decides every unit's shape, place and fault from the seed alone.
func plan(spec Spec, share float64, faults int) ([]*unit, error) {
	r := newRand(spec.Seed, 0x5eed)
	nTF := int(float64(spec.Units)*share + 0.5)
	units := make([]*unit, spec.Units)
	usedNames := map[string]bool{}
	for i := range units {
		u := &unit{seed: r.Uint64(), stream: r.Uint64()}
		if i < nTF {
			u.shape = pick(r, tfWeights)
		} else {
			u.shape = pick(r, cfnWeights)
		}
		u.team = teams[r.IntN(len(teams))]
		for {
			n := words[r.IntN(len(words))] + "-" + suffixes[r.IntN(len(suffixes))]
			if i > 0 && r.IntN(3) == 0 {
				n += fmt.Sprintf("-%d", r.IntN(100))
			}
			if !usedNames[u.team+"/"+n] {
				usedNames[u.team+"/"+n] = true
				u.name = n
				break
			}
		}
		units[i] = u
	}
	// Enough wired units for the faults: turn plain units into wired ones.
	wired := 0
	for _, u := range units {
		if u.shape.wired() {
			wired++
		}
	}
	for _, u := range units {
		if wired >= faults {
			break
		}
		if !u.shape.wired() {
			if u.shape.terraform() {
				u.shape = shapeTFRest
			} else {
				u.shape = shapeCFNRest
			}
			wired++
		}
	}
	if wired < faults {
		return nil, fmt.Errorf("estate: %d faults need at least %d units", faults, faults)
	}
	kinds := []string{"EL001", "EL002", "EL003", "EL004", "EL005", "EL006", "EL007", "EL008", "EL009", "EL010", "EL011", "EL012", "EL013", "EL014"}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	order := r.Perm(len(units))
	for f := 0; f < faults; f++ {
		placed := false
		for k := 0; k < len(kinds) && !placed; k++ {
			kind := kinds[(f+k)%len(kinds)]
			for _, i := range order {
				u := units[i]
				if u.fault == "" && contains(u.shape.faultKinds(), kind) {
					u.fault = kind
					placed = true
					break
				}
			}
		}
		if !placed {
			return nil, fmt.Errorf("estate: no unit left for fault %d of %d", f+1, faults)
		}
		// Spread faults over the estate rather than the first units of the
		// permutation only.
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	return units, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// gen writes an estate.
type gen struct {
	root      string
	man       Manifest
	units     []*unit
	sharedCDN bool
	dirs      map[string]bool // directories created so far
	err       error
	// Files are written by a few goroutines: creating many small files
	// is bound by the file system, not by generating their text.
	writes   chan fileWrite
	wg       sync.WaitGroup
	writeMu  sync.Mutex
	writeErr error
}

type fileWrite struct {
	path string
	data []byte
}

const writers = 4

func (g *gen) startWriters() {
	g.writes = make(chan fileWrite, 256)
	for range writers {
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			for w := range g.writes {
				if err := os.WriteFile(w.path, w.data, 0o644); err != nil {
					g.writeMu.Lock()
					if g.writeErr == nil {
						g.writeErr = err
					}
					g.writeMu.Unlock()
				}
			}
		}()
	}
}

// generate writes every unit and the repository-level files.
func (g *gen) generate() error {
	g.startWriters()
	err := g.writeAll()
	if werr := g.stopWriters(); err == nil {
		err = werr
	}
	return err
}

func (g *gen) writeAll() error {
	for _, u := range g.units {
		if u.shape == shapeTFModules {
			g.sharedCDN = true
		}
	}
	if g.sharedCDN {
		if err := g.writeSharedCDNModule(); err != nil {
			return err
		}
	}
	for _, u := range g.units {
		g.man.Shapes[u.shape.name()]++
		if u.shape.terraform() {
			g.man.TerraformUnits++
		} else {
			g.man.TemplateUnits++
		}
		if err := g.writeUnit(u); err != nil {
			return err
		}
	}
	return g.writeRepoFiles()
}

// stopWriters waits for every queued file and returns the first error.
func (g *gen) stopWriters() error {
	close(g.writes)
	g.wg.Wait()
	return g.writeErr
}

// cdnModuleDir is where the CDN module shared by the module-calling roots
// lives, relative to the estate root.
const cdnModuleDir = "platform/terraform/modules/cloudfront-api"

// write stores one file, relative to the estate root.
func (g *gen) write(rel string, t *text) {
	if g.err != nil {
		return
	}
	p := filepath.Join(g.root, filepath.FromSlash(rel))
	if d := filepath.Dir(p); !g.dirs[d] {
		if err := os.MkdirAll(d, 0o750); err != nil {
			g.err = err
			return
		}
		g.dirs[d] = true
	}
	data := t.bytes()
	g.writes <- fileWrite{p, data}
	g.man.Files++
	g.man.Bytes += int64(len(data))
}

// writeString stores a file given as a string.
func (g *gen) writeString(rel, s string) {
	t := &text{}
	t.raw(s)
	g.write(rel, t)
}

func (g *gen) fault(u *unit, rule, file string, line int, what string) {
	g.man.Faults = append(g.man.Faults, Fault{Rule: rule, File: file, Line: line, Unit: u.dir(), What: what})
}

// dir is the unit's directory, relative to the estate root.
func (u *unit) dir() string {
	switch {
	case u.shape.terraform():
		return "teams/" + u.team + "/terraform/" + u.name
	case u.shape == shapeServerless:
		return "teams/" + u.team + "/services/" + u.name
	}
	return "teams/" + u.team + "/stacks/" + u.name
}

func (u *unit) rng() *rand.Rand { return newRand(u.seed, u.stream) }

// newRand is the generator's only source of randomness: a PCG seeded from
// the Spec, so that the same seed writes the same bytes.
func newRand(a, b uint64) *rand.Rand {
	return rand.New(rand.NewPCG(a, b)) //nolint:gosec // reproducible test data, not secrets
}

func (g *gen) writeUnit(u *unit) error {
	r := u.rng()
	switch u.shape {
	case shapeTFRest, shapeTFOpenAPI, shapeTFHTTP:
		g.writeTFFlat(u, r)
	case shapeTFModules:
		g.writeTFModules(u, r)
	case shapeTFPlain:
		g.writeTFPlain(u, r)
	case shapeCFNRest, shapeCFNBody, shapeSAM, shapeCFNHTTP:
		g.writeCFNWired(u, r)
	case shapeCFNPlain:
		g.writeCFNPlain(u, r)
	case shapeServerless:
		g.writeServerless(u, r)
	}
	g.writeUnitExtras(u, r)
	return g.err
}

// text builds a file and counts its lines, so that the line of a seeded
// fault is known when it is written.
type text struct {
	b     strings.Builder
	lines int
}

// l writes one line (fmt-formatted when args are given).
func (t *text) l(format string, args ...any) {
	s := format
	if len(args) > 0 {
		s = fmt.Sprintf(format, args...)
	}
	t.b.WriteString(s)
	t.b.WriteByte('\n')
	t.lines += 1 + strings.Count(s, "\n")
}

// raw appends text as it is.
func (t *text) raw(s string) {
	t.b.WriteString(s)
	t.lines += strings.Count(s, "\n")
}

// next is the number of the line the next write starts.
func (t *text) next() int { return t.lines + 1 }

func (t *text) bytes() []byte { return []byte(t.b.String()) }
