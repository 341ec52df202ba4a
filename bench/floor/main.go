// Command floor is the parse-only floor for edgelint's performance: it
// walks a tree the way edgelint's discovery does (recursively, skipping
// .git, .terraform and node_modules below the root, regular files only),
// reads every .tf and .tf.json file and parses it with hclparse, and reads
// every .yaml, .yml, .json and .template file and parses it with
// gopkg.in/yaml.v3 into a node tree (every document of a multi-document
// stream). Nothing is evaluated, linked or checked.
//
// No analysis of the same tree can be faster than this by more than what
// it skips, so the time and peak memory of
//
//	go run ./bench/floor DIR
//
// are the baseline to compare `edgelint DIR` against. Files are parsed by
// -j goroutines (default GOMAXPROCS, as edgelint parses in parallel); -j 1
// gives the sequential floor.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"gopkg.in/yaml.v3"
)

// skipDirs are the directories edgelint never descends into.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true}

type kind int

const (
	kindNone kind = iota
	kindHCL
	kindHCLJSON
	kindYAML
)

func classify(name string) kind {
	switch {
	case strings.HasSuffix(name, ".tf.json"):
		return kindHCLJSON
	case strings.HasSuffix(name, ".tf"):
		return kindHCL
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template":
		return kindYAML
	}
	return kindNone
}

type job struct {
	path string
	kind kind
}

// counts are what one worker (and then the run) saw.
type counts struct {
	hcl, hclJSON, yaml int
	docs               int
	bytes              int64
	errors             int
	firstErrs          []string
}

func (c *counts) add(o counts) {
	c.hcl += o.hcl
	c.hclJSON += o.hclJSON
	c.yaml += o.yaml
	c.docs += o.docs
	c.bytes += o.bytes
	c.errors += o.errors
	for _, e := range o.firstErrs {
		if len(c.firstErrs) < 10 {
			c.firstErrs = append(c.firstErrs, e)
		}
	}
}

func (c *counts) fail(p string, err error) {
	c.errors++
	if len(c.firstErrs) < 10 {
		c.firstErrs = append(c.firstErrs, p+": "+err.Error())
	}
}

func parse(j job, c *counts) {
	data, err := os.ReadFile(j.path)
	if err != nil {
		c.fail(j.path, err)
		return
	}
	c.bytes += int64(len(data))
	switch j.kind {
	case kindHCL, kindHCLJSON:
		p := hclparse.NewParser()
		var diags hcl.Diagnostics
		if j.kind == kindHCL {
			c.hcl++
			_, diags = p.ParseHCL(data, j.path)
		} else {
			c.hclJSON++
			_, diags = p.ParseJSON(data, j.path)
		}
		if diags.HasErrors() {
			c.fail(j.path, diags)
		}
	case kindYAML:
		c.yaml++
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			err := dec.Decode(&n)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				c.fail(j.path, err)
				break
			}
			c.docs++
		}
	}
}

func main() {
	jobs := flag.Int("j", runtime.GOMAXPROCS(0), "files parsed in parallel")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: floor [-j N] DIR...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *jobs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	work := make(chan job, 1024)
	results := make(chan counts, *jobs)
	var wg sync.WaitGroup
	for range *jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c counts
			for j := range work {
				parse(j, &c)
			}
			results <- c
		}()
	}
	var dirs, files, skipped, other int
	var walkErr error
	for _, root := range flag.Args() {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root {
					return err
				}
				fmt.Fprintln(os.Stderr, "floor:", err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && skipDirs[d.Name()] {
					skipped++
					return fs.SkipDir
				}
				dirs++
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			files++
			if k := classify(d.Name()); k != kindNone {
				work <- job{p, k}
			} else {
				other++
			}
			return nil
		})
		if err != nil && walkErr == nil {
			walkErr = err
		}
	}
	close(work)
	wg.Wait()
	close(results)
	var total counts
	for c := range results {
		total.add(c)
	}
	if walkErr != nil {
		fmt.Fprintln(os.Stderr, "floor:", walkErr)
		os.Exit(2)
	}
	for _, e := range total.firstErrs {
		fmt.Fprintln(os.Stderr, "parse error:", e)
	}
	fmt.Printf("walked %d directories (%d skipped: .git, .terraform, node_modules), %d files\n", dirs, skipped, files)
	fmt.Printf("parsed %d .tf + %d .tf.json (hclparse), %d .yaml/.yml/.json/.template (yaml.v3, %d documents); %d other files not read\n",
		total.hcl, total.hclJSON, total.yaml, total.docs, other)
	fmt.Printf("read %.1f MB, %d parse errors, %s with %d workers\n",
		float64(total.bytes)/1e6, total.errors, time.Since(start).Round(time.Millisecond), *jobs)
}
