package edgefunc

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

// recObj is a part of the event whose reads are recorded (headers,
// cookies, the query string, the context, the viewer): a function whose
// result depends on them may decide otherwise for another viewer.
type recObj struct {
	st   *state
	name string
	keys []string
	vals map[string]goja.Value
	obj  *goja.Object
}

func (r *recObj) read(key string) {
	if key == "" {
		addRead(&r.st.reads, r.name)
		return
	}
	addRead(&r.st.reads, r.name+":"+key)
}

func (r *recObj) Get(key string) goja.Value {
	r.read(key)
	return r.vals[key]
}

func (r *recObj) Set(key string, val goja.Value) bool {
	if _, ok := r.vals[key]; !ok {
		r.keys = append(r.keys, key)
	}
	r.vals[key] = val
	return true
}

func (r *recObj) Has(key string) bool {
	r.read(key)
	_, ok := r.vals[key]
	return ok
}

func (r *recObj) Delete(key string) bool {
	if _, ok := r.vals[key]; ok {
		delete(r.vals, key)
		for i, k := range r.keys {
			if k == key {
				r.keys = append(r.keys[:i], r.keys[i+1:]...)
				break
			}
		}
	}
	return true
}

func (r *recObj) Keys() []string {
	r.read("")
	return append([]string(nil), r.keys...)
}

func (st *state) newRec(name string) *recObj {
	r := &recObj{st: st, name: name, vals: map[string]goja.Value{}}
	r.obj = st.vm.NewDynamicObject(r)
	if st.recs == nil {
		st.recs = map[*goja.Object]*recObj{}
	}
	st.recs[r.obj] = r
	return r
}

func (st *state) valueObj(v string) goja.Value {
	o := st.vm.NewObject()
	_ = o.Set("value", v)
	return o
}

// event builds the viewer-request event for req; it returns the event
// and its request object.
func (st *state) event(req Request) (goja.Value, *goja.Object) {
	vm := st.vm
	method := req.Method
	if method == "" {
		method = "GET"
	}
	uri := req.URI
	if uri == "" {
		uri = "/"
	}
	request := vm.NewObject()
	_ = request.Set("method", method)
	_ = request.Set("uri", uri)
	for _, p := range []struct {
		name string
		m    map[string]string
	}{{"querystring", req.Querystring}, {"headers", req.Headers}, {"cookies", req.Cookies}} {
		r := st.newRec(p.name)
		m := p.m
		if p.name == "headers" {
			m = lowerKeys(m)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r.Set(k, st.valueObj(m[k]))
		}
		_ = request.Set(p.name, r.obj)
	}
	ctxObj := st.newRec("context")
	ctxObj.Set("distributionDomainName", vm.ToValue(SampleDomain))
	ctxObj.Set("distributionId", vm.ToValue("EDFDVBD6EXAMPLE"))
	ctxObj.Set("eventType", vm.ToValue("viewer-request"))
	ctxObj.Set("requestId", vm.ToValue("EDGELINT-0000000000000000000000000000000000000000000000=="))
	viewer := st.newRec("viewer")
	ip := req.ClientIP
	if ip == "" {
		ip = "192.0.2.1"
	}
	viewer.Set("ip", vm.ToValue(ip))
	ev := vm.NewObject()
	_ = ev.Set("version", "1.0")
	_ = ev.Set("context", ctxObj.obj)
	_ = ev.Set("viewer", viewer.obj)
	_ = ev.Set("request", request)
	return ev, request
}

