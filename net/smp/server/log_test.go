package server

import (
	"bytes"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/crypto/enc"
	"duplex/net/smp"
)

type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logBuf) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// Info-level logs carry counts, never queue ids or client addresses; a
// stats line comes every StatsInterval.
func TestLogsAndStatsLine(t *testing.T) {
	var buf logBuf
	s := startServer(t, Config{Logger: slog.New(slog.NewTextHandler(&buf, nil)), StatsInterval: 20 * time.Millisecond})
	c, snd := dial(t, s), dial(t, s)
	q := c.mustCreate(smp.SubModeSubscribe)
	expect[smp.OK](t, snd.call(nil, q.ids.SndID, smp.SEND{Body: []byte("x")}))
	c.event()
	expectErr(t, c.call(q.sndKey, q.ids.RcvID, smp.SUB{}), smp.ErrAuth)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(buf.String(), "msgs_in=1") {
		if time.Now().After(deadline) {
			t.Fatalf("no stats line:\n%s", buf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.Close()
	out := buf.String()
	for _, want := range []string{"store restored", "queues=1", "subscriptions=1", "auth_failures=1", "server stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	for _, id := range [][]byte{q.ids.RcvID, q.ids.SndID} {
		for _, form := range []string{enc.B64(id), enc.B64NoPad(id), hex.EncodeToString(id)} {
			if strings.Contains(out, form) {
				t.Errorf("log contains a queue id")
			}
		}
	}
	_, port, _ := strings.Cut(c.tr.Conn().LocalAddr().String(), ":")
	if strings.Contains(out, ":"+port) {
		t.Errorf("log contains a client address:\n%s", out)
	}
}
