package widgets

import (
	"strings"
	"testing"
	"time"
)

// benchMessage is a typical formatted message with a link.
const benchMessage = "hi *there*, the _notes_ are at https://example.com/notes and `make test` ~fails~ passes; " +
	"join simplex:/contact#/?v=2-7&smp=smp%3A%2F%2Fabc%40host!1 red! #secret# done"

// floorNs is the time per op of f over n runs: the floor a benchmark's
// ratio is measured against in the same run.
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

// BenchmarkParseMarkdown reports parsing against the floor of splitting
// the same text into words (strings.Fields), the least any parser does.
func BenchmarkParseMarkdown(b *testing.B) {
	floor := floorNs(20000, func() { _ = strings.Fields(benchMessage) })
	start := time.Now()
	for b.Loop() {
		_ = ParseMarkdown(benchMessage)
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/floor, "ratio")
}
