// Command smp-server runs a Duplex SMP relay (package net/smp/server).
//
//	smp-server init [--ip IP | --fqdn NAME] [-a ED25519|ED448] [--store-log=true]
//	                [--password PASS] [--port 5223] [--config-dir DIR] [--log-dir DIR]
//	smp-server start [--config-dir DIR] [--listen host:port] [--log-level info]
//	smp-server delete [--config-dir DIR] [--log-dir DIR] [--yes]
//	smp-server test smp://fingerprint[:password]@host[:port]
//
// init creates an offline identity CA (ca.crt, ca.key — move the key off the
// server), an online certificate signed by it (server.crt, server.key), the
// fingerprint file and smp-server.ini, and prints the fingerprint (SHA-256 of
// the CA certificate, base64url) and the full server address. The default
// directories are /etc/opt/simplex and /var/opt/simplex, overridable by
// SMP_SERVER_CFG_PATH / SMP_SERVER_LOG_PATH or the flags.
//
// smp-server.ini sections: [STORE_LOG] enable, restore_messages, log_dir,
// fsync, expire_messages_days, msg_queue_quota; [AUTH] new_queues,
// create_password; [TRANSPORT] host, port; [PROXY] enable (private message
// routing, default on as upstream; start --no-proxy overrides it); [LOG]
// stats_interval_minutes.
// Unknown keys and malformed values are errors, reported with the file and
// the setting, so a typo never silently becomes a default.
//
// start listens, restores queues and messages (logging the counts), logs a
// stats line every N minutes with log/slog and shuts down gracefully on
// SIGTERM or SIGINT (logs synced and closed). A port already in use is
// reported as such.
//
// test is the operator's check after deploying: it connects, creates a
// queue, secures it from a second connection, sends, receives and deletes,
// printing the time of each step or the step that failed (a wrong password
// fails at "create queue").
package main
