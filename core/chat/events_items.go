package chat

import (
	"context"
	"fmt"

	"duplex/core/api"
	"duplex/db"
)

// prefEvent adds a chat event item when the agreed disappearing time of a
// contact changed from before (seconds). Event items count as read: they
// tell what happened, nobody needs to be notified.
func (s *Service) prefEvent(ctx context.Context, c *db.ChatContact, before int64) error {
	now := agreedTTL(c)
	if now == before {
		return nil
	}
	text := "disappearing messages off"
	if now > 0 {
		text = "disappearing messages after " + humanTTL(now)
	}
	t := s.now()
	r := &db.ChatRecord{ProfileID: c.ProfileID, ContactID: c.ID, Status: api.StatusSeen.String(), Kind: int(api.KindEvent),
		ItemTS: t, CreatedAt: t, Text: text}
	if err := s.st.AddRecord(ctx, r); err != nil {
		return err
	}
	_, err := s.itemEvent(ctx, api.EvNewItems, r)
	return err
}

// humanTTL writes seconds the way the preference is offered: the largest
// whole unit.
func humanTTL(secs int64) string {
	for _, u := range []struct {
		n    int64
		name string
	}{{7 * 86400, "week"}, {86400, "day"}, {3600, "hour"}, {60, "minute"}} {
		if secs >= u.n && secs%u.n == 0 {
			return plural(secs/u.n, u.name)
		}
	}
	return plural(secs, "second")
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
