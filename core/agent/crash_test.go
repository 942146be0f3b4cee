package agent

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"duplex/net/agentproto"
)

// crashKills is how many times each crash test kills its child (≥ 20 in CI).
const crashKills = 22

var (
	crashBinOnce sync.Once
	crashBin     string
	crashBinErr  error
	crashBinDir  string
)

// buildCrashPeer builds internal/crashpeer once per test binary.
func buildCrashPeer(t *testing.T) string {
	t.Helper()
	crashBinOnce.Do(func() {
		crashBinDir, crashBinErr = os.MkdirTemp("", "crashpeer")
		if crashBinErr != nil {
			return
		}
		crashBin = filepath.Join(crashBinDir, "crashpeer")
		out, err := exec.Command("go", "build", "-o", crashBin, "./internal/crashpeer").CombinedOutput()
		if err != nil {
			crashBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if crashBinErr != nil {
		t.Fatal(crashBinErr)
	}
	return crashBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if crashBinDir != "" {
		os.RemoveAll(crashBinDir)
	}
	os.Exit(code)
}

// child is a running crashpeer; lines carries its stdout, closed at EOF.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr bytes.Buffer
}

func startChild(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(bin, args...), lines: make(chan string, 4096)}
	c.cmd.Stderr = &c.stderr
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	return c
}

// kill sends SIGKILL and hands every line written before death to f.
func (c *child) kill(f func(string)) {
	c.cmd.Process.Kill()
	for l := range c.lines {
		f(l)
	}
	c.cmd.Wait()
}

// run reads lines until f says stop, the timeout passes (fatal) or the
// child exits (fatal, with its stderr).
func (c *child) run(t *testing.T, timeout time.Duration, f func(string) bool) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.cmd.Wait()
				t.Fatalf("crashpeer exited: %s", c.stderr.String())
			}
			if f(l) {
				return
			}
		case <-deadline:
			c.kill(func(string) {})
			t.Fatalf("crashpeer: nothing decisive in %v; stderr: %s", timeout, c.stderr.String())
		}
	}
}

// killPoint is where one run of a crash test ends: after a number of output
// lines or after a delay (which may fall inside startup: database open,
// resubscription, resumed sends).
type killPoint struct {
	lines int
	after time.Duration
}

func randomKill(rng *rand.Rand) killPoint {
	if rng.IntN(3) == 0 {
		return killPoint{lines: -1, after: time.Duration(rng.IntN(120)) * time.Millisecond}
	}
	return killPoint{lines: 1 + rng.IntN(40)}
}

// runUntilKill runs a child until its kill point, feeding f every line
// (including those flushed just before the kill).
func runUntilKill(t *testing.T, c *child, kp killPoint, f func(string)) {
	t.Helper()
	var timer <-chan time.Time
	if kp.lines < 0 {
		timer = time.After(kp.after)
	}
	n := 0
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.cmd.Wait()
				t.Fatalf("crashpeer exited: %s", c.stderr.String())
			}
			f(l)
			n++
			if kp.lines >= 0 && n >= kp.lines {
				c.kill(f)
				return
			}
		case <-timer:
			c.kill(f)
			return
		case <-time.After(20 * time.Second):
			c.kill(f)
			t.Fatalf("crashpeer stalled; stderr: %s", c.stderr.String())
		}
	}
}

func crashSeed(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("DUPLEX_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (DUPLEX_CRASH_SEED to repeat)", seed)
	return rand.New(rand.NewPCG(seed, 0))
}

