package model

import (
	"path/filepath"
	"strings"
)

// OriginDomain is an origin domain name taken apart. CloudFront expects a
// bare host name; anything else is kept so rules can report it.
type OriginDomain struct {
	Scheme string // "https" when written as "https://…"
	Host   string
	Port   string
	Path   string // with leading "/"
}

// ParseOriginDomain splits a domain name that may (wrongly) carry a scheme,
// port or path.
func ParseOriginDomain(d string) OriginDomain {
	var od OriginDomain
	if i := strings.Index(d, "://"); i >= 0 {
		od.Scheme, d = d[:i], d[i+3:]
	}
	if i := strings.IndexByte(d, '/'); i >= 0 {
		od.Path, d = d[i:], d[:i]
	}
	if i := strings.LastIndexByte(d, ':'); i >= 0 {
		od.Port, d = d[i+1:], d[:i]
	}
	od.Host = d
	return od
}

func linkOrigins(c *Config, apis map[string]*API) {
	// Several scanned modules or templates may declare the same custom
	// domain name (one per environment): an origin then links to the one
	// declared beside it, or to none when that is still ambiguous.
	domains := map[string][]*DomainName{}
	for _, dn := range c.DomainNames {
		if dn.Name.Known && dn.Name.V != "" {
			k := strings.ToLower(dn.Name.V)
			domains[k] = append(domains[k], dn)
		}
		for _, t := range dn.TargetHosts {
			domains[t] = append(domains[t], dn)
		}
	}
	pick := func(cands []*DomainName, o *Origin) *DomainName {
		if len(cands) == 1 {
			return cands[0]
		}
		var near *DomainName
		for _, dn := range cands {
			if sameUnit(dn.Source.Range.File, o.Range.File) {
				if near != nil {
					return nil
				}
				near = dn
			}
		}
		return near
	}
	for _, d := range c.Distributions {
		for _, o := range d.Origins {
			if !o.DomainName.Known {
				continue
			}
			od := ParseOriginDomain(o.DomainName.V)
			// Only a host that can exist reaches the API: one that
			// carries its ID but is not its execute-api host (another
			// service label, text glued to the suffix) reaches nothing.
			if h, ok := ParseExecuteAPIHost(c.Symbols, od.Host); ok {
				if a, ok := apis[h.First]; ok {
					o.Link = &Link{API: a, Host: od.Host, Stage: originStage(a, o.OriginPath)}
					continue
				}
			}
			dn := pick(domains[strings.ToLower(od.Host)], o)
			if dn == nil {
				dn = pick(domains[od.Host], o)
			}
			if dn == nil {
				continue
			}
			l := &Link{Domain: dn, Host: od.Host}
			for i, m := range dn.Mappings {
				if i == 0 {
					l.API = m.API
				} else if m.API != l.API {
					l.API = nil
					break
				}
			}
			if len(dn.Mappings) == 1 && l.API != nil {
				m := dn.Mappings[0]
				for _, st := range l.API.Stages {
					if m.Stage.Known && st.Name.Equal(m.Stage) {
						l.Stage = st
					}
				}
			}
			o.Link = l
		}
	}
}

// originStage returns the stage an origin path addresses on an API's
// execute-api endpoint: the stage named by its first segment, or an HTTP
// API's $default stage when the segment names no stage.
func originStage(a *API, originPath Str) *Stage {
	var def *Stage
	for _, st := range a.Stages {
		if a.Kind == HTTP && st.Name.Known && st.Name.V == "$default" {
			def = st
		}
	}
	if originPath.Known {
		seg, _, _ := strings.Cut(strings.TrimPrefix(originPath.V, "/"), "/")
		for _, st := range a.Stages {
			if seg != "" && st.Name.Known && st.Name.V == seg {
				return st
			}
		}
	}
	return def
}

// sameUnit reports whether two files belong to one unit: the same template
// file, or the same Terraform module directory.
func sameUnit(a, b string) bool {
	if a == b {
		return true
	}
	da, db := filepath.Dir(a), filepath.Dir(b)
	isTF := func(f string) bool { return strings.HasSuffix(f, ".tf") || strings.HasSuffix(f, ".tf.json") }
	return da == db && isTF(a) && isTF(b)
}
