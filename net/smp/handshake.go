package smp

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"time"

	"duplex/crypto/enc"
	"duplex/crypto/keys"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// ServerHandshakeConfig configures the relay side of the SMP handshake.
type ServerHandshakeConfig struct {
	// Chain is the relay's TLS chain (leaf first, 2–4 certificates) with the
	// leaf key, which signs the session key. Required.
	Chain *certs.Chain
	// Range is offered to clients that negotiated an ALPN protocol (smp/1,
	// or http/1.1 on port 443) (zero = SupportedRange); others get
	// LegacyRange (v6).
	Range VersionRange
	// Rand supplies the session key (nil = crypto/rand).
	Rand io.Reader
	// Timeout bounds the whole handshake, TLS included (0 = none).
	Timeout time.Duration
}

// ClientHandshakeConfig configures the client side.
type ClientHandshakeConfig struct {
	// KeyHash is the relay identity: SHA-256 of chain[1]. Required.
	KeyHash []byte
	// Range of versions we accept (zero = SupportedRange).
	Range VersionRange
	// Rand supplies our X25519 key (nil = crypto/rand).
	Rand io.Reader
	// ProxyServer is set by a relay connecting to another relay as a proxy:
	// no block encryption on that hop.
	ProxyServer bool
	// Timeout bounds the whole handshake, TLS included (0 = none).
	Timeout time.Duration
}

func orRand(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

func withDeadline(conn *tls13.Conn, d time.Duration) (context.Context, func()) {
	if d <= 0 {
		return context.Background(), func() {}
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	conn.SetDeadline(time.Now().Add(d))
	return ctx, func() { cancel(); conn.SetDeadline(time.Time{}) }
}

// serverHello is w16 min ‖ w16 max ‖ sb(sessionId) ‖ [max≥7: certChainPubKey].
type serverHello struct {
	Range     VersionRange
	SessionID []byte
	Key       *CertChainPubKey
}

func (h serverHello) encode() ([]byte, error) {
	w := enc.NewWriter(nil)
	w.W16(uint16(h.Range.Min))
	w.W16(uint16(h.Range.Max))
	w.ShortBytes(h.SessionID)
	if h.Range.Max >= VersionAuthCmds && h.Key != nil {
		h.Key.encode(w)
	}
	return w.Bytes()
}

// parseServerHello ignores trailing bytes, as the reference does, so that
// future relays can extend the hello.
func parseServerHello(b []byte) (serverHello, error) {
	r := enc.NewReader(b)
	h := serverHello{Range: VersionRange{Version(r.W16()), Version(r.W16())}, SessionID: clone(r.ShortBytes())}
	if r.Err() == nil && h.Range.Max >= VersionAuthCmds && r.Len() > 0 {
		save := *r
		k := readCertChainPubKey(r)
		if r.Err() != nil {
			*r = save // optional, as upstream
		} else {
			h.Key = &k
		}
	}
	if r.Err() != nil || !h.Range.Valid() {
		return h, ErrHandshakeParse
	}
	return h, nil
}

// clientHello is w16 version ‖ sb(keyHash) ‖ [v≥7: sb(X25519 DER)] ‖ [v≥14: bool proxy] ‖ [v≥16: maybe(service)].
type clientHello struct {
	Version Version
	KeyHash []byte
	Key     *keys.X25519Public
	Proxy   bool
	Service bool // a service certificate was offered (we do not support services)
}

func (h clientHello) encode() ([]byte, error) {
	w := enc.NewWriter(nil)
	w.W16(uint16(h.Version))
	w.ShortBytes(h.KeyHash)
	if h.Version >= VersionAuthCmds && h.Key != nil {
		writeKey(w, *h.Key)
	}
	if h.Version >= VersionProxyHandshake {
		w.Bool(h.Proxy)
	}
	if h.Version >= VersionServiceCerts {
		w.MaybeTag(false)
	}
	return w.Bytes()
}

func parseClientHello(b []byte) (clientHello, error) {
	r := enc.NewReader(b)
	h := clientHello{Version: Version(r.W16()), KeyHash: clone(r.ShortBytes())}
	if r.Err() == nil && h.Version >= VersionAuthCmds {
		save := *r
		k := readX25519(r)
		if r.Err() != nil {
			*r = save
		} else {
			h.Key = &k
		}
	}
	if h.Version >= VersionProxyHandshake {
		h.Proxy = r.Bool()
	}
	if h.Version >= VersionServiceCerts {
		h.Service = r.MaybeTag()
	}
	if r.Err() != nil {
		return h, ErrHandshakeParse
	}
	return h, nil
}

func writeHandshakeBlock(conn *tls13.Conn, msg []byte) error {
	b, err := enc.Pad(msg, BlockSize)
	if err != nil {
		return ErrTransportLargeMsg.with(err)
	}
	_, err = conn.Write(b)
	return err
}

func readHandshakeBlock(conn *tls13.Conn) ([]byte, error) {
	b := make([]byte, BlockSize)
	if _, err := io.ReadFull(conn, b); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.Join(errClosedHandshake, err)
		}
		return nil, err
	}
	m, err := enc.UnPad(b)
	if err != nil {
		return nil, ErrHandshakeParse.with(err)
	}
	return m, nil
}

