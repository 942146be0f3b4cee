package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"duplex/net/smp/server"
	"duplex/net/tls13/certs"
)

// fileConfig is what smp-server.ini holds.
type fileConfig struct {
	Host, Port      string
	StoreLog        bool
	RestoreMessages bool
	Fsync           bool
	LogDir          string
	ExpireDays      int
	Quota           int
	NewQueues       bool
	Password        string
	StatsMinutes    int
	Proxy           bool // [PROXY] enable: act as a private-routing proxy (PRXY/PFWD)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// encode writes the INI with comments for the operator.
func (c fileConfig) encode() string {
	pw := "create_password = " + c.Password
	if c.Password == "" {
		pw = "# create_password = password to create new queues (printable ASCII, no spaces, '@', ':' or '/')"
	}
	return "# Duplex SMP relay configuration.\n\n" +
		"[STORE_LOG]\n" +
		"# Keep queue records in an append-only log, compacted on start.\n" +
		"enable = " + onOff(c.StoreLog) + "\n" +
		"# Keep undelivered messages in a journal and restore them on start.\n" +
		"restore_messages = " + onOff(c.RestoreMessages) + "\n" +
		"# Directory of smp-server-store.log and smp-server-messages.log.\n" +
		"log_dir = " + c.LogDir + "\n" +
		"# fsync before acknowledging (off: survives a crash of the relay, not of the machine).\n" +
		"fsync = " + onOff(c.Fsync) + "\n" +
		"# Undelivered messages expire after this many days.\n" +
		"expire_messages_days = " + strconv.Itoa(c.ExpireDays) + "\n" +
		"# Messages a queue may hold before senders get ERR QUOTA.\n" +
		"msg_queue_quota = " + strconv.Itoa(c.Quota) + "\n\n" +
		"[AUTH]\n" +
		"# off: refuse all new queues (to decommission the server).\n" +
		"new_queues = " + onOff(c.NewQueues) + "\n" +
		"# The password is part of the server address: smp://fingerprint:password@host\n" +
		pw + "\n\n" +
		"[TRANSPORT]\n" +
		"# host is only used to print the server address.\n" +
		"host = " + c.Host + "\n" +
		"port = " + c.Port + "\n\n" +
		"[PROXY]\n" +
		"# on: forward senders' messages to other relays (private message routing, PRXY/PFWD).\n" +
		"enable = " + onOff(c.Proxy) + "\n\n" +
		"[LOG]\n" +
		"# Minutes between statistics lines (0 = none).\n" +
		"stats_interval_minutes = " + strconv.Itoa(c.StatsMinutes) + "\n"
}

// parseFileConfig reads and validates the INI text.
func parseFileConfig(text string) (fileConfig, error) {
	ini, err := ParseINI(text)
	if err != nil {
		return fileConfig{}, err
	}
	r := &iniReader{ini: ini}
	c := fileConfig{
		StoreLog:        r.boolean("STORE_LOG", "enable", false),
		RestoreMessages: r.boolean("STORE_LOG", "restore_messages", false),
		LogDir:          r.str("STORE_LOG", "log_dir", logDirDefault()),
		Fsync:           r.boolean("STORE_LOG", "fsync", true),
		ExpireDays:      r.integer("STORE_LOG", "expire_messages_days", 21, 0, 3650),
		Quota:           r.integer("STORE_LOG", "msg_queue_quota", server.DefaultQuota, 1, 1<<20),
		NewQueues:       r.boolean("AUTH", "new_queues", true),
		Password:        r.str("AUTH", "create_password", ""),
		Host:            r.str("TRANSPORT", "host", "127.0.0.1"),
		Port:            r.str("TRANSPORT", "port", server.DefaultPort),
		StatsMinutes:    r.integer("LOG", "stats_interval_minutes", 60, 0, 100000),
		Proxy:           r.boolean("PROXY", "enable", true),
	}
	if r.err != nil {
		return c, r.err
	}
	if err := r.unknown(); err != nil {
		return c, err
	}
	if err := validPassword(c.Password); err != nil {
		return c, fmt.Errorf("[AUTH] create_password: %v", err)
	}
	if err := validPort(c.Port); err != nil {
		return c, fmt.Errorf("[TRANSPORT] port: %v", err)
	}
	if c.RestoreMessages && !c.StoreLog {
		return c, errors.New("[STORE_LOG] restore_messages = on needs enable = on")
	}
	return c, nil
}

// loadServer reads the configuration directory and returns the relay
// configuration (without logger) and the file settings.
func loadServer(configDir string) (server.Config, fileConfig, error) {
	var sc server.Config
	text, err := os.ReadFile(inDir(configDir, iniName))
	if errors.Is(err, os.ErrNotExist) {
		return sc, fileConfig{}, fmt.Errorf("no configuration at %s: run \"smp-server init\" first", inDir(configDir, iniName))
	}
	if err != nil {
		return sc, fileConfig{}, err
	}
	fc, err := parseFileConfig(string(text))
	if err != nil {
		return sc, fc, fmt.Errorf("bad configuration %s: %v", inDir(configDir, iniName), err)
	}
	chain, err := loadChain(configDir)
	if err != nil {
		return sc, fc, err
	}
	sc = server.Config{
		Chain:             chain,
		NoFsync:           !fc.Fsync,
		Quota:             fc.Quota,
		NewQueuesDisabled: !fc.NewQueues,
		ProxyDisabled:     !fc.Proxy,
		StatsInterval:     time.Duration(fc.StatsMinutes) * time.Minute,
		MessageTTL:        time.Duration(fc.ExpireDays) * 24 * time.Hour,
	}
	if fc.ExpireDays == 0 {
		sc.MessageTTL = -1
	}
	if fc.StatsMinutes == 0 {
		sc.StatsInterval = -1
	}
	if fc.Password != "" {
		sc.Password = []byte(fc.Password)
	}
	if fc.StoreLog {
		sc.StorePath = inDir(fc.LogDir, storeLogName)
		if fc.RestoreMessages {
			sc.MessagesPath = inDir(fc.LogDir, messageLogName)
		}
	}
	return sc, fc, nil
}

func loadChain(dir string) (*certs.Chain, error) {
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(inDir(dir, name))
		if err != nil {
			return nil, fmt.Errorf("reading certificate files: %w", err)
		}
		return b, nil
	}
	leafPEM, err := read(serverCertName)
	if err != nil {
		return nil, err
	}
	keyPEM, err := read(serverKeyName)
	if err != nil {
		return nil, err
	}
	caPEM, err := read(caCertName)
	if err != nil {
		return nil, err
	}
	leaf, err := certs.ParseCertsPEM(leafPEM)
	if err != nil || len(leaf) == 0 {
		return nil, fmt.Errorf("%s: bad certificate: %v", inDir(dir, serverCertName), err)
	}
	ca, err := certs.ParseCertsPEM(caPEM)
	if err != nil || len(ca) != 1 {
		return nil, fmt.Errorf("%s: bad certificate: %v", inDir(dir, caCertName), err)
	}
	key, err := certs.ParseKeyPEM(keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", inDir(dir, serverKeyName), err)
	}
	chain := &certs.Chain{Certs: append(leaf, ca[0]), Key: key}
	if _, err := certs.VerifyChain(chain.Certs, certs.Fingerprint(ca[0]), time.Now()); err != nil {
		return nil, fmt.Errorf("certificates in %s do not form a valid chain: %v", dir, err)
	}
	return chain, nil
}

func trimNL(s string) string { return strings.TrimSpace(s) }
