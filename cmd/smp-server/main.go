package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

const usage = `Usage: smp-server COMMAND [options]

Commands:
  init     create CA and online certificates and the INI configuration
  start    run the relay
  delete   delete configuration, certificates and stored data
  test     test a relay: smp-server test smp://fingerprint[:password]@host[:port]

Run "smp-server COMMAND -h" for the options of a command.
`

// errUsage is returned after a usage message has been printed.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "init":
		err = cmdInit(args[1:], stdout, stderr)
	case "start":
		err = cmdStart(args[1:], stdout, stderr)
	case "delete":
		err = cmdDelete(args[1:], stdout, stderr)
	case "test":
		err = cmdTest(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "smp-server: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "smp-server %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
