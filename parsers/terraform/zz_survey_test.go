package terraform

import (
	"fmt"
	"os"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

func TestZZSurvey(t *testing.T) {
	if os.Getenv("TFSURVEY") == "" {
		t.Skip()
	}
	root := testutil.SharedCorpus(t)
	syms := model.NewSymbols()
	for _, dir := range corpusModules(t, root) {
		cfg, _ := LoadModule(dir, Options{Root: root}, syms)
		model.Assemble(cfg)
		for _, d := range cfg.Distributions {
			for _, o := range d.Origins {
				link := ""
				if o.Link != nil && o.Link.API != nil {
					link = " -> " + o.Link.API.Source.Address
				}
				fmt.Printf("%s %s | %s known=%v path=%q%s dyn=%v\n", dir[len(root):], d.Source.Address, syms.Display(o.DomainName.V), o.DomainName.Known, syms.Display(o.OriginPath.V), link, d.Dynamic)
			}
		}
		for _, a := range cfg.APIs {
			fmt.Printf("API %s %s %s res=%d stages=%d unk=%q\n", dir[len(root):], a.Source.Address, a.Kind, len(a.Resources), len(a.Stages), a.ResourcesUnknown)
		}
	}
}
