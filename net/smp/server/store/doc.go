// Package store keeps the relay's queues and undelivered messages: in memory
// for speed, with every change appended to a log so that a restart —
// graceful or after kill -9 — restores exactly what was acknowledged.
//
// # Files
//
// Two append-only logs share one framing:
//
//	file   = "DPXLOG1\n" frame*
//	frame  = w32 len(payload) ‖ w32 CRC-32C(payload) ‖ payload
//
// The store log (queues) holds records
//
//	'N' queue                         create (and the whole state after compaction)
//	'S' sb(rid) sb(senderKeyDER)      secure (KEY / SKEY / LKEY)
//	'L' sb(rid) link                  short-link data   'l' sb(rid)  delete link
//	'K' sb(rid) nonempty(sb key)      recipient keys (RKEY)
//	'T' sb(rid) notifier              NKEY              't' sb(rid)  NDEL
//	'O' sb(rid)                       OFF               'D' sb(rid)  DEL
//	queue    = sb(rid) sb(sid) nonempty(sb rcvKeyDER) dhSecret[32] maybe(sb senderKeyDER)
//	           mode('0'|'M'|'C') status('A'|'O'|'B') maybe(link) maybe(notifier)
//	link     = sb(linkId) lb(encFixed) lb(encUser)
//	notifier = sb(notifierId) sb(keyDER) dhSecret[32]
//
// and the message journal
//
//	'M' sb(rid) sb(msgId) i64 ts bool(notify) lb(body)    message queued
//	'Q' sb(rid) sb(msgId) i64 ts                          quota marker queued
//	'A' sb(rid) sb(msgId)                                 removed (ACK or expiry)
//	'X' sb(rid)                                           queue deleted
//
// Field encodings are the SimpleX ones (crypto/enc), so one bounds-checked
// reader parses them; ParseRecord rejects unknown tags, short input and
// trailing bytes.
//
// # Durability (the fsync policy)
//
// Every change is written with write(2) while the store's lock is held, so
// the file order is the memory order and a killed process loses nothing the
// kernel has. A change that the relay acknowledges to a client — a message
// before the sender gets OK, a queue before IDS, a key before OK — is also
// fsynced before the reply (Log.Sync, outside the lock). Concurrent callers
// share fsyncs: the first one syncs everything written so far and the others
// find their record already covered (group commit). Removals (ACK, expiry)
// are written but not waited for: a power cut may bring an acknowledged
// message back with the same msgId, which the recipient recognises as a
// duplicate — never as new. The Config option to skip fsync keeps only the
// kill -9 guarantee.
//
// # Restart
//
// Opening a store replays its log, tolerating only a torn last frame (a
// write cut short: shorter than its length, or a checksum mismatch in the
// final frame), then compacts: the live state is written to "<path>.tmp",
// fsynced and renamed over the log, so the log never grows without bound
// across restarts. Messages whose queue no longer exists are dropped then.
// A damaged frame in the middle is an error — the operator must look.
//
// # Quota
//
// Like the reference relay (MsgStore/STM.hs): a queue accepts messages while
// it holds fewer than quota entries; the write that finds it full stores a
// quota marker instead (the recipient sees "QUOTA ts", telling it the sender
// is blocked) and fails with ErrQuota, as do all writes until the recipient
// has drained the queue.
package store
