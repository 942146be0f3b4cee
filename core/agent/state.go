package agent

import (
	"encoding/json"
	"fmt"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/crypto/ratchet"
	"duplex/net/smp"
)

// Connection status.
const (
	stNew       = "new"       // invitation created, waiting for a confirmation
	stConfirmed = "confirmed" // initiator: confirmation received (CONF), waiting for AllowConnection
	stJoined    = "joined"    // joiner: confirmation queued, waiting for the initiator's
	stAllowed   = "allowed"   // initiator: our confirmation queued, CON once the relay takes it
	stActive    = "active"    // duplex: both sides have each other's ratchet and queues
	stContact   = "contact"   // a contact address: receives invitations only
	stHello     = "hello"     // legacy: confirmations exchanged, waiting for HELLO both ways
)

// Pending send kinds (agent_pending.kind).
const (
	kindConf    = 1 // a confirmation: CON on the initiator once sent
	kindMsg     = 2 // A_MSG: SENT once sent
	kindReceipt = 3 // A_RCVD and other service messages: nothing reported
	kindInvite  = 4 // AgentInvitation to a contact address
	kindSecure  = 5 // legacy: KEY on our receive queue (Queue = rcvID, Body = the peer's sender key DER)
	kindHello   = 6 // legacy: HELLO; CON once sent if the peer's HELLO came already
	kindQTest   = 7 // rotation, sender: QTEST on the new queue; the old send queue goes once sent
	kindQKey    = 8 // rotation, sender: QKEY on the old queue (SWITCH snd confirmed once sent)
	kindDelRcv  = 9 // rotation: DEL of a receive queue in Trash (Queue = rcvID)
)

// rcvQueue is a queue we receive from. Keys are raw bytes so that state
// marshals with encoding/json; all of it is stored encrypted by db.
type rcvQueue struct {
	Server      string // smp.ServerAddress string
	RcvID       []byte
	SndID       []byte
	RcvKey      []byte // Ed25519 seed
	RcvDHSecret []byte // relay → us
	E2EPriv     []byte // X25519, public half is dh= in the queue URI
	PeerE2E     []byte // the sender's e2e key, from its first message
	Contact     bool
}

// sndQueue is a queue we send to.
type sndQueue struct {
	Server    string
	SndID     []byte
	SndKey    []byte // Ed25519 seed, SKEY'd on the relay
	E2EPriv   []byte // our e2e key; its public half goes in the first message
	E2ESecret []byte
	Version   uint16 // SMP client version agreed for the queue
	// Legacy: not secured by us; our confirmation goes unsigned with our
	// key in a 'K' header and the peer KEYs the queue.
	Legacy bool `json:",omitempty"`
}

// connState is everything the agent keeps for one connection besides its
// ratchet (stored next to it in the same row).
type connState struct {
	ID           string
	Initiator    bool
	Status       string
	AgentVersion uint16
	PQ           bool
	Rcv          []*rcvQueue
	Snd          []*sndQueue
	RatchetPriv  []byte // our X3DH private parameters until the ratchet starts

	SndMsgID    int64 // last number used (the confirmation is 1)
	LastSndHash []byte
	RcvLastID   int64 // the peer's last in-chain id and hash
	RcvLastHash []byte
	InboxID     int64 // last agent-internal id of a received message

	// Initiator between CONF and AllowConnection: the joiner's reply queues
	// (binary SMPQueueInfo) and our confirmation id.
	ConfID     string
	PeerQueues [][]byte
	// Contact addresses: invitations received, by id (binary connection request).
	Requests map[string][]byte `json:",omitempty"`
	// Legacy handshake (KEY + HELLO): the peer's sender key from its 'K'
	// header until we KEY our queue with it, and the HELLO exchange.
	Legacy     bool   `json:",omitempty"`
	PeerSndKey []byte `json:",omitempty"`
	HelloSent  bool   `json:",omitempty"`
	HelloRcvd  bool   `json:",omitempty"`
	// The short link of an invitation or address made with one.
	ShortLink string `json:",omitempty"`
	// Queue rotation (switch.go): ours of a receive queue, the peer's of
	// our send queue, and receive queues waiting for their DEL.
	RcvSwitch *rcvSwitch  `json:",omitempty"`
	SndSwitch *sndSwitch  `json:",omitempty"`
	Trash     []*rcvQueue `json:",omitempty"`
	Aborted   [][]byte    `json:",omitempty"` // sender ids of the last aborted switches' queues
	// Ratchet re-sync (resync.go); zero means SyncOK. SyncPriv: our keys
	// while started; SyncKeyHashes: the peer key sets already used;
	// SyncBase: the next message after agreement starts the peer's chain
	// afresh (its ids may repeat ones we saw if it was restored from a
	// backup, or skip the ones it lost).
	Sync          RatchetSyncState `json:",omitempty"`
	SyncPriv      []byte           `json:",omitempty"`
	SyncKeyHashes [][]byte         `json:",omitempty"`
	SyncBase      bool             `json:",omitempty"`
	// RcvHashSeq numbers the decrypted ciphertexts whose hashes are kept
	// (agent_rcv_hash), so that a later copy is known as a redelivery.
	RcvHashSeq int64 `json:",omitempty"`

	ratchet *ratchet.Ratchet
}

func (c *connState) encode() ([]byte, []byte, error) {
	st, err := json.Marshal(c)
	if err != nil {
		return nil, nil, err
	}
	var r []byte
	if c.ratchet != nil {
		if r, err = c.ratchet.MarshalBinary(); err != nil {
			return nil, nil, err
		}
	}
	return st, r, nil
}

func decodeConn(state, rat []byte) (*connState, error) {
	c := new(connState)
	if err := json.Unmarshal(state, c); err != nil {
		return nil, fmt.Errorf("agent: connection state: %w", err)
	}
	if rat != nil {
		c.ratchet = new(ratchet.Ratchet)
		if err := c.ratchet.UnmarshalBinary(rat); err != nil {
			return nil, fmt.Errorf("agent: ratchet state of %s: %w", c.ID, err)
		}
	}
	return c, nil
}

// sendProhibited: no new message may be encrypted while the ratchets are
// being re-synchronised (upstream ratchetSyncSendProhibited).
func (c *connState) sendProhibited() bool {
	return c.Sync == SyncRequired || c.Sync == SyncStarted || c.Sync == SyncAgreed
}

func (c *connState) rcvByID(rcvID []byte) *rcvQueue {
	for _, q := range c.Rcv {
		if string(q.RcvID) == string(rcvID) {
			return q
		}
	}
	return nil
}

func ed25519(seed []byte) *keys.Ed25519Private {
	k, err := keys.Ed25519PrivateFromBytes(seed)
	if err != nil {
		panic("agent: stored Ed25519 key: " + err.Error()) // only our own writes reach here
	}
	return k
}

func x25519(b []byte) *keys.X25519Private {
	k, err := keys.X25519PrivateFromBytes(b)
	if err != nil {
		panic("agent: stored X25519 key: " + err.Error())
	}
	return k
}

func secret(b []byte) box.DHSecret {
	var s box.DHSecret
	copy(s[:], b)
	return s
}

func serverOf(s string) (smp.ServerAddress, error) { return smp.ParseServerAddress(s) }
