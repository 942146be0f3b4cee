package main

import (
	"encoding/json"
	"os"
	"testing"
)

// FuzzInspect: link inspect never panics, and what it accepts it reports
// the same way from the canonical form it prints.
func FuzzInspect(f *testing.F) {
	for _, s := range []string{vecInvitation, vecContact, vecShortInv, vecShortGroup, "", "simplex:/", "https://simplex.chat/contact#/?v=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := inspectLink(s)
		if err != nil {
			return
		}
		again, err := inspectLink(r.Link)
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", r.Link, s, err)
		}
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(again)
		if string(a) != string(b) {
			t.Fatalf("%q: report changes through its canonical form:\n%s\n%s", s, a, b)
		}
	})
}

func TestPromptPassphrase(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.WriteString("correct horse \r\n")
	w.Close()
	var out syncBuf
	p, err := promptPassphrase(r, &out, "Passphrase: ")
	if err != nil || p != "correct horse " || out.String() != "Passphrase: \n" {
		t.Fatalf("%q %v, prompt %q", p, err, out.String())
	}
	if isTerminal(r) {
		t.Fatal("a pipe is not a terminal")
	}
	if null, err := os.Open(os.DevNull); err == nil {
		if isTerminal(null) {
			t.Fatal("/dev/null (a character device) is not a terminal")
		}
		null.Close()
	}
	if _, err := promptPassphrase(r, &out, "again: "); err == nil {
		t.Fatal("no error at end of input")
	}
}
