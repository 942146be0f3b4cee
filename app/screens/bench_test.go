package screens

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// BenchmarkOpenChatPage reports building a chat page of 50 formatted
// messages (bubbles, day separators, markdown) against the floor of
// building 50 plain labels with the same texts.
func BenchmarkOpenChatPage(b *testing.B) {
	test.NewTempApp(b)
	items := make([]api.ChatItem, 50)
	for i := range items {
		items[i] = api.ChatItem{ID: api.ItemID(i + 1), ContactID: bob.ID, Sent: i%3 == 0, Kind: api.KindText,
			Status: api.StatusDelivered, Text: fmt.Sprintf("message *%d* with a https://example.com/%d link", i, i),
			Time: t0.Add(time.Duration(i-50) * time.Hour)}
	}
	floor := floorNs(50, func() {
		for _, it := range items {
			_ = widget.NewLabel(it.Text)
		}
	})
	v := NewChatView()
	start := time.Now()
	for b.Loop() {
		v.SetChat(bob, items, 0, true)
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/floor, "ratio")
}

func floorNs(n int, f func()) float64 {
	f() // warm caches first: a cold floor makes the ratio meaningless
	best := 0.0
	for range 3 { // the quickest of three rounds: the floor is a lower bound
		start := time.Now()
		for range n {
			f()
		}
		if ns := float64(time.Since(start).Nanoseconds()) / float64(n); best == 0 || ns < best {
			best = ns
		}
	}
	return best
}

// BenchmarkChatList1000 reports building and showing a 1,000-chat list
// (rows from summaries, sort, filter, list refresh) against the floor of
// sorting the same summaries by time.
func BenchmarkChatList1000(b *testing.B) {
	test.NewTempApp(b)
	chats := make([]api.ChatSummary, 1000)
	for i := range chats {
		last := api.ChatItem{ID: api.ItemID(i), ContactID: api.ContactID(i + 1), Kind: api.KindText, Text: fmt.Sprintf("last *message* %d", i),
			Time: t0.Add(-time.Duration((i*7919)%1000) * time.Minute), Sent: i%2 == 0, Status: api.StatusDelivered}
		chats[i] = api.ChatSummary{Contact: api.Contact{ID: api.ContactID(i + 1), DisplayName: fmt.Sprintf("contact %d", i), Ready: true}, Last: &last, Unread: i % 5}
	}
	floor := floorNs(50, func() {
		times := make([]time.Time, len(chats))
		for i, c := range chats {
			times[i] = c.Last.Time
		}
		sortTimes(times)
	})
	s := NewSidebar()
	w := test.NewTempWindow(b, s.Root)
	w.Resize(fyneSize(320, 700))
	start := time.Now()
	for b.Loop() {
		s.SetRows(RowsFrom(chats, nil, nil, true))
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/floor, "ratio")
}

func sortTimes(ts []time.Time) { sort.Slice(ts, func(i, j int) bool { return ts[i].After(ts[j]) }) }

func fyneSize(w, h float32) fyne.Size { return fyne.NewSize(w, h) }
