package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// The smoke tests ask the Duplex window to close the way a window manager
// does — a WM_DELETE_WINDOW client message — which no installed tool sends
// without a window manager (xdotool's windowclose destroys the window,
// which is not a close request). So this speaks the few X11 requests it
// needs over the display's Unix socket: connection setup, InternAtom and
// SendEvent (X11 protocol, chapter 8 and the ICCCM WM_PROTOCOLS section).

type x11Conn struct{ c net.Conn }

func dialX11(display string) (*x11Conn, error) {
	n := strings.TrimPrefix(display, ":")
	if i := strings.IndexByte(n, '.'); i >= 0 {
		n = n[:i]
	}
	c, err := net.Dial("unix", "/tmp/.X11-unix/X"+n)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	// 'l': little-endian; protocol 11.0; no authorization (the test's Xvfb
	// accepts local clients, as xwininfo relies on too).
	setup := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := c.Write(setup); err != nil {
		c.Close()
		return nil, err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		c.Close()
		return nil, err
	}
	rest := make([]byte, int(binary.LittleEndian.Uint16(head[6:]))*4)
	if _, err := io.ReadFull(c, rest); err != nil {
		c.Close()
		return nil, err
	}
	if head[0] != 1 {
		c.Close()
		return nil, fmt.Errorf("X server refused the connection (status %d)", head[0])
	}
	return &x11Conn{c}, nil
}

func (x *x11Conn) internAtom(name string) (uint32, error) {
	pad := (4 - len(name)%4) % 4
	req := make([]byte, 8, 8+len(name)+pad)
	req[0] = 16 // InternAtom
	binary.LittleEndian.PutUint16(req[2:], uint16(2+(len(name)+pad)/4))
	binary.LittleEndian.PutUint16(req[4:], uint16(len(name)))
	req = append(append(req, name...), make([]byte, pad)...)
	if _, err := x.c.Write(req); err != nil {
		return 0, err
	}
	rep := make([]byte, 32)
	if _, err := io.ReadFull(x.c, rep); err != nil {
		return 0, err
	}
	if rep[0] != 1 {
		return 0, fmt.Errorf("InternAtom %s: X error %d", name, rep[1])
	}
	return binary.LittleEndian.Uint32(rep[8:]), nil
}

// closeWindow sends WM_PROTOCOLS/WM_DELETE_WINDOW to window, as a window
// manager does when the user clicks the close button.
func (x *x11Conn) closeWindow(window uint32) error {
	protocols, err := x.internAtom("WM_PROTOCOLS")
	if err != nil {
		return err
	}
	del, err := x.internAtom("WM_DELETE_WINDOW")
	if err != nil {
		return err
	}
	req := make([]byte, 44)
	req[0] = 25 // SendEvent, propagate = false
	binary.LittleEndian.PutUint16(req[2:], 11)
	binary.LittleEndian.PutUint32(req[4:], window)
	// event mask 0: delivered to the client that created the window
	ev := req[12:]
	ev[0] = 33 // ClientMessage
	ev[1] = 32 // format
	binary.LittleEndian.PutUint32(ev[4:], window)
	binary.LittleEndian.PutUint32(ev[8:], protocols)
	binary.LittleEndian.PutUint32(ev[12:], del)
	// ev[16:20] = CurrentTime (0)
	if _, err := x.c.Write(req); err != nil {
		return err
	}
	// A round trip: once it answers, the SendEvent was processed (an error
	// for it would arrive first and fail the read below).
	_, err = x.internAtom("WM_PROTOCOLS")
	return err
}

func (x *x11Conn) Close() error { return x.c.Close() }

// sendClose connects to display and asks window to close.
func sendClose(t *testing.T, display string, window uint32) {
	t.Helper()
	x, err := dialX11(display)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.closeWindow(window); err != nil {
		t.Fatal(err)
	}
}
