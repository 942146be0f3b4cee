package controller

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"duplex/app/screens"
	"duplex/core/api"
	"duplex/resources"
)

// archiveTimeout bounds one export or import: the data is read or written
// once, plus two Argon2id runs; a large database on a slow disk can take
// minutes.
const archiveTimeout = 30 * time.Minute

// archiveExt is the extension the save dialog suggests.
const archiveExt = ".duplexarchive"

// archiveState is the open archive dialog, if any (UI goroutine only).
// Tests fill the form and call the submit function the dialog's buttons
// call.
type archiveState struct {
	exportForm   *screens.ExportForm
	exportSubmit func(ok bool)
	importForm   *screens.ImportForm
	importSubmit func(ok bool)
	licences     *widget.Accordion // the last licences dialog's modules
}

func (c *Controller) wireArchive() {
	a := c.Settings.Database.Archive
	a.OnExport = c.chooseExportFile
	a.OnImport = func() { c.chooseImportFile(false) }
	c.FirstRun.OnRestore = func() { c.chooseImportFile(true) }
	c.Settings.OnLicences = c.ShowLicences
}

// chooseExportFile asks where to write the archive, then for its passphrase.
func (c *Controller) chooseExportFile() {
	if c.window == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		c.askExportPassphrase(w, w.URI().Path())
	}, c.window)
	d.SetFileName("duplex-" + time.Now().Format("2006-01-02") + archiveExt)
	d.Show()
}

// askExportPassphrase shows the passphrase form for an archive going to w.
// Cancelling closes w and removes the empty file the save dialog created.
func (c *Controller) askExportPassphrase(w io.WriteCloser, path string) {
	f := screens.NewExportForm(path)
	c.archive.exportForm = f
	submit := func(ok bool) {
		c.archive.exportForm = nil
		if !ok {
			w.Close()
			removeLocal(path)
			c.Settings.Database.Archive.Status.SetText("Export cancelled.")
			return
		}
		c.exportArchive(w, path, f.Passphrase.Text, f.Confirm.Text)
	}
	c.archive.exportSubmit = submit
	if c.window != nil {
		d := dialog.NewCustomConfirm("Export database", "Export", "Cancel", f.Root, submit, c.window)
		d.Resize(fyne.NewSize(480, 0))
		d.Show()
		c.focus(f.Passphrase)
	}
}

// exportArchive writes the archive to w in the background; w is closed
// when done. Mismatched or empty passphrases are caught before the core
// is asked, and the form is shown again.
func (c *Controller) exportArchive(w io.WriteCloser, path, pass, confirm string) {
	a := c.Settings.Database.Archive
	switch {
	case pass == "":
		a.Status.SetText("Enter a passphrase for the archive.")
		c.askExportPassphrase(w, path)
		return
	case pass != confirm:
		a.Status.SetText("The two passphrases differ.")
		c.askExportPassphrase(w, path)
		return
	}
	a.SetBusy(true, "Exporting the database…")
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
		defer cancel()
		err := c.client.ExportArchive(ctx, w, pass, c.archiveProgress())
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		c.apply(func() {
			if err != nil {
				removeLocal(path) // a partial archive is of no use
				a.SetBusy(false, "Not exported: "+err.Error())
				return
			}
			a.SetBusy(false, "Exported to "+path+". Keep the passphrase: the archive cannot be opened without it.")
		})
	}()
}

// removeLocal deletes a file the export created; the save dialog gives
// local paths (file:// URIs).
func removeLocal(path string) {
	if path != "" {
		os.Remove(path)
	}
}

// archiveProgress moves the bar from the core's goroutine, at most once
// per percent, under uiMu like every other result.
func (c *Controller) archiveProgress() api.Progress {
	last := -1
	return func(done, total int64) {
		if total <= 0 {
			return
		}
		pc := int(done * 100 / total)
		if pc == last {
			return
		}
		last = pc
		fyne.Do(func() {
			c.uiMu.Lock()
			defer c.uiMu.Unlock()
			c.Settings.Database.Archive.SetProgress(done, total)
		})
	}
}

// chooseImportFile asks for the archive, then for its passphrase.
// firstRun says the first-run page asked.
func (c *Controller) chooseImportFile(firstRun bool) {
	if c.window == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		c.askImportPassphrase(r, r.URI().Path(), firstRun)
	}, c.window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{archiveExt}))
	d.Show()
}

