package tls13

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"sync"
	"testing"
	"time"

	"duplex/net/tls13/certs"
)

func connectedPair(t *testing.T, ccfg, scfg *Config) (*Conn, *Conn) {
	t.Helper()
	srv := testChain(t, certs.Ed448, 1)
	if ccfg == nil {
		ccfg = &Config{}
	}
	if scfg == nil {
		scfg = &Config{}
	}
	ccfg.VerifyPeer, scfg.Certificate = pin(srv), srv
	c, s, cerr, serr := handshakePair(t, ccfg, scfg)
	if cerr != nil || serr != nil {
		t.Fatalf("%v / %v", cerr, serr)
	}
	return c, s
}

// injectRecord seals inner (content ‖ type ‖ padding) with the connection's
// write keys and sends it raw, bypassing the normal record builder.
func injectRecord(t *testing.T, c *Conn, inner []byte, tamper bool) {
	t.Helper()
	c.out.Lock()
	defer c.out.Unlock()
	n := len(inner) + tagLen
	rec := []byte{recordApplicationData, 3, 3, byte(n >> 8), byte(n)}
	var nonce [12]byte
	c.outHC.nonce(&nonce)
	rec = c.outHC.aead.Seal(rec, nonce[:], inner, rec[:5])
	c.outHC.seq++
	if tamper {
		rec[len(rec)/2] ^= 1
	}
	if _, err := c.conn.Write(rec); err != nil {
		t.Fatal(err)
	}
}

func readErr(t *testing.T, c *Conn) error {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 100)
	for {
		if _, err := c.Read(buf); err != nil {
			return err
		}
	}
}

func TestTamperedRecord(t *testing.T) {
	c, s := connectedPair(t, nil, nil)
	injectRecord(t, c, []byte("hello\x17"), true)
	wantAlert(t, readErr(t, s), alertBadRecordMAC, false)
	wantAlert(t, readErr(t, c), alertBadRecordMAC, true)
}

func TestOversizedRecord(t *testing.T) {
	// Plaintext one byte over 2^14 inside a valid ciphertext.
	c, s := connectedPair(t, nil, nil)
	injectRecord(t, c, append(make([]byte, maxPlaintext+1), recordApplicationData), false)
	wantAlert(t, readErr(t, s), alertRecordOverflow, false)

	// Padding may not push the inner plaintext past 2^14+1 bytes.
	c, s = connectedPair(t, nil, nil)
	injectRecord(t, c, append(append([]byte("x"), recordApplicationData), make([]byte, maxPlaintext)...), false)
	wantAlert(t, readErr(t, s), alertRecordOverflow, false)

	// A ciphertext length field above 2^14+256 is refused before decryption.
	c, s = connectedPair(t, nil, nil)
	c.conn.Write([]byte{recordApplicationData, 3, 3, (maxCiphertext + 1) >> 8, (maxCiphertext + 1) & 0xff})
	wantAlert(t, readErr(t, s), alertRecordOverflow, false)

	// Before keys exist the limit is 2^14.
	srv := testChain(t, certs.Ed25519, 1)
	cc, sc := tcpPair(t)
	go cc.Write([]byte{recordHandshake, 3, 1, (maxPlaintext + 1) >> 8, (maxPlaintext + 1) & 0xff})
	err := Server(sc, &Config{Certificate: srv}).Handshake(context.Background())
	wantAlert(t, err, alertRecordOverflow, false)
}

func TestPaddingTolerance(t *testing.T) {
	c, s := connectedPair(t, nil, nil)
	inner := append([]byte("padded"), recordApplicationData)
	inner = append(inner, make([]byte, 1000)...)
	injectRecord(t, c, inner, false)
	injectRecord(t, c, []byte{recordApplicationData}, false)                                                                  // empty application data record
	injectRecord(t, c, append([]byte("!"), append([]byte{recordApplicationData}, make([]byte, maxPlaintext-1)...)...), false) // max inner size
	buf := make([]byte, 7)
	if _, err := io.ReadFull(s, buf); err != nil || string(buf) != "padded!" {
		t.Fatalf("%q %v", buf, err)
	}
	// A record that is all padding has no content type.
	injectRecord(t, c, make([]byte, 10), false)
	wantAlert(t, readErr(t, s), alertUnexpectedMessage, false)
}

func TestRenegotiationRefused(t *testing.T) {
	c, s := connectedPair(t, nil, nil)
	injectRecord(t, c, append(testClientHello(t), recordHandshake), false)
	err := readErr(t, s)
	wantAlert(t, err, alertUnexpectedMessage, false)
}

