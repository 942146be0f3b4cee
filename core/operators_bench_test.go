package core

import (
	"context"
	"testing"
	"time"
)

// Conditions applies passed deadlines (AutoAccept) and reads operators,
// conditions and acceptances on every call; the floor is Profiles.
func BenchmarkConditionsCall(b *testing.B) {
	c, _ := benchCore(b)
	ctx := context.Background()
	var call, floor time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := c.Conditions(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := c.Profiles(ctx); err != nil {
			b.Fatal(err)
		}
		call, floor = call+t1.Sub(t0), floor+time.Since(t1)
	}
	b.ReportMetric(float64(call)/float64(floor), "ratio")
}

// Network reads one settings row; the floor is Profiles.
func BenchmarkNetworkCall(b *testing.B) {
	c, _ := benchCore(b)
	ctx := context.Background()
	var call, floor time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := c.Network(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := c.Profiles(ctx); err != nil {
			b.Fatal(err)
		}
		call, floor = call+t1.Sub(t0), floor+time.Since(t1)
	}
	b.ReportMetric(float64(call)/float64(floor), "ratio")
}
