package screens

import "fyne.io/fyne/v2"

// PageID names a page of the desktop. Top-level pages replace the whole
// window content; the others show in the shell's main area.
type PageID string

const (
	PageFirstRun PageID = "first-run" // top level
	PageUnlock   PageID = "unlock"    // top level
	PageShell    PageID = "shell"     // top level: sidebar + main area
	PageWelcome  PageID = "welcome"
	PageChat     PageID = "chat"
	PageNewChat  PageID = "new-chat"
	PageContact  PageID = "contact"
	PageSettings PageID = "settings"
)

// Page is one entry of the screen table.
type Page struct {
	ID       PageID
	TopLevel bool
	Root     fyne.CanvasObject
}

// Pages builds every screen once and lists them in one table: the
// controller navigates by id, and tests render each entry.
type Pages struct {
	FirstRun *FirstRun
	Unlock   *Unlock
	Shell    *Shell
	Sidebar  *Sidebar
	Welcome  *Welcome
	Chat     *ChatView
	NewChat  *NewChat
	Contact  *ContactInfo
	Settings *Settings
	table    []Page
}

// NewPages builds the screens; icon is the app icon for the welcome page.
func NewPages(icon fyne.Resource) *Pages {
	p := &Pages{
		FirstRun: NewFirstRun(), Unlock: NewUnlock(), Sidebar: NewSidebar(), Welcome: NewWelcome(icon),
		Chat: NewChatView(), NewChat: NewNewChat(), Contact: NewContactInfo(), Settings: NewSettings(),
	}
	p.Shell = NewShell(p.Sidebar, p.Welcome.Root)
	p.table = []Page{
		{PageFirstRun, true, p.FirstRun.Root},
		{PageUnlock, true, p.Unlock.Root},
		{PageShell, true, p.Shell.Root},
		{PageWelcome, false, p.Welcome.Root},
		{PageChat, false, p.Chat.Root},
		{PageNewChat, false, p.NewChat.Root},
		{PageContact, false, p.Contact.Root},
		{PageSettings, false, p.Settings.Root},
	}
	return p
}

// All is the screen table, in a fixed order.
func (p *Pages) All() []Page { return p.table }

// Get returns a page's root, or nil for an unknown id.
func (p *Pages) Get(id PageID) fyne.CanvasObject {
	for _, e := range p.table {
		if e.ID == id {
			return e.Root
		}
	}
	return nil
}

// Showing says which main-area page root is (PageWelcome if unknown).
func (p *Pages) Showing(root fyne.CanvasObject) PageID {
	for _, e := range p.table {
		if e.Root == root {
			return e.ID
		}
	}
	return PageWelcome
}
