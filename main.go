// Command duplex is the Duplex desktop messenger for the SimpleX network.
//
//	duplex [--data-dir DIR] [--server smp://…]… [LINK]
//
// It starts an in-process core over DIR (default: the per-user data directory,
// see core.DefaultDataDir) and opens the desktop window. LINK (simplex:/… or
// https://simplex.chat/…, as the URI-scheme handler passes it) is opened once
// the window is up. When a Duplex already runs over DIR, this process hands
// it the link instead — it focuses its window — and exits 0.
//
// --server (advanced, repeatable) makes the given SMP relays the only ones
// used for new queues (core.Options.Servers), e.g. a private relay.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"duplex/app"
	"duplex/app/desktop"
	"duplex/app/desktop/single"
	"duplex/core"
	"duplex/core/api"
	"duplex/core/servers"
)

func main() {
	dataDir := flag.String("data-dir", "", "directory for the database, files and UI state (default: the per-user data directory)")
	version := flag.Bool("version", false, "print the version and exit")
	var relays serverFlag
	flag.Var(&relays, "server", "advanced: SMP relay `address` smp://fingerprint@host[:port], the only relays used for new queues (repeatable)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: duplex [--data-dir DIR] [--server smp://…]… [simplex:/…|https://simplex.chat/…]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *version {
		fmt.Println("duplex", core.Version)
		return
	}
	start := time.Now()
	if err := checkDisplay(runtime.GOOS, os.Getenv); err != nil {
		fail(err)
	}
	dir, err := resolveDataDir(*dataDir)
	if err != nil {
		fail(err)
	}
	links := desktop.Links(flag.Args())
	for _, a := range flag.Args() {
		if !desktop.IsLink(a) {
			fmt.Fprintf(os.Stderr, "duplex: ignoring %q: not a SimpleX link\n", a)
		}
	}
	// Before the core opens the database (which one process owns): a second
	// launch over the same data directory only hands over its links.
	inst, err := single.Start(dir, links)
	switch {
	case errors.Is(err, single.ErrForwarded):
		return
	case errors.Is(err, single.ErrNoAnswer):
		fail(err)
	case err != nil:
		log.Printf("duplex: running without single-instance support: %v", err)
	}
	c, err := core.Open(core.Options{DataDir: dir, Servers: relays})
	if err != nil {
		fail(err)
	}
	info, err := c.Info(context.Background())
	if err != nil {
		fail(err)
	}
	app.Run(&readyLog{Client: c, start: start}, info.DataDir, app.Launch{Instance: inst, Links: links})
	if err := c.Close(); err != nil {
		fail(err)
	}
}

// resolveDataDir makes the data directory absolute and creates it (0700),
// so the single-instance lock can live in it before the core starts.
func resolveDataDir(flagDir string) (string, error) {
	dir := flagDir
	if dir == "" {
		d, err := core.DefaultDataDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("cannot create data directory %s: %w", abs, err)
	}
	return abs, nil
}

// readyLog logs, once, when the window's chat list has been read: the
// list's last query (contact requests, asked only by the chat list
// refresh) has answered and the list is handed to the UI. The Xvfb tests
// and the cold-start benchmark wait for this line.
type readyLog struct {
	api.Client
	start time.Time
	once  sync.Once
}

func (r *readyLog) ContactRequests(ctx context.Context, p api.ProfileID) ([]api.ContactRequest, error) {
	reqs, err := r.Client.ContactRequests(ctx, p)
	if err == nil {
		r.once.Do(func() { slog.Info(chatListReady, "since_start", time.Since(r.start)) })
	}
	return reqs, err
}

// chatListReady is the message of that log line.
const chatListReady = "chat list ready"

// serverFlag collects --server values, checked as SMP addresses up front.
type serverFlag []string

func (s *serverFlag) String() string { return strings.Join(*s, ",") }
func (s *serverFlag) Set(v string) error {
	if _, err := servers.ParseServer(servers.SMP, v); err != nil {
		return err
	}
	*s = append(*s, strings.TrimSpace(v))
	return nil
}

// checkDisplay refuses to start where no window can open: on X11/Wayland
// systems without DISPLAY or WAYLAND_DISPLAY the toolkit would panic deep
// in its start-up instead of saying what is missing.
func checkDisplay(goos string, getenv func(string) string) error {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd":
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no display: neither DISPLAY nor WAYLAND_DISPLAY is set; start Duplex from a desktop session (duplex-host is the headless core)")
		}
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "duplex:", err)
	os.Exit(1)
}
