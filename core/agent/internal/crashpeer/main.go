// Command crashpeer runs one agent on an existing database for the crash
// tests of core/agent, which start it, kill it with SIGKILL at random points
// and start it again on the same database.
//
// It reports on stdout, one line per fact, written before the next step
// so that what the test reads is what happened before the kill:
//
//	READY                    the agent is up (resubscribed, sends resumed)
//	MSG <inbox id> <body>    a message was shown (recv mode)
//	ACK <inbox id>           AckMessage for it returned
//	QUEUED <index> <msg id>  Send returned for the index-th body (send mode)
//	SENT <msg id>            the relay accepted that message
//	MERR dup | MERR <error>  a message error (dup: a recognised duplicate)
//
// Closing stdin stops it gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"duplex/core/agent"
	"duplex/db"
	"duplex/net/agentproto"
	"duplex/net/smp"
)

func main() {
	dir := flag.String("dir", "", "database directory")
	servers := flag.String("servers", "", "comma-separated SMP server addresses")
	mode := flag.String("mode", "recv", "recv or send")
	conn := flag.String("conn", "", "connection id (send mode)")
	from := flag.Int("from", 0, "first body index to send")
	n := flag.Int("n", 0, "send bodies from..n-1")
	flag.Parse()
	if err := run(*dir, *servers, *mode, *conn, *from, *n); err != nil {
		fmt.Fprintln(os.Stderr, "crashpeer:", err)
		os.Exit(1)
	}
}

func say(format string, args ...any) { fmt.Fprintf(os.Stdout, format+"\n", args...) }

func run(dir, servers, mode, conn string, from, n int) error {
	var srv []smp.ServerAddress
	for _, s := range strings.Split(servers, ",") {
		a, err := smp.ParseServerAddress(s)
		if err != nil {
			return err
		}
		srv = append(srv, a)
	}
	d, err := db.Open(dir, db.Options{Key: db.Passphrase("agent test"), KDF: &db.KDFParams{Time: 1, Memory: 64, Threads: 1}})
	if err != nil {
		return err
	}
	defer d.Close()
	ctx := context.Background()
	a, err := agent.New(ctx, agent.Config{DB: d, Picker: agent.RandomPicker{Servers: srv},
		SMP:      smp.ClientConfig{RequestTimeout: 10 * time.Second, ReconnectMin: 50 * time.Millisecond, ReconnectMax: time.Second, PingInterval: -1},
		RetryMin: 20 * time.Millisecond, RetryMax: 500 * time.Millisecond, QuotaWait: 300 * time.Millisecond})
	if err != nil {
		return err
	}
	defer a.Close()
	say("READY")
	stop := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stop) }()
	go func() {
		for ev := range a.Events() {
			switch ev.Type {
			case agent.EvMSG:
				say("MSG %d %s", ev.MsgID, ev.Body)
				if err := a.AckMessage(ctx, ev.ConnID, ev.MsgID); err != nil {
					say("MERR ack: %v", err)
					continue
				}
				say("ACK %d", ev.MsgID)
			case agent.EvSENT:
				say("SENT %d", ev.MsgID)
			case agent.EvMERR:
				if errors.Is(ev.Err, agentproto.ErrDuplicate) {
					say("MERR dup")
				} else {
					say("MERR %s", strings.ReplaceAll(fmt.Sprint(ev.Err), "\n", " "))
				}
			}
		}
	}()
	if mode == "send" {
		for i := from; i < n; i++ {
			id, err := a.Send(ctx, conn, []byte(fmt.Sprint(i)))
			if err != nil {
				return err
			}
			say("QUEUED %d %d", i, id)
		}
	}
	<-stop
	return nil
}
