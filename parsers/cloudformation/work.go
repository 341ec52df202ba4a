package cloudformation

import (
	"fmt"

	"github.com/edgelint/edgelint/model"
)

// Bounds of the work one reading of a template does together with every
// template it includes (nested stacks, SAM applications, AWS::Include and
// DefinitionUri files): a template of a few kilobytes that includes
// another several times, which includes another several times, would
// otherwise describe millions of stack instances.
const (
	// maxStackInstances bounds the stack instances read: the template
	// and its nested stacks, each counted every time it is included, as
	// Terraform's module instances are bounded (parsers/terraform,
	// maxModuleInstances).
	maxStackInstances = 1024
	// maxUnitLocalBytes bounds the bytes of the distinct local files
	// read.
	maxUnitLocalBytes = 64 << 20
	// maxUnitStackBytes bounds the text of the stack instances read, each
	// counted for the size of its template: what an instance costs
	// (its parameters, resources, entities) follows its template's size.
	maxUnitStackBytes = 64 << 20
	// maxUnitDefinitionNodes bounds the nodes of the API definitions
	// converted (maxDefinitionNodes bounds one).
	maxUnitDefinitionNodes = 4 * maxDefinitionNodes
)

// work is what a template and the templates it includes share: the stack
// instances read, the steps their expressions took, the nodes of the API
// definitions converted, and the local files read once for all of them.
type work struct {
	stacks     int
	stackBytes int64
	steps      int
	defNodes   int
	bytes      int64
	// capped is the reason the stacks past a cap are not read, reported
	// once.
	capped string
	files  map[string]localRead
}

// localRead is a local file read for the unit: its root node and size, or
// why it cannot be used (completing "<what> (<uri>)").
type localRead struct {
	root *Node
	size int64
	why  string
}

func newWork() *work {
	return &work{stacks: 1, files: map[string]localRead{}}
}

// takeStack counts the reading of nested stack r of t, whose template
// has size bytes. Past maxStackInstances or maxUnitStackBytes it returns
// why r is not read, with a warning naming r the first time; no stack is
// read after that.
func (t *template) takeStack(r *resource, rng model.Range, size int64) string {
	w := t.work
	if w.capped == "" {
		switch {
		case w.stacks >= maxStackInstances:
			w.capped = fmt.Sprintf("%d stack instances", maxStackInstances)
		case w.stackBytes+size > maxUnitStackBytes:
			w.capped = fmt.Sprintf("%d MiB of templates instantiated", maxUnitStackBytes>>20)
		default:
			w.stacks++
			w.stackBytes += size
			return ""
		}
		t.warn(rng, "nested stack %s is not analyzed: this template and its nested stacks reach %s; it and the nested stacks read after it are not analyzed and their outputs are unknown",
			t.addr+r.id, w.capped)
	}
	return "nested stack " + t.addr + r.id + " is past " + w.capped
}

// readUnitFile reads and parses the local file once for the template and
// the templates it includes; the errors of parsing it are reported the
// first time.
func (t *template) readUnitFile(file string) localRead {
	w := t.work
	if lr, ok := w.files[file]; ok {
		return lr
	}
	lr := t.readFile(file)
	w.files[file] = lr
	return lr
}

func (t *template) readFile(file string) localRead {
	info, err := t.opts.FS.Stat(file)
	if err != nil || !info.Mode().IsRegular() {
		return localRead{why: "cannot be read"}
	}
	if info.Size() > maxDefinitionFile {
		return localRead{why: "is too large to analyze"}
	}
	if t.work.bytes+info.Size() > maxUnitLocalBytes {
		return localRead{why: fmt.Sprintf("is not read: the local files this template and its nested stacks read exceed %d MiB", maxUnitLocalBytes>>20)}
	}
	src, err := t.opts.FS.ReadFile(file)
	if err != nil {
		return localRead{why: "cannot be read"}
	}
	t.work.bytes += int64(len(src))
	root, notes, perr := readTree(file, src)
	t.errs = append(t.errs, notes...)
	if perr != nil {
		t.errs = append(t.errs, *perr)
		return localRead{why: "cannot be parsed"}
	}
	if root == nil {
		return localRead{why: "is empty"}
	}
	t.cfg.Files = append(t.cfg.Files, file)
	if model.MayHoldSuppression(src) {
		t.cfg.Marked = append(t.cfg.Marked, file)
	}
	return localRead{root: root, size: int64(len(src))}
}
