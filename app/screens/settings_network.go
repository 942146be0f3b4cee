package screens

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// ServersSection is Settings → Network & servers: the profile's SMP relays
// with operator, enabled toggle, test and remove, and adding one's own.
type ServersSection struct {
	Root     fyne.CanvasObject
	Rows     []*ServerRow
	AddEntry *widget.Entry
	Add      *widget.Button
	AddQR    *widget.Button
	Error    *widget.Label
	list     *fyne.Container

	OnToggle func(address string, enabled bool)
	OnTest   func(address string)
	OnRemove func(address string)
	OnAdd    func(address string)
	// OnAddQR asks for a picture of a server's QR code (a file); the
	// controller decodes it and calls SetAddress.
	OnAddQR func()
}

// ServerRow is one relay.
type ServerRow struct {
	Server  api.Server
	Name    *widget.Label
	Enabled *widget.Check
	Test    *widget.Button
	Remove  *widget.Button
	Result  *widget.Label
}

func newServersSection() *ServersSection {
	s := &ServersSection{list: container.NewVBox(widget.NewLabel("Loading…")), AddEntry: widget.NewEntry(), Error: errLabel()}
	s.AddEntry.SetPlaceHolder("smp://fingerprint@host[:port]")
	s.Add = widget.NewButtonWithIcon("Add server", theme.ContentAddIcon(), func() {
		if s.OnAdd != nil {
			s.OnAdd(strings.TrimSpace(s.AddEntry.Text))
		}
	})
	s.AddQR = widget.NewButton("From QR picture…", func() {
		if s.OnAddQR != nil {
			s.OnAddQR()
		}
	})
	s.AddEntry.OnSubmitted = func(string) { s.Add.OnTapped() }
	s.Root = container.NewVBox(s.list, container.NewBorder(nil, nil, nil, container.NewHBox(s.AddQR, s.Add), s.AddEntry), s.Error)
	return s
}

// ServerHost is the host part of a server address, what a list shows.
func ServerHost(addr string) string {
	rest := addr
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	return rest
}

// SetServers lists the SMP relays (XFTP relays are for files, later).
func (s *ServersSection) SetServers(srvs []api.Server) {
	results := map[string]string{}
	for _, r := range s.Rows {
		results[r.Server.Address] = r.Result.Text
	}
	s.Rows = nil
	s.list.Objects = nil
	for _, srv := range srvs {
		if srv.Protocol != "" && srv.Protocol != "smp" {
			continue
		}
		op := srv.Operator
		if op == "" {
			op = "your server"
		}
		r := &ServerRow{Server: srv, Name: widget.NewLabel(ServerHost(srv.Address) + " — " + op), Result: widget.NewLabel(results[srv.Address])}
		r.Name.Truncation = fyne.TextTruncateEllipsis
		r.Result.Wrapping = fyne.TextWrapWord
		r.Result.SizeName = theme.SizeNameCaptionText
		addr := srv.Address
		r.Enabled = widget.NewCheck("", func(on bool) {
			if s.OnToggle != nil {
				s.OnToggle(addr, on)
			}
		})
		r.Enabled.Checked = srv.Enabled
		r.Test = widget.NewButton("Test", func() {
			if s.OnTest != nil {
				r.Result.SetText("Testing…")
				r.Test.Disable()
				s.OnTest(addr)
			}
		})
		r.Remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			if s.OnRemove != nil {
				s.OnRemove(addr)
			}
		})
		if srv.Preset {
			r.Remove.Disable() // presets are turned off, not removed
		}
		s.Rows = append(s.Rows, r)
		s.list.Add(container.NewVBox(container.NewBorder(nil, nil, r.Enabled, container.NewHBox(r.Test, r.Remove), r.Name), r.Result))
	}
	if len(s.Rows) == 0 {
		s.list.Add(widget.NewLabel("No SMP servers configured."))
	}
	s.list.Refresh()
}

// Row finds a server's row, or nil.
func (s *ServersSection) Row(address string) *ServerRow {
	for _, r := range s.Rows {
		if r.Server.Address == address {
			return r
		}
	}
	return nil
}

// TestText describes a server test outcome.
func TestText(t api.ServerTest, err error) string {
	switch {
	case err != nil:
		return "Test failed: " + err.Error()
	case t.OK:
		return fmt.Sprintf("OK — %s", t.Latency.Round(time.Millisecond))
	}
	return fmt.Sprintf("Failed at %s: %s (%s)", t.Step, t.Err, t.Latency.Round(time.Millisecond))
}

// SetTestResult shows a test outcome under the server.
func (s *ServersSection) SetTestResult(address string, t api.ServerTest, err error) {
	if r := s.Row(address); r != nil {
		r.Result.SetText(TestText(t, err))
		if t.OK && err == nil {
			r.Result.Importance = widget.SuccessImportance
		} else {
			r.Result.Importance = widget.DangerImportance
		}
		r.Result.Refresh()
		r.Test.Enable()
	}
}
