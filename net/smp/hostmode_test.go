package smp

import (
	"errors"
	"reflect"
	"testing"
)

func TestSelectHostsTable(t *testing.T) {
	const on1, on2 = "abc.onion", "xyz234.onion"
	mixed := []string{"smp1.example.com", on1, "192.0.2.1", on2}
	onionOnly := []string{on1, on2}
	publicOnly := []string{"smp1.example.com", "::1"}
	cases := []struct {
		hosts    []string
		mode     HostMode
		canOnion bool
		want     []string
		err      error
	}{
		{mixed, HostPublic, true, []string{"smp1.example.com", "192.0.2.1"}, nil},
		{mixed, HostPublic, false, []string{"smp1.example.com", "192.0.2.1"}, nil},
		{mixed, HostOnionWhenAvailable, true, []string{on1, on2}, nil},
		{mixed, HostOnionWhenAvailable, false, []string{"smp1.example.com", "192.0.2.1"}, nil},
		{mixed, HostOnionRequired, true, []string{on1, on2}, nil},
		{mixed, HostOnionRequired, false, nil, ErrOnionNeedsProxy},
		{onionOnly, HostPublic, true, onionOnly, nil},
		{onionOnly, HostPublic, false, nil, ErrOnionNeedsProxy},
		{onionOnly, HostOnionWhenAvailable, true, onionOnly, nil},
		{onionOnly, HostOnionWhenAvailable, false, nil, ErrOnionNeedsProxy},
		{onionOnly, HostOnionRequired, true, onionOnly, nil},
		{onionOnly, HostOnionRequired, false, nil, ErrOnionNeedsProxy},
		{publicOnly, HostPublic, true, publicOnly, nil},
		{publicOnly, HostOnionWhenAvailable, true, publicOnly, nil},
		{publicOnly, HostOnionWhenAvailable, false, publicOnly, nil},
		{publicOnly, HostOnionRequired, true, nil, ErrNoOnionHost},
		{publicOnly, HostOnionRequired, false, nil, ErrNoOnionHost},
	}
	for _, c := range cases {
		got, err := SelectHosts(c.hosts, c.mode, c.canOnion)
		if !reflect.DeepEqual(got, c.want) || !errors.Is(err, c.err) || (c.err == nil) != (err == nil) {
			t.Errorf("SelectHosts(%v, %v, socks=%v) = %v, %v; want %v, %v", c.hosts, c.mode, c.canOnion, got, err, c.want, c.err)
		}
	}
	if _, err := SelectHosts(nil, HostPublic, true); err == nil {
		t.Error("no hosts accepted")
	}
	if _, err := SelectHosts(mixed, HostMode(9), true); err == nil {
		t.Error("unknown mode accepted")
	}
}
