package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Links from reference/vectors.md (upstream's test suite).
const (
	vecInvitation = "simplex:/invitation#/?v=2-7&smp=smp%3A%2F%2F1234-w%3D%3D%40smp.simplex.im%3A5223%2F3456-w%3D%3D%23%2F%3Fv%3D1-4%26dh%3DMCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o%253D%26q%3Dm%26k%3Ds%26srv%3Djjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion&e2e=v%3D1%26x3dh%3DMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D%2CMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D"
	vecContact    = "simplex:/contact#/?v=2-7&smp=smp%3A%2F%2F1234-w%3D%3D%40smp.simplex.im%2Cjjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion%3A5223%2F3456-w%3D%3D%23%2F%3Fv%3D2-4%26dh%3DMCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o%253D%26q%3Dm%26k%3Ds"
	vecShortInv   = "simplex:/i#MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3/MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY?h=smp.simplex.im%2Cjjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion&p=5223&c=1234-w"
	vecShortGroup = "simplex:/g#MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY?h=smp.simplex.im%2Cjjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion&p=5223&c=1234-w"
)

func inspect(t *testing.T, args ...string) (int, map[string]any, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"link", "inspect"}, args...), nil, &out, &errb)
	var m map[string]any
	if code == 0 {
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.String())
		}
	}
	return code, m, errb.String()
}

func TestLinkInspect(t *testing.T) {
	code, m, _ := inspect(t, vecInvitation)
	if code != 0 || m["type"] != "invitation" || m["form"] != "full" || m["e2eParamsPresent"] != true || m["pqKeyPresent"] != false {
		t.Fatalf("invitation: %d %v", code, m)
	}
	if av := m["agentVersions"].(map[string]any); av["min"] != 2.0 || av["max"] != 7.0 {
		t.Fatalf("agent versions %v", av)
	}
	q := m["queues"].([]any)[0].(map[string]any)
	if v := q["smpClientVersions"].(map[string]any); v["min"] != 1.0 || v["max"] != 4.0 || q["mode"] != "messaging" {
		t.Fatalf("queue %v", q)
	}
	srv := m["servers"].([]any)[0].(map[string]any)
	hosts := srv["hosts"].([]any)
	if srv["fingerprint"] != "1234-w==" || srv["port"] != "5223" || hosts[0] != "smp.simplex.im" || len(hosts) != 2 {
		t.Fatalf("server %v", srv)
	}
	if ev := m["e2eVersions"].(map[string]any); ev["min"] != 1.0 {
		t.Fatalf("e2e versions %v", ev)
	}

	code, m, _ = inspect(t, vecContact)
	if code != 0 || m["type"] != "contact" || m["e2eParamsPresent"] != false {
		t.Fatalf("contact: %d %v", code, m)
	}
	code, m, _ = inspect(t, vecShortInv)
	if code != 0 || m["type"] != "invitation" || m["form"] != "short" || m["kind"] != "short invitation" {
		t.Fatalf("short invitation: %d %v", code, m)
	}
	srv = m["servers"].([]any)[0].(map[string]any)
	if srv["fingerprint"] != "1234-w==" || srv["port"] != "5223" {
		t.Fatalf("short link server %v", srv)
	}
	code, m, _ = inspect(t, vecShortGroup)
	if code != 0 || m["type"] != "contact" || m["addressType"] != "group" {
		t.Fatalf("group link: %d %v", code, m)
	}
}

func TestLinkInspectRejects(t *testing.T) {
	for _, bad := range []string{"", "hello", "https://example.com/x", vecInvitation[:40], strings.Replace(vecShortInv, "c=1234-w", "c=*", 1)} {
		code, _, msg := inspect(t, bad)
		if code != 1 || !strings.HasPrefix(msg, "duplex-host: ") || len(msg) < 20 {
			t.Errorf("%q: exit %d, %q", bad, code, msg)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"link", "show", "x"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage") {
		t.Errorf("bad subcommand: %d %q", code, errb.String())
	}
}

func TestFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"--version"}, nil, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "duplex-host 0.") {
		t.Fatalf("--version: %d %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"--help"}, nil, &out, &errb); code != 0 || !strings.Contains(errb.String(), "--ws-port") && !strings.Contains(errb.String(), "-ws-port") {
		t.Fatalf("--help: %d %q", code, errb.String())
	}
	for _, args := range [][]string{{"--server", "http://x"}, {"--ws-port", "70000"}, {"--argon2", "1,2"}, {"extra"}} {
		errb.Reset()
		if code := run(args, nil, &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%v: exit %d %q", args, code, errb.String())
		}
	}
}
