// Command duplex is the Duplex desktop messenger for the SimpleX network.
//
//	duplex [--data-dir DIR]
//
// It starts an in-process core over DIR (default: the per-user data directory,
// see core.DefaultDataDir) and opens the desktop window.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"duplex/app"
	"duplex/core"
)

func main() {
	dataDir := flag.String("data-dir", "", "directory for the database, files and UI state (default: the per-user data directory)")
	version := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *version {
		fmt.Println("duplex", core.Version)
		return
	}
	c, err := core.Open(core.Options{DataDir: *dataDir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "duplex:", err)
		os.Exit(1)
	}
	info, err := c.Info(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "duplex:", err)
		os.Exit(1)
	}
	app.Run(c, info.DataDir)
	if err := c.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "duplex:", err)
		os.Exit(1)
	}
}
