// Package single keeps one Duplex process per data directory.
//
// The database is opened with an exclusive lock, so a second process over
// the same data directory could not work anyway; instead a second launch
// (a click on a simplex: link, or the launcher pressed again) hands its
// arguments to the running one and exits 0, and the running one focuses its
// window and opens the link.
//
// # Who is primary
//
// The first process takes a lock on <data dir>/instance.lock — flock on Unix,
// a no-sharing CreateFile on Windows. The OS drops either when the process
// dies, so a crash never leaves a stale lock, and the lock (not the socket)
// decides: a socket file found by the lock holder is a crashed primary's and
// is removed before listening. Two launches racing each other are ordered by
// the lock; the loser retries its dial for up to 10 s while the winner is
// between locking and listening.
//
// # Endpoint
//
// Unix: a socket <data dir>/instance.sock (mode 0600, in a 0700 directory).
// Paths longer than sun_path allows (103 bytes is the smallest limit) move
// to $XDG_RUNTIME_DIR (macOS: the per-user temp dir) as duplex-<first 8
// bytes of SHA-256(abs data dir) in hex>.sock — never a shared /tmp, where
// another user could squat the name and receive our links.
//
// Windows: a loopback TCP port with a random 32-byte token, published in
// <data dir>/instance.addr as "127.0.0.1:PORT\nHEXTOKEN\n" (written to a temp
// file and renamed). Any local user can connect to a port, so the token —
// readable only by whoever can read the data directory — is required.
//
// # Protocol flow
//
//	second launch                      primary
//	connect ───────────────────────▶  accept
//	message, then close write side ─▶ read to EOF (≤ ~530 KiB, 5 s), decode
//	                                   check token, handler(args)
//	exit 0  ◀──────────────────── 'K'  close
//
// Anything malformed is closed without 'K', so a second launch exits 0 only
// once its link has been handed over.
//
// # Message layout
//
//	"DPLX"            4 bytes magic
//	version           1 byte, = 1
//	token length      1 byte, ≤ 64 (0 on Unix)
//	token             that many bytes
//	argc              1 byte, ≤ 32
//	argc × (length    2 bytes big-endian, ≤ 16384
//	        bytes)    the argument, UTF-8 as given
//
// The decoder is strict: a strict prefix, trailing bytes or any field over
// its limit is rejected.
//
// This package imports no Fyne and no core: the launch decision is made in
// main before either starts.
package single
