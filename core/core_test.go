package core

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"duplex/core/api"
)

func TestOpenCreatesDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	c, err := Open(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		t.Fatalf("data dir not created: %v", err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode %v, want 0700", st.Mode().Perm())
	}
	ctx := context.Background()
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != Version || info.DataDir != dir || info.Remote {
		t.Errorf("info = %+v", info)
	}
	ps, err := c.Profiles(ctx)
	if err != nil || ps == nil || len(ps) != 0 {
		t.Errorf("profiles = %v, %v; want empty non-nil list", ps, err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Info(ctx); !errors.Is(err, api.ErrClosed) {
		t.Errorf("Info after Close: %v, want ErrClosed", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestOpenRejectsFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(Options{DataDir: f})
	if err == nil || !regexp.MustCompile(`not a directory`).MatchString(err.Error()) {
		t.Fatalf("Open(file) = %v, want a 'not a directory' error", err)
	}
}

func TestDataDirFor(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	home := func() (string, error) { return "/home/u", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	cases := []struct {
		goos, xdg, appdata string
		home               func() (string, error)
		want               string
		wantErr            bool
	}{
		{goos: "linux", home: home, want: "/home/u/.local/share/duplex"},
		{goos: "linux", xdg: "/x/data", home: home, want: "/x/data/duplex"},
		{goos: "linux", xdg: "relative", home: home, want: "/home/u/.local/share/duplex"},
		{goos: "linux", home: noHome, wantErr: true},
		{goos: "darwin", home: home, want: "/home/u/Library/Application Support/Duplex"},
		{goos: "windows", appdata: `C:\Users\u\AppData\Roaming`, home: home, want: filepath.Join(`C:\Users\u\AppData\Roaming`, "Duplex")},
		{goos: "windows", home: home, wantErr: true},
	}
	for _, c := range cases {
		env["XDG_DATA_HOME"], env["AppData"] = c.xdg, c.appdata
		got, err := dataDirFor(c.goos, getenv, c.home)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("%s xdg=%q appdata=%q: got %q, %v; want %q (err %v)", c.goos, c.xdg, c.appdata, got, err, c.want, c.wantErr)
		}
	}
}
