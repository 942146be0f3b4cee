package core

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"duplex/core/api"
	"duplex/db"
)

func mutedKey(id int64) string { return fmt.Sprintf("profile.%d.muted", id) }

func (l *Local) toAPI(ctx context.Context, d *db.DB, p *db.Profile) (api.Profile, error) {
	v, ok, err := d.Settings().Get(ctx, mutedKey(p.ID))
	if err != nil {
		return api.Profile{}, mapErr(err)
	}
	return api.Profile{
		ID:          api.ProfileID(p.ID),
		DisplayName: p.DisplayName,
		FullName:    p.FullName,
		Image:       string(p.Image),
		Active:      p.Active,
		Muted:       ok && string(v) == "1",
	}, nil
}

// Profiles implements api.Client: active first, then in creation order.
func (l *Local) Profiles(ctx context.Context) ([]api.Profile, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed && l.d == nil && !l.dbExists() {
		return []api.Profile{}, ctx.Err()
	}
	d, err := l.openDB(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := d.Profiles().List(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]api.Profile, 0, len(ps))
	for _, p := range ps {
		ap, err := l.toAPI(ctx, d, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ap)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Active && !out[j].Active })
	return out, nil
}

// CreateProfile implements api.Client.
func (l *Local) CreateProfile(ctx context.Context, np api.NewProfile) (api.Profile, error) {
	if err := ValidateDisplayName(np.DisplayName); err != nil {
		return api.Profile{}, err
	}
	img, err := imageURI(np.Image)
	if err != nil {
		return api.Profile{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return api.Profile{}, err
	}
	_, err = d.Profiles().Active(ctx)
	first := errors.Is(err, db.ErrNotFound)
	if err != nil && !first {
		return api.Profile{}, mapErr(err)
	}
	p := &db.Profile{DisplayName: np.DisplayName, FullName: np.FullName, Image: img, Active: first}
	if err := d.Profiles().Create(ctx, p, l.opts.Now()); err != nil {
		return api.Profile{}, mapErr(err)
	}
	l.hub.Publish(api.Event{Type: api.EvProfilesChanged, ProfileID: api.ProfileID(p.ID)})
	return l.toAPI(ctx, d, p)
}

// SetActiveProfile implements api.Client.
func (l *Local) SetActiveProfile(ctx context.Context, id api.ProfileID) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return err
	}
	if err := d.Profiles().SetActive(ctx, int64(id)); err != nil {
		return mapErr(err)
	}
	l.hub.Publish(api.Event{Type: api.EvProfilesChanged, ProfileID: id})
	return nil
}

// UpdateProfile implements api.Client.
func (l *Local) UpdateProfile(ctx context.Context, id api.ProfileID, u api.ProfileUpdate) (api.Profile, error) {
	if u.DisplayName != nil {
		if err := ValidateDisplayName(*u.DisplayName); err != nil {
			return api.Profile{}, err
		}
	}
	img, err := imageURI(u.Image)
	if err != nil {
		return api.Profile{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return api.Profile{}, err
	}
	p, err := d.Profiles().Get(ctx, int64(id))
	if err != nil {
		return api.Profile{}, mapErr(err)
	}
	if u.DisplayName != nil {
		p.DisplayName = *u.DisplayName
	}
	if u.FullName != nil {
		p.FullName = *u.FullName
	}
	if u.Image != nil {
		p.Image = img
	}
	if err := d.Profiles().Update(ctx, p, l.opts.Now()); err != nil {
		return api.Profile{}, mapErr(err)
	}
	if l.svc != nil {
		// Contacts learn the new profile (x.info); a failed send is the
		// agent's to retry, so only a local error fails the update.
		if err := l.svc.ProfileUpdated(ctx, id); err != nil {
			return api.Profile{}, err
		}
	}
	l.hub.Publish(api.Event{Type: api.EvProfilesChanged, ProfileID: id})
	return l.toAPI(ctx, d, p)
}

// DeleteProfile implements api.Client.
func (l *Local) DeleteProfile(ctx context.Context, id api.ProfileID) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return err
	}
	ps, err := d.Profiles().List(ctx)
	if err != nil {
		return mapErr(err)
	}
	var victim *db.Profile
	var other *db.Profile
	for _, p := range ps {
		if p.ID == int64(id) {
			victim = p
		} else if other == nil {
			other = p
		}
	}
	switch {
	case victim == nil:
		return api.ErrNoSuchProfile
	case other == nil:
		return api.ErrLastProfile
	}
	if l.svc != nil {
		// The profile's connections go first: their queues are deleted on
		// the relays; the chat rows go with the profile row.
		if err := l.svc.DeleteProfile(ctx, id); err != nil {
			return err
		}
	}
	if err := d.Profiles().Delete(ctx, victim.ID); err != nil {
		return mapErr(err)
	}
	l.hub.Publish(api.Event{Type: api.EvProfilesChanged, ProfileID: id})
	if err := d.Settings().Delete(ctx, mutedKey(victim.ID)); err != nil {
		return mapErr(err)
	}
	if victim.Active {
		return mapErr(d.Profiles().SetActive(ctx, other.ID))
	}
	return nil
}

// MuteProfile implements api.Client.
func (l *Local) MuteProfile(ctx context.Context, id api.ProfileID, muted bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := l.openDB(ctx)
	if err != nil {
		return err
	}
	if _, err := d.Profiles().Get(ctx, int64(id)); err != nil {
		return mapErr(err)
	}
	if !muted {
		return mapErr(d.Settings().Delete(ctx, mutedKey(int64(id))))
	}
	return mapErr(d.Settings().Set(ctx, mutedKey(int64(id)), []byte("1")))
}

// imageURI converts an uploaded picture to the stored data URI; no picture
// stays nil.
func imageURI(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, nil
	}
	uri, err := profileImage(b)
	if err != nil {
		return nil, err
	}
	return []byte(uri), nil
}
