package model

import "testing"

func TestParseExecuteAPIHost(t *testing.T) {
	s := NewSymbols()
	id := s.Attr("api", "id", "api.id")
	region, suffix := s.Pseudo(PseudoRegion), s.Pseudo(PseudoURLSuffix)
	for host, want := range map[string]bool{
		id + ".execute-api.us-east-1.amazonaws.com":               true,
		id + ".Execute-API.US-EAST-1.amazonaws.COM":               true,
		id + ".execute-api." + region + "." + suffix:              true,
		id + ".execute-api.cn-northwest-1.amazonaws.com.cn":       true,
		id + ".execute-api.eusc-de-east-1.amazonaws.eu":           true,
		id + "-vpce-0123.execute-api.us-east-1.amazonaws.com":     true,
		"vpce-0123-abcd.execute-api.us-east-1.vpce.amazonaws.com": true,
		id + ".execute-api.us-iso-east-1.c2s.ic.gov":              true,
		id + ".execute-api.us-isob-east-1.sc2s.sgov.gov":          true,
		id + ".execute-api.eu-isoe-west-1.cloud.adc-e.uk":         true,

		id + ".execute-api.us-east-1.amazonaws.com.":                    false,
		id + ".execute-api.us-east-1.amazonaws.comprod":                 false,
		id + ".execute-api." + region + "." + suffix + "prod":           false,
		id + ".execute-api." + region + "." + suffix + ".x":             false,
		id + ".my-api.us-east-1.amazonaws.com":                          false,
		id + ".execute-api.us-esat-1.amazonaws.com":                     false,
		id + ".execute-api." + id + ".amazonaws.com":                    false,
		id + ".execute-api.cn-north-1.amazonaws.com":                    false,
		id + ".execute-api.us-east-1.amazonaws.com.cn":                  false,
		id + ".execute-api.us-iso-east-1.amazonaws.com":                 false,
		id + ".execute-api.us-east-1.c2s.ic.gov":                        false,
		"x." + id + ".execute-api.us-east-1.amazonaws.com":              false,
		".execute-api.us-east-1.amazonaws.com":                          false,
		id + ".execute-api.us-east-1":                                   false,
		id + ".execute-api." + region + "." + s.Pseudo(PseudoAccountID): false,
	} {
		if _, ok := ParseExecuteAPIHost(s, host); ok != want {
			t.Errorf("ParseExecuteAPIHost(%q) ok = %v, want %v", s.Display(host), ok, want)
		}
	}
	h, _ := ParseExecuteAPIHost(s, id+".EXECUTE-API.EU-WEST-1.AMAZONAWS.COM")
	if h != (ExecuteAPIHost{First: id, Region: "eu-west-1", Suffix: "amazonaws.com"}) {
		t.Errorf("parts = %+v", h)
	}
}

func TestReservedDomain(t *testing.T) {
	for host, want := range map[string]bool{
		"example.com": true, "api.EXAMPLE.org": true, "example.net.": true, "shop.test": true,
		"x.invalid": true, "localhost": true, "a.example": true,
		"myexample.com": false, "example.com.au": false, "api.shop.com": false, "testing.io": false, "": false,
	} {
		if got := ReservedDomain(host); got != want {
			t.Errorf("ReservedDomain(%q) = %v, want %v", host, got, want)
		}
	}
}