// ServerHandshake runs the relay side: TLS handshake (if not done yet),
// server hello with the signed session key, client hello checks (identity,
// version), and block encryption from v11.
func ServerHandshake(conn *tls13.Conn, cfg ServerHandshakeConfig) (*Transport, error) {
	if cfg.Chain == nil || len(cfg.Chain.Certs) < 2 || cfg.Chain.Key == nil {
		return nil, errors.New("smp: server handshake needs a chain of at least 2 certificates with the leaf key")
	}
	ctx, done := withDeadline(conn, cfg.Timeout)
	defer done()
	if err := conn.Handshake(ctx); err != nil {
		return nil, err
	}
	st := conn.State()
	rng := cfg.Range
	if rng == (VersionRange{}) {
		rng = SupportedRange
	}
	if st.ALPN == "" {
		// Any negotiated ALPN (smp/1, or http/1.1 on a port shared with the
		// web page) gets the full range, as upstream; none gets v6 only.
		rng = LegacyRange
	}
	priv, err := keys.GenerateX25519(orRand(cfg.Rand))
	if err != nil {
		return nil, err
	}
	t := &Transport{conn: conn, sessionID: clone(st.TLSUnique), serverPriv: priv, peerRange: rng}
	hello := serverHello{Range: rng, SessionID: t.sessionID,
		Key: &CertChainPubKey{Chain: cfg.Chain.Certs, SignedKey: SignSessionKey(cfg.Chain.Key, priv.Public())}}
	msg, err := hello.encode()
	if err != nil {
		return nil, err
	}
	if err := writeHandshakeBlock(conn, msg); err != nil {
		return nil, err
	}
	b, err := readHandshakeBlock(conn)
	if err != nil {
		return nil, err
	}
	ch, err := parseClientHello(b)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(ch.KeyHash, certs.Fingerprint(cfg.Chain.Certs[1])) {
		return nil, ErrHandshakeIdentity
	}
	if !rng.Contains(ch.Version) {
		return nil, withf(ErrTransportVersion, "client chose %d, offered %v", ch.Version, rng)
	}
	if ch.Service {
		// Service certificates (v16) are not supported: tell the client why.
		_ = writeHandshakeBlock(conn, []byte("E"+ErrHandshakeService.wire()))
		return nil, ErrHandshakeService
	}
	t.version, t.proxy, t.peerKey = ch.Version, ch.Proxy, ch.Key
	if ch.Key != nil && !ch.Proxy && t.version >= VersionEncryptedBlock {
		secret, err := priv.DH(*ch.Key)
		if err != nil {
			return nil, ErrHandshakeBadAuth.with(err)
		}
		t.setupEncryption(secret, true)
	}
	return t, nil
}

