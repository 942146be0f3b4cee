package tls13

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Conn is a TLS 1.3 connection over a net.Conn. One goroutine may Read while
// another Writes; Handshake runs once, implicitly on first Read/Write.
type Conn struct {
	conn     net.Conn
	cfg      *Config
	isClient bool

	hsMu   sync.Mutex
	hsDone atomic.Bool
	hsErr  error
	state  State

	// Read side, guarded by in (and by hsMu during the handshake).
	in        sync.Mutex
	inHC      halfConn
	raw       []byte // raw bytes from conn; unread part is raw[rawOff:]
	rawOff    int
	plain     []byte // decrypted application data not yet returned
	hsBuf     []byte // handshake bytes not yet parsed
	readErr   error
	earlySkip int

	// Write side, guarded by out (and by hsMu during the handshake).
	out         sync.Mutex
	outHC       halfConn
	outBuf      []byte
	pending     []byte
	buffering   bool
	writeErr    error
	closeSent   bool
	sinceUpdate int

	closed     atomic.Bool
	dlMu       sync.Mutex
	readDL     time.Time
	writeDL    time.Time
	handshakes atomic.Int32
}

// Client returns a client-side connection; cfg must have VerifyPeer.
func Client(conn net.Conn, cfg *Config) *Conn { return &Conn{conn: conn, cfg: cfg, isClient: true} }

// Server returns a server-side connection; cfg must have Certificate.
func Server(conn net.Conn, cfg *Config) *Conn { return &Conn{conn: conn, cfg: cfg} }

func (c *Conn) rand() io.Reader {
	if c.cfg.Rand != nil {
		return c.cfg.Rand
	}
	return rand.Reader
}

// Handshake runs the handshake once; later calls return its result. It is
// bounded by ctx and Config.HandshakeTimeout. Deadlines set with
// SetDeadline before the handshake are restored afterwards.
func (c *Conn) Handshake(ctx context.Context) error {
	if c.hsDone.Load() {
		return c.hsErr
	}
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	if c.hsDone.Load() {
		return c.hsErr
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if c.cfg.HandshakeTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.HandshakeTimeout)
		defer cancel()
	}
	bounded := false
	if dl, ok := ctx.Deadline(); ok {
		c.conn.SetDeadline(dl)
		bounded = true
	}
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })

	var err error
	if c.isClient {
		err = c.clientHandshake()
	} else {
		err = c.serverHandshake()
	}
	stopped := stop()
	if err != nil {
		var ae *AlertError
		if errors.As(err, &ae) && !ae.Remote {
			c.sendAlertLocked(ae.Alert)
		}
		var ne net.Error
		if !stopped || (bounded && errors.As(err, &ne) && ne.Timeout()) || errors.Is(err, os.ErrDeadlineExceeded) {
			if ctx.Err() == context.Canceled {
				err = fmt.Errorf("tls13: handshake canceled: %w", err)
			} else {
				err = fmt.Errorf("%w: %v", ErrHandshakeTimeout, err)
			}
		} else if err == io.EOF || err == io.ErrUnexpectedEOF {
			err = fmt.Errorf("tls13: connection closed during handshake: %w", io.ErrUnexpectedEOF)
		}
		c.hsErr, c.readErr = err, err
		if c.writeErr == nil {
			c.writeErr = err
		}
	}
	c.buffering = false
	c.dlMu.Lock()
	c.conn.SetReadDeadline(c.readDL)
	c.conn.SetWriteDeadline(c.writeDL)
	c.dlMu.Unlock()
	c.hsDone.Store(true)
	return err
}

// State reports the negotiated parameters (zero before the handshake).
func (c *Conn) State() State {
	if !c.hsDone.Load() {
		return State{}
	}
	return c.state
}

// Read reads application data. It returns io.EOF after the peer's close_notify.
func (c *Conn) Read(b []byte) (int, error) {
	if err := c.Handshake(context.Background()); err != nil {
		return 0, err
	}
	c.in.Lock()
	defer c.in.Unlock()
	if len(b) == 0 {
		return 0, nil
	}
	for len(c.plain) == 0 {
		if c.readErr != nil {
			return 0, c.readErr
		}
		if err := c.readOne(); err != nil {
			c.readErr = err
			var ae *AlertError
			if errors.As(err, &ae) && !ae.Remote {
				c.out.Lock()
				c.sendAlertLocked(ae.Alert)
				c.out.Unlock()
			}
			return 0, err
		}
	}
	n := copy(b, c.plain)
	c.plain = c.plain[n:]
	return n, nil
}

func (c *Conn) readOne() error {
	typ, data, err := c.readRecord()
	if err != nil {
		return err
	}
	switch typ {
	case recordApplicationData:
		c.plain = data
	case recordAlert:
		return c.handleAlert(data)
	case recordHandshake:
		c.hsBuf = append(c.hsBuf, data...)
		return c.handlePostHandshake()
	}
	return nil
}

