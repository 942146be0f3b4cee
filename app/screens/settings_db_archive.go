package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Choices for how an imported database is protected (ImportForm).
const (
	ImportKeychainChoice   = "Keep its key in the system keychain"
	ImportPassphraseChoice = "Ask for the archive passphrase at every start"
)

// ArchiveBox is the export/import part of Settings › Database: two buttons,
// a progress bar (bytes of the archive written or read) and a status line
// that ends with where the archive went or what went wrong.
type ArchiveBox struct {
	Root     fyne.CanvasObject
	Export   *widget.Button
	Import   *widget.Button
	Progress *widget.ProgressBar
	Status   *widget.Label

	OnExport func()
	OnImport func()
}

func newArchiveBox() *ArchiveBox {
	a := &ArchiveBox{Progress: widget.NewProgressBar(), Status: widget.NewLabel("")}
	a.Status.Wrapping = fyne.TextWrapBreak
	a.Progress.Hide()
	a.Export = widget.NewButton("Export database…", func() {
		if a.OnExport != nil {
			a.OnExport()
		}
	})
	a.Import = widget.NewButton("Import database…", func() {
		if a.OnImport != nil {
			a.OnImport()
		}
	})
	explain := widget.NewLabel("An archive holds every profile, contact and message, encrypted with a passphrase you choose. " +
		"Import it on another computer, or here to go back to it.")
	explain.Wrapping = fyne.TextWrapWord
	a.Root = container.NewVBox(widget.NewSeparator(), explain, container.NewHBox(a.Export, a.Import), a.Progress, a.Status)
	return a
}

// SetBusy disables both buttons and shows the bar from zero while an
// archive is written or read.
func (a *ArchiveBox) SetBusy(busy bool, status string) {
	a.Status.SetText(status)
	if busy {
		a.Export.Disable()
		a.Import.Disable()
		a.Progress.SetValue(0)
		a.Progress.Show()
		return
	}
	a.Export.Enable()
	a.Import.Enable()
	a.Progress.Hide()
}

// SetProgress shows done of total bytes; an unknown total (≤ 0) shows
// nothing new.
func (a *ArchiveBox) SetProgress(done, total int64) {
	if total > 0 {
		a.Progress.SetValue(float64(done) / float64(total))
	}
}

// ExportForm asks for the archive's passphrase twice.
type ExportForm struct {
	Root       fyne.CanvasObject
	Passphrase *widget.Entry
	Confirm    *widget.Entry
	Strength   *widget.Label
}

// NewExportForm builds the form shown after the file was chosen.
func NewExportForm(path string) *ExportForm {
	f := &ExportForm{Passphrase: widget.NewPasswordEntry(), Confirm: widget.NewPasswordEntry(), Strength: widget.NewLabel("")}
	f.Passphrase.SetPlaceHolder("Archive passphrase")
	f.Confirm.SetPlaceHolder("Repeat the archive passphrase")
	f.Passphrase.OnChanged = func(s string) { f.Strength.SetText(PassphraseHint(s)) }
	where := widget.NewLabel("Export to " + path + "\nThe passphrase is needed to import the archive; it cannot be recovered.")
	where.Wrapping = fyne.TextWrapBreak
	f.Root = container.NewVBox(where, f.Passphrase, f.Confirm, f.Strength)
	return f
}

// ImportForm asks for the archive's passphrase, how to protect the
// imported database, and (when there is one) confirms that the current data
// will be replaced.
type ImportForm struct {
	Root       fyne.CanvasObject
	Passphrase *widget.Entry
	Protection *widget.RadioGroup
	Warning    *widget.Label
}

// NewImportForm builds the form shown after the archive was chosen.
// replaces says the data folder holds a database the import replaces.
func NewImportForm(path string, replaces bool) *ImportForm {
	f := &ImportForm{Passphrase: widget.NewPasswordEntry(), Warning: widget.NewLabel("")}
	f.Passphrase.SetPlaceHolder("Archive passphrase")
	f.Protection = widget.NewRadioGroup([]string{ImportKeychainChoice, ImportPassphraseChoice}, nil)
	f.Protection.Required = true
	f.Protection.SetSelected(ImportKeychainChoice)
	f.Warning.Wrapping = fyne.TextWrapWord
	if replaces {
		f.Warning.SetText("The profiles, contacts and messages on this computer will be replaced by the archive's. " +
			"They are kept until the archive has been read completely, so a wrong passphrase loses nothing.")
		f.Warning.Importance = widget.DangerImportance
	} else {
		f.Warning.Hide()
	}
	from := widget.NewLabel("Import " + path)
	from.Wrapping = fyne.TextWrapBreak
	f.Root = container.NewVBox(from, f.Passphrase, f.Protection, f.Warning)
	return f
}
