package chatapi

import (
	"encoding/json"
	"testing"
	"time"
)

// measure times n runs of f: the floor each benchmark divides by, taken
// in the same run so the ratio does not depend on the machine.
func measure(n int, f func()) time.Duration {
	start := time.Now()
	for i := 0; i < n; i++ {
		f()
	}
	return time.Since(start)
}

// BenchmarkParseSend parses a typical bot send and reports its cost as a
// ratio to json.Valid over the same payload (the floor: Parse must at
// least validate the JSON it keeps).
func BenchmarkParseSend(b *testing.B) {
	line := `/_send @2 json [{"msgContent":{"type":"text","text":"hello from a bot, with a few more words"},"mentions":{}}]`
	payload := []byte(line[len("/_send @2 json "):])
	floor := measure(b.N, func() { json.Valid(payload) })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(line); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if floor > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(floor), "ratio")
	}
}

// BenchmarkDecodeNewChatItems decodes a newChatItems event, as a ratio to
// a plain json.Unmarshal into any of the same bytes.
func BenchmarkDecodeNewChatItems(b *testing.B) {
	in := []byte(responseExamples["newChatItems"][0])
	floor := measure(b.N, func() {
		var v any
		_ = json.Unmarshal(in, &v)
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeResponse(in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if floor > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(floor), "ratio")
	}
}
