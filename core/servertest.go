package core

// The server test ("Test server" in the app), as the reference agent's
// runSMPServerTest (simplexmq Agent/Client.hs): a fresh connection outside
// any pool, NEW (with the address's password), secure the queue, DEL it.
// Where it failed is one of
//
//	connect       no TCP connection to any usable host
//	tls           TCP connected, TLS failed — a wrong fingerprint lands
//	              here: the identity certificate is pinned in the TLS
//	              handshake (tls13.PinnedChain)
//	handshake     the SMP handshake after TLS (version, session, identity)
//	create queue  NEW refused (AUTH: a password is needed or wrong)
//	secure queue  SKEY (relays from v9 that say the sender may secure) or
//	              KEY (older relays), as upstream picks by the IDS queue mode
//	delete queue  DEL refused
//
// Unlike upstream, the queue is deleted even when securing it failed, and
// only connecting follows the caller's cancellation: NEW, the secure step
// and DEL are bounded by their own timeouts (a cancelled test skips the
// secure step), and a DEL that failed because the connection dropped is
// sent again once the client has reconnected, so a test leaves no queue
// behind on the relay (unless the NEW answer itself was lost: then there
// is no queue id to delete, as upstream).
// Latency is the time of the whole test up to success or the failing
// step, on the core's clock.

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"duplex/core/api"
	"duplex/core/servers"
	"duplex/crypto/keys"
	"duplex/net/smp"
	"duplex/net/socks5"
	"duplex/net/tls13"
	"duplex/net/tls13/certs"
)

// Steps of a server test (api.ServerTest.Step).
const (
	stepConnect   = "connect"
	stepTLS       = "tls"
	stepHandshake = "handshake"
	stepCreate    = "create queue"
	stepSecure    = "secure queue"
	stepDelete    = "delete queue"
)

// Bounds of one test: the reference's interactive TCP timeouts are of the
// same order; a test the user waits for should not take minutes.
const (
	testConnectTimeout = 20 * time.Second
	testRequestTimeout = 20 * time.Second
	testDeleteTimeout  = 10 * time.Second
	testReconnect      = 200 * time.Millisecond // the DEL retries on a new connection
)

// TestServer implements api.Client. A malformed address is an error; a
// server that fails the test is a ServerTest with OK false.
func (l *Local) TestServer(ctx context.Context, p api.ProfileID, address string) (api.ServerTest, error) {
	proto, a, err := parseServerInput(address)
	if err != nil {
		return api.ServerTest{}, err
	}
	l.mu.Lock()
	d, err := l.profileDB(ctx, p)
	var netCfg api.NetworkConfig
	if err == nil {
		netCfg, err = loadNetwork(ctx, d)
	}
	l.mu.Unlock()
	if err != nil {
		return api.ServerTest{}, err
	}
	if proto == servers.XFTP {
		return api.ServerTest{}, errors.New("testing XFTP servers is not available in this build yet")
	}
	pr, err := serverPresets()
	if err != nil {
		return api.ServerTest{}, err
	}
	var domains []string
	for _, po := range pr.Operators {
		domains = append(domains, po.Operator.Domains...)
	}
	// The test goes the way the agent's connections go (SOCKS proxy, onion
	// hosts): testing a relay directly would reveal the address the user
	// hides behind the proxy.
	var tmpl smp.ClientConfig
	applyNetwork(&tmpl, netCfg)
	return runServerTest(ctx, serverTestConfig{Server: a, PresetDomains: domains, Rand: rand.Reader, Now: l.opts.Now,
		SOCKS: tmpl.SOCKS, HostMode: tmpl.HostMode}), nil
}

// serverTestConfig is what one SMP server test needs.
type serverTestConfig struct {
	Server        smp.ServerAddress
	PresetDomains []string
	Rand          io.Reader
	Now           func() time.Time // latency clock
	// DialContext opens TCP connections (nil: net.Dialer).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// SOCKS, if set, carries the connection (it replaces DialContext);
	// HostMode picks public or .onion hosts.
	SOCKS    *socks5.Config
	HostMode smp.HostMode
}

