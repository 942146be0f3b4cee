package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// ProfileRow is one profile in Settings → Profiles. Rename edits in place.
type ProfileRow struct {
	Profile   api.Profile
	Name      *widget.Label
	Switch    *widget.Button
	Rename    *widget.Button
	Delete    *widget.Button
	Mute      *widget.Check
	NameEntry *widget.Entry
	Save      *widget.Button
	edit      *fyne.Container
}

// ProfilesSection lists profiles with switch / rename / delete and adds new ones.
type ProfilesSection struct {
	Root    fyne.CanvasObject
	Rows    []*ProfileRow
	NewName *widget.Entry
	Add     *widget.Button
	Error   *widget.Label
	list    *fyne.Container

	OnSwitch func(api.ProfileID)
	OnRename func(api.ProfileID, string)
	OnDelete func(api.Profile)
	OnAdd    func(name string)
	OnMute   func(api.ProfileID, bool)
}

func newProfilesSection() *ProfilesSection {
	s := &ProfilesSection{list: container.NewVBox(widget.NewLabel("Loading…")), NewName: widget.NewEntry(), Error: widget.NewLabel("")}
	s.Error.Importance = widget.DangerImportance
	s.Error.Wrapping = fyne.TextWrapWord
	s.NewName.SetPlaceHolder("New profile's display name")
	s.Add = widget.NewButtonWithIcon("Add profile", theme.ContentAddIcon(), func() {
		if s.OnAdd != nil {
			s.OnAdd(s.NewName.Text)
		}
	})
	s.Root = container.NewVBox(s.list, container.NewBorder(nil, nil, nil, s.Add, s.NewName), s.Error)
	return s
}

// SetProfiles rebuilds the list.
func (s *ProfilesSection) SetProfiles(ps []api.Profile) {
	s.Rows = nil
	s.list.Objects = nil
	if len(ps) == 0 {
		s.list.Add(widget.NewLabel("No profiles yet."))
	}
	for _, p := range ps {
		r := &ProfileRow{Profile: p, NameEntry: widget.NewEntry()}
		label := p.DisplayName
		if p.FullName != "" {
			label += " — " + p.FullName
		}
		if p.Active {
			label += " (active)"
		}
		r.Name = widget.NewLabel(label)
		r.Switch = widget.NewButton("Switch", func() {
			if s.OnSwitch != nil {
				s.OnSwitch(p.ID)
			}
		})
		if p.Active {
			r.Switch.Disable()
		}
		r.NameEntry.SetText(p.DisplayName)
		r.Save = widget.NewButton("Save", func() {
			if s.OnRename != nil {
				s.OnRename(p.ID, r.NameEntry.Text)
			}
		})
		r.edit = container.NewBorder(nil, nil, nil, r.Save, r.NameEntry)
		r.edit.Hide()
		r.Rename = widget.NewButtonWithIcon("Rename", theme.DocumentCreateIcon(), func() {
			if r.edit.Visible() {
				r.edit.Hide()
			} else {
				r.edit.Show()
			}
		})
		r.Mute = widget.NewCheck("Mute", nil)
		r.Mute.Checked = p.Muted
		r.Mute.OnChanged = func(on bool) {
			if s.OnMute != nil {
				s.OnMute(p.ID, on)
			}
		}
		r.Delete = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() {
			if s.OnDelete != nil {
				s.OnDelete(p)
			}
		})
		s.Rows = append(s.Rows, r)
		s.list.Add(container.NewVBox(container.NewBorder(nil, nil, nil,
			container.NewHBox(r.Mute, r.Switch, r.Rename, r.Delete), r.Name), r.edit))
	}
	s.list.Refresh()
}

// Row finds the row of a profile by display name, or nil.
func (s *ProfilesSection) Row(name string) *ProfileRow {
	for _, r := range s.Rows {
		if r.Profile.DisplayName == name {
			return r
		}
	}
	return nil
}
