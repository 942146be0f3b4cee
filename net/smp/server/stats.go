package server

import (
	"sync/atomic"
	"time"
)

// Stats are counters since start, plus current gauges. No ids, no addresses.
type Stats struct {
	Queues        int   // queues now
	Messages      int   // undelivered messages now (quota markers included)
	Clients       int   // connected clients now
	Subscriptions int   // active subscriptions now
	QueuesCreated int64 // NEW that succeeded
	QueuesDeleted int64
	QueuesSecured int64
	MsgsIn        int64 // SEND that was stored
	MsgsOut       int64 // messages acknowledged by recipients
	MsgsExpired   int64
	MsgsQuota     int64 // SEND refused by quota
	AuthFailures  int64
}

type counters struct {
	created, deleted, secured, msgsIn, msgsOut, expired, quota, authFail atomic.Int64
}

// Stats returns a snapshot.
func (s *Server) Stats() Stats {
	s.subsMu.Lock()
	nsubs := len(s.subs)
	s.subsMu.Unlock()
	s.clientsMu.Lock()
	nclients := len(s.clients)
	s.clientsMu.Unlock()
	return Stats{
		Queues:        s.queues.Count(),
		Messages:      s.msgs.Count(),
		Clients:       nclients,
		Subscriptions: nsubs,
		QueuesCreated: s.ctr.created.Load(),
		QueuesDeleted: s.ctr.deleted.Load(),
		QueuesSecured: s.ctr.secured.Load(),
		MsgsIn:        s.ctr.msgsIn.Load(),
		MsgsOut:       s.ctr.msgsOut.Load(),
		MsgsExpired:   s.ctr.expired.Load(),
		MsgsQuota:     s.ctr.quota.Load(),
		AuthFailures:  s.ctr.authFail.Load(),
	}
}

func (s *Server) logStats() {
	st := s.Stats()
	s.log.Info("stats",
		"queues", st.Queues, "messages", st.Messages, "clients", st.Clients,
		"subscriptions", st.Subscriptions, "queues_created", st.QueuesCreated,
		"queues_deleted", st.QueuesDeleted, "msgs_in", st.MsgsIn, "msgs_out", st.MsgsOut,
		"msgs_expired", st.MsgsExpired, "msgs_quota", st.MsgsQuota, "auth_failures", st.AuthFailures)
}

// housekeeping runs the stats line and message expiry until Close.
func (s *Server) housekeeping() {
	defer s.wg.Done()
	var statsC <-chan time.Time
	if s.cfg.StatsInterval > 0 {
		t := time.NewTicker(s.cfg.StatsInterval)
		defer t.Stop()
		statsC = t.C
	}
	var expC <-chan time.Time
	if s.cfg.MessageTTL > 0 {
		t := time.NewTicker(s.cfg.ExpireInterval)
		defer t.Stop()
		expC = t.C
	}
	for {
		select {
		case <-s.done:
			return
		case <-statsC:
			s.logStats()
		case <-expC:
			s.ExpireMessages()
		}
	}
}

// ExpireMessages removes messages older than MessageTTL (by Config.Now) and
// returns how many went. It runs every ExpireInterval and on start.
func (s *Server) ExpireMessages() int {
	if s.cfg.MessageTTL <= 0 {
		return 0
	}
	before := s.cfg.Now().Add(-s.cfg.MessageTTL).Unix()
	n, err := s.msgs.Expire(before)
	if err != nil {
		s.log.Error("message expiry failed", "err", err)
	}
	if n > 0 {
		s.ctr.expired.Add(int64(n))
		s.log.Info("messages expired", "count", n)
	}
	return n
}
