package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/lazyre"
)

// choice is a flag value restricted to a fixed set of words.
type choice struct {
	value   string
	allowed []string
}

func newChoice(def string, allowed ...string) *choice {
	return &choice{value: def, allowed: allowed}
}

func (c *choice) String() string {
	if c == nil {
		return ""
	}
	return c.value
}

func (c *choice) Set(s string) error {
	if !slices.Contains(c.allowed, s) {
		return fmt.Errorf("want one of %s", strings.Join(c.allowed, ", "))
	}
	c.value = s
	return nil
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	if s == "" {
		return errors.New("want a non-empty value")
	}
	*l = append(*l, s)
	return nil
}

// keyValues is a repeatable KEY=VALUE flag; a later value for a key wins.
type keyValues struct {
	m    map[string]string
	what string // "NAME=VALUE" or "KEY=VALUE", for messages
}

func (kv *keyValues) String() string {
	if kv == nil || len(kv.m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(kv.m))
	for k := range kv.m {
		keys = append(keys, k+"="+kv.m[k])
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (kv *keyValues) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if k = strings.TrimSpace(k); !ok || k == "" {
		return fmt.Errorf("want %s", kv.what)
	}
	if kv.m == nil {
		kv.m = map[string]string{}
	}
	kv.m[k] = v
	return nil
}

// values returns the map, nil when no flag was given.
func (kv *keyValues) values() map[string]string {
	if len(kv.m) == 0 {
		return nil
	}
	return kv.m
}

// newFlagSet returns a flag set that reports nothing itself: run prints
// parse errors and usage.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// splitArgs separates flags (with their values) from positional arguments
// so that flags may follow paths. "--" ends the flags; every argument after
// it is positional. first is the index in args of the first positional
// argument that came before any "--", or -1. Flags unknown to fs are kept
// for fs.Parse to report.
func splitArgs(fs *flag.FlagSet, args []string) (flags, positional []string, first int) {
	first = -1
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			if first < 0 {
				first = i
			}
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return flags, positional, first
}

// parseFlags parses args with fs, flags anywhere, and returns the
// positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	flags, positional, _ := splitArgs(fs, args)
	if err := fs.Parse(flags); err != nil {
		return nil, err
	}
	// splitArgs hands fs.Parse flags only; anything left is a stray word
	// such as "-" that fs stopped at.
	return append(fs.Args(), positional...), nil
}

// flagNameRE matches a flag name in the flag package's messages.
var flagNameRE = lazyre.New(`(^|[: ])-([a-z][a-z-]+)\b`)

// flagError rewrites the flag package's messages for GNU-style flags:
// "-format" becomes "--format"; one-letter flags keep one dash.
func flagError(err error) string {
	return flagNameRE().ReplaceAllString(err.Error(), "$1--$2")
}
