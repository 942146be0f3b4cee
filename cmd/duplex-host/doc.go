// Command duplex-host runs a Duplex core without a window: on a server, in
// a container, or next to a bot. It is the "mobile core"/cloud profile side
// of Duplex and links no fyne (deps_test.go enforces it).
//
//	duplex-host [--data-dir DIR] [--ws-port N] [--server smp://…]… [--key-file F] [--terminal]
//	duplex-host link inspect <uri>
//
// # What runs
//
// main opens a core.Local on the data directory and unlocks its database
// (storage.go). Network flags given (--socks-proxy host:port|@host:port|off
// — "@" for a proxy without authentication, else each connection gets its
// own credentials, which Tor isolates —,
// --onion-hosts no|prefer|required, --private-routing
// always|unknown|unprotected|never, --routing-fallback
// allow|protected|prohibit) are then saved over the stored network
// settings, the others kept, and the core re-makes its relay connections
// with them (netflags.go). Then it starts the front ends asked for:
//
//   - --ws-port: the SimpleX chat API over WebSocket on 127.0.0.1 (ws.go),
//     the same protocol a bot speaks to "simplex-chat -p PORT":
//     {"corrId","cmd"} → {"corrId","resp"}, events as {"resp"} with no
//     corrId. Each connection has a reader goroutine (commands run in
//     order through chatapi.Handler), an event goroutine (api.Watch →
//     chatapi.Events) and one writer goroutine that owns the socket, so
//     replies and events never interleave inside a frame. Port 0 picks a
//     free port; the address is printed ("chat API: ws://127.0.0.1:N").
//   - the terminal (terminal.go), when stdin is a terminal or --terminal:
//     the short commands of simplex-chat's terminal (/c, /ad, /ac, @name,
//     /tail, /contacts, /help) plus any "/…" API command, answered as
//     JSON. Incoming messages print as "name> text".
//
// SIGINT or SIGTERM stops the listeners and closes the core, which
// closes the database cleanly; the exit status is then 0.
//
// # The database key
//
// In order: --key-file (a 0600 file with a random key, created on first
// run; for headless hosts), DUPLEX_PASSPHRASE, a passphrase typed on the
// terminal (not echoed), else the OS keychain. A first run creates the
// database with the first of these that is available; with none, the host
// stops and says how to give one. A wrong passphrase stops the host with
// "wrong passphrase" and changes nothing on disk.
//
// # link inspect
//
// Parses a link with net/links (no network) and prints what it holds as
// JSON: type, full or short form, servers (hosts, port, fingerprint),
// version ranges, whether e2e parameters and a post-quantum key are in it.
// A bad link exits with status 1 and the parser's message.
package main
