package chatapi_test

import (
	"reflect"
	"testing"

	"duplex/core/api"
	"duplex/core/chatapi"
)

func TestContactServersCommand(t *testing.T) {
	cmd, err := chatapi.Parse("/_servers_of @7")
	if err != nil {
		t.Fatal(err)
	}
	if cmd != (chatapi.APIGetContactServers{ContactID: 7}) || cmd.Encode() != "/_servers_of @7" {
		t.Fatalf("parsed %#v", cmd)
	}
	for _, bad := range []string{"/_servers_of", "/_servers_of ", "/_servers_of @", "/_servers_of #7", "/_servers_of @7 x", "/_servers_of 7"} {
		if c, err := chatapi.Parse(bad); err == nil {
			t.Errorf("%q parsed as %#v", bad, c)
		}
	}
	if c, err := chatapi.Parse("/_servers 1"); err != nil || c.Name() != "APIGetUserServers" {
		t.Errorf("/_servers 1: %v %v", c, err)
	}

	h := &chatapi.Handler{Client: newCore(t)}
	wantType(t, h, "/create user alice", "activeUser")
	wantErr(t, h, "/_servers_of @5", "contactNotFound", "no such contact")

	// The response round-trips through its JSON.
	want := &chatapi.ContactServersResponse{Servers: api.ContactVisibility{ContactID: 3,
		Receive: []api.RelayView{{Host: "smp1.simplex.im", Operator: "SimpleX Chat"}}, Send: []api.RelayView{{Host: "smp1.own.example", Own: true}},
		Proxies: []api.RelayView{{Host: "smp2.simplex.im", Operator: "SimpleX Chat"}}, Warnings: []string{"w"}}}
	b, err := chatapi.EncodeResponse(want)
	if err != nil {
		t.Fatal(err)
	}
	back, err := chatapi.DecodeResponse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := back.(*chatapi.ContactServersResponse); !ok || !reflect.DeepEqual(got.Servers, want.Servers) {
		t.Fatalf("%s decoded as %#v", b, back)
	}
}
