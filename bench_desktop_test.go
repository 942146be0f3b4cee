package main

import (
	"fmt"
	"hash/fnv"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"duplex/app/prefs"
	"duplex/crypto/enc"
)

// Desktop benchmarks: the real binary under Xvfb (software GL) over the
// seeded data directory (bench_seed_test.go).
//
//   - BenchmarkDesktopColdStart: process start to the window mapped, plus
//     passphrase submitted to the chat list handed to the UI (the app's
//     "chat list ready" log line); the typing in between is not counted.
//     Floor: a trivial binary's process start plus plain SQLite opening the
//     same rows and reading every list row (last message, unread count).
//   - BenchmarkDesktopScroll: open the busiest chat, scroll it to its top
//     with the mouse wheel (older pages load on the way), then the
//     process's VmHWM. The time per wheel step is measured as bursts of
//     steps (xdotool click --repeat) until the app's CPU goes idle again
//     (/proc/PID/stat), which includes the page loads and every frame
//     drawn. Floor: the same bursts over the chat list in the same window
//     (Fyne's own virtualized List of 1,000 rows).
//
// Run: go test -run '^$' -bench 'BenchmarkDesktop' -benchtime 3x .

// benchNowhere is a relay address nobody listens on: the seeded contacts
// have no connections, and nothing may reach the preset relays.
var benchNowhere = "smp://" + enc.B64(make([]byte, 32)) + "@127.0.0.1:1"

// benchBinaries builds the desktop app and a trivial program (the process
// start floor) once per benchmark.
func benchBinaries(b *testing.B, dir string) (duplex, trivial string) {
	b.Helper()
	duplex, trivial = filepath.Join(dir, "duplex"), filepath.Join(dir, "trivial")
	if out, err := exec.Command("go", "build", "-o", duplex, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "trivial.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("go", "build", "-o", trivial, src).CombinedOutput(); err != nil {
		b.Fatalf("go build trivial: %v\n%s", err, out)
	}
	return duplex, trivial
}

// pollFast is waitUntil at a finer grain, for timed waits.
func pollFast(b *testing.B, what string, limit time.Duration, cond func() bool) time.Time {
	b.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return time.Now()
		}
	}
	b.Fatalf("timed out waiting for %s", what)
	return time.Time{}
}

// benchStart starts the app over the seeded data, waits for its window
// and unlocks it. It returns the app, its window, and the two timed spans.
func benchStart(b *testing.B, bin, display string, s desktopSeed) (a *runningApp, w *xwin, toWindow, toList time.Duration) {
	b.Helper()
	home := filepath.Join(s.root, "home")
	env := []string{"DISPLAY=" + display, "LANG=en_US.UTF-8", "FYNE_SCALE=1",
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_RUNTIME_DIR=" + filepath.Join(home, "run")}
	for _, d := range []string{"config", "run"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o700); err != nil {
			b.Fatal(err)
		}
	}
	if err := prefs.Save(s.dir, prefs.State{Theme: prefs.ThemeDark,
		Window: prefs.Window{Width: 960, Height: 640, X: 0, Y: 0, HasPosition: true}}); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	a = startAppEnv(b, bin, env, "--data-dir", s.dir, "--server", benchNowhere)
	var id string
	mapped := pollFast(b, "the window", 60*time.Second, func() bool {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Duplex")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		id = strings.TrimSpace(string(out))
		return id != ""
	})
	w = &xwin{id: id, display: display}
	w.g = w.geometry(b)
	// The unlock page has its passphrase field focused; Enter submits.
	w.typeText(b, benchPass)
	w.keys(b, "Return")
	t1 := time.Now()
	ready := pollFast(b, "the chat list", 120*time.Second, func() bool { return strings.Contains(appLog(a), chatListReady) })
	return a, w, mapped.Sub(t0), ready.Sub(t1)
}

func benchStop(b *testing.B, a *runningApp) {
	b.Helper()
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.exited:
	case <-time.After(30 * time.Second):
		b.Fatalf("duplex did not exit on SIGTERM:\n%s", appLog(a))
	}
}

func BenchmarkDesktopColdStart(b *testing.B) {
	needTools(b, "Xvfb", "xdotool")
	s := seedDesktop(b)
	bin, trivial := benchBinaries(b, b.TempDir())
	display := startXvfbScreen(b, "1280x800x24")
	var window, list, floorStart, floorSQL time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, _, toWindow, toList := benchStart(b, bin, display, s)
		window += toWindow
		list += toList
		benchStop(b, a)
		start := time.Now()
		if err := exec.Command(trivial).Run(); err != nil {
			b.Fatal(err)
		}
		floorStart += time.Since(start)
		floorSQL += plainChatList(b, s.plain)
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	b.ReportMetric(ms(window+list), "cold-ms")
	b.ReportMetric(ms(window), "to-window-ms")
	b.ReportMetric(ms(list), "unlock-to-list-ms")
	b.ReportMetric(ms(floorStart+floorSQL), "floor-ms")
	b.ReportMetric(float64(window+list)/float64(floorStart+floorSQL), "ratio")
	b.ReportMetric(0, "ns/op")
}

// pixels is a digest of what r of the screen shows.
func pixels(img image.Image, r image.Rectangle) string {
	h := fnv.New64a()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			h.Write([]byte{byte(cr >> 8), byte(cg >> 8), byte(cb >> 8)})
		}
	}
	return fmt.Sprintf("%x", h.Sum64())
}

