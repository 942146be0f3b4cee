package protocol

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// floorNs times f over n runs (testing.Benchmark cannot nest inside a
// running benchmark).
func floorNs(n int, f func()) float64 {
	start := time.Now()
	for range n {
		f()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// Benchmarks report our decode/encode against plain encoding/json on the
// same bytes (the floor), as "ratio" (ours / floor).

var benchMsg = []byte(`{"v":"1-16","msgId":"AQIDBA==","event":"x.msg.new","params":{"content":{"text":"hello to you too","type":"text"},"quote":{"content":{"text":"hello there!","type":"text"},"msgRef":{"msgId":"BQYHCA==","sent":true,"sentAt":"1970-01-01T00:00:01.000000001Z"}}}}`)

func floorDecode(b []byte) {
	var v map[string]any
	_ = json.Unmarshal(b, &v)
}

func BenchmarkDecode(b *testing.B) {
	floor := floorNs(b.N, func() { floorDecode(benchMsg) })
	b.ResetTimer()
	for range b.N {
		if _, err := Decode(benchMsg); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ours/floor, "ratio")
}

func BenchmarkEncode(b *testing.B) {
	m, _ := Decode(benchMsg)
	var v map[string]any
	_ = json.Unmarshal(benchMsg, &v)
	floor := floorNs(b.N, func() { _, _ = json.Marshal(v) })
	b.ResetTimer()
	for range b.N {
		if _, err := Encode(m); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ours/floor, "ratio")
}

// BenchmarkCompressedBody: a 14 KB x.info through EncodeBody and
// DecodeBody, against the plain-JSON decode of the same message.
func BenchmarkCompressedBody(b *testing.B) {
	img := "data:image/jpg;base64," + strings.Repeat("QUJDRA", 2600)
	m := ChatMessage{Version: SupportedRange, Event: &Info{Profile: Profile{DisplayName: "alice", Image: &img}}}
	plain, _ := Encode(m)
	floor := floorNs(b.N, func() { floorDecode(plain) })
	b.ResetTimer()
	for range b.N {
		body, err := EncodeBody([]ChatMessage{m}, BodyOptions{Compress: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := DecodeBody(body); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ours/floor, "ratio")
	b.ReportMetric(float64(len(plain)), "plain-bytes")
}
