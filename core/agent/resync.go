package agent

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"duplex/crypto/keys"
	"duplex/crypto/ratchet"
	"duplex/db"
	"duplex/net/agentproto"
)

func syncEvent(id string, s RatchetSyncState, err error) Event {
	return Event{Type: EvRSYNC, ConnID: id, Sync: s, Err: err}
}

// syncState is c.Sync with the zero value read as SyncOK.
func (c *connState) syncState() RatchetSyncState {
	if c.Sync == 0 {
		return SyncOK
	}
	return c.Sync
}

// SynchronizeRatchet starts a ratchet re-synchronisation: fresh X3DH keys
// (X448, plus an sntrup761 proposal when the connection is PQ) go to the
// peer in an AgentRatchetKey, and when the peer's keys come back both sides
// make a new ratchet (RSYNC agreed), exchange EREADY and are OK again.
// Without force it is allowed only after a decryption failure (RSYNC
// allowed or required), as upstream.
func (a *Agent) SynchronizeRatchet(ctx context.Context, connID string, force bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.conns[connID]
	if c == nil {
		return ErrNoConnection
	}
	if c.Status != stActive || c.ratchet == nil || len(c.Snd) == 0 {
		return fmt.Errorf("%w: not a duplex connection", ErrState)
	}
	if c.AgentVersion < agentproto.AgentVersionRatchetSync {
		return fmt.Errorf("%w: the peer's agent cannot re-synchronise (v%d)", ErrState, c.AgentVersion)
	}
	if s := c.syncState(); s != SyncAllowed && s != SyncRequired && !force {
		return fmt.Errorf("%w: ratchet re-sync not needed (%s)", ErrState, s)
	}
	own, row, err := a.ratchetKey(c)
	if err != nil {
		a.reload(connID)
		return err
	}
	priv, err := own.MarshalBinary()
	if err != nil {
		a.reload(connID)
		return err
	}
	c.Sync, c.SyncPriv = SyncStarted, priv
	err = a.st.Update(ctx, func(tx db.AgentTx) error {
		if err := save(tx, c); err != nil {
			return err
		}
		_, err := tx.AddPending(row)
		return err
	})
	if err != nil {
		a.reload(connID)
		return err
	}
	a.ev.push(syncEvent(c.ID, SyncStarted, nil))
	a.wake(connID)
	return nil
}

// ratchetKey makes fresh re-sync parameters and the AgentRatchetKey that
// carries them (per-queue e2e only: the ratchet is what is broken). As
// upstream, it takes a sender id and moves the chain hash, though it is not
// a ratchet message.
func (a *Agent) ratchetKey(c *connState) (*ratchet.PrivateParams, db.AgentPending, error) {
	own, err := ratchet.GenerateInitiatorParams(a.rand, ratchet.CurrentVersion, c.PQ)
	if err != nil {
		return nil, db.AgentPending{}, err
	}
	info, err := agentproto.EncodeAgentMessage(&agentproto.RatchetInfo{Info: []byte{}})
	if err != nil {
		return nil, db.AgentPending{}, err
	}
	env, err := agentproto.EncodeEnvelope(&agentproto.RatchetKey{Version: c.AgentVersion, E2E: own.Public(), Info: info})
	if err != nil {
		return nil, db.AgentPending{}, err
	}
	snd := c.Snd[0]
	body, err := agentproto.SealClientMessage(a.rand, secret(snd.E2ESecret), snd.Version, nil, &agentproto.ClientMessage{Body: env})
	if err != nil {
		return nil, db.AgentPending{}, err
	}
	c.SndMsgID++
	c.LastSndHash = agentproto.MessageHash(info)
	return own, db.AgentPending{ConnID: []byte(c.ID), SndMsgID: c.SndMsgID, Kind: kindReceipt, Queue: snd.SndID, Body: body}, nil
}

func ratchetKeyHash(k1, k2 keys.X448Public) []byte {
	h := sha256.New()
	h.Write(k1[:])
	h.Write(k2[:])
	return h.Sum(nil)
}