// handlePostHandshake processes complete post-handshake messages: KeyUpdate,
// and (client) NewSessionTicket, which is dropped because resumption is refused.
func (c *Conn) handlePostHandshake() error {
	for len(c.hsBuf) >= 4 {
		n := int(c.hsBuf[1])<<16 | int(c.hsBuf[2])<<8 | int(c.hsBuf[3])
		if n > maxHandshakeMsg {
			return alertf(alertIllegalParameter, "handshake message of %d bytes", n)
		}
		if len(c.hsBuf) < 4+n {
			return nil
		}
		msg := c.hsBuf[:4+n]
		c.hsBuf = c.hsBuf[4+n:]
		switch msg[0] {
		case typeKeyUpdate:
			request, err := parseKeyUpdate(msg)
			if err != nil {
				return alertErr(alertDecodeError, err)
			}
			if err := c.atKeyBoundary(); err != nil {
				return err
			}
			c.inHC.set(nextTrafficSecret(c.inHC.secret))
			if request {
				c.out.Lock()
				err := c.sendKeyUpdateLocked(false)
				c.out.Unlock()
				if err != nil {
					return err
				}
			}
		case typeNewSessionTicket:
			if !c.isClient {
				return alertf(alertUnexpectedMessage, "NewSessionTicket from a client")
			}
		default:
			return alertf(alertUnexpectedMessage, "post-handshake message type %d refused", msg[0])
		}
	}
	return nil
}

func (c *Conn) sendKeyUpdateLocked(request bool) error {
	if c.closeSent {
		return nil
	}
	if _, err := c.writeRecordLocked(recordHandshake, marshalKeyUpdate(request)); err != nil {
		return err
	}
	c.outHC.set(nextTrafficSecret(c.outHC.secret))
	c.sinceUpdate = 0
	return nil
}

// UpdateKeys sends a KeyUpdate and switches our write keys; with
// requestPeer the peer must update its keys too.
func (c *Conn) UpdateKeys(requestPeer bool) error {
	if err := c.Handshake(context.Background()); err != nil {
		return err
	}
	c.out.Lock()
	defer c.out.Unlock()
	if c.closeSent {
		return ErrWriteClosed
	}
	return c.sendKeyUpdateLocked(requestPeer)
}

// Write sends b as application data records of at most 2^14 bytes.
func (c *Conn) Write(b []byte) (int, error) {
	if err := c.Handshake(context.Background()); err != nil {
		return 0, err
	}
	c.out.Lock()
	defer c.out.Unlock()
	if c.closeSent {
		return 0, ErrWriteClosed
	}
	n := 0
	for len(b) > 0 {
		chunk := min(len(b), maxPlaintext)
		k, err := c.writeRecordLocked(recordApplicationData, b[:chunk])
		n += k
		if err != nil {
			return n, err
		}
		b = b[chunk:]
		c.sinceUpdate++
		if c.cfg.KeyUpdateAfter > 0 && c.sinceUpdate >= c.cfg.KeyUpdateAfter {
			if err := c.sendKeyUpdateLocked(true); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// CloseWrite sends close_notify; the peer's Read then returns io.EOF. Reading
// remains possible.
func (c *Conn) CloseWrite() error {
	if err := c.Handshake(context.Background()); err != nil {
		return err
	}
	c.out.Lock()
	defer c.out.Unlock()
	return c.closeNotifyLocked()
}

func (c *Conn) closeNotifyLocked() error {
	if c.closeSent {
		return nil
	}
	c.closeSent = true
	if c.writeErr != nil {
		return c.writeErr
	}
	_, err := c.writeRecordLocked(recordAlert, []byte{1, alertCloseNotify})
	return err
}

// Close sends close_notify (unless a writer is blocked) and closes the
// underlying connection.
func (c *Conn) Close() error {
	if c.closed.Swap(true) {
		return ErrClosed
	}
	if c.hsDone.Load() && c.hsErr == nil && c.out.TryLock() {
		c.conn.SetWriteDeadline(time.Now().Add(time.Second))
		c.closeNotifyLocked()
		c.out.Unlock()
	}
	return c.conn.Close()
}

func (c *Conn) LocalAddr() net.Addr  { return c.conn.LocalAddr() }
func (c *Conn) RemoteAddr() net.Addr { return c.conn.RemoteAddr() }

// NetConn returns the underlying connection.
func (c *Conn) NetConn() net.Conn { return c.conn }

func (c *Conn) SetDeadline(t time.Time) error {
	c.dlMu.Lock()
	c.readDL, c.writeDL = t, t
	c.dlMu.Unlock()
	return c.conn.SetDeadline(t)
}

func (c *Conn) SetReadDeadline(t time.Time) error {
	c.dlMu.Lock()
	c.readDL = t
	c.dlMu.Unlock()
	return c.conn.SetReadDeadline(t)
}

func (c *Conn) SetWriteDeadline(t time.Time) error {
	c.dlMu.Lock()
	c.writeDL = t
	c.dlMu.Unlock()
	return c.conn.SetWriteDeadline(t)
}
