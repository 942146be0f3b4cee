package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"duplex/core/api"
)

// scrollStepNs is the mean cost of one wheel step (scroll event, then the
// frame drawn by the software painter) in a chat after loading `loaded`
// items the way a user does: the newest page, then older pages from the top.
func scrollStepNs(b *testing.B, loaded, steps int) float64 {
	test.NewTempApp(b)
	v := NewChatView()
	w := test.NewTempWindow(b, v.Root)
	w.Resize(fyne.NewSize(700, 500))
	pages := loaded / 50
	v.SetChat(bob, manyItems(api.ItemID(1+(pages-1)*50), 50), 0, true)
	for p := pages - 2; p >= 0; p-- {
		v.Prepend(manyItems(api.ItemID(1+p*50), 50), p > 0)
	}
	v.OnLoadOlder, v.OnLoadNewer = nil, nil // the steps measure drawing, not loading
	at := v.Scroll.Position().Add(fyne.NewPos(50, 50))
	w.Canvas().Capture()
	start := time.Now()
	for i := range steps {
		dy := float32(-40) // down and back up, staying inside the built window
		if i%2 == 1 {
			dy = 40
		}
		test.Scroll(w.Canvas(), at, 0, dy)
		w.Canvas().Capture()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(steps)
}

// BenchmarkChatScrollStep reports a wheel step with 2,000 items loaded
// (read back through 40 pages) against the same step with one page of 50:
// the view keeps a window of KeepItems built, so the ratio stays near 1
// whatever the history length.
func BenchmarkChatScrollStep(b *testing.B) {
	var total, floor float64
	for b.Loop() { // paired in every round, so both see the same machine state
		floor += scrollStepNs(b, 50, 20)
		total += scrollStepNs(b, 2000, 20)
	}
	ratio := total / floor
	b.Logf("scroll step: 2,000 loaded / 50 loaded = %.2f", ratio)
	b.ReportMetric(ratio, "ratio")
}
