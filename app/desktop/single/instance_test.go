//go:build unix

package single

import (
	"bufio"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the "second launch": with DUPLEX_SINGLE_HELPER
// set it runs Start in a fresh process, exactly as main.go does.
func TestMain(m *testing.M) {
	switch os.Getenv("DUPLEX_SINGLE_HELPER") {
	case "":
		os.Exit(m.Run())
	case "forward":
		_, err := Start(os.Getenv("DUPLEX_SINGLE_DIR"), os.Args[1:])
		if errors.Is(err, ErrForwarded) {
			os.Exit(0)
		}
		if err == nil {
			os.Stderr.WriteString("became primary\n")
			os.Exit(3)
		}
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	case "hold":
		in, err := Start(os.Getenv("DUPLEX_SINGLE_DIR"), nil)
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		in.Serve(func(args []string) { os.Stdout.WriteString(strings.Join(args, " ") + "\n") })
		os.Stdout.WriteString("ready\n")
		select {}
	}
}

func helper(t *testing.T, mode, dir string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "DUPLEX_SINGLE_HELPER="+mode, "DUPLEX_SINGLE_DIR="+dir)
	return cmd
}

// received collects what the primary's handler was given.
func serve(t *testing.T, in *Instance) <-chan []string {
	got := make(chan []string, 4)
	in.Serve(func(args []string) { got <- args })
	t.Cleanup(func() { in.Close() })
	return got
}

func TestSecondLaunchForwardsAndExits(t *testing.T) {
	dir := t.TempDir()
	in, err := Start(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := serve(t, in)
	link := "simplex:/invitation#/?v=2-7&smp=smp%3A%2F%2Fk%3D%40localhost"
	cmd := helper(t, "forward", dir, link, "https://simplex.chat/contact#/?v=2-7")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("second launch: %v\n%s", err, out)
	}
	// The second launch exits only after the acknowledgement, which the
	// primary sends after its handler returned: the arguments are here.
	select {
	case args := <-got:
		if want := []string{link, "https://simplex.chat/contact#/?v=2-7"}; !reflect.DeepEqual(args, want) {
			t.Fatalf("primary got %q, want %q", args, want)
		}
	default:
		t.Fatal("second launch exited before the primary received its arguments")
	}
	// A launch with no arguments still reaches the primary (it focuses).
	if out, err := helper(t, "forward", dir).CombinedOutput(); err != nil {
		t.Fatalf("second launch without link: %v\n%s", err, out)
	}
	if args := <-got; len(args) != 0 {
		t.Fatalf("got %q, want no arguments", args)
	}
}

func TestOtherDataDirIsIndependent(t *testing.T) {
	a, err := Start(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Start(t.TempDir(), nil)
	if err != nil {
		t.Fatalf("a second data dir must get its own primary: %v", err)
	}
	b.Close()
}

func TestStaleSocketIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	sock, err := SocketPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A socket file nobody listens on, as a crashed primary leaves it.
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("stale socket not left behind: %v", err)
	}
	in, err := Start(dir, nil)
	if err != nil {
		t.Fatalf("stale socket not taken over: %v", err)
	}
	got := serve(t, in)
	if out, err := helper(t, "forward", dir, "simplex:/x").CombinedOutput(); err != nil {
		t.Fatalf("forward to the new primary: %v\n%s", err, out)
	}
	if args := <-got; !reflect.DeepEqual(args, []string{"simplex:/x"}) {
		t.Fatalf("got %q", args)
	}
}

func TestCrashedPrimaryIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	hold := helper(t, "hold", dir)
	out, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer hold.Process.Kill()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		t.Fatalf("helper primary did not start: %q", lines.Text())
	}
	// While it lives, this process is a second launch.
	if _, err := Start(dir, []string{"simplex:/live"}); !errors.Is(err, ErrForwarded) {
		t.Fatalf("Start with a live primary: %v", err)
	}
	if !lines.Scan() || lines.Text() != "simplex:/live" {
		t.Fatalf("live primary got %q", lines.Text())
	}
	// SIGKILL: no cleanup runs, the socket file stays.
	hold.Process.Signal(syscall.SIGKILL)
	hold.Wait()
	sock, _ := SocketPath(dir)
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("killed primary left no socket (test premise): %v", err)
	}
	in, err := Start(dir, nil)
	if err != nil {
		t.Fatalf("after the crash: %v", err)
	}
	in.Close()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatalf("Close left the socket: %v", err)
	}
}

func TestRejectsGarbageAndKeepsServing(t *testing.T) {
	dir := t.TempDir()
	in, err := Start(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := serve(t, in)
	sock, _ := SocketPath(dir)
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
	c.(*net.UnixConn).CloseWrite()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var b [1]byte
	if n, _ := c.Read(b[:]); n != 0 {
		t.Fatalf("garbage was acknowledged: %q", b[:n])
	}
	c.Close()
	// A wrong token is refused too (Unix primaries expect none).
	c, _ = net.Dial("unix", sock)
	if err := send(c, Message{Token: []byte("x"), Args: []string{"simplex:/t"}}); err == nil {
		t.Fatal("message with a wrong token acknowledged")
	}
	c.Close()
	select {
	case args := <-got:
		t.Fatalf("handler ran for a rejected launch: %q", args)
	default:
	}
	if _, err := Start(dir, []string{"ok"}); !errors.Is(err, ErrForwarded) {
		t.Fatalf("primary stopped serving after garbage: %v", err)
	}
	if args := <-got; !reflect.DeepEqual(args, []string{"ok"}) {
		t.Fatalf("got %q", args)
	}
}

func TestSocketPathFallback(t *testing.T) {
	long := filepath.Join(t.TempDir(), strings.Repeat("d", 120))
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	p, err := SocketPath(long)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, os.Getenv("XDG_RUNTIME_DIR")) || len(p) > maxSocketPath {
		t.Fatalf("fallback path %q", p)
	}
	if q, _ := SocketPath(long + "x"); q == p {
		t.Fatal("two data dirs share a fallback socket")
	}
	if err := os.MkdirAll(long, 0o700); err != nil {
		t.Fatal(err)
	}
	in, err := Start(long, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := serve(t, in)
	if out, err := helper(t, "forward", long, "simplex:/long").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if args := <-got; !reflect.DeepEqual(args, []string{"simplex:/long"}) {
		t.Fatalf("got %q", args)
	}
}
