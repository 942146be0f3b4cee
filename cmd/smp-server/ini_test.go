package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"crypto/rand"
)

func TestINIRoundTrip(t *testing.T) {
	in := INI{"A": {"x": "1", "y": "two words"}, "B": {"k": ""}}
	got, err := ParseINI(in.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("got %v", got)
	}
	text := "# comment\n; other\n\n[S]\n  key =  value with = sign \r\n"
	got, err = ParseINI(text)
	if err != nil || got["S"]["key"] != "value with = sign" {
		t.Fatalf("%v %v", got, err)
	}
}

func TestINIRejects(t *testing.T) {
	for _, text := range []string{
		"key = v",           // outside a section
		"[S]\nnovalue",      // no '='
		"[S]\n= v",          // empty key
		"[S]\na = 1\na = 2", // repeated key
		"[S]\n[S]",          // repeated section
		"[S",                // bad header
		"[]",                // empty name
		"[S]\nbad key = 1",  // space in key
	} {
		if _, err := ParseINI(text); err == nil {
			t.Errorf("accepted %q", text)
		} else if !strings.Contains(err.Error(), "line") {
			t.Errorf("%q: error without line number: %v", text, err)
		}
	}
}

func FuzzParseINI(f *testing.F) {
	f.Add("[A]\nx = 1\n")
	f.Add(fileConfig{Host: "h", Port: "5223", LogDir: "/x", Quota: 1}.encode())
	f.Fuzz(func(t *testing.T, s string) {
		ini, err := ParseINI(s)
		if err != nil {
			return
		}
		again, err := ParseINI(ini.Encode())
		if err != nil {
			t.Fatalf("re-encoded INI does not parse: %v", err)
		}
		if len(again) != len(ini) {
			t.Fatalf("sections changed: %v vs %v", again, ini)
		}
	})
}

func TestFileConfig(t *testing.T) {
	c := fileConfig{Host: "relay.example", Port: "7000", StoreLog: true, RestoreMessages: true, Fsync: true,
		LogDir: "/var/x", ExpireDays: 7, Quota: 50, NewQueues: false, Password: "s3cret", StatsMinutes: 5, Proxy: false}
	got, err := parseFileConfig(c.encode())
	if err != nil {
		t.Fatal(err)
	}
	if got != c {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, c)
	}
	bad := map[string]string{
		"unknown key":  "[STORE_LOG]\nenable = on\ntypo = 1\n",
		"bad bool":     "[STORE_LOG]\nenable = maybe\n",
		"bad int":      "[STORE_LOG]\nmsg_queue_quota = -3\n",
		"bad port":     "[TRANSPORT]\nport = 99999\n",
		"bad password": "[AUTH]\ncreate_password = a:b\n",
		"restore only": "[STORE_LOG]\nenable = off\nrestore_messages = on\n",
	}
	for name, text := range bad {
		if _, err := parseFileConfig(text); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestInitWritesConfigAndCerts(t *testing.T) {
	for _, alg := range []string{"ED25519", "ed448"} {
		dir := t.TempDir()
		o := initOptions{ip: "127.0.0.1", alg: alg, port: "5223", configDir: filepath.Join(dir, "etc"),
			logDir: filepath.Join(dir, "var"), storeLog: true, password: "pw"}
		res, err := initServer(o, rand.Reader, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(res.address, "smp://"+res.fingerprint+":pw@127.0.0.1") || strings.HasSuffix(res.address, ":5223") {
			t.Errorf("address %q", res.address)
		}
		fp, _ := os.ReadFile(filepath.Join(o.configDir, fingerprintName))
		if strings.TrimSpace(string(fp)) != res.fingerprint {
			t.Errorf("fingerprint file %q", fp)
		}
		cfg, fc, err := loadServer(o.configDir)
		if err != nil {
			t.Fatal(err)
		}
		if string(cfg.Password) != "pw" || cfg.StorePath != filepath.Join(o.logDir, storeLogName) || fc.Port != "5223" {
			t.Errorf("loaded %+v", cfg)
		}
		if len(cfg.Chain.Certs) != 2 {
			t.Errorf("chain of %d", len(cfg.Chain.Certs))
		}
		if _, err := initServer(o, rand.Reader, time.Now()); err == nil || !strings.Contains(err.Error(), "already") {
			t.Errorf("second init: %v", err)
		}
	}
	if _, err := initServer(initOptions{ip: "x", alg: "RSA", port: "1"}, rand.Reader, time.Now()); err == nil {
		t.Error("RSA accepted")
	}
	if _, err := initServer(initOptions{ip: "not-an-ip", alg: "ED25519", port: "1", configDir: t.TempDir()}, rand.Reader, time.Now()); err == nil {
		t.Error("bad ip accepted")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := loadServer(dir); err == nil || !strings.Contains(err.Error(), "smp-server init") {
		t.Errorf("missing config: %v", err)
	}
	os.WriteFile(filepath.Join(dir, iniName), []byte("[STORE_LOG]\nenable = perhaps\n"), 0o600)
	if _, _, err := loadServer(dir); err == nil || !strings.Contains(err.Error(), "bad configuration") {
		t.Errorf("bad config: %v", err)
	}
	os.WriteFile(filepath.Join(dir, iniName), []byte("[STORE_LOG]\nenable = on\n"), 0o600)
	if _, _, err := loadServer(dir); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("missing certs: %v", err)
	}
}

func TestProxySetting(t *testing.T) {
	c, err := parseFileConfig("[AUTH]\nnew_queues = on\n")
	if err != nil || !c.Proxy {
		t.Fatalf("default: proxy=%v err=%v, want on as upstream", c.Proxy, err)
	}
	c, err = parseFileConfig("[PROXY]\nenable = off\n")
	if err != nil || c.Proxy {
		t.Fatalf("enable = off: proxy=%v err=%v", c.Proxy, err)
	}
	if _, err := parseFileConfig("[PROXY]\nenable = sometimes\n"); err == nil {
		t.Fatal("bad [PROXY] enable accepted")
	}
}
