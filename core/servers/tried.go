package servers

import (
	"io"

	"duplex/net/smp"
)

// Tried remembers the hosts already tried while creating one queue or file
// chunk, so a retry after a failure goes to another host (upstream
// triedHosts). It resets itself once every candidate host has been tried.
// The zero value is ready to use.
type Tried struct{ hosts map[string]bool }

func (t *Tried) union(hosts map[string]bool) map[string]bool {
	out := make(map[string]bool, len(t.hosts)+len(hosts))
	for h := range t.hosts {
		out[h] = true
	}
	for h := range hosts {
		out[h] = true
	}
	return out
}

// next is upstream's withNextSrv: pick avoiding used operators and the
// hosts both used and already tried; record the pick's hosts as tried, or
// forget them all when no untried host of the preferred operators is left.
func (t *Tried) next(cs []candidate, used []smp.Server, r io.Reader) (smp.ServerAddress, error) {
	ops, usedHosts := usedOperatorsHosts(cs, used)
	triedOrUsed := t.union(usedHosts)
	c, otherOps, err := nextServer(cs, ops, triedOrUsed, r)
	if err != nil {
		return smp.ServerAddress{}, err
	}
	for _, h := range c.addr.Hosts {
		triedOrUsed[h] = true
	}
	left := false
	for _, o := range otherOps {
		if !sharesHost(o.addr.Server, triedOrUsed) {
			left = true
			break
		}
	}
	if !left {
		t.hosts = nil
		return c.addr, nil
	}
	if t.hosts == nil {
		t.hosts = map[string]bool{}
	}
	for _, h := range c.addr.Hosts {
		t.hosts[h] = true
	}
	return c.addr, nil
}

// NextSMPStorage picks a storage server for a new receive queue like
// PickSMPStorage, avoiding hosts tried before for the same queue. Call it
// again with the same Tried after a failed attempt.
func (s *Selector) NextSMPStorage(used []smp.Server, t *Tried, r io.Reader) (smp.ServerAddress, error) {
	return t.next(s.smp.storage, used, r)
}

// NextXFTPStorage picks an XFTP storage server for a file chunk, avoiding
// hosts in t. Sharing one Tried across the chunks of a file spreads them
// over distinct servers before any server gets a second chunk.
func (s *Selector) NextXFTPStorage(t *Tried, r io.Reader) (smp.ServerAddress, error) {
	return t.next(s.xftp.storage, nil, r)
}

// PlanXFTPChunks picks a storage server for each of n chunks of one file,
// spread across the XFTP storage servers: every storage host gets one chunk
// before any host gets a second.
func (s *Selector) PlanXFTPChunks(n int, r io.Reader) ([]smp.ServerAddress, error) {
	var t Tried
	out := make([]smp.ServerAddress, 0, n)
	for i := 0; i < n; i++ {
		a, err := s.NextXFTPStorage(&t, r)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
