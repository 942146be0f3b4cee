package single

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"
)

// ErrForwarded is returned by Start when another process already is the
// primary instance for the data directory and has acknowledged the
// arguments: the caller's job is done and it should exit successfully.
var ErrForwarded = errors.New("another Duplex is running with this data directory; it received the arguments")

// ErrNoAnswer is returned by Start when another process holds the instance
// lock but its endpoint never answered (it may be hung or starting up
// abnormally slowly).
var ErrNoAnswer = errors.New("another Duplex holds this data directory but does not answer")

// Timeouts. A secondary waits this long for the primary to start listening
// (it may have just taken the lock) and for its acknowledgement.
const (
	forwardWait = 10 * time.Second
	ioTimeout   = 5 * time.Second
)

// Instance is the primary instance's endpoint: it owns the lock for one data
// directory until Close (or process exit, when the OS releases it).
type Instance struct {
	ln    net.Listener
	token []byte
	lock  io.Closer
	clean func() // removes the endpoint files; run once by Close

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// Start makes this process the primary instance for dir, or hands args to
// the process that already is and returns ErrForwarded once it has
// acknowledged them. dir must exist.
func Start(dir string, args []string) (*Instance, error) {
	in, ep, err := claim(dir)
	if err != nil {
		return nil, err
	}
	if in != nil {
		return in, nil
	}
	if err := forward(ep, Message{Args: args}); err != nil {
		return nil, err
	}
	return nil, ErrForwarded
}

// forward delivers m to the primary reachable through ep, retrying while
// the primary is between taking the lock and listening.
func forward(ep endpoint, m Message) error {
	deadline := time.Now().Add(forwardWait)
	var lastErr error
	for {
		conn, tok, err := ep.dial()
		if err == nil {
			m.Token = tok
			err = send(conn, m)
			conn.Close()
			if err == nil {
				return nil
			}
		}
		lastErr = err
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: %v", ErrNoAnswer, lastErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// halfCloser is implemented by *net.UnixConn and *net.TCPConn: the sender
// closes its write side so the primary reads the message up to EOF.
type halfCloser interface{ CloseWrite() error }

func send(conn net.Conn, m Message) error {
	b, err := m.Encode()
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(ioTimeout))
	if _, err := conn.Write(b); err != nil {
		return err
	}
	if hc, ok := conn.(halfCloser); ok {
		if err := hc.CloseWrite(); err != nil {
			return err
		}
	}
	var reply [1]byte
	if _, err := io.ReadFull(conn, reply[:]); err != nil {
		return fmt.Errorf("no acknowledgement: %w", err)
	}
	if reply[0] != ack {
		return fmt.Errorf("unexpected acknowledgement %q", reply[0])
	}
	return nil
}

// Serve accepts forwarded launches on a goroutine until Close, calling
// handle with each one's arguments, one at a time. handle runs on that
// goroutine: it must hand UI work to the UI goroutine itself.
func (in *Instance) Serve(handle func(args []string)) {
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		for {
			conn, err := in.ln.Accept()
			if err != nil {
				in.mu.Lock()
				closed := in.closed
				in.mu.Unlock()
				if !closed {
					log.Printf("duplex: single instance: %v", err)
				}
				return
			}
			if args, err := in.receive(conn); err != nil {
				log.Printf("duplex: single instance: rejected a launch: %v", err)
			} else {
				handle(args)
				conn.Write([]byte{ack})
			}
			conn.Close()
		}
	}()
}

// receive reads one message (bounded in size and time) and checks its token.
func (in *Instance) receive(conn net.Conn) ([]string, error) {
	conn.SetDeadline(time.Now().Add(ioTimeout))
	b, err := io.ReadAll(io.LimitReader(conn, maxMessage+1))
	if err != nil {
		return nil, err
	}
	m, err := DecodeMessage(b)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(m.Token, in.token) != 1 {
		return nil, errors.New("wrong token")
	}
	return m.Args, nil
}

// Close stops serving, removes the endpoint and releases the lock.
func (in *Instance) Close() error {
	in.mu.Lock()
	if in.closed {
		in.mu.Unlock()
		return nil
	}
	in.closed = true
	in.mu.Unlock()
	err := in.ln.Close()
	in.wg.Wait()
	if in.clean != nil {
		in.clean()
	}
	if lerr := in.lock.Close(); err == nil {
		err = lerr
	}
	return err
}

// Addr is the endpoint's address (a socket path or host:port), for logs.
func (in *Instance) Addr() string { return in.ln.Addr().String() }
