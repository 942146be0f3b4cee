package main

import (
	"bytes"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// dirHash hashes every file of a directory (names and contents).
func dirHash(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}

// runHost runs duplex-host to completion with stdin not a terminal.
func runHost(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	bin, _ := binaries(t)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, errb.String()
}

// noPass removes DUPLEX_PASSPHRASE from what the child inherits.
func noPass(t *testing.T) { t.Setenv(passEnv, ""); os.Unsetenv(passEnv) }

func TestHostDatabaseKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs binaries")
	}
	noPass(t)
	r := startRelay(t)
	dir := t.TempDir()
	h := startHost(t, "alice", dir, "right", r)
	h.ws.must(`/_create user {"profile":{"displayName":"alice","fullName":""}}`, "activeUser")
	h.stop()
	before := dirHash(t, dir)

	code, msg := runHost(t, []string{"DUPLEX_PASSPHRASE=wrong"}, "--data-dir", dir, "--server", r.address)
	if code != 1 || !strings.Contains(msg, "wrong passphrase for the database in") || !strings.Contains(msg, "nothing was changed") {
		t.Fatalf("wrong passphrase: exit %d, %q", code, msg)
	}
	code, msg = runHost(t, nil, "--data-dir", dir, "--server", r.address)
	if code != 1 || !strings.Contains(msg, "protected by a passphrase: set DUPLEX_PASSPHRASE") {
		t.Fatalf("no passphrase: exit %d, %q", code, msg)
	}
	if dirHash(t, dir) != before {
		t.Fatal("a failed unlock changed the data directory")
	}
	// the right passphrase still opens it, with the profile.
	h.start()
	if u := h.ws.must("/user", "activeUser"); get(u, "user", "profile", "displayName") != "alice" {
		t.Fatalf("after failed unlocks: %s", js(u))
	}
	h.stop()

	// First run with no key source at all (no keychain in tests): a clear error, no database.
	fresh := t.TempDir()
	code, msg = runHost(t, nil, "--data-dir", fresh)
	if code != 1 || !strings.Contains(msg, "no database passphrase given: set DUPLEX_PASSPHRASE") || !strings.Contains(msg, "--key-file") {
		t.Fatalf("no key source: exit %d, %q", code, msg)
	}
	if _, err := os.Stat(filepath.Join(fresh, "duplex.db")); err == nil {
		t.Fatal("a database was created without a key")
	}

	// --key-file: created 0600 on first run, opens the database afterwards.
	kdir := t.TempDir()
	key := filepath.Join(t.TempDir(), "host.key")
	bin, _ := binaries(t)
	p := startProc(t, nil, bin, "--data-dir", kdir, "--key-file", key, "--ws-port", "0", "--server", r.address)
	ws := dialAPI(t, strings.TrimSpace(p.waitLine(t, "chat API: ")))
	ws.must(`/_create user {"profile":{"displayName":"keyed","fullName":""}}`, "activeUser")
	ws.close()
	p.stop(t)
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	p = startProc(t, nil, bin, "--data-dir", kdir, "--key-file", key, "--ws-port", "0", "--server", r.address)
	ws = dialAPI(t, strings.TrimSpace(p.waitLine(t, "chat API: ")))
	if u := ws.must("/user", "activeUser"); get(u, "user", "profile", "displayName") != "keyed" {
		t.Fatalf("key file reopen: %s", js(u))
	}
	ws.close()
	p.stopWith(t, syscall.SIGINT) // Ctrl-C closes the core as cleanly as SIGTERM
	if !strings.Contains(p.out.String(), "duplex-host: stopping") {
		t.Fatalf("no clean stop on SIGINT:\n%s", p.out.String())
	}
	code, msg = runHost(t, nil, "--data-dir", kdir)
	if code != 1 || !strings.Contains(msg, "key file") {
		t.Fatalf("key-file database without --key-file: exit %d, %q", code, msg)
	}
}

// TestRelayDownAtSend: a message sent while the relay is down is stored,
// answered at once, and delivered when the relay is back. Two API clients
// on one host both see the events.
func TestRelayDownAtSend(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs binaries")
	}
	r := startRelay(t)
	alice := startHost(t, "alice", t.TempDir(), "a", r)
	bob := startHost(t, "bob", t.TempDir(), "b", r)
	alice.ws.must(`/_create user {"profile":{"displayName":"alice","fullName":""}}`, "activeUser")
	bob.ws.must(`/_create user {"profile":{"displayName":"bob","fullName":""}}`, "activeUser")
	ab, _ := connectPair(t, alice, bob)
	bob2 := dialAPI(t, bob.addr) // a second bot on the same host

	r.p.stop(t)
	sent := alice.ws.must("/_send @"+itoa(ab)+" json "+textMsg("while down"), "newChatItems")
	if st := get(sent, "chatItems", 0, "chatItem", "meta", "itemStatus", "type"); st != "sndNew" {
		t.Fatalf("status while the relay is down: %v", st)
	}
	id := num(get(sent, "chatItems", 0, "chatItem", "meta", "itemId"))
	r.start(t)
	newItemText(bob.ws, "while down")
	newItemText(bob2, "while down")
	alice.ws.waitEvent("chatItemsStatusesUpdated", func(e map[string]any) bool {
		return num(get(e, "chatItems", 0, "chatItem", "meta", "itemId")) == id &&
			get(e, "chatItems", 0, "chatItem", "meta", "itemStatus", "type") == "sndRcvd"
	})
	hist := alice.ws.must("/_get chat @"+itoa(ab)+" count=10", "apiChat")
	n := 0
	for _, it := range get(hist, "chat", "chatItems").([]any) {
		if num(get(it, "meta", "itemId")) == id {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("item %d appears %d times: %s", id, n, js(hist))
	}
}
