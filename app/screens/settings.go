package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// Theme choice labels, in display order, and the values they stand for.
var themeChoices = []struct{ Label, Value string }{
	{"Follow system", "system"},
	{"Light", "light"},
	{"Dark", "dark"},
}

// Settings is the settings page skeleton: appearance, profiles, data, about.
// Sections fill in as their issues land.
type Settings struct {
	Root fyne.CanvasObject

	Theme      *widget.RadioGroup
	BackButton *widget.Button
	CopyButton *widget.Button
	TestNotify *widget.Button
	NotifyInfo *widget.Label
	Profiles   *ProfilesSection
	Database   *DatabaseSection
	Servers    *ServersSection   // settings_network.go
	Operators  *OperatorsSection // settings_operators.go
	Network    *NetworkSection   // settings_operators.go
	Prefs      *PrefsSection     // settings_prefs.go
	Desktop    *DesktopSection   // settings_desktop.go
	DataDir    *widget.Label
	Version    *widget.Label
	Licences   *widget.Button

	OnBack        func()
	OnTheme       func(value string)
	OnCopyDataDir func(path string)
	OnTestNotify  func()
	OnLicences    func()
}

// NewSettings builds the page.
func NewSettings() *Settings {
	s := &Settings{
		Profiles:   newProfilesSection(),
		Database:   newDatabaseSection(),
		Servers:    newServersSection(),
		Operators:  newOperatorsSection(),
		Network:    newNetworkSection(),
		Prefs:      newPrefsSection(),
		DataDir:    widget.NewLabel(""),
		Version:    widget.NewLabel(""),
		NotifyInfo: widget.NewLabel("New messages are announced by your desktop's notifications."),
	}
	s.NotifyInfo.Wrapping = fyne.TextWrapWord
	s.DataDir.Wrapping = fyne.TextWrapBreak
	labels := make([]string, len(themeChoices))
	for i, c := range themeChoices {
		labels[i] = c.Label
	}
	s.Theme = widget.NewRadioGroup(labels, func(label string) {
		for _, c := range themeChoices {
			if c.Label == label && s.OnTheme != nil {
				s.OnTheme(c.Value)
			}
		}
	})
	s.Theme.Required = true
	s.Theme.Horizontal = true
	s.BackButton = widget.NewButtonWithIcon("Chats", theme.NavigateBackIcon(), func() {
		if s.OnBack != nil {
			s.OnBack()
		}
	})
	s.CopyButton = widget.NewButtonWithIcon("Copy path", theme.ContentCopyIcon(), func() {
		if s.OnCopyDataDir != nil {
			s.OnCopyDataDir(s.DataDir.Text)
		}
	})
	s.TestNotify = widget.NewButtonWithIcon("Send a test notification", theme.MailSendIcon(), func() {
		if s.OnTestNotify != nil {
			s.OnTestNotify()
		}
	})
	s.Licences = widget.NewButton("Licences", func() {
		if s.OnLicences != nil {
			s.OnLicences()
		}
	})
	s.CopyButton.Disable() // until the core tells us where its data lives

	title := widget.NewLabelWithStyle("Settings", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	form := container.NewVBox(
		widget.NewCard("Appearance", "Theme", container.NewVBox(s.Theme, s.Prefs.textSizeRow())),
		widget.NewCard("Profiles", "", s.Profiles.Root),
		widget.NewCard("Network & servers", "SMP relays that receive your messages", s.Servers.Root),
		widget.NewCard("Server operators", "Who runs the preset relays, and what they are used for", s.Operators.Root),
		widget.NewCard("Network", "How Duplex reaches relays", s.Network.Root),
		s.Prefs.privacyCard(),
		widget.NewCard("Notifications", "", container.NewVBox(s.Prefs.notifyBox(), s.NotifyInfo, container.NewHBox(s.TestNotify))),
		s.desktopCard(),
		widget.NewCard("Database", "", s.Database.Root),
		widget.NewCard("Data", "Database and files are kept in", container.NewBorder(nil, nil, nil, s.CopyButton, s.DataDir)),
		widget.NewCard("About", "", container.NewVBox(s.Version, container.NewHBox(s.Licences))),
	)
	s.Root = container.NewBorder(container.NewHBox(s.BackButton, title), nil, nil, nil, container.NewVScroll(form))
	return s
}

// SetTheme selects a theme value without calling OnTheme.
func (s *Settings) SetTheme(value string) {
	cb := s.OnTheme
	s.OnTheme = nil
	for _, c := range themeChoices {
		if c.Value == value {
			s.Theme.SetSelected(c.Label)
		}
	}
	s.OnTheme = cb
}

// SetInfo shows what the core reported about itself.
func (s *Settings) SetInfo(info api.Info) {
	s.Version.SetText(fmt.Sprintf("Duplex %s — a SimpleX network client", info.Version))
	switch {
	case info.Remote:
		s.DataDir.SetText("on the paired device")
		s.CopyButton.Disable()
	case info.DataDir != "":
		s.DataDir.SetText(info.DataDir)
		s.CopyButton.Enable()
	}
}

// SetProfiles lists the profiles.
func (s *Settings) SetProfiles(ps []api.Profile) { s.Profiles.SetProfiles(ps) }
