package smp

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// fakeRelay completes the SMP handshake and hands the session to fn, which
// plays the relay by hand (stalling, answering late, batching).
func fakeRelay(t *testing.T, fn func(st *Transport)) ServerAddress {
	tc := newTestChain(t, certs.Ed25519)
	addr := relayListener(t, tc, true, func(conn *tls13.Conn) {
		st, err := ServerHandshake(conn, ServerHandshakeConfig{Chain: tc.chain, Timeout: 5 * time.Second})
		if err != nil {
			return
		}
		fn(st)
	})
	host, port, _ := net.SplitHostPort(addr)
	return ServerAddress{Server: Server{Hosts: []string{host}, Port: port, KeyHash: tc.fp}}
}

type chanHandler struct {
	NopHandler
	msgs chan MSG
	down chan error
	ends chan []byte
}

func newChanHandler() *chanHandler {
	return &chanHandler{msgs: make(chan MSG, 10), down: make(chan error, 10), ends: make(chan []byte, 10)}
}

func (h *chanHandler) Message(_ []byte, m MSG) { h.msgs <- m }
func (h *chanHandler) Disconnected(err error)  { h.down <- err }
func (h *chanHandler) End(id []byte)           { h.ends <- id }

func connectFake(t *testing.T, addr ServerAddress, h Handler, mod func(*ClientConfig)) *Client {
	cfg := ClientConfig{Server: addr, Handler: h, Now: func() time.Time { return testNow },
		RequestTimeout: 300 * time.Millisecond, PingInterval: -1, ReconnectMin: time.Hour}
	if mod != nil {
		mod(&cfg)
	}
	c, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestClientTimeout(t *testing.T) {
	stalled := make(chan struct{})
	addr := fakeRelay(t, func(st *Transport) {
		st.ReadBlock() // read the request, never answer
		<-stalled
	})
	defer close(stalled)
	c := connectFake(t, addr, nil, nil)
	err := c.Ping(context.Background())
	if !errors.Is(err, ErrTimeout) || !Retryable(err) {
		t.Fatalf("stalled relay: %v", err)
	}
}

func TestClientPingDisconnects(t *testing.T) {
	stalled := make(chan struct{})
	addr := fakeRelay(t, func(st *Transport) {
		for {
			if _, err := st.ReadBlock(); err != nil {
				return
			}
		}
	})
	defer close(stalled)
	h := newChanHandler()
	connectFake(t, addr, h, func(c *ClientConfig) {
		c.Now = time.Now
		c.PingInterval, c.PingErrors, c.RequestTimeout = 20*time.Millisecond, 2, 50*time.Millisecond
	})
	select {
	case err := <-h.down:
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("disconnect reason: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no disconnect after unanswered PINGs")
	}
}

func TestClientCloseFailsPending(t *testing.T) {
	stalled := make(chan struct{})
	addr := fakeRelay(t, func(st *Transport) {
		st.ReadBlock()
		<-stalled
	})
	defer close(stalled)
	c := connectFake(t, addr, nil, func(c *ClientConfig) { c.RequestTimeout = 10 * time.Second })
	done := make(chan error, 1)
	go func() { done <- c.Ping(context.Background()) }()
	time.Sleep(50 * time.Millisecond)
	c.Close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Fatalf("pending request after Close: %v", err)
	}
	if err := c.Ping(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("request after Close: %v", err)
	}
}

