package screens

import (
	"strings"
	"testing"
	"time"

	"duplex/core/api"
)

func TestInfoTextShowsRoute(t *testing.T) {
	ts := time.Date(2026, 11, 22, 8, 0, 0, 0, time.Local)
	cases := []struct {
		it   api.ChatItem
		want []string
		not  []string
	}{
		{api.ChatItem{Sent: true, Status: api.StatusDelivered, Time: ts, Via: "smp1.flux.example"},
			[]string{"Sent: 22 Nov 2026 08:00:00", "Status: delivered", "via the relay smp1.flux.example"}, []string{"Received"}},
		{api.ChatItem{Sent: true, Status: api.StatusSent, Time: ts},
			[]string{"sent directly to the contact's relay"}, []string{"private routing"}},
		{api.ChatItem{Sent: true, Status: api.StatusSending, Time: ts}, []string{"Route: not sent yet"}, nil},
		{api.ChatItem{Sent: true, Status: api.StatusError, StatusErr: "relay refused: AUTH", Time: ts},
			[]string{"Status: error — relay refused: AUTH"}, nil},
		{api.ChatItem{Status: api.StatusReceived, Time: ts, CreatedAt: ts.Add(time.Minute), Edited: true,
			DisappearAt: ts.Add(time.Hour)},
			[]string{"(the relay's time)", "Received: 22 Nov 2026 08:01:00", "Edited: yes", "Disappears: 22 Nov 2026 09:00:00"},
			[]string{"Route"}},
	}
	for i, c := range cases {
		got := InfoText(c.it)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("case %d: %q lacks %q", i, got, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("case %d: %q has %q", i, got, n)
			}
		}
	}
}

func TestInfoAction(t *testing.T) {
	v, _ := newChat(t)
	var shown api.ItemID
	v.OnItemInfo = func(id api.ItemID) { shown = id }
	for _, a := range v.Actions(14) {
		if a.Label == "Info" {
			a.Run()
		}
	}
	if shown != 14 {
		t.Fatalf("Info action showed item %d, want 14", shown)
	}
}
