package controller

import (
	"context"

	"duplex/app/screens"
	dtheme "duplex/app/theme"
	"duplex/app/widgets"
	"duplex/core/api"
)

func (c *Controller) wireSettings() {
	p := c.Settings.Prefs
	st := c.state
	p.Set(st.LinkPreviews, st.ListPreviews, st.Notifications, st.NotifyPreview, st.FontScale)
	p.OnLinkPreviews = func(on bool) { c.state.LinkPreviews = on; c.save() }
	p.OnListPreviews = func(on bool) {
		c.state.ListPreviews = on
		c.save()
		c.Sidebar.SetRows(screens.RowsFrom(c.chats.chats, c.chats.pending, c.chats.requests, on))
	}
	p.OnNotifications = func(on bool) { c.state.Notifications = on; c.save() }
	p.OnPreviewMode = func(mode string) { c.state.NotifyPreview = mode; c.save() }
	p.OnFontScale = func(f float32) {
		c.state.FontScale = f
		c.app.Settings().SetTheme(dtheme.NewScaled(c.state.Theme, f))
		c.save()
	}

	s := c.Settings.Servers
	s.OnAdd = func(addr string) {
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.Server, error) { return c.client.AddServer(ctx, pid, addr) }, func(_ api.Server, err error) {
			if err != nil {
				s.Error.SetText(err.Error())
				return
			}
			s.AddEntry.SetText("")
			c.loadServers()
		})
	}
	s.OnAddQR = func() { c.pickImage(c.AddServerFromImage) }
	s.OnToggle = func(addr string, on bool) {
		pid := c.chats.profile
		c.serverCall(func(ctx context.Context) error { return c.client.SetServerEnabled(ctx, pid, addr, on) })
	}
	s.OnRemove = func(addr string) {
		pid := c.chats.profile
		c.serverCall(func(ctx context.Context) error { return c.client.RemoveServer(ctx, pid, addr) })
	}
	s.OnTest = func(addr string) {
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.ServerTest, error) { return c.client.TestServer(ctx, pid, addr) },
			func(t api.ServerTest, err error) { s.SetTestResult(addr, t, err) })
	}
}

// AddServerFromImage decodes a picture of a server's QR code off the UI
// goroutine and adds the address it holds (the core validates it).
func (c *Controller) AddServerFromImage(b []byte) {
	s := c.Settings.Servers
	do(c, func(context.Context) (string, error) { return widgets.DecodeQRImage(b) }, func(addr string, err error) {
		if err != nil {
			s.Error.SetText(err.Error())
			return
		}
		s.AddEntry.SetText(addr)
		s.OnAdd(addr)
	})
}

// serverCall runs a server change and reloads the list; a refused change
// shows its reason and the list shows the state the core kept.
func (c *Controller) serverCall(f func(ctx context.Context) error) {
	do0(c, f, func(err error) {
		if err != nil {
			c.Settings.Servers.Error.SetText(err.Error())
		} else {
			c.Settings.Servers.Error.SetText("")
		}
		c.loadServers()
	})
}

// loadServers fills Settings → Network & servers.
func (c *Controller) loadServers() {
	pid := c.chats.profile
	if pid == 0 {
		return
	}
	do(c, func(ctx context.Context) ([]api.Server, error) { return c.client.Servers(ctx, pid) }, func(srvs []api.Server, err error) {
		if err != nil {
			c.Settings.Servers.Error.SetText("Cannot list servers: " + err.Error())
			return
		}
		c.Settings.Servers.SetServers(srvs)
	})
}
