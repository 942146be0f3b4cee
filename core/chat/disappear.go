package chat

import (
	"time"

	"duplex/core/api"
)

func (s *Service) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// disappearLoop deletes expired items: at start, at each item's time, and
// whenever poked (a new timed item, a changed clock in tests via Sweep).
func (s *Service) disappearLoop() {
	defer s.wg.Done()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
		s.Sweep()
		next, err := s.st.NextDisappear(s.ctx)
		wait := time.Hour
		if err == nil && !next.IsZero() {
			wait = max(next.Sub(s.now()), 10*time.Millisecond)
			wait = min(wait, time.Hour) // the clock may jump (sleep, tests)
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(wait)
	}
}

// Sweep deletes the items whose disappear time has passed now.
func (s *Service) Sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs, err := s.st.Expired(s.ctx, s.now())
	if err != nil || len(rs) == 0 {
		return
	}
	type key struct{ p, c int64 }
	gone := map[key][]api.ItemID{}
	for _, r := range rs {
		if err := s.st.DeleteRecord(s.ctx, r.ID); err != nil {
			continue
		}
		k := key{r.ProfileID, r.ContactID}
		gone[k] = append(gone[k], api.ItemID(r.ID))
	}
	for k, ids := range gone {
		s.publish(api.Event{Type: api.EvItemsDeleted, ProfileID: api.ProfileID(k.p), ContactID: api.ContactID(k.c), ItemIDs: ids})
	}
}