// The relay answers SUB with OK and the waiting MSG in one block, then an
// END and a MSG for an unknown corrId (a late answer): nothing is lost.
func TestClientBatchedReplyAndEvents(t *testing.T) {
	rcvID := fill(24, 0x42)
	addr := fakeRelay(t, func(st *Transport) {
		ts, err := st.ReadTransmissions()
		if err != nil || len(ts) != 1 {
			return
		}
		sub, err := ParseTransmission(st.Version(), ts[0])
		if err != nil {
			return
		}
		enc := func(corr []byte, r Response) []byte {
			body, _ := EncodeResponse(st.Version(), r)
			b, _ := EncodeTransmission(st.Version(), &Transmission{CorrID: corr, EntityID: rcvID, Command: body})
			return b
		}
		st.WriteBatch([][]byte{
			enc(sub.CorrID, SOK{}),
			enc([]byte{}, MSG{MsgID: fill(24, 1), Body: []byte("first")}),
		})
		st.WriteBatch([][]byte{
			enc(fill(24, 9), MSG{MsgID: fill(24, 2), Body: []byte("late")}),
			enc([]byte{}, END{}),
		})
		st.ReadBlock()
	})
	h := newChanHandler()
	c := connectFake(t, addr, h, nil)
	if err := c.Subscribe(context.Background(), rcvID, mustEd25519(t, "rk")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"first", "late"} {
		select {
		case m := <-h.msgs:
			if string(m.Body) != want {
				t.Fatalf("got %q want %q", m.Body, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %q message", want)
		}
	}
	select {
	case id := <-h.ends:
		if string(id) != string(rcvID) || c.Subscribed(rcvID) {
			t.Fatal("END not applied")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no END")
	}
}

// After a reconnect the relay refuses the resubscription (the queue was
// deleted meanwhile): the Handler hears SubscriptionError and the queue is
// no longer kept.
func TestClientResubscribeFailure(t *testing.T) {
	rcvID := fill(24, 0x43)
	var n atomic.Int32
	addr := fakeRelay(t, func(st *Transport) {
		first := n.Add(1) == 1
		for {
			ts, err := st.ReadTransmissions()
			if err != nil {
				return
			}
			for _, raw := range ts {
				tr, err := ParseTransmission(st.Version(), raw)
				if err != nil {
					return
				}
				var r Response = OK{}
				if !first {
					r = ERR{ErrAuth}
				}
				body, _ := EncodeResponse(st.Version(), r)
				b, _ := EncodeTransmission(st.Version(), &Transmission{CorrID: tr.CorrID, EntityID: tr.EntityID, Command: body})
				st.WriteBatch([][]byte{b})
			}
			if first {
				return // drop the connection after the first block
			}
		}
	})
	h := &subErrHandler{chanHandler: newChanHandler(), errs: make(chan error, 1)}
	c := connectFake(t, addr, h, func(c *ClientConfig) { c.ReconnectMin = 10 * time.Millisecond })
	if err := c.Subscribe(context.Background(), rcvID, mustEd25519(t, "rk")); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-h.errs:
		if !errors.Is(err, ErrAuth) || c.Subscribed(rcvID) {
			t.Fatalf("resubscription error %v, subscribed %v", err, c.Subscribed(rcvID))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no SubscriptionError")
	}
}

type subErrHandler struct {
	*chanHandler
	errs chan error
}

func (h *subErrHandler) SubscriptionError(_ []byte, err error) { h.errs <- err }

func TestRetryable(t *testing.T) {
	proxyNet := &Error{Code: CodeProxy, Proxy: &ProxyError{Kind: ProxyBroker, Broker: &BrokerError{Kind: BrokerNetwork}}}
	for err, want := range map[error]bool{
		ErrTimeout: true, ErrDisconnected: true, io.EOF: true, io.ErrUnexpectedEOF: true,
		&net.OpError{Op: "dial", Err: errors.New("refused")}: true, proxyNet: true,
		ErrAuth: false, ErrNoMsg: false, ErrQuota: false, ErrCmdSyntax: false, ErrClosed: false,
		ErrHandshakeIdentity: false, ErrTransportVersion: false, ErrTransportSession: false,
		&tls13.AlertError{Alert: 42, Err: certs.ErrFingerprint}: false, nil: false,
	} {
		if Retryable(err) != want {
			t.Errorf("Retryable(%v) = %v", err, !want)
		}
	}
}