// procTicks is the CPU time (user+system, in clock ticks) pid has used.
func procTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // fields from 3 on
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

// procKiB reads a "Vm…:" line of /proc/PID/status, in KiB.
func procKiB(pid int, field string) float64 {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb
		}
	}
	return 0
}

// burst sends steps wheel clicks (button 4 up, 5 down) at the pointer and
// waits until the app's CPU has been idle for 250 ms. It returns the wall
// time from the first click to the last CPU tick and the ticks used.
func burst(b *testing.B, w *xwin, pid int, button string, steps int) (time.Duration, int64) {
	b.Helper()
	before := procTicks(pid)
	start := time.Now()
	xdo(b, w.display, "click", "--repeat", strconv.Itoa(steps), "--delay", "1", button)
	last, lastAt := procTicks(pid), time.Now()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(25 * time.Millisecond) {
		if t := procTicks(pid); t != last {
			last, lastAt = t, time.Now()
		} else if time.Since(lastAt) >= 250*time.Millisecond {
			return lastAt.Sub(start), last - before
		}
	}
	b.Fatal("the app never went idle after scrolling")
	return 0, 0
}

func BenchmarkDesktopScroll(b *testing.B) {
	needTools(b, "Xvfb", "xdotool")
	s := seedDesktop(b)
	bin, _ := benchBinaries(b, b.TempDir())
	display := startXvfbScreen(b, "1280x800x24")
	steps := 100
	if os.Getenv("BENCH_DEBUG") != "" {
		steps = 20
	}
	const maxBursts = 400
	var chatStep, listStep, hwm, listHWM, bursts float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, w, _, _ := benchStart(b, bin, display, s)
		pid := a.cmd.Process.Pid
		g := w.g
		listHWM += procKiB(pid, "VmHWM") / 1024

		// Floor: the same bursts over the chat list (sidebar, left third).
		xdo(b, display, "mousemove", "--sync", strconv.Itoa(g.x+150), strconv.Itoa(g.y+g.h/2))
		var listTime time.Duration
		for k := 0; k < 5; k++ {
			d, _ := burst(b, w, pid, "5", steps)
			listTime += d
		}
		listStep += float64(listTime.Microseconds()) / 1000 / float64(5*steps)

		// Open the busiest chat from the filter box, then drop the
		// composer's focus (a click on the chat header, no widget there)
		// so no cursor blinks while the CPU is watched.
		w.keys(b, "ctrl+k", "ctrl+a", "BackSpace")
		w.typeText(b, benchBusyName)
		w.keys(b, "Return")
		corner := image.Rect(g.x+g.w-80, g.y+g.h-80, g.x+g.w, g.y+g.h)
		pollFast(b, "the busiest chat (its send button)", 60*time.Second, func() bool {
			_, ok := primaryButton(screenshot(b, display, filepath.Join(s.root, "poll.png")), corner, 20)
			return ok
		})
		w.click(b, g.x+g.w*2/3, g.y+30)
		xdo(b, display, "mousemove", "--sync", strconv.Itoa(g.x+g.w*2/3), strconv.Itoa(g.y+g.h/2))

		// Scroll up until a burst moves nothing on screen: the top is
		// reached and no older page came (the CPU is not a usable signal
		// there: wheel events at the top still cost a little).
		view := image.Rect(g.x+g.w/3, g.y+90, g.x+g.w, g.y+g.h-90)
		// The chat opens at its newest message; a few steps down first make
		// sure the view is settled before the timed bursts.
		burst(b, w, pid, "5", 4)
		var chatTime time.Duration
		work := 0
		before := pixels(screenshot(b, display, filepath.Join(s.root, "poll.png")), view)
		for ; work < maxBursts; work++ {
			d, ticks := burst(b, w, pid, "4", steps)
			after := pixels(screenshot(b, display, filepath.Join(s.root, "poll.png")), view)
			if os.Getenv("BENCH_DEBUG") != "" {
				b.Logf("burst %d: %v, %d ticks, moved %v", work, d, ticks, after != before)
				screenshot(b, display, filepath.Join("test-output", fmt.Sprintf("bench-debug-%d.png", work)))
			}
			if after == before {
				break
			}
			before = after
			chatTime += d
		}
		if work == maxBursts {
			b.Fatal("the chat never reached its top")
		}
		if work == 0 {
			b.Fatal("the first burst moved nothing: the pointer is not over the chat")
		}
		bursts += float64(work)
		chatStep += float64(chatTime.Microseconds()) / 1000 / float64(work*steps)
		hwm += procKiB(pid, "VmHWM") / 1024
		os.MkdirAll("test-output", 0o755)
		screenshot(b, display, filepath.Join("test-output", "bench-busiest-top.png"))
		benchStop(b, a)
	}
	n := float64(b.N)
	b.ReportMetric(chatStep/n, "chat-step-ms")
	b.ReportMetric(listStep/n, "list-step-ms")
	b.ReportMetric(chatStep/listStep, "ratio")
	b.ReportMetric(bursts/n, "bursts")
	b.ReportMetric(hwm/n, "hwm-MiB")
	b.ReportMetric(listHWM/n, "list-hwm-MiB")
	b.ReportMetric(0, "ns/op")
}
