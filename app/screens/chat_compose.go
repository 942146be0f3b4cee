package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"duplex/app/widgets"
	"duplex/core/api"
)

// Submit sends or saves an edit (Enter, the send button).
func (v *ChatView) Submit() {
	text := strings.TrimSpace(v.Composer.Text)
	if text == "" || v.Composer.Disabled() {
		return
	}
	if v.Editing != 0 {
		if v.OnEdit != nil {
			v.OnEdit(v.Editing, text)
		}
		return
	}
	if v.OnSend != nil {
		v.OnSend(text, v.ReplyTo)
	}
}

// ComposeDone clears the composer after a send or edit went through.
func (v *ChatView) ComposeDone() {
	v.Composer.SetText("")
	v.CancelCompose()
}

// StartReply quotes an item in the next message.
func (v *ChatView) StartReply(id api.ItemID) {
	it, ok := v.Item(id)
	if !ok {
		return
	}
	if v.Editing != 0 {
		v.Composer.SetText("")
	}
	v.Editing, v.ReplyTo = 0, id
	who := v.Contact.Name()
	if it.Sent {
		who = "yourself"
	}
	v.ComposeBar.SetText("Replying to " + who + ": " + widgets.PlainText(it.Text))
	v.barBox.Show()
}

// StartEdit puts one of our items into the composer.
func (v *ChatView) StartEdit(id api.ItemID) {
	it, ok := v.Item(id)
	if !ok || !it.Sent {
		return
	}
	v.ReplyTo, v.Editing = 0, id
	v.ComposeBar.SetText("Editing message")
	v.barBox.Show()
	v.Composer.SetText(it.Text)
}

// CancelCompose leaves reply or edit mode (Esc); an abandoned edit clears
// the composer.
func (v *ChatView) CancelCompose() {
	if v.Editing != 0 {
		v.Composer.SetText("")
	}
	v.ReplyTo, v.Editing = 0, 0
	v.ComposeBar.SetText("")
	v.barBox.Hide()
}

// Action is one entry of an item's menu.
type Action struct {
	Label string
	Run   func()
}

// Actions lists what can be done with an item, in menu order.
func (v *ChatView) Actions(id api.ItemID) []Action {
	it, ok := v.Item(id)
	if !ok {
		return nil
	}
	var acts []Action
	if it.Kind != api.KindEvent && !it.Deleted {
		acts = append(acts, Action{"Reply", func() { v.StartReply(id) }})
		if it.Sent {
			acts = append(acts, Action{"Edit", func() { v.StartEdit(id) }})
		}
		if it.Edited {
			acts = append(acts, Action{"Edit history", func() {
				if v.OnHistory != nil {
					v.OnHistory(id)
				}
			}})
		}
		acts = append(acts, Action{"Info", func() {
			if v.OnItemInfo != nil {
				v.OnItemInfo(id)
			}
		}})
		acts = append(acts, Action{"Copy text", func() {
			if v.OnCopy != nil {
				v.OnCopy(it.Text)
			}
		}})
		for _, e := range widgets.QuickReactions {
			on := true
			for _, r := range it.Reactions {
				if r.Emoji == e && r.Mine {
					on = false
				}
			}
			label := "React " + e
			if !on {
				label = "Remove " + e
			}
			acts = append(acts, Action{label, func() {
				if v.OnReact != nil {
					v.OnReact(id, e, on)
				}
			}})
		}
	}
	acts = append(acts, Action{"Delete for me", func() {
		if v.OnDelete != nil {
			v.OnDelete(id, api.DeleteForMe)
		}
	}})
	if it.Sent && !it.Deleted {
		acts = append(acts, Action{"Delete for everyone", func() {
			if v.OnDelete != nil {
				v.OnDelete(id, api.DeleteForEveryone)
			}
		}})
	}
	return acts
}

// Run performs the action labelled label on an item; false if none.
func (v *ChatView) Run(id api.ItemID, label string) bool {
	for _, a := range v.Actions(id) {
		if a.Label == label {
			a.Run()
			return true
		}
	}
	return false
}

func (v *ChatView) showMenu(id api.ItemID, at fyne.CanvasObject) {
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, a := range v.Actions(id) {
		items = append(items, fyne.NewMenuItem(a.Label, a.Run))
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(at)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos.AddXY(0, at.Size().Height))
}

// HistoryText lists an item's versions, oldest first, with their times.
func HistoryText(vs []api.ItemVersion) string {
	var b strings.Builder
	for i, x := range vs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(x.Time.In(Location).Format("2 Jan 15:04") + "\n" + widgets.PlainText(x.Text))
	}
	return b.String()
}
