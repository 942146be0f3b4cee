package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"duplex/crypto/box"
	"duplex/net/smp"
)

// probe is a minimal synchronous SMP client over net/smp's transport and
// codec: one command at a time, server events kept in an inbox. It is what
// `smp-server test` and the binary tests drive.
type probe struct {
	tr      *smp.Transport
	inbox   []probeEvent
	timeout time.Duration
}

type probeEvent struct {
	corr, entity []byte
	resp         smp.Response
}

func dialProbe(ctx context.Context, addr smp.ServerAddress, timeout time.Duration) (*probe, error) {
	port := addr.Port
	if port == "" {
		port = smp.DefaultPort
	}
	var lastErr error
	for _, h := range addr.Hosts {
		tr, err := smp.DialTransport(ctx, joinHostPort(h, port), smp.DialConfig{KeyHash: addr.KeyHash, Timeout: timeout})
		if err == nil {
			return &probe{tr: tr, timeout: timeout}, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func joinHostPort(h, p string) string {
	if bytes.ContainsRune([]byte(h), ':') {
		return "[" + h + "]:" + p
	}
	return h + ":" + p
}

func (p *probe) Close() error { return p.tr.Close() }

func (p *probe) send(key smp.PrivateAuthKey, entity []byte, cmd smp.Command) ([]byte, error) {
	v := p.tr.Version()
	b, err := smp.EncodeCommand(v, cmd)
	if err != nil {
		return nil, err
	}
	corr := make([]byte, 24)
	rand.Read(corr)
	t := &smp.Transmission{CorrID: corr, EntityID: entity, Command: b}
	if v < smp.VersionAuthCmds {
		t.SessionID = p.tr.SessionID()
	}
	if key != nil {
		if err := smp.Authorize(t, key, p.tr.SessionID(), p.tr.ServerKey()); err != nil {
			return nil, err
		}
	}
	raw, err := smp.EncodeTransmission(v, t)
	if err != nil {
		return nil, err
	}
	block, err := smp.EncodeBatch([][]byte{raw})
	if err != nil {
		return nil, err
	}
	return corr, p.tr.WriteBlock(block)
}

func (p *probe) read() error {
	p.tr.SetReadDeadline(time.Now().Add(p.timeout))
	block, err := p.tr.ReadBlock()
	if err != nil {
		return err
	}
	ts, err := smp.ParseBatch(block)
	if err != nil {
		return err
	}
	for _, raw := range ts {
		t, err := smp.ParseTransmission(p.tr.Version(), raw)
		if err != nil {
			return err
		}
		r, err := smp.ParseResponse(p.tr.Version(), t.Command)
		if err != nil {
			return err
		}
		p.inbox = append(p.inbox, probeEvent{bytes.Clone(t.CorrID), bytes.Clone(t.EntityID), r})
	}
	return nil
}

// call sends a command and returns its response; ERR becomes an error.
func (p *probe) call(key smp.PrivateAuthKey, entity []byte, cmd smp.Command) (smp.Response, error) {
	corr, err := p.send(key, entity, cmd)
	if err != nil {
		return nil, err
	}
	for {
		for i, e := range p.inbox {
			if bytes.Equal(e.corr, corr) {
				p.inbox = append(p.inbox[:i], p.inbox[i+1:]...)
				if er, ok := e.resp.(smp.ERR); ok {
					return nil, er.Err
				}
				return e.resp, nil
			}
		}
		if err := p.read(); err != nil {
			return nil, err
		}
	}
}

// event waits for a pushed event (MSG, END, DELD).
func (p *probe) event() (probeEvent, error) {
	for {
		for i, e := range p.inbox {
			if len(e.corr) == 0 {
				p.inbox = append(p.inbox[:i], p.inbox[i+1:]...)
				return e, nil
			}
		}
		if err := p.read(); err != nil {
			return probeEvent{}, err
		}
	}
}

// openMsg decrypts a MSG with the queue's DH secret and returns the body
// (the part after "ts flag ' '").
func openMsg(secret box.DHSecret, m smp.MSG) ([]byte, error) {
	plain, err := box.CbDecrypt(secret, box.NonceFrom(m.MsgID), m.Body)
	if err != nil {
		return nil, fmt.Errorf("decrypting message: %w", err)
	}
	if len(plain) < 10 || plain[9] != ' ' {
		return nil, errors.New("bad message layout")
	}
	return plain[10:], nil
}
