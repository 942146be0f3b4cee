package prefs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMissingFileGivesDefaults(t *testing.T) {
	s, err := Load(t.TempDir())
	if err != nil || s != Defaults() {
		t.Fatalf("Load(empty) = %+v, %v", s, err)
	}
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := State{Theme: ThemeDark, Window: Window{Width: 1000, Height: 700, X: 40, Y: -20, HasPosition: true},
		Notifications: false, NotifyPreview: PreviewName, LinkPreviews: true, ListPreviews: false, FontScale: 1.3}
	if err := Save(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil || got != want {
		t.Fatalf("Load = %+v, %v; want %+v", got, err, want)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("temp files left behind: %v", ents)
	}
}

func TestMalformedFileFallsBack(t *testing.T) {
	dir := t.TempDir()
	for _, body := range []string{"{", "[]", `{"theme": 3}`} {
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Load(dir)
		if err == nil || s != Defaults() {
			t.Errorf("Load(%q) = %+v, %v; want defaults and an error", body, s, err)
		}
	}
}

func TestSanitize(t *testing.T) {
	dir := t.TempDir()
	bad := `{"theme":"purple","window":{"width":5,"height":99999,"x":99999999,"y":0,"hasPosition":true}}`
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := Defaults()
	if s.Theme != ThemeSystem || s.Window.Width != d.Window.Width || s.Window.Height != d.Window.Height || s.Window.HasPosition {
		t.Errorf("sanitized = %+v", s)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"theme":"light","window":{"width":800,"height":600}}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), b, 0o600); err != nil {
			t.Fatal(err)
		}
		s, _ := Load(dir)
		if s.sanitized() != s {
			t.Fatalf("Load returned unsanitized state %+v", s)
		}
	})
}

func TestNewFieldsDefaultAndSanitize(t *testing.T) {
	dir := t.TempDir()
	old := `{"theme":"dark","window":{"width":800,"height":600}}` // written before these settings existed
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Notifications || s.NotifyPreview != PreviewMessage || s.LinkPreviews || !s.ListPreviews || s.FontScale != 1 {
		t.Errorf("old file: %+v; want notifications on, message previews, link previews off, list previews on, scale 1", s)
	}
	bad := `{"notifyPreview":"everything","fontScale":9,"notifications":false,"linkPreviews":true}`
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ = Load(dir)
	if s.NotifyPreview != PreviewMessage || s.FontScale != 1 || s.Notifications || !s.LinkPreviews {
		t.Errorf("sanitized: %+v", s)
	}
}
