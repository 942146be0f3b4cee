// Package db is Duplex's local store: one encrypted SQLite database per data
// folder, numbered embedded migrations, and thin typed stores.
//
// # Engine
//
// mattn/go-sqlite3 (current SQLite, cgo) runs over our own VFS, registered through
// psanford/sqlite3vfs, one VFS per data folder. The VFS encrypts every file SQLite
// writes — the main file, the rollback journal and temp files — with
// XChaCha20-Poly1305 per fixed-size block. That VFS has no shared memory, so the
// database uses a rollback journal (journal_mode=TRUNCATE), locking_mode=EXCLUSIVE,
// synchronous=FULL and one connection. WAL, super-journals and ATTACHed files are
// refused by the VFS, and an SQLite authorizer refuses the SQL that would ask for
// them (journal_mode other than TRUNCATE, locking_mode other than EXCLUSIVE,
// ATTACH): nothing can bypass encryption or leave a database that will not open.
//
// One connection means one rule for callers: never call a DB method while holding a
// *sql.Tx or *sql.Conn taken from SQL() on the same goroutine — it would wait for the
// connection it holds.
//
// # Data folder
//
//	duplex.db          header area + encrypted pages
//	duplex.db-journal  encrypted rollback journal (empty between transactions)
//	duplex.lock        flock target: one process per folder
//	.duplex-tmp-*      encrypted temp files (random per-file key, deleted on close)
//	files/             attachments (owned by core/files; included in archives)
//
// # Main file layout
//
//	0     slot A (172 bytes used of 2048)
//	2048  slot B (a copy; see re-key)
//	4096  page 1, page 2, … each 4140 bytes: nonce[24] | seal(used u32 | page[4096]) | tag[16]
//
// SQLite's page size is 4096 and each page is one AEAD block, so the physical page
// is larger than the logical one (4096+44) — we do not use SQLite's "reserved bytes"
// (header byte 20), which mattn cannot set and which would leave the first 100
// bytes of page 1 readable or special-cased. Associated data of block i:
//
//	file id[16] | kind u8 (1 main, 2 journal, 3 temp) | i u64 BE
//
// so an edited page, two swapped pages, a page copied from another database or a
// journal block passed off as a page all fail authentication. The nonce is random
// for every write (192 bits: no counter to persist, no collision bound to track).
//
// # Header slot (big-endian)
//
//	0   magic "DUPLEXDB"      8   format version u16 = 1
//	10  key kind u8 (1 keychain, 2 passphrase, 3 key file)      11 zero
//	12  sequence u64          20  file id [16]      36  page size u32 = 4096
//	40  Argon2id salt [16]    56  time u32   60  memory KiB u32   64 threads u8   65 zero[3]
//	68  wrap nonce [24]       92  wrapped data key [32+16]
//	140 SHA-256 of bytes 0..140
//
// The random 256-bit data key (DEK) encrypts pages; it is wrapped with XChaCha20-
// Poly1305 under a key-encryption key (KEK) with bytes 0..68 as associated data.
// The KEK is a random key in the OS keychain (entry "duplex"/"db-<file id>-<seq>"),
// Argon2id(passphrase, salt, params) or the key in a 0600 key file. The checksum
// tells a torn slot (skipped) from a wrong key (the wrap fails: ErrWrongPassphrase),
// so a wrong key is never reported as "file is not a database".
//
// # Re-key
//
// Changing the passphrase or moving the key between keychain, passphrase and key
// file rewraps the DEK into a new slot (sequence+1): written to one slot, synced,
// then to the other, synced. A crash leaves one slot with the old key or the new
// one; opening tries the newest slot that matches the key given, then makes both
// slots equal (finishing or undoing the re-key) and removes orphaned keychain
// entries. Keychain entries are named by sequence, so rotating the keychain key
// never overwrites the entry the header still needs. Pages are not re-encrypted:
// see README.md for what that means.
//
// # Journal and temp files
//
// SQLite writes journal records at arbitrary offsets; the VFS maps them onto
// 4096-byte blocks (4052 data bytes) with read-modify-write of partial blocks. The
// used-length field gives the exact logical size. Temp files get a fresh random
// key held only in memory.
//
// # Errors
//
// A block that fails authentication makes the VFS record an *IntegrityError
// ("database integrity error: page N of duplex.db"), return SQLITE_IOERR_READ, and
// refuse every later write to the main file and journal: the evidence stays as it
// was and the process keeps running. DB methods translate SQLite's "disk I/O
// error" into that error.
//
// One read is exempt: the 100-byte header probe SQLite makes when it opens the
// main file, before it looks for a hot journal. A kill can tear page 1 mid-commit
// (a 4140-byte block spans two memory pages; a fatal signal may stop the write
// between them) while the journal holds its original. When page 1 fails and a
// journal with content exists, the probe reads zeros (SQLite then assumes its
// default page size, which is ours), the rollback rewrites page 1, and SQLite's
// real read of it is authenticated as always.
package db