// askImportPassphrase shows the import form for the archive r. When a
// database exists, the form says that it will be replaced and the button
// says so too: that is the confirmation.
func (c *Controller) askImportPassphrase(r io.ReadCloser, path string, firstRun bool) {
	replaces := c.storage.Status != api.StorageNotCreated
	f := screens.NewImportForm(path, replaces)
	c.archive.importForm = f
	submit := func(ok bool) {
		c.archive.importForm = nil
		if !ok {
			r.Close()
			return
		}
		p := api.ProtectionKeychain
		if f.Protection.Selected == screens.ImportPassphraseChoice {
			p = api.ProtectionPassphrase
		}
		c.importArchive(r, path, f.Passphrase.Text, p, firstRun)
	}
	c.archive.importSubmit = submit
	if c.window != nil {
		confirm := "Import"
		if replaces {
			confirm = "Replace my data"
		}
		d := dialog.NewCustomConfirm("Import database", confirm, "Cancel", f.Root, submit, c.window)
		d.Resize(fyne.NewSize(480, 0))
		d.Show()
		c.focus(f.Passphrase)
	}
}

// importArchive reads the archive in the background; on success the app
// reloads into the imported profiles, as after a start. p protects the
// imported database; with a passphrase it is the archive's.
func (c *Controller) importArchive(r io.ReadCloser, path, pass string, p api.Protection, firstRun bool) {
	a := c.Settings.Database.Archive
	show := func(msg string) {
		if firstRun {
			c.FirstRun.Error.SetText(msg)
		} else {
			a.Status.SetText(msg)
		}
	}
	if pass == "" {
		r.Close()
		show("Enter the passphrase the archive was exported with.")
		return
	}
	if firstRun {
		c.FirstRun.SetBusy(true)
	}
	a.SetBusy(true, "Importing "+path+"…")
	c.pending.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
		defer cancel()
		dbPass := ""
		if p == api.ProtectionPassphrase {
			dbPass = pass
		}
		err := c.client.ImportArchive(ctx, r, pass, p, dbPass, c.archiveProgress())
		r.Close()
		var st api.StorageState
		stErr := err
		if err == nil {
			st, stErr = c.client.Storage(ctx)
		}
		c.apply(func() {
			a.SetBusy(false, "")
			if firstRun {
				c.FirstRun.SetBusy(false)
			}
			switch {
			case errors.Is(err, api.ErrNoKeychain):
				show(err.Error() + " Choose “" + screens.ImportPassphraseChoice + "”.")
				return
			case err != nil:
				show("Not imported: " + err.Error())
				return
			case stErr != nil:
				show("Imported, but the database did not open: " + stErr.Error())
				return
			}
			a.Status.SetText("Imported from " + path + ".")
			// A new set of profiles: forget the open chat and the active
			// profile so the shell starts over, as after a start.
			c.chats.profile = 0
			c.closeChat()
			c.applyStorage(st, nil)
		})
	}()
}

// ShowLicences shows the licences of Duplex and of everything linked in:
// one closed accordion item per module, so the dialog opens at once (laying
// out 100 KB of text up front takes seconds).
func (c *Controller) ShowLicences() {
	head, items := licenceSections(resources.Licenses)
	acc := widget.NewAccordion()
	for _, it := range items {
		l := widget.NewLabel(it[1])
		l.TextStyle = fyne.TextStyle{Monospace: true}
		acc.Append(widget.NewAccordionItem(it[0], l))
	}
	intro := widget.NewLabel(head)
	intro.Wrapping = fyne.TextWrapWord
	c.archive.licences = acc
	if c.window == nil {
		return
	}
	d := dialog.NewCustom("Licences", "Close", container.NewBorder(intro, nil, nil, nil, container.NewVScroll(acc)), c.window)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}

// licenceSections splits licenses.txt (scripts/gen-licenses) into its
// header and its {heading, text} sections, which follow a line of "=".
func licenceSections(s string) (string, [][2]string) {
	parts := strings.Split(s, "\n"+strings.Repeat("=", 72)+"\n")
	var out [][2]string
	for _, p := range parts[1:] {
		h, body, _ := strings.Cut(p, "\n")
		out = append(out, [2]string{h, strings.TrimSpace(body)})
	}
	return strings.TrimSpace(parts[0]), out
}
