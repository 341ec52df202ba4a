package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at build time (scripts/release.sh does):
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.revision=<commit> -X main.modified=false"
//
// The build information wins over the revision stamped here: go build
// records vcs.revision and vcs.modified itself in a git checkout, but not
// in a git worktree (its .git is a file) or an exported tree, where the
// stamp is all there is.
var (
	// version is the release; else the module version from the build
	// information (go install ...@v1.2.3, or the pseudo-version go build
	// derives from the commit) is used.
	version string
	// revision is the VCS commit the binary was built from.
	revision string
	// modified is "true" when the working tree had uncommitted changes.
	modified string
)

// buildVersion is what `edgelint version` reports. An empty field is
// unknown.
type buildVersion struct {
	Version  string // v1.2.3, a pseudo-version, or empty
	Revision string // the commit
	Modified bool   // built from a tree with uncommitted changes
	Time     string // the commit's time (RFC 3339), from the build information
	Go       string // the Go version the binary was built with
}

// readBuildVersion combines the ldflags-stamped variables with the build
// information (nil when the binary has none).
func readBuildVersion(bi *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: version, Revision: revision, Modified: modified == "true", Go: runtime.Version()}
	if bi == nil {
		return v
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	if v.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v.Version = bi.Main.Version
	}
	var rev, mod string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			mod = s.Value
		case "vcs.time":
			v.Time = s.Value
		}
	}
	if rev != "" {
		v.Revision, v.Modified = rev, mod == "true"
	}
	return v
}

// currentVersion is the running binary's buildVersion.
func currentVersion() buildVersion {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return readBuildVersion(bi)
}

// String is one line: "v1.2.3 (revision 0123…, modified, 2026-01-02T03:04:05Z;
// go1.26.0 linux/amd64)"; "devel" stands for the version only when neither
// it nor the revision is known.
func (v buildVersion) String() string {
	var b strings.Builder
	switch {
	case v.Version != "":
		b.WriteString(v.Version)
	case v.Revision == "":
		b.WriteString("devel")
	}
	var parts []string
	if v.Revision != "" {
		parts = append(parts, "revision "+v.Revision)
		if v.Modified {
			parts = append(parts, "modified")
		}
		if v.Time != "" {
			parts = append(parts, v.Time)
		}
	}
	platform := v.Go + " " + runtime.GOOS + "/" + runtime.GOARCH
	if len(parts) > 0 {
		platform = strings.Join(parts, ", ") + "; " + platform
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString("(" + platform + ")")
	return b.String()
}

// versionString is the version that reports name (SARIF's tool version,
// the language server's serverInfo).
func versionString() string {
	return currentVersion().short()
}

// short is the release, else the commit, else "devel".
func (v buildVersion) short() string {
	switch {
	case v.Version != "":
		return v.Version
	case v.Revision != "":
		return shortRevision(v.Revision, v.Modified)
	}
	return "devel"
}

// shortRevision abbreviates a commit to 12 characters, as Go's
// pseudo-versions do, with "-dirty" for a modified tree.
func shortRevision(rev string, modified bool) string {
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified {
		rev += "-dirty"
	}
	return rev
}

// versionFlag reports whether flags, the flags of a command line with
// their values as splitArgs separated them with fs, ask for the version.
// A flag's value is not a flag: "--config --version" names a file.
func versionFlag(fs *flag.FlagSet, flags []string) bool {
	for i := 0; i < len(flags); i++ {
		f := flags[i]
		if f == "--version" || f == "-version" {
			return true
		}
		name := strings.TrimLeft(f, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if fl := fs.Lookup(name); fl != nil {
			if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				i++ // its value
			}
		}
	}
	return false
}

// printVersion prints the version: `edgelint version` and `edgelint
// --version`.
func (a *app) printVersion(args []string) int {
	extra, code, done := a.parse(newFlagSet("edgelint version"), args)
	if done {
		return code
	}
	if len(extra) > 0 {
		return a.usageError("version takes no arguments")
	}
	fmt.Fprintf(a.stdout, "edgelint %s\n", currentVersion())
	return exitOK
}
