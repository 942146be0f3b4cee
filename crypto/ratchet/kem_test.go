package ratchet

import (
	"fmt"
	"strings"
	"testing"
)

// kemOps are the steps of upstream DoubleRatchetTests' KEM scenarios:
// the PQ preference sent with the message, then what must hold for the
// sender's sending chain and the receiver after decrypting. (Upstream
// checks "no sending KEM" on the receiver in the two \#>… cases.)
var kemOps = map[string][3]string{
	`\#>!`: {"pq+", "snd=0", "rcv=0"},
	`!#>!`: {"pq+", "snd=1", "rcv=1"},
	`!#>`:  {"", "snd=1", "rcv=1"},
	`!#>\`: {"pq-", "snd=1", "rcv=1"},
	`\#>\`: {"pq-", "snd=0", "snd=0"},
	`\#>`:  {"", "snd=0", "snd=0"},
}

// kemScript turns "J op" lines into a conversation script.
func kemScript(t *testing.T, ops string) string {
	var b strings.Builder
	for n, line := range strings.Split(strings.TrimSpace(ops), "\n") {
		f := strings.Fields(line)
		op, ok := kemOps[f[1]]
		if !ok {
			t.Fatalf("bad op %q", f[1])
		}
		from, to, label := f[0], other(f[0]), fmt.Sprintf("m%d", n)
		fmt.Fprintf(&b, "send %s %s %s\nexpect %s %s\nrecv %s\nexpect %s %s\n", from, label, op[0], from, op[1], label, to, op[2])
	}
	return b.String()
}

// J is upstream's "bob" (sending ratchet), I its "alice".
func TestKEMDisableEnable(t *testing.T) {
	c := newPair(t, pqAccepted, 3)
	c.run(kemScript(t, `
J !#>
I !#>
J !#>\
I !#>
J \#>
I \#>
J \#>!
I \#>
J \#>
I \#>
J \#>!
I \#>!
J \#>!
I !#>
J !#>`))
}

func TestKEMDisableEnableStrict(t *testing.T) {
	c := newPair(t, pqAccepted, 4)
	c.run(kemScript(t, `
J !#>!
I !#>!
J !#>\
I !#>!
J \#>\
I \#>\
J \#>!
I \#>\
J \#>!
I \#>\
J \#>!
I \#>!
J \#>!
I !#>!
J !#>!`))
}

func TestKEMEnableLater(t *testing.T) {
	c := newPair(t, pqNone, 5)
	c.run("expect J sup=0\nexpect I sup=0")
	c.run(kemScript(t, `
J \#>
I \#>
J \#>!
J \#>!
I \#>!
I \#>!
J \#>!
I !#>!
J !#>
I !#>
J !#>
I !#>\
J !#>
I \#>
J \#>`))
	// Support never goes back: headers stay 2310 bytes.
	c.run("expect J sup=1\nexpect I sup=1")
}

func TestKEMEnableLaterStrict(t *testing.T) {
	c := newPair(t, pqNone, 6)
	c.run(kemScript(t, `
J \#>\
I \#>\
J \#>!
J \#>!
I \#>!
I \#>!
J \#>!
I !#>!
J !#>!
I !#>!
J !#>!
I !#>\
J !#>!
I \#>\
J \#>!
I \#>\
J \#>!
I \#>\
J \#>!`))
}

// The first message of a PQ handshake already mixes the KEM secret.
func TestKEMFirstMessage(t *testing.T) {
	c := newPair(t, pqAccepted, 7)
	c.run(`
expect J sup=1 enc=1 snd=1
send J j1
recv j1
expect I sup=1 rcv=1 snd=1
send I i1
recv i1
expect J rcv=1 snd=1`)
	// Joiner proposes: the secret arrives one step later.
	c = newPair(t, pqJoinerPropose, 8)
	c.run(`
expect J sup=1 enc=1 snd=0
send J j1
recv j1
expect I sup=1 rcv=0 snd=1
send I i1
recv i1
expect J rcv=1 snd=1`)
	// The joiner cannot do PQ: the initiator's proposal is dropped.
	c = newPair(t, pqRejected, 9)
	c.run(`
expect J sup=0 enc=0 snd=0
send J j1
recv j1
expect I rcv=0 snd=0
send I i1
recv i1
send J j2
recv j2
expect J sup=0 rcv=0 snd=0
expect I rcv=0 snd=0`)
}

// Versions: 2↔3 upgrade, a version-2-only peer, and the joiner reusing its
// second X3DH key as its first ratchet key.
func TestVersionNegotiation(t *testing.T) {
	v2, v23, v3 := Versions{2, 2}, Versions{2, 3}, Versions{3, 3}
	c := newPairV(t, pqNone, 10, v23, v23, false)
	c.run(`
expect J v=2
send J j1
recv j1
expect I v=3
send I i1
recv i1
expect J v=3
send J j2 pq+           # big headers from now on (v3 only)
expect J sup=1
recv j2
send I i2
recv i2
expect J sup=1 enc=1 snd=0 rcv=0   # J now proposes a KEM key
expect I sup=0`)

	c = newPairV(t, pqNone, 11, v2, v23, false)
	c.run(`
send J j1
recv j1
expect I v=2
send I i1
recv i1
expect J v=2
send J j2
recv j2
expect I v=2 sup=0`)

	c = newPairV(t, pqAccepted, 12, v3, v3, true)
	c.run(scriptBasic)
}
