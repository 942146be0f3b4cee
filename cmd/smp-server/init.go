package main

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"duplex/net/tls13/certs"
)

const certValidity = 3650 * 24 * time.Hour

type initOptions struct {
	ip, fqdn, alg, password, port, configDir, logDir string
	storeLog, noFsync                                bool
}

func cmdInit(args []string, stdout, stderr io.Writer) error {
	var o initOptions
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.ip, "ip", "127.0.0.1", "server IP address, used in the server address and certificate when --fqdn is not set")
	fs.StringVar(&o.fqdn, "fqdn", "", "server domain name, used in the server address and certificate")
	fs.StringVar(&o.alg, "a", "ED25519", "certificate signature algorithm: ED25519 or ED448")
	fs.StringVar(&o.alg, "sign-algorithm", "ED25519", "same as -a")
	fs.BoolVar(&o.storeLog, "store-log", true, "keep queues and undelivered messages in append-only logs (--store-log=false: memory only)")
	fs.StringVar(&o.password, "password", "", "password required to create queues (part of the server address); empty = none")
	fs.StringVar(&o.port, "port", "5223", "TCP port")
	fs.StringVar(&o.configDir, "config-dir", configDirDefault(), "directory for configuration and certificates")
	fs.StringVar(&o.logDir, "log-dir", logDirDefault(), "directory for the store log and message journal")
	fs.BoolVar(&o.noFsync, "no-fsync", false, "do not fsync the logs (faster; survives a killed process, not a power cut)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "init: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	res, err := initServer(o, rand.Reader, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Server initialized: configuration in %s\n", inDir(o.configDir, iniName))
	fmt.Fprintf(stdout, "Keep %s offline: it is the identity of this server.\n", inDir(o.configDir, caKeyName))
	fmt.Fprintf(stdout, "Fingerprint: %s\n", res.fingerprint)
	fmt.Fprintf(stdout, "Server address: %s\n", res.address)
	return nil
}

type initResult struct{ fingerprint, address string }

func parseAlg(s string) (certs.Alg, error) {
	switch strings.ToUpper(s) {
	case "ED25519":
		return certs.Ed25519, nil
	case "ED448":
		return certs.Ed448, nil
	}
	return 0, fmt.Errorf("unknown signature algorithm %q (use ED25519 or ED448)", s)
}

// validPassword follows the reference: printable ASCII without whitespace,
// '@', ':' and '/', so that it fits in smp://fp:password@host.
func validPassword(p string) error {
	for _, c := range p {
		if c <= ' ' || c > '~' || c == '@' || c == ':' || c == '/' {
			return errors.New("password must be printable ASCII without spaces, '@', ':' or '/'")
		}
	}
	return nil
}

func validPort(p string) error {
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("bad port %q", p)
	}
	return nil
}

func initServer(o initOptions, rnd io.Reader, now time.Time) (initResult, error) {
	var res initResult
	alg, err := parseAlg(o.alg)
	if err != nil {
		return res, err
	}
	if err := validPassword(o.password); err != nil {
		return res, err
	}
	if err := validPort(o.port); err != nil {
		return res, err
	}
	host := o.fqdn
	if host == "" {
		host = o.ip
		if net.ParseIP(host) == nil {
			return res, fmt.Errorf("--ip %q is not an IP address (use --fqdn for a domain name)", host)
		}
	}
	if _, err := os.Stat(inDir(o.configDir, iniName)); err == nil {
		return res, fmt.Errorf("%s already exists: the server is initialized (run \"smp-server delete\" first)", inDir(o.configDir, iniName))
	}
	for _, d := range []string{o.configDir, o.logDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return res, err
		}
	}
	notBefore := now.Add(-time.Hour)
	caDER, caKey, err := certs.NewCA(rnd, alg, "SMP server CA", notBefore, notBefore.Add(certValidity))
	if err != nil {
		return res, err
	}
	leafDER, leafKey, err := certs.NewLeaf(rnd, alg, host, notBefore, notBefore.Add(certValidity), caDER, caKey)
	if err != nil {
		return res, err
	}
	res.fingerprint = certs.FingerprintString(caDER)
	files := []struct {
		name string
		data []byte
	}{
		{caCertName, certs.EncodeCertsPEM(caDER)},
		{caKeyName, certs.EncodeKeyPEM(caKey)},
		{serverCertName, certs.EncodeCertsPEM(leafDER)},
		{serverKeyName, certs.EncodeKeyPEM(leafKey)},
		{fingerprintName, []byte(res.fingerprint + "\n")},
	}
	for _, f := range files {
		if err := os.WriteFile(inDir(o.configDir, f.name), f.data, 0o600); err != nil {
			return res, err
		}
	}
	cfg := fileConfig{
		Host: host, Port: o.port, StoreLog: o.storeLog, RestoreMessages: o.storeLog, Fsync: !o.noFsync,
		LogDir: o.logDir, ExpireDays: 21, Quota: 128, NewQueues: true, Proxy: true, Password: o.password,
		StatsMinutes: 60,
	}
	if err := os.WriteFile(inDir(o.configDir, iniName), []byte(cfg.encode()), 0o600); err != nil {
		return res, err
	}
	res.address = serverAddress(res.fingerprint, o.password, host, o.port)
	return res, nil
}

// serverAddress prints smp://fp[:password]@host[:port], leaving out the
// default port like the reference does.
func serverAddress(fp, password, host, port string) string {
	a := "smp://" + fp
	if password != "" {
		a += ":" + password
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	a += "@" + host
	if port != "5223" {
		a += ":" + port
	}
	return a
}
