package main

import (
	"os"
	"path/filepath"
)

// Default directories, as for the reference relay.
const (
	defaultConfigDir = "/etc/opt/simplex"
	defaultLogDir    = "/var/opt/simplex"
)

// Files in the configuration directory.
const (
	iniName         = "smp-server.ini"
	caCertName      = "ca.crt"
	caKeyName       = "ca.key" // the offline identity key: move it off the server
	serverCertName  = "server.crt"
	serverKeyName   = "server.key"
	fingerprintName = "fingerprint"
)

// Files in the log directory.
const (
	storeLogName   = "smp-server-store.log"
	messageLogName = "smp-server-messages.log"
)

func envDefault(env, def string) string {
	if v := os.Getenv(env); v != "" {
		return v
	}
	return def
}

func configDirDefault() string { return envDefault("SMP_SERVER_CFG_PATH", defaultConfigDir) }
func logDirDefault() string    { return envDefault("SMP_SERVER_LOG_PATH", defaultLogDir) }

func inDir(dir, name string) string { return filepath.Join(dir, name) }