func runServerTest(ctx context.Context, cfg serverTestConfig) api.ServerTest {
	start := cfg.Now()
	fail := func(step string, err error) api.ServerTest {
		// One line for the UI: joined errors (errors.Join) use newlines.
		return api.ServerTest{Step: step, Err: strings.ReplaceAll(err.Error(), "\n", "; "), Latency: cfg.Now().Sub(start)}
	}
	dial := cfg.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	var onion func(ctx context.Context, network, addr string) (net.Conn, error)
	if cfg.SOCKS != nil {
		// Through the proxy's dialer (not ClientConfig.SOCKS) so that a
		// connection is still seen and "connect" told from "tls".
		sess, err := cfg.SOCKS.Session(cfg.Rand)
		if err != nil {
			return fail(stepConnect, err)
		}
		dial, onion = sess.DialContext, sess.DialContext
	}
	var connected atomic.Bool
	counted := func(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dial == nil {
			return nil
		}
		return func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err == nil {
				connected.Store(true)
			}
			return c, err
		}
	}
	cl, err := smp.Connect(ctx, smp.ClientConfig{
		Server:         cfg.Server,
		PresetDomains:  cfg.PresetDomains,
		Rand:           cfg.Rand,
		DialContext:    counted(dial),
		DialOnion:      counted(onion),
		HostMode:       cfg.HostMode,
		ConnectTimeout: testConnectTimeout,
		RequestTimeout: testRequestTimeout,
		PingInterval:   -1,
		ReconnectMin:   testReconnect,
		ReconnectMax:   testReconnect,
	})
	if err != nil {
		step, msg := connectFailure(connected.Load(), cfg.Server, err)
		return fail(step, msg)
	}
	defer cl.Close()

	rk, err1 := keys.GenerateEd25519(cfg.Rand)
	sk, err2 := keys.GenerateEd25519(cfg.Rand)
	dh, err3 := keys.GenerateX25519(cfg.Rand)
	if err := errors.Join(err1, err2, err3); err != nil {
		return fail(stepCreate, err)
	}
	// From NEW on the requests do not follow the caller's cancellation
	// (each is bounded by the request timeout): a NEW the relay answers
	// after we stopped waiting would leave a queue nobody can delete.
	detached := context.WithoutCancel(ctx)
	ids, err := cl.CreateQueue(detached, rk, smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), BasicAuth: cfg.Server.BasicAuth,
		SubMode: smp.SubModeSubscribe, QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging}})
	if err != nil {
		return fail(stepCreate, createFailure(cfg.Server, err))
	}
	secureErr := ctx.Err() // cancelled: skip to the cleanup
	if secureErr == nil && ids.QueueMode == smp.QueueModeMessaging {
		secureErr = cl.SecureBySender(detached, ids.SndID, sk)
	} else if secureErr == nil {
		secureErr = cl.SecureQueue(detached, ids.RcvID, rk, sk)
	}
	delErr := deleteTestQueue(detached, cl, ids.RcvID, rk)
	switch {
	case secureErr != nil && delErr != nil:
		return fail(stepSecure, fmt.Errorf("the relay did not secure the test queue: %w (deleting it failed too: %v)", secureErr, delErr))
	case secureErr != nil:
		return fail(stepSecure, fmt.Errorf("the relay did not secure the test queue: %w", secureErr))
	case delErr != nil:
		return fail(stepDelete, fmt.Errorf("the relay did not delete the test queue: %w", delErr))
	}
	return api.ServerTest{OK: true, Latency: cfg.Now().Sub(start)}
}

// deleteTestQueue sends DEL until the relay answers or testDeleteTimeout
// passes: when the connection dropped (after NEW, say) the client
// reconnects by itself and the DEL is sent again on the new connection.
func deleteTestQueue(ctx context.Context, cl *smp.Client, rcvID []byte, rk *keys.Ed25519Private) error {
	ctx, cancel := context.WithTimeout(ctx, testDeleteTimeout)
	defer cancel()
	for {
		err := cl.DeleteQueue(ctx, rcvID, rk)
		if err == nil || !smp.Retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(testReconnect):
		}
	}
}

// connectFailure tells where connecting failed: before a TCP connection
// existed, in TLS (errors of our TLS stack and certificate checks), or in
// the SMP handshake (transport errors), and says it in words.
func connectFailure(connected bool, a smp.ServerAddress, err error) (string, error) {
	hosts := strings.Join(a.Hosts, ", ")
	var te *smp.TransportError
	var alert *tls13.AlertError
	switch {
	case !connected:
		return stepConnect, fmt.Errorf("cannot connect to %s: %w", hosts, err)
	case errors.Is(err, certs.ErrFingerprint):
		return stepTLS, fmt.Errorf("the server's identity certificate does not match the fingerprint %s in the address: wrong fingerprint, or %s runs another server (%w)",
			a.Fingerprint(), hosts, err)
	case errors.As(err, &te):
		if errors.Is(err, smp.ErrTransportVersion) {
			return stepHandshake, fmt.Errorf("the server speaks no SMP version we support: %w", err)
		}
		return stepHandshake, fmt.Errorf("SMP handshake with %s failed: %w", hosts, err)
	case errors.As(err, &alert), errors.Is(err, tls13.ErrHandshakeTimeout):
		return stepTLS, fmt.Errorf("TLS with %s failed: %w", hosts, err)
	}
	// A connection that closed or timed out after TCP: the secure session
	// was never set up.
	return stepTLS, fmt.Errorf("TLS with %s failed (is this an SMP server?): %w", hosts, err)
}

func createFailure(a smp.ServerAddress, err error) error {
	if errors.Is(err, smp.ErrAuth) {
		if a.BasicAuth == nil {
			return fmt.Errorf("the server needs a password to create queues: write the address as smp://<fingerprint>:<password>@<host> (%w)", err)
		}
		return fmt.Errorf("the server refused the password in the address (%w)", err)
	}
	return fmt.Errorf("the relay did not create a test queue: %w", err)
}