func TestCloseNotify(t *testing.T) {
	c, s := connectedPair(t, nil, nil)
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("x")); err != ErrWriteClosed {
		t.Fatalf("write after CloseWrite: %v", err)
	}
	if err := readErr(t, s); err != io.EOF {
		t.Fatalf("got %v, want EOF", err)
	}
	// The other direction still works.
	go s.Write([]byte("late"))
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "late" {
		t.Fatal(err)
	}
	s.Close()
	if err := readErr(t, c); err != io.EOF {
		t.Fatalf("got %v after Close, want EOF", err)
	}
}

// TestKeyUpdateMidStream forces KeyUpdates in both directions while both
// sides stream data concurrently, and checks every byte.
func TestKeyUpdateMidStream(t *testing.T) {
	c, s := connectedPair(t, &Config{KeyUpdateAfter: 1}, &Config{KeyUpdateAfter: 3})
	const total = 3 << 20
	data := make([]byte, total)
	seeded(7).Read(data)
	want := sha256.Sum256(data)
	var wg sync.WaitGroup
	check := func(name string, r io.Reader) {
		defer wg.Done()
		h := sha256.New()
		if _, err := io.CopyN(h, r, total); err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		if !bytes.Equal(h.Sum(nil), want[:]) {
			t.Errorf("%s: data corrupted", name)
		}
	}
	wg.Add(2)
	go check("server read", s)
	go check("client read", c)
	go func() {
		for off := 0; off < total; off += 10000 {
			if _, err := c.Write(data[off:min(off+10000, total)]); err != nil {
				t.Error(err)
				return
			}
			if off%300000 == 0 {
				c.UpdateKeys(false)
			}
		}
	}()
	if _, err := s.Write(data); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
}

// TestEarlyDataSkipped exercises the 0-RTT refusal path of the record layer:
// undecryptable records are dropped within the budget, then normal records flow.
func TestEarlyDataSkipped(t *testing.T) {
	c, s := connectedPair(t, nil, nil)
	other, _ := connectedPair(t, nil, nil)
	injectRecordVia(t, other, c, []byte("0rtt\x17")) // sealed under keys the server does not have
	s.in.Lock()
	s.earlySkip = earlyDataBudget
	s.in.Unlock()
	injectRecord(t, c, []byte("real\x17"), false)
	buf := make([]byte, 4)
	if _, err := io.ReadFull(s, buf); err != nil || string(buf) != "real" {
		t.Fatalf("%q %v", buf, err)
	}
	// Without the budget the same record is an authentication failure.
	injectRecordVia(t, other, c, []byte("0rtt\x17"))
	wantAlert(t, readErr(t, s), alertBadRecordMAC, false)
}

// injectRecordVia seals with keyHolder's write keys but sends on c's socket.
func injectRecordVia(t *testing.T, keyHolder, c *Conn, inner []byte) {
	t.Helper()
	n := len(inner) + tagLen
	rec := []byte{recordApplicationData, 3, 3, byte(n >> 8), byte(n)}
	var nonce [12]byte
	keyHolder.outHC.nonce(&nonce)
	rec = keyHolder.outHC.aead.Seal(rec, nonce[:], inner, rec[:5])
	c.out.Lock()
	defer c.out.Unlock()
	if _, err := c.conn.Write(rec); err != nil {
		t.Fatal(err)
	}
}

func TestDeadlines(t *testing.T) {
	c, _ := connectedPair(t, nil, nil)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := c.Read(make([]byte, 1))
	if err == nil {
		t.Fatal("read without data returned")
	}
	if ne, ok := err.(interface{ Timeout() bool }); !ok || !ne.Timeout() {
		t.Fatalf("got %v, want a timeout", err)
	}
}

// TestKeyScheduleRFC8448 checks HKDF-Expand-Label and the early secret
// against RFC 8448 "Simple 1-RTT Handshake".
func TestKeyScheduleRFC8448(t *testing.T) {
	early := hkdfExtract(nil, make([]byte, 32))
	if got := hexs(early); got != "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a" {
		t.Fatalf("early secret %s", got)
	}
	derived := deriveSecret(early, "derived", nil)
	if got := hexs(derived); got != "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba" {
		t.Fatalf("derived %s", got)
	}
	ecdhe := unhex(t, "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d")
	hs := hkdfExtract(derived, ecdhe)
	if got := hexs(hs); got != "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac" {
		t.Fatalf("handshake secret %s", got)
	}
	// Server handshake traffic secret from RFC 8448 and its key/iv.
	sHS := unhex(t, "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")
	if got := hexs(expandLabel(sHS, "key", nil, 16)); got != "3fce516009c21727d0f2e4e86ee403bc" {
		t.Fatalf("key %s", got)
	}
	if got := hexs(expandLabel(sHS, "iv", nil, 12)); got != "5d313eb2671276ee13000b30" {
		t.Fatalf("iv %s", got)
	}
	if got := hexs(masterSecret(hs)); got != "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919" {
		t.Fatalf("master %s", got)
	}
}
