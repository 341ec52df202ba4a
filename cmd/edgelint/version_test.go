package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
)

func TestReadBuildVersion(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	info := func(main string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/edgelint/edgelint", Version: main}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	cases := []struct {
		name                      string
		stamped, stampedRev, dirt string
		bi                        *debug.BuildInfo
		want, short               string
	}{
		{name: "nothing known", bi: info("(devel)"), want: "devel (go1.26.0 " + platform + ")", short: "devel"},
		{name: "no build information", bi: nil, want: "devel (" + runtime.Version() + " " + platform + ")", short: "devel"},
		{name: "go install of a release", bi: info("v1.2.3"), want: "v1.2.3 (go1.26.0 " + platform + ")", short: "v1.2.3"},
		{name: "stamped release wins over the module version", stamped: "v2.0.0", bi: info("v0.0.0-20260101000000-0123456789ab"), want: "v2.0.0 (go1.26.0 " + platform + ")", short: "v2.0.0"},
		{name: "git checkout", bi: info("v0.0.0-20260102030405-0123456789ab+dirty", "vcs", "git", "vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "true"),
			want: "v0.0.0-20260102030405-0123456789ab+dirty (revision " + rev + ", modified, 2026-01-02T03:04:05Z; go1.26.0 " + platform + ")", short: "v0.0.0-20260102030405-0123456789ab+dirty"},
		{name: "revision known, version not", bi: info("(devel)", "vcs.revision", rev, "vcs.modified", "false"),
			want: "(revision " + rev + "; go1.26.0 " + platform + ")", short: "0123456789ab"},
		{name: "stamped revision when the build information has none", stamped: "v1.0.0", stampedRev: rev, dirt: "true", bi: info("(devel)"),
			want: "v1.0.0 (revision " + rev + ", modified; go1.26.0 " + platform + ")", short: "v1.0.0"},
		{name: "build information's revision wins", stampedRev: "ffff", dirt: "true", bi: info("", "vcs.revision", rev, "vcs.modified", "false"),
			want: "(revision " + rev + "; go1.26.0 " + platform + ")", short: "0123456789ab"},
	}
	saved := [3]string{version, revision, modified}
	defer func() { version, revision, modified = saved[0], saved[1], saved[2] }()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			version, revision, modified = tc.stamped, tc.stampedRev, tc.dirt
			v := readBuildVersion(tc.bi)
			if got := v.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			if short := v.short(); short != tc.short {
				t.Errorf("short() = %q, want %q", short, tc.short)
			}
		})
	}
}

// TestVersionCommand runs `version` and `--version` in the test binary,
// which go test builds without a version or VCS stamp.
func TestVersionCommand(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	want := "edgelint " + readBuildVersion(bi).String() + "\n"
	if version == "" && revision == "" && (bi == nil || bi.Main.Version == "" || bi.Main.Version == "(devel)") && !strings.Contains(want, "revision") {
		if w := "edgelint devel (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"; want != w {
			t.Fatalf("unstamped test binary: %q, want %q", want, w)
		}
	}
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}, {"--format", "json", "--version"}, {"examples", "--version"}, {"--config", "x.yaml", "--version"}} {
		h := &harness{}
		if code := h.run(args...); code != exitOK || h.stdout.String() != want || h.stderr.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0, %q", args, code, h.stdout.String(), h.stderr.String(), want)
		}
	}
	// --version as the value of a flag, or after "--", is not the flag.
	h := &harness{res: result(nil)}
	if code := h.run("--config", "--version"); code != exitError || strings.Contains(h.stdout.String(), "edgelint ") {
		t.Errorf("--config --version: exit %d, stdout %q", code, h.stdout.String())
	}
	h = &harness{res: result(nil)}
	if code := h.run("--", "--version"); code != exitError || !strings.Contains(h.stderr.String(), "--version: no such file or directory") {
		t.Errorf("-- --version: exit %d, stderr %q; want the path --version", code, h.stderr.String())
	}
	h = &harness{}
	if code := h.run("version", "extra"); code != exitError || !strings.Contains(h.stderr.String(), "version takes no arguments") {
		t.Errorf("version extra: exit %d, stderr %q", code, h.stderr.String())
	}
}

// TestVersionBuilt builds edgelint as scripts/release.sh does, the version
// and revision stamped with -ldflags -X, and plainly, and runs `version`
// and `--version`.
func TestVersionBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgelint")
	}
	goBin := testutil.Tool(t, "go", "")
	root := testutil.RepoRoot(t)
	tmp := t.TempDir()
	build := func(name string, args ...string) string {
		t.Helper()
		bin := filepath.Join(tmp, name)
		cmd := exec.Command(goBin, append(append([]string{"build", "-o", bin}, args...), "./cmd/edgelint")...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %q: %v\n%s", args, err, out)
		}
		return bin
	}
	output := func(bin string, args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %q: %v\n%s", filepath.Base(bin), args, err, out)
		}
		return string(out)
	}
	platform := runtime.GOOS + "/" + runtime.GOARCH

	const rev = "89abcdef0123456789abcdef0123456789abcdef"
	stamped := build("stamped", "-trimpath", "-buildvcs=false", "-ldflags", "-X main.version=v9.8.7 -X main.revision="+rev+" -X main.modified=false")
	want := "edgelint v9.8.7 (revision " + rev + "; " + runtime.Version() + " " + platform + ")\n"
	for _, arg := range []string{"version", "--version"} {
		if got := output(stamped, arg); got != want {
			t.Errorf("stamped %s: %q, want %q", arg, got, want)
		}
	}

	// A plain build: in a git checkout (a .git directory; go build does
	// not stamp a worktree, whose .git is a file) the build information
	// holds the commit; elsewhere nothing is known.
	plain := build("plain", "-buildvcs=auto")
	got := output(plain, "version")
	if info, err := os.Stat(filepath.Join(root, ".git")); err == nil && info.IsDir() {
		if git, err := exec.LookPath("git"); err == nil {
			cmd := exec.Command(git, "rev-parse", "HEAD")
			cmd.Dir = root
			head, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, "(revision "+strings.TrimSpace(string(head))) || strings.HasPrefix(got, "edgelint devel") {
				t.Errorf("plain build in a git checkout: %q, want the version go build derived and revision %s", got, head)
			}
			return
		}
	}
	if want := "edgelint devel (" + runtime.Version() + " " + platform + ")\n"; got != want {
		t.Errorf("plain build outside a git checkout: %q, want %q", got, want)
	}
}
