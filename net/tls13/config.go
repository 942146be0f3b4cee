package tls13

import (
	"io"
	"time"

	"duplex/net/tls13/certs"
)

// Group is a TLS NamedGroup for (EC)DHE.
type Group uint16

// The two groups SimpleX uses (RFC 8446 4.2.7).
const (
	X25519 Group = 0x001d
	X448   Group = 0x001e
)

func (g Group) String() string {
	switch g {
	case X25519:
		return "X25519"
	case X448:
		return "X448"
	}
	return "Group(" + itoa(int(g)) + ")"
}

// DefaultGroups is the reference client's order: X448 first, so a server that
// prefers X25519 answers with a HelloRetryRequest.
var DefaultGroups = []Group{X448, X25519}

// Config configures one side of a connection. A Config may be shared by
// many connections and must not be modified after use.
type Config struct {
	Rand io.Reader        // nil = crypto/rand
	Time func() time.Time // not used by the handshake; pass it to PinnedChain

	// Certificate is the DER chain (leaf first) with the leaf's key. Required
	// for a server; for a client only when the server asks (XRCP).
	Certificate *certs.Chain

	// VerifyPeer checks the peer's chain (DER, leaf first). A nil VerifyPeer
	// rejects every peer chain: a client always fails, and a server fails when
	// it requires client certificates. See PinnedChain.
	VerifyPeer func(chain [][]byte) error

	// NextProtos lists ALPN protocols in preference order (server: its
	// preference wins). Empty = no ALPN extension.
	NextProtos []string

	// Groups: client — supported groups in order, a key share is sent for the
	// first one only (like the reference); server — acceptable groups in
	// preference order. nil = DefaultGroups.
	Groups []Group

	// RequireClientCert makes a server send CertificateRequest and fail
	// without a (verified) client chain.
	RequireClientCert bool

	// HandshakeTimeout bounds Handshake (0 = no bound beyond the context).
	HandshakeTimeout time.Duration

	// KeyUpdateAfter, if > 0, makes the writer send a KeyUpdate (requesting
	// the peer's update too) after that many application records.
	KeyUpdateAfter int
}

// State describes an established connection.
type State struct {
	ALPN           string   // negotiated protocol, "" if none
	PeerChain      [][]byte // DER, leaf first; empty if the peer sent none
	TLSUnique      []byte   // the client's Finished verify_data (32 bytes), on both sides
	PeerSigningKey any      // ed25519.PublicKey or ed448.PublicKey of the peer leaf, or nil
	Group          Group
	DidHRR         bool // a HelloRetryRequest round happened
}

// PinnedChain returns a VerifyPeer that accepts a chain whose chain[1] has
// SHA-256 fingerprint fp and that passes certs.VerifyChain at now(). A nil
// fp checks the chain only; the caller must then compare the fingerprint of
// State().PeerChain[1] itself (XRCP learns the host CA during the first pairing).
func PinnedChain(fp []byte, now func() time.Time) func([][]byte) error {
	if now == nil {
		now = time.Now
	}
	return func(chain [][]byte) error {
		_, err := certs.VerifyChain(chain, fp, now())
		return err
	}
}

func (c *Config) groups() []Group {
	if c.Groups == nil {
		return DefaultGroups
	}
	return c.Groups
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
