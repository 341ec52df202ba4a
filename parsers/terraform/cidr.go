package terraform

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Terraform's CIDR functions, for IPv4 networks.

// parseCIDR returns the network address as a 128-bit integer, its prefix
// length and the address bit length (32 or 128).
func parseCIDR(s string) (*big.Int, int, int, error) {
	addr, bits, ok := strings.Cut(s, "/")
	if !ok {
		return nil, 0, 0, fmt.Errorf("invalid CIDR address %q", s)
	}
	ip, err := parseIP(addr)
	if err != nil {
		return nil, 0, 0, err
	}
	total := 32
	if len(ip) == 16 {
		total = 128
	}
	n, err := strconv.Atoi(bits)
	if err != nil || n < 0 || n > total {
		return nil, 0, 0, fmt.Errorf("invalid CIDR prefix %q", s)
	}
	v := new(big.Int).SetBytes(ip)
	mask := new(big.Int).Lsh(big.NewInt(1), uint(total-n))
	mask.Sub(mask, big.NewInt(1))
	v.AndNot(v, mask)
	return v, n, total, nil
}

func parseIP(s string) ([]byte, error) {
	if strings.Contains(s, ":") {
		return nil, fmt.Errorf("IPv6 addresses are not supported: %q", s)
	}
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return nil, fmt.Errorf("invalid IP address %q", s)
	}
	out := make([]byte, 4)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 255 {
			return nil, fmt.Errorf("invalid IP address %q", s)
		}
		out[i] = byte(n)
	}
	return out, nil
}

func formatIP(v *big.Int) string {
	b := v.Bytes()
	ip := make([]byte, 4)
	copy(ip[4-len(b):], b)
	return fmt.Sprintf("%d.%d.%d.%d", ip[0], ip[1], ip[2], ip[3])
}

func subnet(base *big.Int, prefix, total, newbits int, num int64) (string, error) {
	np := prefix + newbits
	if newbits < 0 || np > total {
		return "", fmt.Errorf("insufficient address space to extend prefix of %d by %d", prefix, newbits)
	}
	if num < 0 || big.NewInt(num).Cmp(new(big.Int).Lsh(big.NewInt(1), uint(newbits))) >= 0 {
		return "", fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %d", newbits, num)
	}
	v := new(big.Int).Lsh(big.NewInt(num), uint(total-np))
	v.Or(v, base)
	return fmt.Sprintf("%s/%d", formatIP(v), np), nil
}

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, prefix, total, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		n, acc := args[1].AsBigFloat().Int64()
		if acc != big.Exact {
			return cty.NilVal, errors.New("host number must be an integer")
		}
		size := new(big.Int).Lsh(big.NewInt(1), uint(total-prefix))
		h := big.NewInt(n)
		if n < 0 {
			h.Add(size, h)
		}
		if h.Sign() < 0 || h.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %d", prefix, n)
		}
		return cty.StringVal(formatIP(h.Or(h, base))), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, prefix, total, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		m := new(big.Int).Lsh(big.NewInt(1), uint(total))
		m.Sub(m, new(big.Int).Lsh(big.NewInt(1), uint(total-prefix)))
		return cty.StringVal(formatIP(m)), nil
	},
})

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "newbits", Type: cty.Number},
		{Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, prefix, total, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		nb, _ := args[1].AsBigFloat().Int64()
		num, _ := args[2].AsBigFloat().Int64()
		s, err := subnet(base, prefix, total, int(nb), num)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(s), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, prefix, total, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		// Each subnet starts at the next address suitably aligned for its size.
		next := new(big.Int).Set(base)
		end := new(big.Int).Add(base, new(big.Int).Lsh(big.NewInt(1), uint(total-prefix)))
		var out []cty.Value
		for _, a := range args[1:] {
			nb, _ := a.AsBigFloat().Int64()
			np := prefix + int(nb)
			if nb < 1 || np > total {
				return cty.NilVal, fmt.Errorf("invalid new bits %d", nb)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(total-np))
			rem := new(big.Int).Mod(next, size)
			if rem.Sign() != 0 {
				next.Add(next, new(big.Int).Sub(size, rem))
			}
			if new(big.Int).Add(next, size).Cmp(end) > 0 {
				return cty.NilVal, errors.New("not enough remaining address space")
			}
			out = append(out, cty.StringVal(fmt.Sprintf("%s/%d", formatIP(next), np)))
			next.Add(next, size)
		}
		return cty.ListVal(out), nil
	},
})
