package db

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Backups makes scheduled encrypted archives (see Export) of a database into Dir,
// keeping the newest Keep. The schedule lives in the file names (the time of each
// backup, from the injected clock), so a restart neither repeats nor skips one.
type Backups struct {
	DB         *DB
	Dir        string
	Keep       int           // at least 1
	Every      time.Duration // minimum time between backups
	Passphrase string
	KDF        KDFParams
}

const (
	backupPrefix = "duplex-backup-"
	backupSuffix = ".dxbak"
	backupTime   = "20060102T150405Z"
)

// List returns the backups in Dir, oldest first, with their times.
func (b *Backups) List() ([]string, []time.Time, error) {
	ents, err := os.ReadDir(b.Dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, nil, err
	}
	type bk struct {
		name string
		t    time.Time
	}
	var bs []bk
	for _, e := range ents {
		n := e.Name()
		ts, ok := strings.CutPrefix(n, backupPrefix)
		if !ok || !strings.HasSuffix(ts, backupSuffix) {
			continue
		}
		t, err := time.Parse(backupTime, strings.TrimSuffix(ts, backupSuffix))
		if err != nil {
			continue
		}
		bs = append(bs, bk{n, t})
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].t.Before(bs[j].t) })
	names, times := make([]string, len(bs)), make([]time.Time, len(bs))
	for i, x := range bs {
		names[i], times[i] = filepath.Join(b.Dir, x.name), x.t
	}
	return names, times, nil
}

// Tick makes a backup if the newest one is at least Every old (or there is none)
// and prunes to Keep. It returns the path written, or "" when none was due.
func (b *Backups) Tick(ctx context.Context, now time.Time) (string, error) {
	if b.Keep < 1 {
		return "", fmt.Errorf("db: backups: keep must be at least 1")
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return "", err
	}
	_, times, err := b.List()
	if err != nil {
		return "", err
	}
	now = now.UTC().Truncate(time.Second)
	if n := len(times); n > 0 && now.Sub(times[n-1]) < b.Every {
		return "", nil
	}
	p := filepath.Join(b.Dir, backupPrefix+now.Format(backupTime)+backupSuffix)
	tmp := p + ".part"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return "", err
	}
	err = b.DB.Export(ctx, f, b.Passphrase, b.KDF)
	if err == nil {
		err = f.Sync()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	syncDir(b.Dir)
	return p, b.prune()
}

func (b *Backups) prune() error {
	names, _, err := b.List()
	if err != nil {
		return err
	}
	for len(names) > b.Keep {
		if err := os.Remove(names[0]); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}

// Run calls Tick for every time received on ticks (a time.Ticker's C in the app,
// a channel the test feeds) until ctx ends; errors go to onErr.
func (b *Backups) Run(ctx context.Context, ticks <-chan time.Time, onErr func(error)) {
	for {
		select {
		case <-ctx.Done():
			return
		case t := <-ticks:
			if _, err := b.Tick(ctx, t); err != nil && onErr != nil {
				onErr(err)
			}
		}
	}
}
