package controller

import (
	"context"
	"errors"
	"io"
	"net/url"
	"os/exec"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"duplex/app/screens"
	"duplex/app/widgets"
	"duplex/core/api"
)

func (c *Controller) wireNewChat() {
	n := c.NewChat
	n.OnBack = c.ShowChats
	n.Tabs.OnSelected = func(t *container.TabItem) { c.loadTab(t.Text) }
	n.Link.OnCreate = func(incognito bool) {
		n.Link.Create.Disable()
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.PendingConnection, error) {
			return c.client.CreateLink(ctx, pid, incognito)
		},
			func(p api.PendingConnection, err error) {
				n.Link.Create.Enable()
				if err != nil {
					n.Link.Error.SetText("Cannot create a link: " + err.Error())
					return
				}
				n.Link.Show(&p)
				c.refreshChats()
			})
	}
	n.Link.OnDelete = func(id api.PendingID) {
		c.confirm("Delete this link?", "Nobody will be able to connect with it.", "Delete", func() { c.DeletePending(id) })
	}
	copyText := func(s string) {
		if s != "" {
			c.app.Clipboard().SetContent(s)
		}
	}
	n.Link.OnCopy = copyText
	n.Address.OnCopy = copyText

	p := n.Connect
	p.OnCheck = c.checkLink
	p.OnConnect = func(link string, incognito bool) {
		p.Connect.Disable()
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.ConnectResult, error) {
			return c.client.Connect(ctx, pid, link, incognito)
		},
			func(r api.ConnectResult, err error) {
				if err != nil {
					p.Connect.Enable()
					p.Error.SetText("Cannot connect: " + err.Error())
					return
				}
				c.refreshChats()
				if r.Contact != nil {
					c.OpenChat(r.Contact.ID)
					return
				}
				p.SetPlan(nil)
				p.LinkEntry.SetText("")
				p.Result.SetText(ConnectedText)
			})
	}
	p.OnOpenChat = func(ct api.Contact) { c.OpenChat(ct.ID) }
	p.OnOpenImage = c.openQRFile
	p.OnPasteImage = c.pasteQR

	a := n.Address
	a.OnCreate = func() {
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.Address, error) { return c.client.CreateAddress(ctx, pid) }, c.showAddress)
	}
	a.OnSave = func(auto bool, welcome string) {
		pid := c.chats.profile
		do(c, func(ctx context.Context) (api.Address, error) {
			return c.client.SetAddressSettings(ctx, pid, auto, welcome)
		}, c.showAddress)
	}
	a.OnDelete = func() {
		pid := c.chats.profile
		del := func() {
			do0(c, func(ctx context.Context) error { return c.client.DeleteAddress(ctx, pid) }, func(err error) {
				if err != nil {
					a.Error.SetText(err.Error())
					return
				}
				a.Show(nil)
			})
		}
		c.confirm("Delete your address?", "People can no longer use it to send you requests. Existing contacts stay.", "Delete", del)
	}
	r := n.Requests
	r.OnAccept = func(id api.RequestID, incognito bool) {
		do(c, func(ctx context.Context) (api.Contact, error) { return c.client.AcceptRequest(ctx, id, incognito) }, func(ct api.Contact, err error) {
			if err != nil {
				r.Error.SetText(err.Error())
				return
			}
			r.Error.SetText("")
			c.refreshChats()
			c.OpenChat(ct.ID)
		})
	}
	r.OnReject = func(id api.RequestID) {
		do0(c, func(ctx context.Context) error { return c.client.RejectRequest(ctx, id) }, func(err error) {
			if err != nil {
				r.Error.SetText(err.Error())
				return
			}
			r.Error.SetText("")
			c.refreshChats()
		})
	}
}

// DeletePending forgets a pending connection (after the user confirmed).
func (c *Controller) DeletePending(id api.PendingID) {
	do0(c, func(ctx context.Context) error { return c.client.DeletePending(ctx, id) }, func(err error) {
		if err != nil {
			c.NewChat.Link.Error.SetText(err.Error())
			return
		}
		if p := c.NewChat.Link.Pending; p != nil && p.ID == id {
			c.NewChat.Link.Show(nil)
		}
		c.refreshChats()
	})
}

// ConnectedText is shown after a link was used and the other side has to
// accept (a one-time link's creator, an address's owner).
const ConnectedText = "Connection requested. The chat appears in the list and becomes usable once the other side accepts."

func (c *Controller) showAddress(a api.Address, err error) {
	p := c.NewChat.Address
	switch {
	case errors.Is(err, api.ErrNoAddress):
		p.Show(nil)
	case err != nil:
		p.Error.SetText(err.Error())
	default:
		p.Show(&a)
	}
}

// ShowNewChat opens the New chat page on a tab.
func (c *Controller) ShowNewChat(tab string) {
	c.leaveChat()
	c.Shell.Show(c.NewChat.Root)
	c.NewChat.Select(tab)
	c.loadTab(tab)
}

