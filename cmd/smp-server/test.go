package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"duplex/crypto/box"
	"duplex/crypto/keys"
	"duplex/net/smp"
)

func cmdTest(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	timeout := fs.Duration("timeout", 15*time.Second, "timeout of each step")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: smp-server test [--timeout 15s] smp://fingerprint[:password]@host[:port]")
		return errUsage
	}
	addr, err := smp.ParseServerAddress(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("bad server address: %v", err)
	}
	return testServer(addr, *timeout, stdout)
}

// testServer connects, creates a queue, secures it, sends, receives and
// deletes, printing the time of each step or the failing step.
func testServer(addr smp.ServerAddress, timeout time.Duration, out io.Writer) error {
	start := time.Now()
	last := start
	step := func(name string, err error) error {
		if err != nil {
			if errors.Is(err, smp.ErrAuth) && name == "create queue" && addr.BasicAuth != nil {
				err = fmt.Errorf("%w (wrong password?)", err)
			} else if errors.Is(err, smp.ErrAuth) && name == "create queue" {
				err = fmt.Errorf("%w (the server needs a password, or new queues are disabled)", err)
			}
			fmt.Fprintf(out, "FAIL  %-14s %v\n", name, err)
			return fmt.Errorf("%s: %w", name, err)
		}
		now := time.Now()
		fmt.Fprintf(out, "ok    %-14s %v\n", name, now.Sub(last).Round(time.Microsecond))
		last = now
		return nil
	}
	ctx := context.Background()
	rcv, err := dialProbe(ctx, addr, timeout)
	if err := step("connect", err); err != nil {
		return err
	}
	defer rcv.Close()
	fmt.Fprintf(out, "      (SMP version %d, block encryption %v)\n", rcv.tr.Version(), rcv.tr.Encrypted())
	rk, err1 := keys.GenerateEd25519(rand.Reader)
	sk, err2 := keys.GenerateEd25519(rand.Reader)
	dh, err3 := keys.GenerateX25519(rand.Reader)
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	r, err := rcv.call(rk, nil, smp.NEW{RcvAuthKey: rk.Public(), RcvDHKey: dh.Public(), BasicAuth: addr.BasicAuth,
		SubMode: smp.SubModeSubscribe, QueueReq: &smp.QueueReq{Mode: smp.QueueModeMessaging}})
	ids, ok := r.(smp.IDS)
	if err == nil && !ok {
		err = fmt.Errorf("unexpected %s", r.Tag())
	}
	if err := step("create queue", err); err != nil {
		return err
	}
	secret, err := box.DH(ids.SrvDHKey, dh)
	if err != nil {
		return step("create queue", err)
	}
	snd, err := dialProbe(ctx, addr, timeout)
	if err != nil {
		return step("connect sender", err)
	}
	defer snd.Close()
	_, err = snd.call(sk, ids.SndID, smp.SKEY{SenderKey: sk.Public()})
	if err := step("secure queue", err); err != nil {
		return err
	}
	body := make([]byte, 32)
	rand.Read(body)
	_, err = snd.call(sk, ids.SndID, smp.SEND{Body: body})
	if err := step("send", err); err != nil {
		return err
	}
	ev, err := rcv.event()
	if err == nil {
		m, ok := ev.resp.(smp.MSG)
		if !ok {
			err = fmt.Errorf("unexpected %s", ev.resp.Tag())
		} else if got, derr := openMsg(secret, m); derr != nil {
			err = derr
		} else if !bytes.Equal(got, body) {
			err = errors.New("received a different message")
		} else {
			_, err = rcv.call(rk, ids.RcvID, smp.ACK{MsgID: m.MsgID})
		}
	}
	if err := step("receive", err); err != nil {
		return err
	}
	_, err = rcv.call(rk, ids.RcvID, smp.DEL{})
	if err := step("delete queue", err); err != nil {
		return err
	}
	fmt.Fprintf(out, "Server %s passed in %v\n", addr.Server.String(), time.Since(start).Round(time.Millisecond))
	return nil
}
