package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/app/widgets"
	"duplex/core/api"
)

// ProfileRow is one profile in Settings → Profiles. Rename (labelled
// "Edit") opens the profile's name, full name and picture in place.
type ProfileRow struct {
	Profile       api.Profile
	Name          *widget.Label
	Switch        *widget.Button
	Rename        *widget.Button
	Delete        *widget.Button
	Mute          *widget.Check
	NameEntry     *widget.Entry
	FullEntry     *widget.Entry
	PictureName   *widget.Label
	ChoosePicture *widget.Button
	RemovePicture *widget.Button
	Save          *widget.Button
	edit          *fyne.Container
	avatar        *fyne.Container
	picture       []byte // chosen and not saved yet; nil = unchanged, empty = remove
}

// SetPicture takes a newly chosen picture (saved with the other fields).
func (r *ProfileRow) SetPicture(name string, b []byte) {
	r.picture = b
	r.PictureName.SetText(name)
	r.RemovePicture.Enable()
}

// Update is what Save sends: the fields as edited.
func (r *ProfileRow) Update() api.ProfileUpdate {
	name, full := r.NameEntry.Text, r.FullEntry.Text
	return api.ProfileUpdate{DisplayName: &name, FullName: &full, Image: r.picture}
}

// ProfilesSection lists profiles with switch / edit / delete and adds new ones.
type ProfilesSection struct {
	Root    fyne.CanvasObject
	Rows    []*ProfileRow
	NewName *widget.Entry
	Add     *widget.Button
	Error   *widget.Label
	list    *fyne.Container

	OnSwitch func(api.ProfileID)
	// OnSave stores an edited profile (contacts get the new one).
	OnSave func(api.ProfileID, api.ProfileUpdate)
	// OnPickPicture asks for a picture file and hands it to set.
	OnPickPicture func(set func(name string, b []byte))
	OnDelete      func(api.Profile)
	OnAdd         func(name string)
	OnMute        func(api.ProfileID, bool)
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
		r := &ProfileRow{Profile: p, NameEntry: widget.NewEntry(), FullEntry: widget.NewEntry(), PictureName: widget.NewLabel("")}
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
		r.NameEntry.SetPlaceHolder("Display name (what contacts see)")
		r.FullEntry.SetText(p.FullName)
		r.FullEntry.SetPlaceHolder("Full name (optional)")
		r.PictureName.SetText("No picture")
		if p.Image != "" {
			r.PictureName.SetText("Current picture")
		}
		r.ChoosePicture = widget.NewButton("Choose picture…", func() {
			if s.OnPickPicture != nil {
				s.OnPickPicture(r.SetPicture)
			}
		})
		r.RemovePicture = widget.NewButton("Remove picture", func() {
			r.picture = []byte{}
			r.PictureName.SetText("No picture")
			r.RemovePicture.Disable()
		})
		if p.Image == "" {
			r.RemovePicture.Disable()
		}
		r.Save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() {
			if s.OnSave != nil {
				s.OnSave(p.ID, r.Update())
			}
		})
		r.edit = container.NewVBox(r.NameEntry, r.FullEntry,
			container.NewBorder(nil, nil, nil, container.NewHBox(r.ChoosePicture, r.RemovePicture), r.PictureName),
			container.NewHBox(r.Save))
		r.edit.Hide()
		r.avatar = container.NewCenter(widgets.NewAvatar(p.DisplayName, p.Image, 32))
		r.Rename = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() {
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
		s.list.Add(container.NewVBox(container.NewBorder(nil, nil, r.avatar,
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
