package ratchet

import "testing"

// Both directions, replies, and the DH ratchet turning several times.
const scriptBasic = `
send I i0 !nosnd        # the initiator must hear from the joiner first
send J j1
recv j1
send I i1
recv i1
send J j2
send J j3
send I i2
send I i3
recv j2
recv j3
recv i2
recv i3
send J j4
recv j4
send I i4
recv i4
send J toobig !large
send J big              # exactly fills the padding
recv big
`

// Out of order inside one chain and across DH steps, duplicates, drops.
const scriptReorder = `
send J j1
send J j2
send J j3
recv j3                 # skips j1, j2
recv j3 !dup
expect I skipped=2
recv j2
recv j1
recv j1 !earlier        # current chain, 2 before the last one
expect I skipped=0
send I i1
send J j4               # J has not seen i1: same chain
recv j4
recv i1                 # J ratchets
send J j5               # new chain
send J j6
send I i2               # I still on its first chain
recv j6                 # I ratchets, j5 skipped in the new chain
recv i2                 # J: I's old chain
send I i3
recv i3
recv j5                 # skipped key from a chain I has left behind
expect I skipped=0
send J j7
send J j8               # dropped, never delivered
send J j9
recv j9
recv j7
expect I skipped=1
`

// The message order of upstream testSkippedAfterRatchetAdvance (J is its
// "bob", I its "alice").
const scriptSkippedAfterAdvance = `
send J b1
recv b1
send J b2
send J b3
send J b4
send I a5
recv a5
send J b5
send J b6
send J b7
recv b7
send J b8
send J b9
send I a10
recv a10
send J b11
send J b12
send I a14
recv a14
recv b12
recv b2
recv b2 !header
send I a15
recv a15
send J a16
send J a17
recv b8
recv b3
recv b4
recv b5
recv b6
send I a18
recv a18
recv a16
recv a17
recv b9
recv b11
`

// MaxSkip: 512 skipped keys are fine, 513 are refused without damage.
const scriptSkipBound = `
send J j0
recv j0
burst J 513 x
send J y
recv x513               # skips x1..x512: exactly MaxSkip
expect I skipped=512
recv x1
recv x512
expect I skipped=510
recv y
burst J 514 z
recv z514 !skipped      # would skip 513
recv z1
recv z514               # now 512 to skip
expect I skipped=1022
`

// Tampered messages are rejected and leave the state intact.
const scriptTamper = `
send J j1
tamper j1 t1 hdr
tamper j1 t2 htag
tamper j1 t3 tag
tamper j1 t4 body
recv t1 !header
recv t2 !header
recv t3 !body
recv t4 !body
recv j1
send J j2
send J j3
tamper j3 t5 body
recv t5 !body           # would have skipped j2: nothing is kept
expect I skipped=0
recv j3
recv j2
`

func TestScriptsNoPQ(t *testing.T) {
	for name, s := range map[string]string{
		"basic": scriptBasic, "reorder": scriptReorder, "skippedAfterAdvance": scriptSkippedAfterAdvance,
		"skipBound": scriptSkipBound, "tamper": scriptTamper,
	} {
		t.Run(name, func(t *testing.T) {
			c := newPair(t, pqNone, 1)
			c.run(s)
			c.run("expect J sup=0 snd=0 rcv=0\nexpect I sup=0 snd=0 rcv=0")
		})
	}
}

func TestScriptsPQ(t *testing.T) {
	for name, s := range map[string]string{
		"basic": scriptBasic, "reorder": scriptReorder, "skippedAfterAdvance": scriptSkippedAfterAdvance,
		"tamper": scriptTamper,
	} {
		for _, mode := range []pqMode{pqAccepted, pqJoinerPropose, pqBothPropose} {
			t.Run(name+"/"+[]string{"", "accepted", "joinerPropose", "bothPropose"}[mode], func(t *testing.T) {
				c := newPair(t, mode, 2)
				c.run(s)
				c.run("expect J sup=1 enc=1\nexpect I sup=1 enc=1")
			})
		}
	}
}
