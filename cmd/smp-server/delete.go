package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func cmdDelete(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("delete", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configDir := fs.String("config-dir", configDirDefault(), "configuration directory")
	logDir := fs.String("log-dir", "", "log directory (default: the one in the configuration)")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return errUsage
	}
	dir := *logDir
	if dir == "" {
		if text, err := os.ReadFile(inDir(*configDir, iniName)); err == nil {
			if fc, err := parseFileConfig(string(text)); err == nil {
				dir = fc.LogDir
			}
		}
	}
	if !*yes {
		fmt.Fprintf(stdout, "Delete the server configuration in %s and all queues and messages? [y/N] ", *configDir)
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			return fmt.Errorf("not confirmed, nothing deleted")
		}
	}
	for _, n := range []string{iniName, caCertName, caKeyName, serverCertName, serverKeyName, fingerprintName} {
		removeFile(inDir(*configDir, n), stdout)
	}
	if dir != "" {
		for _, n := range []string{storeLogName, messageLogName} {
			removeFile(inDir(dir, n), stdout)
		}
	}
	fmt.Fprintln(stdout, "Deleted.")
	return nil
}

func removeFile(path string, out io.Writer) {
	if err := os.Remove(path); err == nil {
		fmt.Fprintf(out, "removed %s\n", path)
	}
}