// The receiving agent, in a child process, is killed with SIGKILL at random
// points of a message stream and restarted each time. Every message is shown
// (MSG) as new exactly once and in order; a MSG is shown again only with its
// original inbox id and only if its ACK did not complete before the kill.
func TestCrashReceiver(t *testing.T) {
	bin := buildCrashPeer(t)
	rng := crashSeed(t)
	r1 := startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r1)
	aid, _ := connect(t, alice, bob)
	bob.close()
	const n = 800
	go func() {
		for i := 0; i < n; i++ {
			if _, err := alice.a.Send(context.Background(), aid, []byte(fmt.Sprint(i))); err != nil {
				return
			}
		}
	}()

	next := 0                   // the index of the next new message
	shown := map[int64]string{} // inbox id → body
	acked := map[int64]bool{}
	reshown, dups := 0, 0
	var failure error
	line := func(l string) {
		if failure != nil {
			return
		}
		f := strings.SplitN(l, " ", 3)
		switch f[0] {
		case "MSG":
			id, _ := strconv.ParseInt(f[1], 10, 64)
			if body, ok := shown[id]; ok {
				if body != f[2] || acked[id] {
					failure = fmt.Errorf("inbox %d shown again as %q (was %q, acked %v)", id, f[2], body, acked[id])
				}
				reshown++
				return
			}
			if f[2] != fmt.Sprint(next) {
				failure = fmt.Errorf("new MSG %q, want %d", f[2], next)
				return
			}
			shown[id] = f[2]
			next++
		case "ACK":
			id, _ := strconv.ParseInt(f[1], 10, 64)
			acked[id] = true
		case "MERR":
			if l != "MERR dup" {
				failure = errors.New(l)
			}
			dups++
		}
	}
	args := []string{"-dir", bob.dir, "-servers", r1.Address().String(), "-mode", "recv"}
	kills := 0
	for kills < crashKills && next < n {
		c := startChild(t, bin, args...)
		runUntilKill(t, c, randomKill(rng), line)
		kills++
		if failure != nil {
			t.Fatalf("after %d kills: %v", kills, failure)
		}
	}
	c := startChild(t, bin, args...)
	c.run(t, 60*time.Second, func(l string) bool { line(l); return failure != nil || next == n })
	c.kill(line)
	if failure != nil {
		t.Fatal(failure)
	}
	if kills < crashKills {
		t.Fatalf("stream ended after %d kills", kills)
	}
	t.Logf("%d messages through %d kills: %d re-shown unacknowledged, %d duplicates recognised", n, kills, reshown, dups)
}

// The sending agent, in a child process, is killed with SIGKILL at random
// points while it queues and delivers a stream; each restart continues
// after the last index whose Send returned. Every message reported SENT
// arrives, all arrive in order, and a message repeats only when the kill
// fell between its commit and the QUEUED line (then the next run sends it
// again), at most once per kill.
func TestCrashSender(t *testing.T) {
	bin := buildCrashPeer(t)
	rng := crashSeed(t)
	r1 := startRelay(t)
	alice, bob := newPeer(t, r1), newPeer(t, r1)
	aid, bid := connect(t, alice, bob)
	alice.close()
	const n = 600

	var mu sync.Mutex
	var got []int
	var bobErr error
	go func() {
		for ev := range bob.a.Events() {
			switch ev.Type {
			case EvMSG:
				i, _ := strconv.Atoi(string(ev.Body))
				mu.Lock()
				got = append(got, i)
				mu.Unlock()
				bob.a.AckMessage(context.Background(), bid, ev.MsgID)
			case EvMERR:
				if !errors.Is(ev.Err, agentproto.ErrDuplicate) {
					mu.Lock()
					bobErr = ev.Err
					mu.Unlock()
				}
			}
		}
	}()

	nextFrom := 0
	idx := map[int64]int{} // Send's id → body index
	sent := map[int]bool{}
	line := func(l string) {
		f := strings.Fields(l)
		switch f[0] {
		case "QUEUED":
			i, _ := strconv.Atoi(f[1])
			id, _ := strconv.ParseInt(f[2], 10, 64)
			idx[id], nextFrom = i, i+1
		case "SENT":
			id, _ := strconv.ParseInt(f[1], 10, 64)
			if i, ok := idx[id]; ok {
				sent[i] = true
			}
		}
	}
	args := func() []string {
		return []string{"-dir", alice.dir, "-servers", r1.Address().String(), "-mode", "send", "-conn", aid, "-from", fmt.Sprint(nextFrom), "-n", fmt.Sprint(n)}
	}
	kills := 0
	for kills < crashKills {
		c := startChild(t, bin, args()...)
		runUntilKill(t, c, randomKill(rng), line)
		kills++
	}
	c := startChild(t, bin, args()...)
	done := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) > 0 && got[len(got)-1] == n-1
	}
	c.run(t, 60*time.Second, func(l string) bool { line(l); return nextFrom == n })
	for deadline := time.Now().Add(30 * time.Second); !done(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("bob did not get the last message; got %d", len(got))
		}
	}
	c.kill(line)
	bob.close()

	mu.Lock()
	defer mu.Unlock()
	if bobErr != nil {
		t.Fatal(bobErr)
	}
	want, repeats := 0, 0
	arrived := map[int]bool{}
	for _, i := range got {
		switch {
		case i == want:
			want++
		case i == want-1:
			repeats++
		default:
			t.Fatalf("got %d, want %d (sequence %v)", i, want, got)
		}
		arrived[i] = true
	}
	if want != n || repeats > kills {
		t.Fatalf("got %d of %d in order, %d repeats after %d kills", want, n, repeats, kills)
	}
	for i := range sent {
		if !arrived[i] {
			t.Fatalf("message %d was reported SENT and is lost", i)
		}
	}
	t.Logf("%d messages through %d kills of the sender: %d reported SENT before a kill or at the end, %d repeated (kill between commit and report)", n, kills, len(sent), repeats)
}
