// Package core assembles the Duplex service that every front end drives
// through api.Client.
//
// Today the in-process core owns the data directory, its encrypted database
// (duplex/db) and the user profiles. Later issues add the agent (duplex SMP
// connections), chat, servers, files and remote control as subpackages; they
// import core/api, and only this package wires them together, so there are no
// import cycles.
//
// # Storage lifecycle
//
// Open never touches the database: the data directory may hold none yet
// (first run), or one that needs a passphrase. The front end asks Storage:
//
//	no duplex.db            → StorageNotCreated; CreateStorage(keychain | passphrase)
//	keychain key reachable  → opened on the spot → StorageOpen
//	passphrase database     → StorageLocked; Unlock(passphrase)
//	keychain unreachable    → StorageLocked with Problem (nothing a passphrase can do)
//
// The kind of key is learnt without unlocking: Storage first tries the
// keychain; duplex/db refuses a key of the wrong kind (db.ErrKeyKind) before
// any key derivation, which tells a passphrase database from a keychain one.
// db errors are mapped to api errors whose texts the UI shows as they are
// (mapErr). A wrong passphrase changes nothing on disk.
//
// ChangeProtection re-keys the open database: duplex/db rewraps the data key
// in the header, so it costs one Argon2id run whatever the data size. It does
// not ask for the current passphrase: duplex/db offers no way to check a key
// against an open database, and whoever holds the unlocked session can read
// everything already.
//
// # Profiles
//
// Profiles live in the db profiles store; the active one is the row with
// active = 1 (a unique index keeps it single), so it is remembered across
// starts. Display names follow SimpleX's rule (ValidateDisplayName). Pictures
// are normalised to ≤ 512 px and stored as data URIs, as SimpleX profiles
// carry them. The profiles table has no mute column, so mute flags are kept
// in the settings store under "profile.<id>.muted".
//
// Ownership: a Local owns its data directory (and the database's folder
// lock) for its lifetime. It runs no goroutines; every call holds one mutex,
// so calls are serialised. Close is idempotent.
package core
