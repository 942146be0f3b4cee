package screens

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	dtheme "duplex/app/theme"
	"duplex/core/api"
	"duplex/resources"
)

var update = flag.Bool("update", false, "rewrite the golden markup under testdata/ (or set UPDATE_GOLDEN=1)")

func TestMain(m *testing.M) {
	flag.Parse()
	Location = time.UTC
	Now = func() time.Time { return t0 }
	os.Exit(m.Run())
}

// filled builds every page with sample data, as the controller would fill
// them with a core's answers.
func filled() *Pages {
	p := NewPages(fyne.NewStaticResource("icon.png", resources.IconPNG))
	p.Sidebar.SetProfiles([]api.Profile{{ID: 1, DisplayName: "alice", Active: true}, {ID: 2, DisplayName: "work"}}, map[api.ProfileID]int{1: 3, 2: 4})
	p.Sidebar.SetRows(RowsFrom(sampleChats(), samplePending(), sampleRequests(), true))
	p.Chat.SetChat(bob, sampleItems(), 13, true)
	pend := samplePending()[0]
	p.NewChat.Link.Show(&pend)
	p.NewChat.Address.Show(&api.Address{ProfileID: 1, Link: "simplex:/contact#/?v=2-7&smp=xyz", AutoAccept: true, WelcomeMessage: "Hi!"})
	p.NewChat.Connect.SetLink("https://smp.example/a#xyz")
	p.NewChat.Connect.SetPlan(&api.ConnectionPlan{Kind: api.PlanAddress, Summary: "This is a contact address: connecting sends a request.", ProfileName: "frank", Link: "simplex:/contact#/?v=2-7&smp=xyz"})
	p.NewChat.Requests.SetRequests(sampleRequests())
	p.Contact.SetContact(bob)
	p.Contact.SetCode("1234567890123456789012345678901234567890")
	p.Settings.SetInfo(api.Info{Version: "0.1.0", DataDir: "/home/alice/.local/share/duplex"})
	p.Settings.SetProfiles([]api.Profile{{ID: 1, DisplayName: "alice", Active: true}})
	p.Settings.Servers.SetServers([]api.Server{
		{Address: "smp://abc@smp8.simplex.im", Protocol: "smp", Operator: "SimpleX Chat", Preset: true, Enabled: true},
		{Address: "smp://def@relay.example:5223", Protocol: "smp", Enabled: false},
		{Address: "xftp://ghi@xftp.example", Protocol: "xftp", Enabled: true},
	})
	p.Settings.Servers.SetTestResult("smp://def@relay.example:5223", api.ServerTest{Step: "connect", Err: "connection refused", Latency: 3 * time.Millisecond}, nil)
	p.Settings.Prefs.Set(false, true, true, PreviewName, 1)
	return p
}

// TestEveryScreenRenders renders each entry of the screen table in both
// themes and compares its markup with testdata (go test -update rewrites).
func TestEveryScreenRenders(t *testing.T) {
	for _, variant := range []string{dtheme.Light, dtheme.Dark} {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(dtheme.New(variant))
		pages := filled()
		if len(pages.All()) != 8 {
			t.Fatalf("screen table has %d entries", len(pages.All()))
		}
		for _, pg := range pages.All() {
			if pages.Get(pg.ID) != pg.Root || (!pg.TopLevel && pages.Showing(pg.Root) != pg.ID) {
				t.Errorf("%s: the table does not find its own entry", pg.ID)
			}
			content := pg.Root
			if !pg.TopLevel {
				pages.Shell.Show(pg.Root)
				content = pages.Shell.Root
			}
			w := test.NewTempWindow(t, content)
			w.Resize(fyne.NewSize(1000, 720))
			if pg.ID == PageChat {
				pages.Chat.Scroll.ScrollToBottom() // laid out now: bottom is where a chat opens
			}
			objs := test.LaidOutObjects(w.Canvas().Content())
			if len(objs) < 5 {
				t.Errorf("%s/%s: only %d objects rendered", pg.ID, variant, len(objs))
			}
			if pg.ID != PageSettings { // other packages add settings sections: checked by content instead
				golden(t, string(pg.ID)+"-"+variant+".xml", test.RenderToMarkup(w.Canvas()))
			}
			w.SetContent(widget.NewLabel("")) // free the page for the next window
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update || os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./app/screens -update)", err)
	}
	if string(want) != got {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got %s\nwant %s\n(run go test ./app/screens -update if intended)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length (%d vs %d lines)", name, len(gl), len(wl))
	}
}
