package chatapi

import (
	"context"
	"encoding/json"
	"errors"
	"os"

	"duplex/core/api"
)

// ArchiveConfig is upstream's ArchiveConfig plus two Duplex members.
// Upstream archives are zip files of the databases, which carry their own
// key; a Duplex archive is encrypted under a passphrase of its own, so the
// command must give it (archivePassphrase, required). dbPassphrase, on
// import, protects the imported database with a passphrase; without it the
// imported database keeps the protection of the current one (keychain or
// key file). disableCompression and parentTempDirectory are accepted and
// ignored (Duplex archives are not compressed and need no temp folder).
type ArchiveConfig struct {
	ArchivePath         string  `json:"archivePath"`
	DisableCompression  *bool   `json:"disableCompression,omitempty"`
	ParentTempDirectory *string `json:"parentTempDirectory,omitempty"`
	ArchivePassphrase   string  `json:"archivePassphrase"`
	DBPassphrase        string  `json:"dbPassphrase,omitempty"`
}

// APIExportArchive is "/_db export <json ArchiveConfig>" → archiveExported.
// The JSON is kept verbatim so that Encode gives the line back.
type APIExportArchive struct{ Config json.RawMessage }

// APIImportArchive is "/_db import <json ArchiveConfig>" → archiveImported.
type APIImportArchive struct{ Config json.RawMessage }

func (APIExportArchive) Name() string     { return "APIExportArchive" }
func (APIImportArchive) Name() string     { return "APIImportArchive" }
func (c APIExportArchive) Encode() string { return "/_db export " + string(c.Config) }
func (c APIImportArchive) Encode() string { return "/_db import " + string(c.Config) }

// archiveConfig decodes and checks the JSON of either command.
func archiveConfig(j json.RawMessage) (ArchiveConfig, bool) {
	var a ArchiveConfig
	if len(j) == 0 || j[0] != '{' || json.Unmarshal(j, &a) != nil {
		return a, false
	}
	return a, a.ArchivePath != ""
}

// ArchiveExported answers /_db export. archiveErrors is always empty in
// Duplex: a failed export is a chatCmdError, not a partial archive.
type ArchiveExported struct {
	ArchiveErrors []json.RawMessage `json:"archiveErrors"`
	Extra         Extra             `json:"-"`
}

// ArchiveImported answers /_db import, archiveErrors as above.
type ArchiveImported struct {
	ArchiveErrors []json.RawMessage `json:"archiveErrors"`
	Extra         Extra             `json:"-"`
}

func (*ArchiveExported) Type() string { return "archiveExported" }
func (*ArchiveImported) Type() string { return "archiveImported" }

func (r *ArchiveExported) MarshalJSON() ([]byte, error) {
	type plain ArchiveExported
	if r.ArchiveErrors == nil {
		r.ArchiveErrors = []json.RawMessage{}
	}
	return encodeObj((*plain)(r), r.Extra, "archiveExported")
}

func (r *ArchiveExported) UnmarshalJSON(b []byte) error {
	type plain ArchiveExported
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ArchiveExported(v)
	r.Extra = extra
	return nil
}

func (r *ArchiveImported) MarshalJSON() ([]byte, error) {
	type plain ArchiveImported
	if r.ArchiveErrors == nil {
		r.ArchiveErrors = []json.RawMessage{}
	}
	return encodeObj((*plain)(r), r.Extra, "archiveImported")
}

func (r *ArchiveImported) UnmarshalJSON(b []byte) error {
	type plain ArchiveImported
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ArchiveImported(v)
	r.Extra = extra
	return nil
}

var archiveParsers = []parser{
	{"/_db export ", "APIExportArchive", func(c *scanner) (Command, bool) {
		j, ok := c.jsonRest()
		_, valid := archiveConfig(j)
		return APIExportArchive{Config: j}, ok && valid
	}},
	{"/_db import ", "APIImportArchive", func(c *scanner) (Command, bool) {
		j, ok := c.jsonRest()
		_, valid := archiveConfig(j)
		return APIImportArchive{Config: j}, ok && valid
	}},
}

func init() {
	parsers = append(parsers, archiveParsers...)
	responseTypes["archiveExported"] = func() Response { return new(ArchiveExported) }
	responseTypes["archiveImported"] = func() Response { return new(ArchiveImported) }
}

// archiveErr reports an archive failure as upstream reports a failed
// export or import (an exception, with the core's text as the message);
// a missing passphrase is a commandError.
func archiveErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, api.ErrEmptyPassphrase) {
		return &APIError{Tag: "commandError", Err: err}
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return err
	}
	return &APIError{Tag: "exception", Err: err}
}

// handleArchive runs /_db export and /_db import; ok is false for any
// other command. Unlike upstream, the chat need not be stopped: export
// reads a consistent snapshot while the core runs, and import stops and
// restarts the core's service itself (api.StorageClient).
func (h *Handler) handleArchive(ctx context.Context, cmd Command) (Response, error, bool) {
	switch c := cmd.(type) {
	case APIExportArchive:
		a, _ := archiveConfig(c.Config)
		return &ArchiveExported{ArchiveErrors: []json.RawMessage{}}, archiveErr(h.exportArchive(ctx, a)), true
	case APIImportArchive:
		a, _ := archiveConfig(c.Config)
		return &ArchiveImported{ArchiveErrors: []json.RawMessage{}}, archiveErr(h.importArchive(ctx, a)), true
	}
	return nil, nil, false
}

// exportArchive writes the archive beside its path and renames it into
// place once complete, so a failed export leaves no partial file.
func (h *Handler) exportArchive(ctx context.Context, a ArchiveConfig) error {
	if a.ArchivePassphrase == "" {
		return api.ErrEmptyPassphrase
	}
	part := a.ArchivePath + ".part"
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	err = h.Client.ExportArchive(ctx, f, a.ArchivePassphrase, nil)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(part, a.ArchivePath)
	}
	if err != nil {
		os.Remove(part)
	}
	return err
}

func (h *Handler) importArchive(ctx context.Context, a ArchiveConfig) error {
	if a.ArchivePassphrase == "" {
		return api.ErrEmptyPassphrase
	}
	p := api.ProtectionPassphrase
	if a.DBPassphrase == "" {
		st, err := h.Client.Storage(ctx)
		if err != nil {
			return err
		}
		p = st.Protection
		if p != api.ProtectionKeychain && p != api.ProtectionKeyFile {
			return &APIError{Tag: "commandError", Err: errors.New("give dbPassphrase: the imported database needs a passphrase (the current one is protected by " + p.String() + ")")}
		}
	}
	f, err := os.Open(a.ArchivePath)
	if err != nil {
		return err
	}
	defer f.Close()
	return h.Client.ImportArchive(ctx, f, a.ArchivePassphrase, p, a.DBPassphrase, nil)
}