func (c *Controller) loadTab(tab string) {
	pid := c.chats.profile
	switch tab {
	case screens.TabAddress:
		do(c, func(ctx context.Context) (api.Address, error) { return c.client.Address(ctx, pid) }, c.showAddress)
	case screens.TabRequests, screens.TabLink:
		c.refreshChats()
	case screens.TabConnect:
		c.focus(c.NewChat.Connect.LinkEntry)
	}
}

// showPending opens a pending connection from the chat list.
func (c *Controller) showPending(id api.PendingID) {
	for _, p := range c.chats.pending {
		if p.ID != id {
			continue
		}
		if p.Invited {
			c.ShowNewChat(screens.TabLink)
			c.NewChat.Link.Show(&p)
			return
		}
		c.ShowNewChat(screens.TabConnect)
		c.NewChat.Connect.Result.SetText(ConnectedText)
	}
}

// OpenLink shows New chat → Connect with the link pasted and its
// connection plan (simplex: URIs from the desktop, links in messages and
// in the search box). Before the shell is up the link waits.
func (c *Controller) OpenLink(uri string) {
	if c.Screen() != c.Shell.Root || !c.chats.watching {
		c.chats.link = uri
		return
	}
	c.ShowNewChat(screens.TabConnect)
	c.NewChat.Connect.SetLink(strings.TrimSpace(uri))
	c.checkLink(uri)
}

// checkLink asks the core for the connection plan.
func (c *Controller) checkLink(link string) {
	p := c.NewChat.Connect
	link = strings.TrimSpace(link)
	if link == "" {
		p.Error.SetText("Paste a link first.")
		return
	}
	pid := c.chats.profile
	do(c, func(ctx context.Context) (api.ConnectionPlan, error) { return c.client.PlanConnect(ctx, pid, link) },
		func(plan api.ConnectionPlan, err error) {
			if strings.TrimSpace(p.LinkEntry.Text) != link {
				return // the user changed the link meanwhile
			}
			if err != nil {
				p.SetPlan(nil)
				p.Error.SetText("This link cannot be used: " + err.Error())
				return
			}
			p.SetPlan(&plan)
		})
}

// openQRFile lets the user pick a picture of a QR code.
func (c *Controller) openQRFile() { c.pickImage(c.ConnectFromImage) }

// pickImage shows a file dialog for a PNG/JPEG/GIF picture (at most 32 MiB)
// and hands its bytes to use; a read error goes to use's decoder as a
// failed decode would.
func (c *Controller) pickImage(use func([]byte)) {
	if c.window == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		b, err := io.ReadAll(io.LimitReader(r, 32<<20))
		r.Close()
		if err != nil {
			c.showInfo("Picture", "Cannot read the picture: "+err.Error())
			return
		}
		use(b)
	}, c.window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".gif"}))
	d.Show()
}

// ConnectFromImage decodes a QR picture (file or clipboard) off the UI
// goroutine and checks the link it holds.
func (c *Controller) ConnectFromImage(b []byte) {
	do(c, func(context.Context) (string, error) { return widgets.DecodeQRImage(b) }, func(link string, err error) {
		p := c.NewChat.Connect
		if err != nil {
			p.SetPlan(nil)
			p.Error.SetText(err.Error())
			return
		}
		p.SetLink(link)
		c.checkLink(link)
	})
}

// pasteQR takes a link from the clipboard text, else decodes a picture
// on the clipboard.
func (c *Controller) pasteQR() {
	if t := strings.TrimSpace(c.app.Clipboard().Content()); widgets.LinkKindOf(t) != widgets.LinkNone {
		c.NewChat.Connect.SetLink(t)
		c.checkLink(t)
		return
	}
	read := c.ClipboardImage
	do(c, func(context.Context) ([]byte, error) { return read() }, func(b []byte, err error) {
		if err != nil {
			c.NewChat.Connect.Error.SetText(err.Error())
			return
		}
		c.ConnectFromImage(b)
	})
}

// clipboardImage reads a PNG from the clipboard with the desktop's
// clipboard tool (wl-paste on Wayland, xclip on X11).
func clipboardImage() ([]byte, error) {
	for _, cmd := range [][]string{{"wl-paste", "--no-newline", "--type", "image/png"}, {"xclip", "-selection", "clipboard", "-t", "image/png", "-o"}} {
		if _, err := exec.LookPath(cmd[0]); err != nil {
			continue
		}
		out, err := exec.Command(cmd[0], cmd[1:]...).Output()
		if err == nil && len(out) > 0 {
			return out, nil
		}
	}
	return nil, errors.New("no picture on the clipboard (copy a QR code picture, or install wl-clipboard or xclip)")
}

func (c *Controller) openURL(link string) {
	u, err := url.Parse(link)
	if err != nil {
		return
	}
	if err := c.app.OpenURL(u); err != nil {
		c.showError("Cannot open the link", err)
	}
}

// confirm asks before a destructive step; without a window it does not run.
func (c *Controller) confirm(title, text, action string, yes func()) {
	if c.window == nil {
		return
	}
	d := dialog.NewConfirm(title, text, func(ok bool) {
		if ok {
			yes()
		}
	}, c.window)
	d.SetConfirmText(action)
	d.SetDismissText("Cancel")
	d.Show()
}
