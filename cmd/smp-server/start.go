package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"duplex/net/smp/server"
	"duplex/net/tls13/certs"
)

func cmdStart(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("start", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configDir := fs.String("config-dir", configDirDefault(), "configuration directory (from init)")
	listen := fs.String("listen", "", "listen address host:port (default: all interfaces, the configured port)")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	noProxy := fs.Bool("no-proxy", false, "do not act as a private-routing proxy (overrides [PROXY] enable = on)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return errUsage
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("bad --log-level %q", *level)
	}
	cfg, fc, err := loadServer(*configDir)
	if err != nil {
		return err
	}
	if *noProxy {
		cfg.ProxyDisabled = true
	}
	// Queue ids and client addresses are logged only at debug level.
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	for _, p := range []string{cfg.StorePath, cfg.MessagesPath} {
		if p != "" {
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				return err
			}
		}
	}
	addr := *listen
	if addr == "" {
		addr = net.JoinHostPort("", fc.Port)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port in use: %s is taken by another process (stop it or change [TRANSPORT] port)", addr)
		}
		return fmt.Errorf("cannot listen on %s: %v", addr, err)
	}
	srv, _, err := server.New(cfg)
	if err != nil {
		l.Close()
		return err
	}
	fp := certs.FingerprintString(cfg.Chain.Certs[1])
	fmt.Fprintf(stdout, "SMP server listening on %s\n", l.Addr())
	fmt.Fprintf(stdout, "Fingerprint: %s\n", fp)
	fmt.Fprintf(stdout, "Server address: %s\n", serverAddress(fp, fc.Password, fc.Host, fc.Port))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(l) }()
	select {
	case s := <-sig:
		cfg.Logger.Info("shutting down", "signal", s.String())
		return srv.Close()
	case err := <-serveErr:
		srv.Close()
		return err
	}
}
