// Package core assembles the Duplex service that every front end drives
// through api.Client.
//
// The in-process core owns the data directory, its encrypted database
// (duplex/db), the user profiles, and — while the database is open — the chat
// service (core/chat) with its agent (core/agent). Servers, files and remote
// control are subpackages too; they import core/api, and only this package
// wires them together, so there are no import cycles.
//
// # Chat service lifecycle
//
// When the database opens (CreateStorage, Unlock, or Storage opening a
// keychain/key-file database) startService starts one chat.Service, which
// starts one agent.Agent over the database; Close and ChangeProtection stop
// both (the re-key then starts them again). Contact and chat calls go to the
// service (ErrLocked before). Events: one chat.Hub lives as long as the
// Local, so a Watch started before unlocking keeps working across re-keys;
// each watcher has its own unbounded queue.
//
// Relays for new queues: Options.Servers, when set, are every profile's only
// servers (duplex-host --server, tests); otherwise the profile's own
// core/servers selection (presets, the user's servers; a profile without any
// gets the presets on first use). The agent has one picker; the chat service
// serialises queue-creating calls and tells it whose operation runs (see
// core/chat). The picker's servers.Manager is opened once per start and used
// under srvMu; ServerClient opens its own per call under l.mu — both read the
// same rows, so a server added by the user is used by the next pick.
//
// Operators and network (operators.go, network.go): operators and their
// conditions are global and go through the same servers.Manager as the
// ServerClient; Operators and Conditions apply passed review deadlines
// first, since the manager is opened only once per database. The network
// settings are one JSON value in the settings store, read where the agent
// starts: SOCKS proxy and host mode go into its SMP client template, the
// private-routing mode and fallback into its routing policy. SetNetwork
// restarts the chat service, because live relay connections keep the
// settings they were opened with.
//
// Profile hooks: UpdateProfile sends the new profile (x.info) to every
// contact that sees it; DeleteProfile deletes the profile's connections
// (queues deleted on the relays) before the rows.
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
// lock) for its lifetime. Storage and profile calls hold l.mu; contact and
// chat calls take it only to find the service, so they run concurrently
// (the service has its own locks). Close is idempotent.
package core
