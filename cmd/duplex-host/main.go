package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"duplex/core"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main with its inputs passed in; it returns the exit status.
func run(args []string, stdin *os.File, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "link" {
		return runLink(args[1:], stdout, stderr)
	}
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "duplex-host: %v\n", err)
		return 2
	}
	if o.version {
		fmt.Fprintf(stdout, "duplex-host %s\n", core.Version)
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, o, stdin, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "duplex-host: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, o options, stdin *os.File, stdout, stderr io.Writer) error {
	c, err := openCore(ctx, o, stdin, stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	info, _ := c.Info(ctx)
	fmt.Fprintf(stdout, "duplex-host %s, data in %s\n", core.Version, info.DataDir)
	if err := applyNetworkFlags(ctx, c, o.net, stdout); err != nil {
		return err
	}

	if o.wsPort >= 0 {
		ws, err := listenWS(c, o.wsPort, stderr)
		if err != nil {
			return err
		}
		defer ws.close()
		fmt.Fprintf(stdout, "chat API: %s\n", ws.addr())
	}
	termDone := make(chan struct{})
	if o.terminal || isTerminal(stdin) {
		t := newTerminal(c, stdout)
		go func() {
			defer close(termDone)
			t.run(ctx, stdin)
		}()
	}
	select {
	case <-ctx.Done():
	case <-termDone:
		if o.wsPort >= 0 {
			// the terminal ended (end of input) but bots may still be
			// connected: keep serving until a signal.
			<-ctx.Done()
		}
	}
	fmt.Fprintln(stdout, "duplex-host: stopping")
	return nil
}
