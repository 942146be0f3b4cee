package screens

import (
	"fmt"
	"testing"
	"time"

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
	start := time.Now()
	for range n {
		f()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}
