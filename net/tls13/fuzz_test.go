package tls13

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

// Every handshake parser: no panic, and whatever parses re-marshals stably.
func fuzzParser(f *testing.F, name string) {
	for _, s := range samples(f) {
		if s.name == name || bytes.HasPrefix([]byte(s.name), []byte(name+"-")) {
			f.Add(s.msg)
		}
	}
	var parse func([]byte) (func() ([]byte, error), error)
	for _, s := range samples(f) {
		if s.name == name {
			parse = s.parse
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		re, err := parse(b)
		if err != nil {
			return
		}
		out, err := re()
		if err != nil {
			t.Fatal(err)
		}
		re2, err := parse(out)
		if err != nil {
			// marshal writes only what our side sends (e.g. every
			// extension, non-empty lists), so a sparse input may not be
			// representable; the parser's job here is not to panic.
			return
		}
		if out2, _ := re2(); !bytes.Equal(out, out2) {
			t.Fatal("unstable round trip")
		}
	})
}

func FuzzClientHello(f *testing.F)         { fuzzParser(f, "ClientHello") }
func FuzzServerHello(f *testing.F)         { fuzzParser(f, "ServerHello") }
func FuzzEncryptedExtensions(f *testing.F) { fuzzParser(f, "EncryptedExtensions") }
func FuzzCertificateRequest(f *testing.F)  { fuzzParser(f, "CertificateRequest") }
func FuzzCertificate(f *testing.F)         { fuzzParser(f, "Certificate") }
func FuzzCertificateVerify(f *testing.F)   { fuzzParser(f, "CertificateVerify") }
func FuzzFinished(f *testing.F)            { fuzzParser(f, "Finished") }
func FuzzKeyUpdate(f *testing.F)           { fuzzParser(f, "KeyUpdate") }

// bytesConn is a net.Conn that reads from a fixed input and discards writes.
type bytesConn struct {
	r io.Reader
	w io.Writer
}

func (b *bytesConn) Read(p []byte) (int, error)       { return b.r.Read(p) }
func (b *bytesConn) Write(p []byte) (int, error)      { return b.w.Write(p) }
func (b *bytesConn) Close() error                     { return nil }
func (b *bytesConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (b *bytesConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (b *bytesConn) SetDeadline(time.Time) error      { return nil }
func (b *bytesConn) SetReadDeadline(time.Time) error  { return nil }
func (b *bytesConn) SetWriteDeadline(time.Time) error { return nil }

var fuzzSecret = bytes.Repeat([]byte{0x42}, 32)

// sealFor builds a record sealed under fuzzSecret at sequence seq.
func sealFor(seq uint64, inner []byte) []byte {
	var h halfConn
	h.set(fuzzSecret)
	h.seq = seq
	n := len(inner) + tagLen
	rec := []byte{recordApplicationData, 3, 3, byte(n >> 8), byte(n)}
	var nonce [12]byte
	h.nonce(&nonce)
	return h.aead.Seal(rec, nonce[:], inner, rec[:5])
}

// FuzzRecordLayer feeds arbitrary bytes to an established connection's reader
// (keys known to the seeds): records, padding, alerts, KeyUpdates, tickets.
func FuzzRecordLayer(f *testing.F) {
	f.Add(sealFor(0, []byte("hello\x17")))
	f.Add(append(sealFor(0, []byte("a\x17\x00\x00")), sealFor(1, []byte("b\x17"))...))
	f.Add(sealFor(0, append(marshalKeyUpdate(true), recordHandshake)))
	f.Add(sealFor(0, []byte{typeNewSessionTicket, 0, 0, 1, 0, recordHandshake}))
	f.Add(sealFor(0, []byte{1, 0, recordAlert}))
	f.Add(sealFor(0, []byte{2, 40, recordAlert}))
	f.Add([]byte{20, 3, 3, 0, 1, 1})
	f.Add([]byte{23, 3, 3, 0x41, 0x01})
	f.Fuzz(func(t *testing.T, in []byte) {
		c := &Conn{conn: &bytesConn{r: bytes.NewReader(in), w: io.Discard}, cfg: &Config{}, isClient: true}
		c.inHC.set(fuzzSecret)
		c.outHC.set(fuzzSecret)
		c.hsDone.Store(true)
		buf := make([]byte, 1024)
		for i := 0; i < 1000; i++ {
			if _, err := c.Read(buf); err != nil {
				return
			}
		}
	})
}

// FuzzServerHandshake drives our server with arbitrary client bytes.
func FuzzServerHandshake(f *testing.F) {
	hello := testClientHello(f)
	f.Add(append([]byte{22, 3, 1, byte(len(hello) >> 8), byte(len(hello))}, hello...))
	f.Add([]byte{22, 3, 1, 0, 4, 1, 0, 0, 0})
	srv := testChain(f, certs.Ed25519, 1)
	f.Fuzz(func(t *testing.T, in []byte) {
		c := Server(&bytesConn{r: bytes.NewReader(in), w: io.Discard}, &Config{Certificate: srv, Rand: seeded(1)})
		if c.Handshake(context.Background()) == nil {
			t.Fatal("handshake succeeded on fuzz input")
		}
	})
}

// FuzzClientHandshake drives our client with arbitrary server bytes; the seed
// is a real server flight for our client's deterministic ClientHello.
func FuzzClientHandshake(f *testing.F) {
	srv := testChain(f, certs.Ed25519, 1)
	f.Add(recordedServerFlight(f, srv))
	f.Add([]byte{22, 3, 3, 0, 4, 2, 0, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		c := Client(&bytesConn{r: bytes.NewReader(in), w: io.Discard}, &Config{VerifyPeer: pin(srv), Rand: seeded(1), Groups: []Group{X25519}})
		c.Handshake(context.Background()) // may even succeed on the recorded flight
	})
}

// recordedServerFlight returns what our server sends to a client seeded with 1.
func recordedServerFlight(t testing.TB, srv *certs.Chain) []byte {
	cc, sc := net.Pipe()
	var flight bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := Server(sc, &Config{Certificate: srv, Rand: seeded(2)})
		s.Handshake(context.Background())
	}()
	rec := &recordingConn{Conn: cc, buf: &flight}
	c := Client(rec, &Config{VerifyPeer: pin(srv), Rand: seeded(1), Groups: []Group{X25519}})
	c.Handshake(context.Background())
	cc.Close()
	<-done
	return flight.Bytes()
}

type recordingConn struct {
	net.Conn
	buf *bytes.Buffer
}

func (r *recordingConn) Read(p []byte) (int, error) {
	n, err := r.Conn.Read(p)
	r.buf.Write(p[:n])
	return n, err
}