// onRatchetKey handles the peer's AgentRatchetKey (upstream newRatchetKey).
// A key set seen before is ignored. If we did not start the re-sync we
// answer with our own keys. Then the side whose SHA-256(k1‖k2) is the
// smaller makes a receiving ratchet (as an invitation's creator does), the
// other a sending one and sends EREADY at once; the receiving side can send
// only after that EREADY, and answers it with its own. Called with a.mu held.
func (a *Agent) onRatchetKey(c *connState, e *agentproto.RatchetKey) ([]Event, bool, error) {
	if c.Status != stActive || c.ratchet == nil || len(c.Snd) == 0 {
		return nil, true, &agentproto.Error{Kind: agentproto.KindProhibited, Detail: "ratchet key: not a duplex connection"}
	}
	if err := e.CheckVersion(e.Version); err != nil {
		return nil, true, err
	}
	if e.E2E.Version < ratchet.MinVersion || e.E2E.Version > ratchet.CurrentVersion {
		return nil, true, agentproto.ErrVersion
	}
	peerHash := ratchetKeyHash(e.E2E.Key1, e.E2E.Key2)
	for _, h := range c.SyncKeyHashes {
		if bytes.Equal(h, peerHash) {
			return nil, true, nil // the same keys again (redelivery, or sent to two queues)
		}
	}
	c.SyncKeyHashes = append(c.SyncKeyHashes, peerHash)
	if len(c.SyncKeyHashes) > 16 {
		c.SyncKeyHashes = c.SyncKeyHashes[1:]
	}
	var evs []Event
	var rows []db.AgentPending
	var own *ratchet.PrivateParams
	switch c.syncState() {
	case SyncStarted: // our keys are out already
		own = new(ratchet.PrivateParams)
		if err := own.UnmarshalBinary(c.SyncPriv); err != nil {
			return nil, false, err
		}
	case SyncAgreed:
		// A second key set after we agreed: the two sides no longer know
		// which ratchet the other has. Start again (upstream does the same).
		c.Sync = SyncRequired
		err := &agentproto.Error{Kind: agentproto.KindCrypto, Crypto: agentproto.CryptoRatchetSync}
		evs = append(evs, Event{Type: EvMERR, ConnID: c.ID, Err: err}, syncEvent(c.ID, SyncRequired, err))
		if err := a.st.Update(a.ctx, func(tx db.AgentTx) error { return save(tx, c) }); err != nil {
			return nil, false, err
		}
		return evs, true, nil
	default: // the peer started: answer with ours
		var row db.AgentPending
		var err error
		if own, row, err = a.ratchetKey(c); err != nil {
			return nil, false, err
		}
		rows = append(rows, row)
	}
	vs := ratchet.Versions{Current: e.E2E.Version, MaxSupported: ratchet.CurrentVersion}
	var r *ratchet.Ratchet
	var err error
	sending := bytes.Compare(ratchetKeyHash(own.Key1.Public(), own.Key2.Public()), peerHash) > 0
	if sending {
		r, err = ratchet.InitJoiner(a.rand, vs, own, e.E2E)
	} else {
		r, err = ratchet.InitInitiator(vs, own, e.E2E, c.PQ)
	}
	if err != nil {
		return nil, true, agentproto.CryptoError(err)
	}
	c.ratchet, c.Sync, c.SyncPriv, c.SyncBase = r, SyncAgreed, nil, true
	if sending {
		p, _, err := a.encryptNext(c, &agentproto.EReady{LastDecryptedSndMsgID: c.RcvLastID}, kindReceipt)
		if err != nil {
			return nil, false, err
		}
		rows = append(rows, p)
	}
	err = a.st.Update(a.ctx, func(tx db.AgentTx) error {
		if err := save(tx, c); err != nil {
			return err
		}
		for _, p := range rows {
			if _, err := tx.AddPending(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	a.wake(c.ID)
	return append(evs, syncEvent(c.ID, SyncAgreed, nil)), true, nil
}

// rcvHashesKept is how many decrypted ciphertext hashes a connection keeps:
// far more than a relay holds un-ACKed for one queue.
const rcvHashesKept = 1000

// cryptoFailure records a message that did not decrypt (upstream
// cryptoErrToSyncState): header or too-many-skipped failures mean the
// ratchets diverged (required), others may be a damaged message (allowed).
// The message is ACKed and reported; the connection state is committed.
func (a *Agent) cryptoFailure(c *connState, encHash []byte, err error) ([]Event, bool, error) {
	evs := []Event{{Type: EvMERR, ConnID: c.ID, Err: err}}
	var ae *agentproto.Error
	if !errors.As(err, &ae) || ae.Kind != agentproto.KindCrypto {
		return nil, true, err
	}
	// A copy of a message we decrypted before (a relay redelivering it
	// after newer ones): its keys are gone, but the ratchets agree.
	known, herr := a.st.HasRcvHash(a.ctx, []byte(c.ID), encHash)
	if herr != nil {
		return nil, false, herr
	}
	if known {
		return nil, true, &agentproto.Error{Kind: agentproto.KindDuplicate, Detail: "a message decrypted before", Err: err}
	}
	s := c.syncState()
	if s != SyncOK && s != SyncAllowed && s != SyncRequired {
		return evs, true, nil // a re-sync is under way
	}
	next := SyncAllowed
	if ae.RequiresResync() {
		next = SyncRequired
	}
	if next == s {
		return evs, true, nil
	}
	c.Sync = next
	if err := a.st.Update(a.ctx, func(tx db.AgentTx) error { return save(tx, c) }); err != nil {
		return nil, false, err
	}
	return append(evs, syncEvent(c.ID, next, err)), true, nil
}

// decrypted updates the re-sync state after a message decrypted: any
// state but started goes back to OK (upstream resetRatchetSync).
func (c *connState) decrypted() []Event {
	switch c.syncState() {
	case SyncOK, SyncStarted:
		return nil
	}
	c.Sync = 0
	return []Event{syncEvent(c.ID, SyncOK, nil)}
}