// ClientHandshake runs the client side over a TLS connection configured to
// pin the relay (see Dial): it checks that the hello's session id is our
// tls-unique, that the signed session key comes from the relay's leaf key
// and that chain[1] has KeyHash, picks the highest common version and
// answers with our hello.
func ClientHandshake(conn *tls13.Conn, cfg ClientHandshakeConfig) (*Transport, error) {
	if len(cfg.KeyHash) != 32 {
		return nil, errors.New("smp: client handshake needs a 32-byte key hash")
	}
	ctx, done := withDeadline(conn, cfg.Timeout)
	defer done()
	if err := conn.Handshake(ctx); err != nil {
		return nil, err
	}
	st := conn.State()
	b, err := readHandshakeBlock(conn)
	if err != nil {
		return nil, err
	}
	sh, err := parseServerHello(b)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(sh.SessionID, st.TLSUnique) {
		return nil, withf(ErrTransportSession, "server hello session id does not match tls-unique")
	}
	rng := cfg.Range
	if rng == (VersionRange{}) {
		rng = SupportedRange
	}
	if cfg.ProxyServer && sh.Range.Max < VersionProxyHandshake {
		// As upstream: a proxy talking to an old relay stays at ≤10 so that
		// no block encryption is used on that hop.
		rng.Max = max(rng.Min, VersionDeletedEvent)
	}
	agreed, ok := sh.Range.Intersect(rng)
	if !ok {
		return nil, withf(ErrTransportVersion, "relay offers %v, we speak %v", sh.Range, rng)
	}
	t := &Transport{conn: conn, sessionID: clone(st.TLSUnique), version: agreed.Max, peerRange: sh.Range, proxy: cfg.ProxyServer}
	if sh.Key != nil && t.version >= VersionAuthCmds {
		pub, err := verifyServerKey(sh.Key, cfg.KeyHash, st.PeerChain)
		if err != nil {
			return nil, err
		}
		t.serverPub = &pub
		cert := *sh.Key
		t.serverCert = &cert
	}
	ch := clientHello{Version: t.version, KeyHash: cfg.KeyHash, Proxy: cfg.ProxyServer}
	var priv *keys.X25519Private
	if t.version >= VersionAuthCmds {
		priv, err = keys.GenerateX25519(orRand(cfg.Rand))
		if err != nil {
			return nil, err
		}
		pub := priv.Public()
		ch.Key = &pub
		t.clientPriv = priv
	}
	msg, err := ch.encode()
	if err != nil {
		return nil, err
	}
	if err := writeHandshakeBlock(conn, msg); err != nil {
		return nil, err
	}
	if t.serverPub != nil && priv != nil && !cfg.ProxyServer && t.version >= VersionEncryptedBlock {
		secret, err := priv.DH(*t.serverPub)
		if err != nil {
			return nil, ErrHandshakeBadAuth.with(err)
		}
		t.setupEncryption(secret, false)
	}
	return t, nil
}

// verifyServerKey checks the hello's chain against the pinned key hash and
// the signature of the session key with the TLS leaf key.
func verifyServerKey(k *CertChainPubKey, keyHash []byte, tlsChain [][]byte) (keys.X25519Public, error) {
	if len(k.Chain) < 2 || len(k.Chain) > 4 {
		return keys.X25519Public{}, withf(ErrHandshakeBadAuth, "hello chain has %d certificates", len(k.Chain))
	}
	if !bytes.Equal(certs.Fingerprint(k.Chain[1]), keyHash) {
		return keys.X25519Public{}, withf(ErrHandshakeBadAuth, "hello chain identity does not match the key hash")
	}
	if len(tlsChain) == 0 {
		return keys.X25519Public{}, withf(ErrHandshakeBadAuth, "no TLS peer certificate")
	}
	leaf, err := certs.Parse(tlsChain[0])
	if err != nil {
		return keys.X25519Public{}, ErrHandshakeBadAuth.with(err)
	}
	pub, err := VerifySessionKey(k.SignedKey, leaf.PublicKey)
	if err != nil {
		return keys.X25519Public{}, ErrHandshakeBadAuth.with(err)
	}
	return pub, nil
}
