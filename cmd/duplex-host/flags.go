package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"duplex/core"
	"duplex/net/smp"
)

type options struct {
	dataDir  string
	wsPort   int
	servers  []string
	keyFile  string
	terminal bool
	version  bool
	kdf      *core.KDFCost
	verbose  bool
	net      netFlags
}

// logger is where the core logs: stderr with --verbose, else nowhere.
func (o options) logger(stderr io.Writer) *slog.Logger {
	if !o.verbose {
		return nil
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type serverList []string

func (s *serverList) String() string { return strings.Join(*s, ",") }
func (s *serverList) Set(v string) error {
	if _, err := smp.ParseServerAddress(v); err != nil {
		return fmt.Errorf("bad server address %q: %v", v, err)
	}
	*s = append(*s, v)
	return nil
}

// kdfFlag reads "time,memoryKiB,threads" for new passphrases; the default
// (unset) tunes Argon2id to about half a second on this machine.
type kdfFlag struct{ c **core.KDFCost }

func (k kdfFlag) String() string { return "" }
func (k kdfFlag) Set(v string) error {
	p := strings.Split(v, ",")
	if len(p) != 3 {
		return errors.New("want time,memoryKiB,threads")
	}
	var n [3]uint64
	for i, s := range p {
		x, err := strconv.ParseUint(s, 10, 32)
		if err != nil || x == 0 {
			return fmt.Errorf("bad number %q", s)
		}
		n[i] = x
	}
	*k.c = &core.KDFCost{Time: uint32(n[0]), MemoryKiB: uint32(n[1]), Threads: uint8(min(n[2], 255))}
	return nil
}

const usage = `duplex-host runs a Duplex core without a window.

Usage:
  duplex-host [flags]              run the core (chat API, terminal)
  duplex-host link inspect <uri>   print what a SimpleX link holds, as JSON

Flags:
`

const usageTail = `
The database passphrase comes from --key-file, else $DUPLEX_PASSPHRASE,
else a prompt on a terminal, else the system keychain.
Type /help in the terminal for its commands.
`

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("duplex-host", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dataDir, "data-dir", "", "data directory (default: the per-user Duplex data directory)")
	fs.IntVar(&o.wsPort, "ws-port", -1, "serve the SimpleX chat API over WebSocket on 127.0.0.1:`N` (0: any free port)")
	fs.Var((*serverList)(&o.servers), "server", "SMP relay `address` smp://fingerprint@host[:port] for new queues (repeatable)")
	fs.StringVar(&o.keyFile, "key-file", "", "protect the database with a 0600 key `file` (created on first run)")
	fs.BoolVar(&o.terminal, "terminal", false, "interactive terminal mode even when stdin is not a terminal")
	fs.BoolVar(&o.verbose, "verbose", false, "log the core's work (relays, agent, chat) to stderr")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	o.net.register(fs)
	fs.Var(kdfFlag{&o.kdf}, "argon2", "Argon2id cost `time,memoryKiB,threads` for a new passphrase (default: tuned to ~0.5 s)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, usageTail)
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	if o.wsPort > 65535 || o.wsPort < -1 {
		return o, fmt.Errorf("--ws-port %d is not a port", o.wsPort)
	}
	return o, nil
}