// prelude bounds the built-ins that make a long string or array in one
// call, which the time and memory bounds cannot stop midway.
const prelude = `(function (max) {
	var big = function (n) { return typeof n === 'number' && n > max; };
	var err = function (what) { return new RangeError('edgelint: ' + what + ' longer than edgelint runs (' + max + ')'); };
	var wrap = function (proto, name, check) {
		var orig = proto[name];
		if (typeof orig !== 'function') return;
		Object.defineProperty(proto, name, { value: function () {
			if (check.apply(this, arguments)) throw err(name);
			return orig.apply(this, arguments);
		}, writable: true, configurable: true });
	};
	wrap(String.prototype, 'repeat', function (n) { return big(String(this).length * n); });
	wrap(String.prototype, 'padStart', function (n) { return big(n); });
	wrap(String.prototype, 'padEnd', function (n) { return big(n); });
	wrap(Array.prototype, 'fill', function () { return big(this.length); });
	wrap(Array.prototype, 'join', function () { return big(this.length); });
	wrap(Array, 'from', function (a) { return a != null && big(a.length); });
	// No dynamic code evaluation (CloudFront Developer Guide, "Restrictions
	// on CloudFront Functions": the runtime "does not support dynamic code
	// evaluation").
	var noEval = function () { throw new EvalError('dynamic code evaluation is not supported'); };
	Object.defineProperty(Function.prototype, 'constructor', { value: noEval, writable: true, configurable: true });
	globalThis.Function = noEval;
	globalThis.eval = noEval;
	['ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
	 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Array'].forEach(function (n) {
		var C = globalThis[n];
		if (typeof C !== 'function') return;
		globalThis[n] = new Proxy(C, {
			construct: function (t, args, nt) { if (big(args[0])) throw err(n); return Reflect.construct(t, args, nt); },
			apply: function (t, self, args) { if (big(args[0])) throw err(n); return Reflect.apply(t, self, args); }
		});
	});
})`

var (
	preludeOnce sync.Once
	preludeProg *goja.Program
	preludeErr  error
)

// install sets up the globals of a run: the prelude's bounds and require.
func (st *state) install() error {
	preludeOnce.Do(func() {
		preludeProg, preludeErr = goja.Compile("prelude.js", prelude, true)
	})
	if preludeErr != nil {
		return preludeErr
	}
	vm := st.vm
	f, err := vm.RunProgram(preludeProg)
	if err != nil {
		return err
	}
	fn, ok := goja.AssertFunction(f)
	if !ok {
		return fmt.Errorf("prelude is not a function")
	}
	if _, err := fn(goja.Undefined(), vm.ToValue(st.lim.Length)); err != nil {
		return err
	}
	// No timers: nothing runs after the handler returns.
	for _, g := range []string{"setTimeout", "setInterval", "setImmediate", "queueMicrotask"} {
		_ = vm.GlobalObject().Delete(g)
	}
	return vm.Set("require", func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		switch name {
		case "querystring":
			return st.querystringModule()
		case "crypto":
			return st.cryptoModule()
		case "cloudfront":
			if st.runtime == "cloudfront-js-2.0" {
				return st.cloudfrontModule()
			}
		case "buffer":
			st.makeUnknown("the function uses the buffer module, which edgelint does not run")
			return goja.Undefined()
		}
		panic(vm.NewGoError(fmt.Errorf("cannot find module %q", name)))
	})
}

// cloudfrontModule is the 2.0 cloudfront module: every helper reads or
// changes what edgelint cannot know (a KeyValueStore, the origin), so any
// call makes the result Unknown.
func (st *state) cloudfrontModule() goja.Value {
	return st.vm.NewDynamicObject(&unknownModule{st: st})
}

type unknownModule struct{ st *state }

func (u *unknownModule) Get(key string) goja.Value {
	st := u.st
	return st.vm.ToValue(func(goja.FunctionCall) goja.Value {
		what := "calls cloudfront." + key
		if key == "kvs" {
			what = "reads a KeyValueStore"
		} else if strings.Contains(strings.ToLower(key), "origin") {
			what = "changes the request's origin (cloudfront." + key + ")"
		}
		st.makeUnknown("the function " + what + ", which edgelint cannot know")
		return goja.Undefined()
	})
}
func (u *unknownModule) Set(string, goja.Value) bool { return false }
func (u *unknownModule) Has(string) bool             { return true }
func (u *unknownModule) Delete(string) bool          { return false }
func (u *unknownModule) Keys() []string              { return nil }
