// Package servers is the operators model of Duplex: which relays a profile
// uses, who runs them, under which conditions, and which one to pick for
// each queue or file chunk. It follows the reference client (simplex-chat
// Operators.hs, simplexmq Agent/Env/SQLite.hs and Agent/Client.hs) rule for
// rule; features.md §2 lists them. It is pure apart from Manager, which
// persists through duplex/db; randomness (io.Reader) and time are passed in.
//
// # Model
//
//	Operator   global (not per profile): tag, trade/legal name, domains,
//	           enabled, roles per protocol {Storage, Proxy}, acceptance of
//	           the current usage conditions
//	Server     per profile: address (with basic auth), preset, enabled,
//	           deleted, tested
//
// A server belongs to the first operator one of whose domains is a suffix of
// one of its domain-name hosts (never an onion or IP host); any other server
// is "your servers" and has all roles. Roles are per operator, not per
// server. Presets: SimpleX Chat (enabled, SMP and XFTP storage+proxy) and
// Flux (disabled, SMP and XFTP proxy only), their server lists read from
// presets.txt, a byte-identical copy of shared/data/preset-servers.txt (a
// test keeps them equal). Operator metadata is in presets.go because the
// file carries it only in comments.
//
// # Random subset (Choice)
//
// Each install keeps useSMP/useXFTP of each operator's enabled preset
// servers enabled (4 SimpleX SMP, 3 Flux SMP, 3 XFTP each), the rest listed
// but off. The choice is drawn once from the caller's randomness, stored in
// settings under "servers.preset_choice" as sorted lines
//
//	<tag>.<smp|xftp> <server address>
//
// and every new profile starts from it. On upgrade UpdateSubset keeps the
// chosen servers that are still shipped and tops each list up at random;
// with nothing to replace it reads no randomness, so restarts are stable.
//
// # Upgrade merge (MergePresets, MergeOperators)
//
// Operators take names and domains from the presets and keep the user's id,
// enabled flag and roles. A profile's list becomes: every shipped preset
// (stored state kept when already stored — enabled, deleted, tested,
// password; new ones enabled iff chosen), then custom servers except those
// sharing a host with a preset. A stored preset that is no longer shipped is
// kept as a custom server if the user has it enabled (queues may live
// there), dropped otherwise. A preset the user deleted stays as a tombstone
// row (deleted=1) so upgrades do not bring it back.
//
// # Validation (Validate)
//
// For the profile being saved: per protocol, no enabled server of an
// enabled operator or custom (NoServers), else none with the storage role
// (StorageMissing) or the proxy role (ProxyMissing); the same host in two
// servers (DuplicateServer). Other profiles get the first three, because
// operator changes are global. Problem.Error gives the UI's sentence.
//
// # Selection (Selector)
//
// NewSelector is agentServerCfgs+mkUserServers: servers of disabled
// operators and deleted servers are left out; per role, the enabled servers
// with the role, or every listed server if none has it; known hosts are the
// hosts of all listed servers. Every pick is getNextServer_:
//
//  1. used operators = operators of my candidates sharing a host with a used
//     server (custom servers count as one operator; an unknown server as
//     none); keep candidates of other operators, or all if none;
//  2. of those keep candidates with no used host, or step 1's set if none;
//  3. pick uniformly (rejection sampling, no modulo bias).
//
// New invitation: used = none. Join: used = the inviter's queue server.
// Rotation: used = all current queue servers; a pick equal to the replaced
// queue's server is redrawn excluding only it. Proxy: proxy candidates,
// used = the destination. Retries (Tried, upstream withNextSrv) also avoid
// hosts already tried and reset once none is left. XFTP chunks of one file
// share a Tried, so every storage host gets a chunk before any gets two.
//
// # Conditions
//
// Acceptance records are per operator and conditions commit. For the
// current version an operator is accepted (at, auto) if it has a record for
// it; else, if it accepted an earlier version, it gets a deadline:
// notified-at (or now) + 31 days when that moment is within 14 days of the
// version's creation, no deadline (accept now) otherwise; an operator that
// never accepted has no deadline. Action gives the UI's none / accepted /
// review(operators, deadline, show notice). Manager.AutoAccept (run by
// Open) accepts, marked automatic, for enabled operators whose deadline
// passed. Enabling an operator whose conditions are not accepted fails with
// *ConditionsNotAcceptedError, which the UI turns into the conditions sheet.
package servers
